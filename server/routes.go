package server

import (
	"jixiao/data"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/recover"
)

// newApp builds the Fiber app: the middleware every request passes, in
// order, then the routes of each area. Authorization is one middleware
// (authorize) in front of every route, pages and workflows included.
func (s *Server) newApp() *fiber.App {
	app := fiber.New(fiber.Config{
		AppName:       "jixiao",
		Immutable:     true, // fasthttp reuses the memory behind Params and Query strings
		CaseSensitive: true, // routing and the policy see the same path
		StrictRouting: true,
		ErrorHandler:  s.errorHandler,
		JSONEncoder:   data.MarshalJSON, // NaN and ±Inf as null, never a 500
		BodyLimit:     s.cfg.MaxUploadBytes,
		// Bodies are read by the handler, not before the middleware runs:
		// limitBody refuses an oversized one from its headers, and only the
		// upload routes, once authenticated, read a large body (multipart
		// files over 16 MB go to temporary files, never memory).
		StreamRequestBody:            true,
		DisablePreParseMultipartForm: true,
		ReadTimeout:                  5 * time.Minute, // uploads of large ledgers
		WriteTimeout:                 5 * time.Minute,
		IdleTimeout:                  2 * time.Minute,
		DisableStartupMessage:        true,
	})
	app.Use(s.logRequests)
	app.Use(recover.New())
	app.Use(s.secureHeaders)
	app.Use(s.withTimeout)
	app.Use(s.limitBody)
	app.Use(s.authenticate)
	app.Use(s.csrf)
	app.Use(s.authorize)

	api := app.Group("/api")
	s.registerAuthRoutes(app, api)
	s.registerAnalysisRoutes(api)
	s.registerReadRoutes(api)
	s.registerWriteRoutes(api)
	s.registerAdminRoutes(api)
	s.registerBackupRoutes(api)
	registerWorkflowRoutes(api, s)
	registerAnalysisPages(app, s)
	registerPageRoutes(app, s)
	registerSearchRoutes(app, s)
	registerWorkflowPages(app, s)
	registerImportPages(app, s)
	registerLoginLockRoutes(app, api, s)
	s.registerReportCenterRoutes(app, api)
	registerUserRoutes(app, api, s)
	s.registerSourceRoutes(app, api)
	registerCollectionRoutes(app, api, s)
	s.registerAccountabilityRoutes(app, api)
	s.registerNotifyRoutes(app, api)

	app.Use(func(c *fiber.Ctx) error { return fiber.ErrNotFound })
	return app
}

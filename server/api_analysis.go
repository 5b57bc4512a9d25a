package server

import (
	"github.com/gofiber/fiber/v2"

	"jixiao/queries"
)

// The office's analysis tools (SPEC §10). Explain (10.3) and warnings
// (10.4) are for every reader, over what they see named; what-if (10.1),
// indicator health (10.2) and completeness (10.5) are for the leadership
// roles: their routes are opened by policy rows, and the handlers also ask
// the named permission "tools" (/api/indicators/health is matched by the
// readers' /api/indicators/:code as well).

// registerAnalysisRoutes must come before the read routes, so that
// /indicators/health is not taken for an indicator code.
func (s *Server) registerAnalysisRoutes(api fiber.Router) {
	api.Get("/completeness", s.tool("completeness", s.atToolPeriod(s.completenessAPI)))
	api.Get("/warnings", s.atToolPeriod(s.warningsAPI))
	api.Get("/units/:code/explain", s.atToolPeriod(s.explainAPI))
	api.Get("/indicators/health", s.tool("health", s.atToolPeriod(s.healthAPI)))
	api.Get("/indicators/health/:code", s.tool("health", s.atToolPeriod(s.healthEvidenceAPI)))
	s.registerWhatIfRoutes(api)
}

// tool answers 403 unless the policy grants the role the named tool.
func (s *Server) tool(name string, h fiber.Handler) fiber.Handler {
	return func(c *fiber.Ctx) error {
		if !s.Enforce(c, "tools", name) {
			return fiber.NewError(fiber.StatusForbidden, "forbidden / 无权访问")
		}
		return h(c)
	}
}

// toolPeriod is ?period=, else the newest quarter the user sees; queries
// checks it (a year or a malformed period is 422 naming "period").
func (s *Server) toolPeriod(c *fiber.Ctx) (string, error) {
	if p := c.Query("period"); p != "" {
		return p, nil
	}
	return s.view(c).LatestPeriod(c.UserContext())
}

// atToolPeriod answers as JSON what read reads for the tool period.
func (s *Server) atToolPeriod(read func(c *fiber.Ctx, period string) (any, error)) fiber.Handler {
	return answerJSON(s.toolPeriod, read)
}

func (s *Server) completenessAPI(c *fiber.Ctx, p string) (any, error) {
	return s.view(c).Completeness(c.UserContext(), p)
}

func (s *Server) warningsAPI(c *fiber.Ctx, p string) (any, error) {
	return s.warnings(c, p, langOf(c))
}

func (s *Server) explainAPI(c *fiber.Ctx, p string) (any, error) {
	ind := c.Query("indicator")
	if ind == "" {
		return nil, &queries.ParamError{Problems: []queries.ParamProblem{{Key: "indicator", Message: "an indicator code is required / 须指定指标代码"}}}
	}
	return s.view(c).Explain(c.UserContext(), c.Params("code"), p, ind, langOf(c))
}

func (s *Server) healthAPI(c *fiber.Ctx, p string) (any, error) {
	return s.view(c).Health(c.UserContext(), p)
}

func (s *Server) healthEvidenceAPI(c *fiber.Ctx, p string) (any, error) {
	return s.view(c).HealthEvidence(c.UserContext(), p, c.Params("code"))
}

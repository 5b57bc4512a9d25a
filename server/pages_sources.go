package server

import (
	"strings"

	"github.com/gofiber/fiber/v2"

	"jixiao/dashboards"
)

// The /sources page (SPEC §11): sources and pulls for the admin and the
// province office; its script calls the routes of api_sources.go.

var sourcesTemplates = parsedOnce(dashboards.NewSourcesPages)

func (s *Server) sourcesPage(c *fiber.Ctx) error {
	h := &pageHandlers{s: s, pages: sitePages()}
	p, err := h.page(c)
	if err != nil {
		return h.fail(c, p, err)
	}
	ctx := c.UserContext()
	d := dashboards.NewSourcesData(p)
	d.Periods = nil // runs choose their quarter per pull
	d.Admin = s.seesDSN(c) && s.Enforce(c, "/api/sources", fiber.MethodPost)
	if d.Sources, err = s.src.sv.Sources(ctx, s.seesDSN(c)); err != nil {
		return h.fail(c, p, err)
	}
	pulls, err := s.src.sv.Pulls(ctx)
	if err != nil {
		return h.fail(c, p, err)
	}
	for _, pl := range pulls {
		choices, err := s.src.sv.PullPeriods(ctx, pl)
		if err != nil {
			return h.fail(c, p, err)
		}
		// newest first: the quarter being collected is the usual choice
		for i, j := 0, len(choices)-1; i < j; i, j = i+1, j-1 {
			choices[i], choices[j] = choices[j], choices[i]
		}
		d.Pulls = append(d.Pulls, dashboards.NewPullRow(pl, choices))
	}
	return h.html(c, fiber.StatusOK, func(w *strings.Builder) error { return sourcesTemplates().Render(w, d) })
}

package server

import (
	"strings"

	"github.com/gofiber/fiber/v2"

	"jixiao/dashboards"
	"jixiao/data"
	"jixiao/queries"
)

// searchLimit bounds the units one search lists.
const searchLimit = 200

// registerSearchRoutes adds the global unit search.
func registerSearchRoutes(app *fiber.App, s *Server) {
	h := &pageHandlers{s: s, pages: sitePages()}
	app.Get("/search", h.search)
}

// search finds the units of the viewer's scope by code, name or pinyin
// initials; a single match opens its page.
func (h *pageHandlers) search(c *fiber.Ctx) error {
	p, err := h.page(c)
	if err != nil {
		return h.fail(c, p, err)
	}
	p.Keep = []string{"q"}
	q := strings.TrimSpace(c.Query("q"))
	if len(q) > 100 {
		q = q[:100]
	}
	units, err := h.s.view(c).Units(c.UserContext())
	if err != nil {
		return h.fail(c, p, err)
	}
	d := &dashboards.SearchData{Page: p, Query: q, Names: map[string]string{}}
	for _, u := range units {
		d.Names[u.Code] = u.Name
	}
	d.Units = matchUnits(q, units)
	for _, u := range units {
		if strings.EqualFold(u.Code, q) {
			d.Units = []queries.Unit{u} // a code typed whole opens its unit
		}
	}
	if len(d.Units) == 1 {
		to := "/units/" + d.Units[0].Code
		if p.Period != "" {
			to += "?period=" + p.Period
		}
		return c.Redirect(to, fiber.StatusSeeOther)
	}
	return h.html(c, fiber.StatusOK, func(w *strings.Builder) error { return h.pages.Search(w, d) })
}

// matchUnits are the units the query names, at most searchLimit.
func matchUnits(q string, units []queries.Unit) []queries.Unit {
	var out []queries.Unit
	for _, u := range units {
		if data.MatchUnit(q, u.Code, u.Name) {
			out = append(out, u)
			if len(out) == searchLimit {
				break
			}
		}
	}
	return out
}

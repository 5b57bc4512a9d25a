package server

import (
	"bytes"
	"strings"

	"github.com/gofiber/fiber/v2"

	"jixiao/dashboards"
	"jixiao/queries"
	"jixiao/reports"
)

// Accountability (指标定责到岗, SPEC §13): the responsibilities of each
// bureau's indicators (PUT/GET /api/responsibilities, and the import kind
// "responsibilities" on /imports), each person's points
// (GET /api/accountability, its XLSX) and the /accountability page. Who
// may name whom is queries' (write:responsibility); who sees a person is
// the scope's own subtree (queries.Store.Accountability).

var accountabilityTemplates = parsedOnce(dashboards.NewAccountabilityPages)

func (s *Server) registerAccountabilityRoutes(app *fiber.App, api fiber.Router) {
	api.Put("/responsibilities", s.putResponsibility)
	api.Get("/responsibilities", s.listResponsibilities)
	api.Get("/accountability", s.accountability)
	api.Get("/accountability.xlsx", s.accountabilityXLSX)
	h := &pageHandlers{s: s, pages: sitePages()}
	app.Get("/accountability", func(c *fiber.Ctx) error { return s.accountabilityPage(c, h, fiber.StatusOK, savedFlash(c), nil) })
	app.Post("/accountability/responsibilities", func(c *fiber.Ctx) error { return s.postResponsibility(c, h) })
}

// putResponsibility is PUT /api/responsibilities {"unit_code",
// "indicator_code","leader","owner"} → 200 with the entry as stored (an
// empty leader or owner clears that person; both empty remove it).
func (s *Server) putResponsibility(c *fiber.Ctx) error {
	var in queries.ResponsibilityInput
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	r, err := s.Flow.SetResponsibility(c.UserContext(), s.actorOf(c), in)
	if err != nil {
		return err
	}
	return c.JSON(r)
}

// listResponsibilities is GET /api/responsibilities[?unit=U].
func (s *Server) listResponsibilities(c *fiber.Ctx) error {
	rs, err := s.view(c).Responsibilities(c.UserContext(), strings.TrimSpace(c.Query("unit")))
	if err != nil {
		return err
	}
	return c.JSON(rs)
}

// periodParam is ?period= as given (a quarter or a year); missing is 422.
func periodParam(c *fiber.Ctx) (string, error) {
	p := strings.ToUpper(strings.TrimSpace(c.Query("period")))
	if p == "" {
		return "", &queries.ParamError{Problems: []queries.ParamProblem{{Key: "period", Message: "period is required (a quarter such as 2025Q3 or a year) / 请指定考核期"}}}
	}
	return p, nil
}

// accountability is GET /api/accountability?period=P.
func (s *Server) accountability(c *fiber.Ctx) error {
	_, rows, err := s.accountabilityRows(c)
	if err != nil {
		return err
	}
	return c.JSON(rows)
}

// accountabilityRows are the people's rows of the query's period in the
// user's scope.
func (s *Server) accountabilityRows(c *fiber.Ctx) (string, []queries.DutyRow, error) {
	p, err := periodParam(c)
	if err != nil {
		return "", nil, err
	}
	rows, err := s.view(c).Accountability(c.UserContext(), p)
	return p, rows, err
}

// accountabilityXLSX is GET /api/accountability.xlsx?period=P[&lang=en]:
// the same rows as a workbook for cadre management.
func (s *Server) accountabilityXLSX(c *fiber.Ctx) error {
	p, rows, err := s.accountabilityRows(c)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	lang := langOf(c)
	if err := reports.WriteAccountabilityXLSX(&buf, lang, p, rows); err != nil {
		return err
	}
	s.Audit(c, "accountability_export", p, "")
	name := "指标定责到岗-" + dashboards.PeriodName("zh", p) + ".xlsx"
	c.Set(fiber.HeaderContentType, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	c.Set(fiber.HeaderContentDisposition, attachmentDisposition(name, "accountability-"+p))
	c.Set(fiber.HeaderCacheControl, "private, no-store")
	return c.Send(buf.Bytes())
}

// accountabilityPage is /accountability[?period=P][&unit=U] (default: the
// newest visible quarter; the picker offers the years too), with the form
// of who may name people (sent: the fields of a refused post).
func (s *Server) accountabilityPage(c *fiber.Ctx, h *pageHandlers, status int, f dashboards.Flash, sent *queries.ResponsibilityInput) error {
	p, err := h.page(c)
	if err != nil {
		return h.fail(c, p, err)
	}
	d := &dashboards.AccountabilityData{Page: p, Flash: f, Title: dashboards.T(p.Lang, "acc_title"), Rows: []queries.DutyRow{}}
	if p.Period != "" {
		if d.Rows, err = s.view(c).Accountability(c.UserContext(), p.Period); err != nil {
			return h.fail(c, p, err)
		}
	}
	if d.Form, err = s.dutyForm(c, sent); err != nil {
		return h.fail(c, p, err)
	}
	return h.html(c, status, func(w *strings.Builder) error { return accountabilityTemplates().Render(w, d) })
}

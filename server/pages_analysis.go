package server

import (
	"errors"
	"net/url"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"jixiao/dashboards"
	"jixiao/queries"
)

// The analysis tools' pages (SPEC §10) and their additions to the
// overview, the unit page, the meeting slides and the imports page. A
// failing read leaves a page without the addition.

type analysisPages struct {
	*pageHandlers
	ap *dashboards.AnalysisPages
}

// analysisTemplates parses the analysis pages' templates once.
var analysisTemplates = parsedOnce(dashboards.NewAnalysisPages)

// registerAnalysisPages must come before the page routes, so that
// /indicators/health is not taken for an indicator's page.
func registerAnalysisPages(app *fiber.App, s *Server) {
	h := &analysisPages{pageHandlers: &pageHandlers{s: s, pages: sitePages()}, ap: analysisTemplates()}
	app.Get("/units/:code/explain", h.explain)
	app.Get("/indicators/health", h.pageTool("health", h.health))
	app.Post("/indicators/health/settings", h.pageTool("health", h.healthSettings))
	registerWhatIfPages(app, h)
}

// pageTool shows the 403 page unless the policy grants the role the tool.
func (h *analysisPages) pageTool(name string, next fiber.Handler) fiber.Handler {
	return func(c *fiber.Ctx) error {
		if !h.s.Enforce(c, "tools", name) {
			p, _ := h.page(c)
			return h.fail(c, p, fiber.NewError(fiber.StatusForbidden, "forbidden / 无权访问"))
		}
		return next(c)
	}
}

// failTool is fail with a rejected parameter shown as 422.
func (h *analysisPages) failTool(c *fiber.Ctx, p dashboards.Page, err error) error {
	var pe *queries.ParamError
	if errors.As(err, &pe) {
		err = fiber.NewError(fiber.StatusUnprocessableEntity, pe.Error())
	}
	return h.fail(c, p, err)
}

// explain is /units/{code}/explain?period=P&indicator=I.
func (h *analysisPages) explain(c *fiber.Ctx) error {
	p, err := h.page(c)
	if err != nil {
		return h.fail(c, p, err)
	}
	p.Keep = []string{"indicator"}
	ctx := c.UserContext()
	u, err := h.s.view(c).Unit(ctx, c.Params("code"))
	if err != nil {
		return h.fail(c, p, err)
	}
	e, err := h.s.view(c).Explain(ctx, u.Code, p.Period, c.Query("indicator"), p.Lang)
	if err != nil {
		return h.failTool(c, p, err)
	}
	if p.Crumbs, err = h.crumbs(ctx, h.s.view(c), u, p.Period); err != nil {
		return h.fail(c, p, err)
	}
	return h.html(c, fiber.StatusOK, func(w *strings.Builder) error {
		return h.ap.Explain(w, &dashboards.ExplainData{Page: p, E: e})
	})
}

// addOverviewWarnings adds "数据截至 …" and the warnings of the scope to
// the overview.
func (h *pageHandlers) addOverviewWarnings(c *fiber.Ctx, d *dashboards.OverviewData) {
	if d.Period == "" || len(d.Period) != 6 {
		return
	}
	ctx := c.UserContext()
	ws, err := h.s.warnings(c, d.Period, d.Lang)
	if err != nil {
		h.s.log.Warn("warnings", "period", d.Period, "err", err)
		return
	}
	at, err := h.s.view(c).DataAsOf(ctx, d.Period)
	if err != nil {
		h.s.log.Warn("data as of", "period", d.Period, "err", err)
	}
	sec := dashboards.WarningsSection(d.Lang, d.Period, ws[:min(len(ws), 20)], true)
	sec.Points = append([]string{dashboards.AsOfText(d.Lang, at)}, dashboards.WarningPoint(d.Lang, ws))
	d.Extra = append([]dashboards.Section{*sec}, d.Extra...)
}

// addUnitWarnings adds the unit's own warnings to its page.
func (h *pageHandlers) addUnitWarnings(c *fiber.Ctx, d *dashboards.UnitData) {
	if len(d.Period) != 6 {
		return
	}
	ws, err := h.s.view(c).Warnings(c.UserContext(), d.Period, d.Lang)
	if err != nil {
		h.s.log.Warn("warnings", "unit", d.Unit.Code, "err", err)
		return
	}
	var own []queries.Warning
	for _, w := range ws {
		if w.UnitCode == d.Unit.Code {
			own = append(own, w)
		}
	}
	if len(own) > 0 {
		d.Extra = append(d.Extra, *dashboards.WarningsSection(d.Lang, d.Period, own, false))
	}
}

// addWarningSlide adds the warnings slide to the meeting.
func (h *pageHandlers) addWarningSlide(c *fiber.Ctx, d *dashboards.MeetingData) {
	if len(d.Period) != 6 {
		return
	}
	ws, err := h.s.view(c).Warnings(c.UserContext(), d.Period, d.Lang)
	if err != nil {
		h.s.log.Warn("warnings", "period", d.Period, "err", err)
		return
	}
	d.ExtraSlides = append(d.ExtraSlides, *dashboards.WarningsSlide(d.Lang, d.Period, ws))
}

// addCompleteness adds the ledger's progress of a quarter (?period=, else
// the newest visible) to the imports page, grouped by lead department.
func (h *importPages) addCompleteness(c *fiber.Ctx, d *dashboards.ImportsData) {
	if !h.s.Enforce(c, "tools", "completeness") {
		return
	}
	ctx := c.UserContext()
	period := c.Query("period")
	if period == "" {
		var err error
		if period, err = h.s.view(c).LatestPeriod(ctx); err != nil {
			return
		}
	}
	rows, err := h.s.view(c).Completeness(ctx, period)
	if err != nil {
		h.s.log.Warn("completeness", "period", period, "err", err)
		return
	}
	at, _ := h.s.view(c).DataAsOf(ctx, period)
	sec := dashboards.CompletenessSection(d.Lang, rows, at)
	sec.Title += " · " + dashboards.PeriodName(d.Lang, period)
	d.Extra = append(d.Extra, *sec)
}

// health is /indicators/health?period=P[&indicator=I].
func (h *analysisPages) health(c *fiber.Ctx) error {
	p, err := h.page(c)
	if err != nil {
		return h.fail(c, p, err)
	}
	ctx := c.UserContext()
	d := &dashboards.HealthData{Page: p, CanSettings: h.s.Enforce(c, "/indicators/health/settings", fiber.MethodPost)}
	if c.Query("saved") == "1" {
		d.OK = dashboards.T(p.Lang, "an_saved")
	}
	if d.Rows, err = h.s.view(c).Health(ctx, p.Period); err != nil {
		return h.failTool(c, p, err)
	}
	if d.Settings, err = h.s.Store.LoadHealth(ctx); err != nil {
		return h.fail(c, p, err)
	}
	if code := c.Query("indicator"); code != "" {
		if d.Evidence, err = h.s.view(c).HealthEvidence(ctx, p.Period, code); err != nil {
			return h.failTool(c, p, err)
		}
	}
	return h.html(c, fiber.StatusOK, func(w *strings.Builder) error { return h.ap.Health(w, d) })
}

// healthSettings is the office's form post of the thresholds.
func (h *analysisPages) healthSettings(c *fiber.Ctx) error {
	for _, k := range queries.HealthSettingKeys {
		v := strings.TrimSpace(c.FormValue(k))
		if v == "" {
			continue
		}
		f, err := strconv.ParseFloat(v, 64)
		if err != nil || !(f >= 0 && f <= 1) { // NaN fails both
			p, _ := h.page(c)
			return h.failTool(c, p, &queries.ParamError{Problems: []queries.ParamProblem{{Key: k, Message: "a number from 0 to 1 / 须为 0 到 1 之间的数"}}})
		}
		if err := h.s.Store.SetSetting(c.UserContext(), userOf(c).Username, k, strconv.FormatFloat(f, 'f', -1, 64)); err != nil {
			return err
		}
	}
	return c.Redirect("/indicators/health?saved=1&period="+url.QueryEscape(c.Query("period")), fiber.StatusSeeOther)
}

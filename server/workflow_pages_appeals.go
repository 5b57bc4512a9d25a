package server

import (
	"fmt"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"jixiao/dashboards"
	"jixiao/queries"
)

// appeals is /appeals?period=P&status=S: the visible appeals, and the
// filing form for those who may file.
func (h *workflowPages) appeals(c *fiber.Ctx) error {
	return h.showAppeals(c, fiber.StatusOK, flash(c, langOf(c)))
}

func (h *workflowPages) showAppeals(c *fiber.Ctx, status int, f dashboards.Flash) error {
	p, err := h.page(c)
	if err != nil {
		return h.fail(c, p, err)
	}
	ctx := c.UserContext()
	d := &dashboards.AppealsData{Page: p, Flash: f, Title: dashboards.T(p.Lang, "wf_appeals_title"), StatusFilter: c.Query("status")}
	if d.Appeals, err = h.s.view(c).Appeals(ctx, queries.AppealFilter{Period: p.Period, Status: d.StatusFilter}); err != nil {
		return h.fail(c, p, err)
	}
	if p.Period != "" {
		if d.Info, err = optional(h.s.view(c).PeriodInfo(ctx, p.Period)); err != nil {
			return h.fail(c, p, err)
		}
	}
	d.CanFile = h.s.Enforce(c, "/appeals", fiber.MethodPost) && d.Info != nil && d.Info.AppealsOpen
	if d.CanFile {
		if d.Units, err = h.officeUnits(ctx, c, queries.ActAppealFile); err != nil {
			return h.fail(c, p, err)
		}
		if d.Indicators, err = h.appealIndicators(c, d.Units, p.Period); err != nil {
			return h.fail(c, p, err)
		}
	}
	return h.render(c, status, "appeals", d)
}

// appealIndicators are the indicators the form offers: those of the
// unit's breakdown when the user files for one unit only, else the catalogue.
func (h *workflowPages) appealIndicators(c *fiber.Ctx, units []queries.Unit, period string) ([]queries.Indicator, error) {
	if len(units) == 1 {
		b, err := optional(h.s.view(c).Breakdown(c.UserContext(), units[0].Code, period))
		if err != nil || b == nil {
			return nil, err
		}
		out := make([]queries.Indicator, len(b.Indicators))
		for i, r := range b.Indicators {
			out[i] = queries.Indicator{Code: r.Code, Name: r.Name}
		}
		return out, nil
	}
	is, err := h.s.view(c).Indicators(c.UserContext(), "")
	return latestVersions(is), err
}

// latestVersions keeps one row per indicator code (the catalogue lists every version).
func latestVersions(is []queries.Indicator) []queries.Indicator {
	out := []queries.Indicator{}
	for _, i := range is {
		if n := len(out); n > 0 && out[n-1].Code == i.Code {
			out[n-1] = i
			continue
		}
		out = append(out, i)
	}
	return out
}

func (h *workflowPages) fileAppeal(c *fiber.Ctx) error {
	claimed, err := formFloat(c, "claimed_actual")
	var a *queries.Appeal
	if err == nil {
		a, err = h.s.Store.FileAppeal(c.UserContext(), h.s.actorOf(c), queries.AppealInput{UnitCode: c.FormValue("unit_code"),
			IndicatorCode: c.FormValue("indicator_code"), Period: c.FormValue("period"), ClaimedActual: claimed, Reason: c.FormValue("reason")})
	}
	target := "/appeals"
	if a != nil {
		target = fmt.Sprintf("/appeals/%d", a.ID)
	}
	return h.after(c, err, target, func(status int, f dashboards.Flash) error { return h.showAppeals(c, status, f) })
}

// appeal is /appeals/{id}: the appeal, its history and evidence, and the
// step the user may take now.
func (h *workflowPages) appeal(c *fiber.Ctx) error {
	return h.showAppeal(c, fiber.StatusOK, flash(c, langOf(c)))
}

func (h *workflowPages) showAppeal(c *fiber.Ctx, status int, f dashboards.Flash) error {
	p, err := h.page(c)
	if err != nil {
		return h.fail(c, p, err)
	}
	id, err := idParam(c)
	if err != nil {
		return h.fail(c, p, err)
	}
	a, err := h.s.view(c).Appeal(c.UserContext(), id)
	if err != nil {
		return h.fail(c, p, err)
	}
	var who []string
	for _, st := range a.History {
		who = append(who, st.By)
	}
	people, err := h.s.Store.PersonNames(c.UserContext(), who)
	if err != nil {
		return h.fail(c, p, err)
	}
	base := "/appeals/" + strconv.FormatInt(id, 10)
	pending := a.Status == queries.AppealSubmitted || a.Status == queries.AppealForwarded
	return h.render(c, status, "appeal", &dashboards.AppealData{Page: p, Flash: f, Title: dashboards.T(p.Lang, "wf_appeal_title", id), Appeal: a, People: people,
		CanReview: a.Status == queries.AppealSubmitted && h.s.Enforce(c, base+"/review", fiber.MethodPost),
		CanDecide: a.Status == queries.AppealForwarded && h.s.Enforce(c, base+"/decide", fiber.MethodPost),
		CanAttach: pending && h.s.Enforce(c, base+"/files", fiber.MethodPost)})
}

func (h *workflowPages) reviewAppeal(c *fiber.Ctx) error {
	id, err := idParam(c)
	if err == nil {
		_, err = h.s.Store.ReviewAppeal(c.UserContext(), h.s.actorOf(c), id, c.FormValue("decision"), c.FormValue("comment"))
	}
	return h.after(c, err, "/appeals/"+c.Params("id"), func(status int, f dashboards.Flash) error { return h.showAppeal(c, status, f) })
}

func (h *workflowPages) decideAppeal(c *fiber.Ctx) error {
	id, err := idParam(c)
	var actual *float64
	if err == nil {
		actual, err = formFloat(c, "actual")
	}
	if err == nil {
		_, err = h.s.Store.DecideAppeal(c.UserContext(), h.s.actorOf(c), id, c.FormValue("decision"), actual, c.FormValue("comment"))
	}
	return h.after(c, err, "/appeals/"+c.Params("id"), func(status int, f dashboards.Flash) error { return h.showAppeal(c, status, f) })
}

// attach takes an evidence file posted from an appeal's or an item's page.
func (h *workflowPages) attach(kind, base string) fiber.Handler {
	return func(c *fiber.Ctx) error {
		_, err := h.s.saveEvidence(c, kind)
		return h.after(c, err, base+c.Params("id"), func(status int, f dashboards.Flash) error {
			if kind == "appeal" {
				return h.showAppeal(c, status, f)
			}
			return h.showRectification(c, status, f)
		})
	}
}

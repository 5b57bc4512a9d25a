package server

import (
	"fmt"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"jixiao/dashboards"
	"jixiao/queries"
)

// appealsView is /appeals?period=P&status=S: the visible appeals, and the
// filing form for those who may file.
func (h *workflowPages) appealsView(c *fiber.Ctx, p dashboards.Page, f dashboards.Flash) (_ string, _ any, err error) {
	ctx := c.UserContext()
	d := &dashboards.AppealsData{Page: p, Flash: f, Title: dashboards.T(p.Lang, "wf_appeals_title"), StatusFilter: c.Query("status")}
	if d.Appeals, err = h.s.view(c).Appeals(ctx, queries.AppealFilter{Period: p.Period, Status: d.StatusFilter}); err != nil {
		return "", nil, err
	}
	if p.Period != "" {
		if d.Info, err = optional(h.s.view(c).PeriodInfo(ctx, p.Period)); err != nil {
			return "", nil, err
		}
	}
	d.CanFile = h.s.Enforce(c, "/appeals", fiber.MethodPost) && d.Info != nil && d.Info.AppealsOpen
	if d.CanFile {
		if d.Units, err = h.officeUnits(ctx, c, queries.ActAppealFile); err != nil {
			return "", nil, err
		}
		if d.Indicators, err = h.appealIndicators(c, d.Units, p.Period); err != nil {
			return "", nil, err
		}
	}
	return "appeals", d, nil
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

func (h *workflowPages) fileAppeal(c *fiber.Ctx) (string, error) {
	claimed, err := formFloat(c, "claimed_actual")
	var a *queries.Appeal
	if err == nil {
		a, err = h.s.Flow.FileAppeal(c.UserContext(), h.s.actorOf(c), queries.AppealInput{UnitCode: c.FormValue("unit_code"),
			IndicatorCode: c.FormValue("indicator_code"), Period: c.FormValue("period"), ClaimedActual: claimed, Reason: c.FormValue("reason")})
	}
	if a != nil {
		return fmt.Sprintf("/appeals/%d", a.ID), err
	}
	return "/appeals", err
}

// appealView is /appeals/{id}: the appeal, its history and evidence, and
// the step the user may take now.
func (h *workflowPages) appealView(c *fiber.Ctx, p dashboards.Page, f dashboards.Flash) (string, any, error) {
	id, a, err := itemOf(c, h.s.view(c).Appeal)
	if err != nil {
		return "", nil, err
	}
	var who []string
	for _, st := range a.History {
		who = append(who, st.By)
	}
	people, err := h.s.Accounts.PersonNames(c.UserContext(), who)
	if err != nil {
		return "", nil, err
	}
	base := "/appeals/" + strconv.FormatInt(id, 10)
	pending := a.Status == queries.AppealSubmitted || a.Status == queries.AppealForwarded
	return "appeal", &dashboards.AppealData{Page: p, Flash: f, Title: dashboards.T(p.Lang, "wf_appeal_title", id), Appeal: a, People: people,
		CanReview: a.Status == queries.AppealSubmitted && h.s.Enforce(c, base+"/review", fiber.MethodPost),
		CanDecide: a.Status == queries.AppealForwarded && h.s.Enforce(c, base+"/decide", fiber.MethodPost),
		CanAttach: pending && h.s.Enforce(c, base+"/files", fiber.MethodPost)}, nil
}

func (h *workflowPages) reviewAppeal(c *fiber.Ctx, id int64) error {
	_, err := h.s.Flow.ReviewAppeal(c.UserContext(), h.s.actorOf(c), id, c.FormValue("decision"), c.FormValue("comment"))
	return err
}

func (h *workflowPages) decideAppeal(c *fiber.Ctx, id int64) error {
	actual, err := formFloat(c, "actual")
	if err == nil {
		_, err = h.s.Flow.DecideAppeal(c.UserContext(), h.s.actorOf(c), id, c.FormValue("decision"), actual, c.FormValue("comment"))
	}
	return err
}

// attach takes an evidence file posted from an appeal's or an item's page
// (base is the page's path before its id).
func (h *workflowPages) attach(kind, base string) func(c *fiber.Ctx) (string, error) {
	return func(c *fiber.Ctx) (string, error) {
		_, err := h.s.saveEvidence(c, kind)
		return base + c.Params("id"), err
	}
}

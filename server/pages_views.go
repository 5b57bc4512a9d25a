package server

import (
	"context"
	"strings"

	"github.com/gofiber/fiber/v2"

	"jixiao/dashboards"
	"jixiao/data"
	"jixiao/queries"
	"jixiao/queries/reads"
)

// lossLimit is how many indicators and departments the loss charts show.
const lossLimit = 12

// overview is / : the signed-in user's scope in one period.
func (h *pageHandlers) overview(c *fiber.Ctx) error {
	p, err := h.page(c)
	if err != nil {
		return h.fail(c, p, err)
	}
	d, err := h.overviewData(c.UserContext(), h.s.view(c), userOf(c).UnitCode, p.Period)
	if err != nil {
		return h.fail(c, p, err)
	}
	d.Page = p
	if d.Crumbs, err = h.crumbs(c.UserContext(), h.s.view(c), &d.Unit, p.Period); err != nil {
		return h.fail(c, p, err)
	}
	h.addOverdue(c, d)
	h.addOverviewWarnings(c, d)
	h.addReportCard(c, d)
	return h.html(c, fiber.StatusOK, func(w *strings.Builder) error { return h.pages.Overview(w, d) })
}

// overviewData reads everything the overview shows; the warmer runs it too.
func (h *pageHandlers) overviewData(ctx context.Context, r *reads.View, unit, period string) (*dashboards.OverviewData, error) {
	u, err := r.Unit(ctx, unit)
	if err != nil {
		return nil, err
	}
	d := &dashboards.OverviewData{Unit: *u, Anonymous: r.Scope().PeersAnon && !r.Scope().PeersNamed && !r.Scope().All}
	if d.Trend, err = r.Trend(ctx, unit, "", ""); err != nil {
		return nil, err
	}
	if d.Children, err = r.Children(ctx, unit); err != nil {
		return nil, err
	}
	if period == "" {
		return d, nil // nothing published to this user yet
	}
	d.Score = scoreAt(ctx, r, unit, period, d.Trend)
	group, err := optional(r.OverviewGroup(ctx, unit))
	if err != nil {
		return nil, err
	}
	if group != "" {
		if d.Group, err = optional(r.Ranking(ctx, period, group)); err != nil {
			return nil, err
		}
	}
	own, err := optional(r.GroupOf(ctx, unit))
	if err != nil {
		return nil, err
	}
	if own != "" {
		if d.Self, err = optional(r.Ranking(ctx, period, own)); err != nil {
			return nil, err
		}
	}
	avgGroup := own
	if avgGroup == "" {
		avgGroup = group
	}
	if d.SelfAvg, err = groupAverages(ctx, r, avgGroup, quarters(d.Trend)); err != nil {
		return nil, err
	}
	if d.ChildRank, err = childRankings(ctx, r, d.Children, period, group); err != nil {
		return nil, err
	}
	if rg, _ := dashboards.RadarGroup(d); rg != nil {
		if d.SystemAvg, err = optional(r.GroupSystemAverage(ctx, period, rg.Group)); err != nil {
			return nil, err
		}
	}
	if !data.IsQuarter(period) {
		return d, nil
	}
	if d.ByInd, err = optional(r.LossesByIndicator(ctx, period, unit, lossLimit)); err != nil {
		return nil, err
	}
	if d.ByDept, err = optional(r.LossesByDept(ctx, period, unit, lossLimit)); err != nil {
		return nil, err
	}
	return d, nil
}

// childRankings are the rankings of the groups a unit's children belong
// to (but skip, already read), so that the list of children shows every
// child's score and rank.
func childRankings(ctx context.Context, r *reads.View, children []queries.Unit, period, skip string) ([]*queries.Ranking, error) {
	seen := map[string]bool{skip: true}
	var out []*queries.Ranking
	for _, u := range children {
		if u.Group == nil || seen[*u.Group] {
			continue
		}
		seen[*u.Group] = true
		rk, err := optional(r.Ranking(ctx, period, *u.Group))
		if err != nil {
			return nil, err
		}
		if rk != nil {
			out = append(out, rk)
		}
	}
	return out, nil
}

// scoreAt is a unit's result in a period: a quarter from its trend, a year
// from its annual results.
func scoreAt(ctx context.Context, r *reads.View, unit, period string, quarters []queries.TrendPoint) *queries.TrendPoint {
	if data.IsQuarter(period) {
		return pointAt(quarters, period)
	}
	ys, err := r.Trend(ctx, unit, period, period)
	if err != nil {
		return nil
	}
	return pointAt(ys, period)
}

func quarters(pts []queries.TrendPoint) []queries.TrendPoint {
	return data.OnlyQuarters(pts, func(p queries.TrendPoint) string { return p.Period })
}

func pointAt(pts []queries.TrendPoint, period string) *queries.TrendPoint {
	for i := range pts {
		if pts[i].Period == period {
			return &pts[i]
		}
	}
	return nil
}

// unit is /units/{code}: one unit's score, rank, trend and indicators.
func (h *pageHandlers) unit(c *fiber.Ctx) error {
	p, err := h.page(c)
	if err != nil {
		return h.fail(c, p, err)
	}
	ctx, r, code := c.UserContext(), h.s.view(c), c.Params("code")
	u, err := r.Unit(ctx, code)
	if err != nil {
		return h.fail(c, p, err)
	}
	d := &dashboards.UnitData{Page: p, Unit: *u}
	if d.Crumbs, err = h.crumbs(ctx, r, u, p.Period); err != nil {
		return h.fail(c, p, err)
	}
	if err := h.unitData(ctx, r, d); err != nil {
		return h.fail(c, p, err)
	}
	h.addAppeals(c, d)
	h.addUnitWarnings(c, d)
	h.addCollection(c, d)
	return h.html(c, fiber.StatusOK, func(w *strings.Builder) error { return h.pages.Unit(w, d) })
}

func (h *pageHandlers) unitData(ctx context.Context, r *reads.View, d *dashboards.UnitData) error {
	code, period := d.Unit.Code, d.Period
	var err error
	if d.Trend, err = r.Trend(ctx, code, "", ""); err != nil {
		return err
	}
	if d.Children, err = r.Children(ctx, code); err != nil {
		return err
	}
	if period == "" {
		return nil
	}
	d.Score = scoreAt(ctx, r, code, period, d.Trend)
	own, err := optional(r.GroupOf(ctx, code))
	if err != nil {
		return err
	}
	if own != "" {
		if d.Ranking, err = optional(r.Ranking(ctx, period, own)); err != nil {
			return err
		}
		if d.SystemAvg, err = optional(r.GroupSystemAverage(ctx, period, own)); err != nil {
			return err
		}
		if d.GroupAvg, err = groupAverages(ctx, r, own, quarters(d.Trend)); err != nil {
			return err
		}
	}
	if len(d.Children) > 0 {
		sub, err := optional(r.OverviewGroup(ctx, code))
		if err != nil {
			return err
		}
		if sub != "" && sub != own {
			if d.ChildRank, err = optional(r.Ranking(ctx, period, sub)); err != nil {
				return err
			}
		}
		if d.ChildRanks, err = childRankings(ctx, r, d.Children, period, sub); err != nil {
			return err
		}
	}
	if data.IsQuarter(period) {
		if d.Breakdown, err = optional(r.Breakdown(ctx, code, period)); err != nil {
			return err
		}
	}
	return nil
}

// indicator is /indicators/{code}: its spread across the visible units and
// its completion over time.
func (h *pageHandlers) indicator(c *fiber.Ctx) error {
	p, err := h.page(c)
	if err != nil {
		return h.fail(c, p, err)
	}
	ctx, r, code := c.UserContext(), h.s.view(c), c.Params("code")
	d := &dashboards.IndicatorData{Page: p}
	if d.Versions, err = r.Indicators(ctx, code); err != nil {
		return h.fail(c, p, err)
	}
	if len(d.Versions) == 0 {
		return h.fail(c, p, queries.ErrNotFound)
	}
	if d.Completion, err = r.IndicatorCompletion(ctx, code); err != nil {
		return h.fail(c, p, err)
	}
	if data.IsQuarter(p.Period) {
		if d.Values, err = optional(r.IndicatorValues(ctx, code, p.Period)); err != nil {
			return h.fail(c, p, err)
		}
		units, err := r.Units(ctx)
		if err != nil {
			return h.fail(c, p, err)
		}
		d.Groups = dashboards.BoxGroups(p.Lang, units, userOf(c).UnitCode, d.Values)
	}
	if u, err := r.Unit(ctx, userOf(c).UnitCode); err == nil {
		if d.Crumbs, err = h.crumbs(ctx, r, u, p.Period); err != nil {
			return h.fail(c, p, err)
		}
		d.Crumbs[len(d.Crumbs)-1] = dashboards.Link{Label: d.Crumbs[len(d.Crumbs)-1].Label, Href: "/" + periodSuffix(p.Period)}
		d.Crumbs = append(d.Crumbs, dashboards.Link{Label: d.Versions[len(d.Versions)-1].Name, Active: true})
	}
	return h.html(c, fiber.StatusOK, func(w *strings.Builder) error { return h.pages.Indicator(w, d) })
}

func periodSuffix(period string) string {
	if period == "" {
		return ""
	}
	return "?period=" + period
}

// meeting is /meeting?period=P[&unit=U][&auto=20]: the review meeting's
// slides for the group the unit's overview ranks.
func (h *pageHandlers) meeting(c *fiber.Ctx) error {
	p, err := h.page(c)
	if err != nil {
		return h.fail(c, p, err)
	}
	p.Keep = []string{"unit", "auto"}
	ctx, r := c.UserContext(), h.s.view(c)
	u, err := r.Unit(ctx, c.Query("unit", userOf(c).UnitCode))
	if err != nil {
		return h.fail(c, p, err)
	}
	d := &dashboards.MeetingData{Page: p, Unit: *u, Auto: clampAuto(c.QueryInt("auto"))}
	if err := h.meetingData(ctx, r, d); err != nil {
		return h.fail(c, p, err)
	}
	h.addOverdueSlide(c, d)
	h.addNotesSlide(c, d)
	h.addWarningSlide(c, d)
	return h.html(c, fiber.StatusOK, func(w *strings.Builder) error { return h.pages.Meeting(w, d) })
}

func (h *pageHandlers) meetingData(ctx context.Context, r *reads.View, d *dashboards.MeetingData) error {
	if d.Period == "" {
		return nil
	}
	group, err := optional(r.OverviewGroup(ctx, d.Unit.Code))
	if err != nil {
		return err
	}
	if group != "" {
		if d.Group, err = optional(r.Ranking(ctx, d.Period, group)); err != nil {
			return err
		}
		if d.SystemAvg, err = optional(r.GroupSystemAverage(ctx, d.Period, group)); err != nil {
			return err
		}
	}
	if d.Scores, err = r.ScoresUnder(ctx, d.Period, d.Unit.Code); err != nil {
		return err
	}
	if !data.IsQuarter(d.Period) {
		return nil
	}
	if d.ByInd, err = optional(r.LossesByIndicator(ctx, d.Period, d.Unit.Code, lossLimit)); err != nil {
		return err
	}
	d.ByDept, err = optional(r.LossesByDept(ctx, d.Period, d.Unit.Code, lossLimit))
	return err
}

// clampAuto keeps auto-advance between 5 s and 10 min (0 = off).
func clampAuto(s int) int {
	switch {
	case s <= 0:
		return 0
	case s < 5:
		return 5
	case s > 600:
		return 600
	}
	return s
}

// warm reads a user's overview (latest period) after each data change, so
// that the first page of the week opens from the cache.
func (h *pageHandlers) warm(ctx context.Context, r *reads.View, unit string) {
	period, err := r.LatestPeriod(ctx)
	if err != nil {
		return
	}
	if _, err := h.overviewData(ctx, r, unit, period); err != nil && ctx.Err() == nil {
		h.s.log.Debug("warming overview page", "unit", unit, "err", err)
	}
}

package server

import (
	"errors"
	"fmt"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"jixiao/dashboards"
	"jixiao/data"
	"jixiao/queries"
	"jixiao/queries/imports"
)

// registerWhatIfPages adds /whatif (SPEC §10.1) and its form posts.
func registerWhatIfPages(app *fiber.App, h *analysisPages) {
	app.Get("/whatif", h.pageTool("whatif", h.whatIf))
	app.Post("/whatif/save", h.pageTool("whatif", h.whatIfSave))
	app.Post("/whatif/scenarios/:id/delete", h.pageTool("whatif", h.whatIfDelete))
	app.Post("/whatif/scenarios/:id/apply", h.pageTool("whatif", h.whatIfApply))
}

// formScenario reads a scenario from the page's query or form fields
// (period, group or unit, w.CODE, s.SYSTEM); values equal to the catalogue
// (or a factor of 1) are no change and left out.
func formScenario(get func(string) string, args func(func(k, v string)), period string, vs map[string]queries.VersionAt) (queries.Scenario, error) {
	sn := queries.Scenario{Period: period, Group: get("group"), Unit: get("unit"), Weights: map[string]float64{}, Systems: map[string]float64{}}
	if sn.Unit != "" {
		sn.Group = ""
	}
	var probs []queries.ParamProblem
	args(func(k, v string) {
		name, isW := strings.CutPrefix(k, "w.")
		sys, isS := strings.CutPrefix(k, "s.")
		if !isW && !isS {
			return
		}
		f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
		if err != nil {
			probs = append(probs, queries.ParamProblem{Key: strings.TrimPrefix(strings.TrimPrefix(k, "w."), "s."), Message: v + " is no number / 不是数字"})
			return
		}
		switch {
		case isW:
			if cur, ok := vs[name]; !ok || cur.Weight != f {
				sn.Weights[name] = f
			}
		case isS:
			if f != 1 {
				sn.Systems[sys] = f
			}
		}
	})
	if len(probs) > 0 {
		return sn, &queries.ParamError{Problems: probs}
	}
	return sn, nil
}

func (h *analysisPages) whatIf(c *fiber.Ctx) error {
	p, err := h.page(c)
	if err != nil {
		return h.fail(c, p, err)
	}
	ctx, u := c.UserContext(), userOf(c)
	d := &dashboards.WhatIfData{Page: p, CanApply: h.s.Enforce(c, "/whatif/scenarios/1/apply", fiber.MethodPost)}
	d.Flash = whatIfFlash(c, p.Lang)
	if d.Saved, err = h.s.Store.Scenarios(ctx, h.s.actorOf(c)); err != nil {
		return h.fail(c, p, err)
	}
	if d.Groups, err = h.simGroups(c); err != nil {
		return h.fail(c, p, err)
	}
	if d.CanApply {
		for _, ps := range p.Periods {
			if ps.Status == "open" && data.IsQuarter(ps.Period) {
				d.Open = append(d.Open, ps.Period)
			}
		}
		sort.Strings(d.Open)
	}
	if len(p.Period) != 6 {
		d.Error = "period must be a quarter / 期间须为季度"
		return h.html(c, fiber.StatusUnprocessableEntity, func(w *strings.Builder) error { return h.ap.WhatIf(w, d) })
	}
	all, err := h.s.Store.VersionsAt(ctx, p.Period)
	if err != nil {
		return h.failTool(c, p, err)
	}
	q := c.Queries()
	sn, err := formScenario(func(k string) string { return q[k] }, func(fn func(k, v string)) {
		for k, v := range q {
			fn(k, v)
		}
	}, p.Period, all)
	if err == nil && sn.Group == "" && sn.Unit == "" {
		sn.Group, err = optional(h.s.view(c).OverviewGroup(ctx, u.UnitCode))
		if sn.Group == "" && len(d.Groups) > 0 {
			sn.Group = d.Groups[0].Href
		}
	}
	d.Scenario = sn
	if err == nil {
		d.Result, err = h.s.view(c).WhatIf(ctx, sn)
	}
	if err != nil {
		var pe *queries.ParamError
		if !errors.As(err, &pe) {
			return h.failTool(c, p, err)
		}
		d.Error = pe.Error()
	}
	if d.Result != nil {
		d.Group = d.Result.Group
		d.Versions = versionsForGroup(all, d.Result, h, c)
	} else {
		d.Group = sn.Group
	}
	status := fiber.StatusOK
	if d.Error != "" {
		status = fiber.StatusUnprocessableEntity
	}
	return h.html(c, status, func(w *strings.Builder) error { return h.ap.WhatIf(w, d) })
}

// versionsForGroup are the versions of the quarter that apply to the
// group's tier, by code.
func versionsForGroup(all map[string]queries.VersionAt, r *queries.WhatIf, h *analysisPages, c *fiber.Ctx) []queries.VersionAt {
	tier := ""
	for _, row := range r.Rows {
		if row.UnitCode != nil {
			if u, err := h.s.view(c).Unit(c.UserContext(), *row.UnitCode); err == nil {
				tier = map[string]string{"bureau": "decision", "department": "management", "branch": "execution"}[u.Kind]
				break
			}
		}
	}
	var out []queries.VersionAt
	for _, v := range all {
		if tier == "" || v.Tier == tier {
			out = append(out, v)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Code < out[j].Code })
	return out
}

// simGroups are the peer groups of the units the user sees named.
func (h *analysisPages) simGroups(c *fiber.Ctx) ([]dashboards.Link, error) {
	us, err := h.s.view(c).Units(c.UserContext())
	if err != nil {
		return nil, err
	}
	names := map[string]string{}
	for _, u := range us {
		names[u.Code] = u.Name
	}
	seen := map[string]bool{}
	var out []dashboards.Link
	for _, u := range us {
		if u.Group == nil || seen[*u.Group] {
			continue
		}
		seen[*u.Group] = true
		parent := ""
		if u.ParentCode != nil {
			parent = names[*u.ParentCode]
		}
		out = append(out, dashboards.Link{Label: dashboards.GroupLabel(langOf(c), u, parent), Href: *u.Group})
	}
	return out, nil
}

func whatIfFlash(c *fiber.Ctx, lang string) dashboards.Flash {
	var f dashboards.Flash
	switch {
	case c.Query("saved") != "":
		f.OK = dashboards.T(lang, "an_saved_ok")
	case c.Query("deleted") != "":
		f.OK = dashboards.T(lang, "an_deleted")
	case c.Query("applied") != "":
		id, _ := strconv.ParseInt(c.Query("applied"), 10, 64)
		f.OK = dashboards.T(lang, "an_applied", id)
	}
	return f
}

func (h *analysisPages) whatIfSave(c *fiber.Ctx) error {
	p, _ := h.page(c)
	period := strings.ToUpper(strings.TrimSpace(c.FormValue("period")))
	all, err := h.s.Store.VersionsAt(c.UserContext(), period)
	if err != nil {
		return h.failTool(c, p, err)
	}
	sn, err := formScenario(func(k string) string { return c.FormValue(k) }, func(fn func(k, v string)) {
		c.Request().PostArgs().VisitAll(func(k, v []byte) { fn(string(k), string(v)) })
	}, period, all)
	if err != nil {
		return h.failTool(c, p, err)
	}
	sv, err := h.s.Store.SaveScenario(c.UserContext(), h.s.actorOf(c), c.FormValue("name"), sn)
	if err != nil {
		return h.failTool(c, p, err)
	}
	return c.Redirect(dashboards.ScenarioHref(sv.Scenario)+"&saved=1", fiber.StatusSeeOther)
}

func (h *analysisPages) whatIfDelete(c *fiber.Ctx) error {
	p, _ := h.page(c)
	id, err := idParam(c)
	if err != nil {
		return h.fail(c, p, err)
	}
	if err := h.s.Store.DeleteScenario(c.UserContext(), h.s.actorOf(c), id); err != nil {
		return h.fail(c, p, err)
	}
	return c.Redirect("/whatif?deleted=1", fiber.StatusSeeOther)
}

func (h *analysisPages) whatIfApply(c *fiber.Ctx) error {
	p, _ := h.page(c)
	id, err := idParam(c)
	if err != nil {
		return h.fail(c, p, err)
	}
	b, err := imports.ApplyScenario(c.UserContext(), h.s.Store, h.s.actorOf(c), id, strings.ToUpper(strings.TrimSpace(c.FormValue("from"))))
	if err != nil {
		var rej *imports.RejectedError
		if errors.As(err, &rej) && len(rej.Errors) > 0 {
			e := rej.Errors[0]
			err = fiber.NewError(fiber.StatusUnprocessableEntity, fmt.Sprintf("row %d, %s: %s", e.Row, e.Column, e.Message))
		}
		return h.failTool(c, p, err)
	}
	return c.Redirect("/whatif?applied="+url.QueryEscape(strconv.FormatInt(b.ID, 10)), fiber.StatusSeeOther)
}

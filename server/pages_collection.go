package server

import (
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"jixiao/dashboards"
	"jixiao/data"
	"jixiao/queries"
)

var collectionTemplates = parsedOnce(dashboards.NewCollectionPages)

type collectionPages struct {
	*pageHandlers
	cp *dashboards.CollectionPages
}

// registerCollectionPages adds /submissions (SPEC §12): its forms call the
// JSON API (dashboards/assets/collection.js), so it adds no write route.
func registerCollectionPages(app *fiber.App, s *Server) {
	h := &collectionPages{pageHandlers: &pageHandlers{s: s, pages: sitePages()}, cp: collectionTemplates()}
	app.Get("/submissions", h.submissions)
}

// queuePage is how many submissions the queue shows at once (submitted first).
const queuePage = 50

// pageOf reads ?page= (from 0), kept within the n rows.
func pageOf(raw string, n int) int {
	p, err := strconv.Atoi(raw)
	if err != nil || p < 0 {
		return 0
	}
	return min(p, max(0, (n-1)/queuePage))
}

// has reports whether rights give act a reach r or every unit.
func has(r queries.Rights, act string, reach queries.Reach) bool {
	return r.Has(act, reach) || r.Has(act, queries.ReachAll)
}

func (h *collectionPages) submissions(c *fiber.Ctx) error {
	collect := upperQuery(c, "period")
	// The quarter collected may be open, which dept and staff do not see as
	// a result period: the page's own period picker is left out of it.
	c.Request().URI().QueryArgs().Del("period")
	p, err := h.page(c)
	if err != nil {
		return h.fail(c, p, err)
	}
	ctx, sc, acct := c.UserContext(), scopeOf(c), accountOf(c)
	if collect == "" {
		if collect, err = h.s.Store.CollectionQuarter(ctx); err != nil {
			return h.fail(c, p, err)
		}
	}
	if !data.IsQuarter(collect) {
		return h.fail(c, p, queries.ErrNotFound)
	}
	rights := h.s.policy.get().RightsOf(acct)
	d := &dashboards.SubmissionsData{Page: p, Collect: collect}
	u, err := h.s.view(c).Unit(ctx, acct.UnitCode)
	if err != nil {
		return h.fail(c, p, err)
	}
	d.Unit = *u
	if d.Deadline, err = h.s.Store.Deadline(ctx, collect); err != nil {
		return h.fail(c, p, err)
	}
	if d.Deadline != nil {
		days, over := d.Deadline.Left(time.Now())
		d.Overdue = over
		if !over {
			d.DaysLeft = &days
		}
	}
	d.CanDeclare = has(rights, queries.ActSubmit, queries.ReachOwn) && u.Depth > 0 // the root declares nothing
	if d.CanDeclare {
		if d.Form, d.Own, err = h.s.view(c).CollectionForm(ctx, u.Code, collect); err != nil && !errors.Is(err, queries.ErrNotFound) {
			return h.fail(c, p, err)
		}
	}
	d.CanAccept = has(rights, queries.ActSubmitAccept, queries.ReachBelow)
	subs, err := h.s.view(c).Submissions(ctx, collect)
	if err != nil {
		return h.fail(c, p, err)
	}
	for _, s := range subs {
		if s.UnitCode != u.Code {
			d.Queue = append(d.Queue, s)
		}
	}
	d.QueueTotal = len(d.Queue)
	d.QueuePage, d.QueueSize = pageOf(c.Query("page"), len(d.Queue)), queuePage
	d.Queue = d.Queue[d.QueuePage*queuePage : min(len(d.Queue), (d.QueuePage+1)*queuePage)]
	if d.Progress, err = h.s.view(c).CollectionProgress(ctx, collect); err != nil {
		return h.fail(c, p, err)
	}
	if !d.CanAccept && len(d.Progress) <= 1 {
		d.Progress = nil // a unit's own row is its form
	}
	d.CanDeadline = h.s.Enforce(c, "/api/collection/"+collect, fiber.MethodPut)
	// The unit's own warnings: its own unit alone (a narrower scope than the user's).
	own := queries.Scope{Unit: u.Code, Statuses: sc.Statuses}
	if ws, err := h.s.Read.For(ctx, own).SubmissionWarnings(ctx, collect, p.Lang); d.CanDeclare && err == nil {
		for _, w := range ws {
			if w.UnitCode == u.Code {
				d.Warnings = append(d.Warnings, w)
			}
		}
	}
	for _, ps := range p.Periods {
		if data.IsQuarter(ps.Period) && ps.Status != "open" {
			d.NotePeriod = ps.Period
			break
		}
	}
	if d.NotePeriod != "" {
		d.CanExplain = has(rights, queries.ActExplain, queries.ReachOwn) && u.Depth > 0 // no office above the root would review it
		if d.Notes, err = h.s.view(c).Explanations(ctx, queries.NoteFilter{Period: d.NotePeriod}); err != nil {
			return h.fail(c, p, err)
		}
		if d.CanCheck = has(rights, queries.ActFieldCheck, queries.ReachBelow); d.CanCheck {
			if d.Checks, err = h.s.view(c).FieldChecks(ctx, d.NotePeriod); err != nil {
				return h.fail(c, p, err)
			}
		}
	}
	return h.html(c, fiber.StatusOK, func(w *strings.Builder) error { return h.cp.Submissions(w, d) })
}

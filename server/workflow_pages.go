package server

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"jixiao/dashboards"
	"jixiao/queries"
	"jixiao/reports"
)

// workflowPages serve the workflow pages. Forms post to page routes (no
// script needed); a refused step shows the page again with the reason and
// the status code, a done step redirects (303) to the page it changed.
type workflowPages struct {
	*pageHandlers
	wp *dashboards.WorkflowPages
}

// workflowTemplates parses the workflow pages' templates once.
var workflowTemplates = parsedOnce(dashboards.NewWorkflowPages)

// registerWorkflowPages adds the workflow pages and their form posts.
func registerWorkflowPages(app *fiber.App, s *Server) {
	h := &workflowPages{pageHandlers: &pageHandlers{s: s, pages: sitePages()}, wp: workflowTemplates()}
	app.Get("/publication", h.view(h.publicationView))
	app.Post("/publication/:period", h.form(h.publicationView, h.setStatus))
	items{list: h.view(h.appealsView), create: h.form(h.appealsView, h.fileAppeal), get: h.view(h.appealView)}.pages(app, "/appeals")
	app.Post("/appeals/:id/review", h.itemForm(h.appealView, "/appeals/", h.reviewAppeal))
	app.Post("/appeals/:id/decide", h.itemForm(h.appealView, "/appeals/", h.decideAppeal))
	app.Post("/appeals/:id/files", h.form(h.appealView, h.attach("appeal", "/appeals/")))
	items{list: h.view(h.rectsView), create: h.form(h.rectsView, h.addRectification), get: h.view(h.rectView),
		update: h.itemForm(h.rectView, "/rectifications/", changeBy(h, h.s.Flow.UpdateRectification, rectInput)),
		remove: h.itemForm(h.rectView, "/rectifications", h.removeBy(h.s.Flow.DeleteRectification))}.pages(app, "/rectifications")
	app.Post("/rectifications/:id/files", h.form(h.rectView, h.attach("rectification", "/rectifications/")))
	items{list: h.view(h.meetingsView), create: h.form(h.meetingsView, h.addMeeting), get: h.view(h.minutesView),
		update: h.itemForm(h.minutesView, "/meetings/", changeBy(h, h.s.Flow.UpdateMeeting, meetingInput)),
		remove: h.itemForm(h.minutesView, "/meetings", h.removeBy(h.s.Flow.DeleteMeeting))}.pages(app, "/meetings")
	items{list: h.view(h.adjustmentsView), create: h.form(h.adjustmentsView, h.addAdjustment),
		remove: h.form(h.adjustmentsView, h.deleteAdjustment)}.pages(app, "/adjustments")
	app.Get("/reports/quarterly", h.report)
}

// render sends a workflow page with status.
func (h *workflowPages) render(c *fiber.Ctx, status int, name string, data any) error {
	return h.html(c, status, func(w *strings.Builder) error { return h.wp.Render(w, name, data) })
}

// flash is the outcome shown above a page: ?done=1 after a redirect.
func flash(c *fiber.Ctx, lang string) dashboards.Flash {
	if c.Query("done") == "1" {
		return dashboards.Flash{OK: dashboards.T(lang, "wf_done")}
	}
	return dashboards.Flash{}
}

// refused maps a refused step to the status and message the page shows
// again; ok is false for anything else (404 and internal errors go to the
// error page).
func refused(err error) (status int, msg string, ok bool) {
	var fe *fiber.Error
	switch st := statusOfKind(err); {
	case st != 0 && st != fiber.StatusNotFound:
		return st, queries.MessageOf(err), true
	case errors.As(err, &fe) && fe.Code < 500 && fe.Code != fiber.StatusNotFound:
		return fe.Code, fe.Message, true
	}
	return 0, "", false
}

// after finishes a form post: on success to target (303), on a refusal the
// page again via show, anything else the error page.
func (h *workflowPages) after(c *fiber.Ctx, err error, target string, show func(status int, f dashboards.Flash) error) error {
	if err == nil {
		sep := "?"
		if strings.Contains(target, "?") {
			sep = "&"
		}
		return c.Redirect(target+sep+"done=1", fiber.StatusSeeOther)
	}
	if status, msg, ok := refused(err); ok {
		return show(status, dashboards.Flash{Error: msg})
	}
	p, _ := h.page(c)
	return h.fail(c, p, err)
}

// wfView builds one workflow page (its template's name and data) for the
// request, with the outcome f shown above it.
type wfView func(c *fiber.Ctx, p dashboards.Page, f dashboards.Flash) (name string, data any, err error)

// show renders v with status; an error of the page or of v is the error page.
func (h *workflowPages) show(c *fiber.Ctx, status int, f dashboards.Flash, v wfView) error {
	p, err := h.page(c)
	if err != nil {
		return h.fail(c, p, err)
	}
	name, d, err := v(c, p, f)
	if err != nil {
		return h.fail(c, p, err)
	}
	return h.render(c, status, name, d)
}

// view is the GET of a page: v with the flash of a redirect (?done=1).
func (h *workflowPages) view(v wfView) fiber.Handler {
	return func(c *fiber.Ctx) error { return h.show(c, fiber.StatusOK, flash(c, langOf(c)), v) }
}

// form is a form post: act does the step and names the page to go to; a
// refusal shows v again with the reason (see after).
func (h *workflowPages) form(v wfView, act func(c *fiber.Ctx) (target string, err error)) fiber.Handler {
	return func(c *fiber.Ctx) error {
		target, err := act(c)
		return h.after(c, err, target, func(status int, f dashboards.Flash) error { return h.show(c, status, f, v) })
	}
}

// changeBy is an itemForm step that changes the item with the form read
// by input, as the user (the changed item is not needed: a redirect follows).
func changeBy[I, T any](h *workflowPages, change func(context.Context, queries.Actor, int64, I) (T, error), input func(*fiber.Ctx) I) func(*fiber.Ctx, int64) error {
	return func(c *fiber.Ctx, id int64) error {
		_, err := change(c.UserContext(), h.s.actorOf(c), id, input(c))
		return err
	}
}

// removeBy is an itemForm step that removes the item as the user.
func (h *workflowPages) removeBy(remove func(context.Context, queries.Actor, int64) error) func(*fiber.Ctx, int64) error {
	return func(c *fiber.Ctx, id int64) error { return remove(c.UserContext(), h.s.actorOf(c), id) }
}

// itemOf reads the record of the route's :id with get, a read of the
// user's view.
func itemOf[T any](c *fiber.Ctx, get func(context.Context, int64) (T, error)) (int64, T, error) {
	id, err := idParam(c)
	if err != nil {
		var none T
		return 0, none, err
	}
	v, err := get(c.UserContext(), id)
	return id, v, err
}

// itemForm is a form post on the item of the route's :id, going to
// target (the item's page when it ends in "/").
func (h *workflowPages) itemForm(v wfView, target string, act func(c *fiber.Ctx, id int64) error) fiber.Handler {
	return h.form(v, func(c *fiber.Ctx) (string, error) {
		to := target
		if strings.HasSuffix(to, "/") {
			to += c.Params("id")
		}
		id, err := idParam(c)
		if err == nil {
			err = act(c, id)
		}
		return to, err
	})
}

func formFloat(c *fiber.Ctx, name string) (*float64, error) {
	v := strings.TrimSpace(c.FormValue(name))
	if v == "" {
		return nil, nil
	}
	f, err := strconv.ParseFloat(strings.TrimSuffix(v, "%"), 64)
	if err != nil {
		return nil, queries.Invalidf(name + " 须为数字 / " + name + " must be a number")
	}
	return &f, nil
}

func formID(c *fiber.Ctx, name string) *int64 {
	id, err := strconv.ParseInt(c.FormValue(name), 10, 64)
	if err != nil || id <= 0 {
		return nil
	}
	return &id
}

// localPath keeps a redirect target on this site.
func localPath(p, fallback string) string {
	if strings.HasPrefix(p, "/") && !strings.HasPrefix(p, "//") && !strings.Contains(p, `\`) {
		return p
	}
	return fallback
}

// officeUnits are the units the user may take act on, named (act "" is the
// user's own subtree, for the report): every unit for a reach of all, else
// its own unit and those below it, as its rights reach.
func (h *workflowPages) officeUnits(ctx context.Context, c *fiber.Ctx, act string) ([]queries.Unit, error) {
	us, err := h.s.view(c).Units(ctx)
	if err != nil {
		return nil, err
	}
	own, below := true, true
	if act != "" {
		rights := h.s.policy.get().RightsOf(accountOf(c))
		if rights.Has(act, queries.ReachAll) {
			return us, nil
		}
		own, below = rights.Has(act, queries.ReachOwn), rights.Has(act, queries.ReachBelow)
	} else if scopeOf(c).All {
		return us, nil
	}
	u := userOf(c)
	out := []queries.Unit{}
	depth := -1
	for _, x := range us { // tree order: the subtree follows the unit itself
		switch {
		case x.Code == u.UnitCode:
			depth = x.Depth
			if own {
				out = append(out, x)
			}
			continue
		case depth < 0:
			continue
		case x.Depth <= depth:
			return out, nil
		}
		if below {
			out = append(out, x)
		}
	}
	return out, nil
}

func today() string { return time.Now().Format("2006-01-02") }

// publicationView is /publication: the quarters' status, who set it and
// when, and the appeal window; offices at the province publish from here.
func (h *workflowPages) publicationView(c *fiber.Ctx, p dashboards.Page, f dashboards.Flash) (string, any, error) {
	infos, err := h.s.view(c).PeriodInfos(c.UserContext())
	return "publication", &dashboards.PublicationData{Page: p, Flash: f, Title: dashboards.T(p.Lang, "wf_pub_title"),
		Infos: infos, CanPublish: h.s.Enforce(c, "/api/periods/2000Q1/status", fiber.MethodPost)}, err
}

func (h *workflowPages) setStatus(c *fiber.Ctx) (string, error) {
	err := h.s.Store.SetPeriodStatus(c.UserContext(), auditUser(c), c.Params("period"), c.FormValue("status"))
	if err == nil {
		h.s.reports.poke()
	}
	return "/publication", err
}

// report is /reports/quarterly: the report's choices and its download buttons.
func (h *workflowPages) report(c *fiber.Ctx) error {
	p, err := h.page(c)
	if err != nil {
		return h.fail(c, p, err)
	}
	units, err := h.officeUnits(c.UserContext(), c, "")
	if err != nil {
		return h.fail(c, p, err)
	}
	bureaus := []queries.Unit{}
	for _, u := range units {
		if u.Kind != "department" {
			bureaus = append(bureaus, u)
		}
	}
	_, noPDF := reports.FindBrowser()
	return h.render(c, fiber.StatusOK, "report", &dashboards.ReportData{Page: p, Flash: flash(c, p.Lang), Title: dashboards.T(p.Lang, "wf_report_title"),
		Units: bureaus, Unit: c.Query("unit", userOf(c).UnitCode), PDF: noPDF == nil})
}

package server

import (
	"errors"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"jixiao/dashboards"
	"jixiao/queries"
)

// The notification pages: /notifications (the user's inbox and channel
// choices) and /admin/webhooks (the administrator's webhooks). Forms post
// to page routes; a refused form shows the page again with the reason.

var notifyTemplates = parsedOnce(dashboards.NewNotifyPages)

type notifyPages struct {
	*pageHandlers
	np *dashboards.NotifyPages
}

func registerNotifyPages(app *fiber.App, s *Server) {
	h := &notifyPages{pageHandlers: &pageHandlers{s: s, pages: sitePages()}, np: notifyTemplates()}
	app.Get("/notifications", func(c *fiber.Ctx) error { return h.inbox(c, fiber.StatusOK, flashOf(c, "nt_saved")) })
	app.Post("/notifications/seen", h.seen)
	app.Post("/notifications/prefs", h.prefs)
	app.Get("/admin/webhooks", func(c *fiber.Ctx) error { return h.webhooks(c, fiber.StatusOK, flashOf(c, "wh_added", "wh_deleted")) })
	app.Post("/admin/webhooks", h.addWebhook)
	app.Post("/admin/webhooks/:id/delete", h.deleteWebhook)
}

// flashOf is the confirmation a redirect asked for with ?ok=KEY (one of keys).
func flashOf(c *fiber.Ctx, keys ...string) dashboards.Flash {
	ok := c.Query("ok")
	for _, k := range keys {
		if k == ok {
			return dashboards.Flash{OK: dashboards.T(langOf(c), k)}
		}
	}
	return dashboards.Flash{}
}

func (h *notifyPages) inbox(c *fiber.Ctx, status int, f dashboards.Flash) error {
	p, err := h.page(c)
	if err != nil {
		return h.fail(c, p, err)
	}
	ctx, user := c.UserContext(), userOf(c).Username
	in, err := h.s.Store.Notifications(ctx, user)
	if err != nil {
		return h.fail(c, p, err)
	}
	prefs, err := h.s.Store.NotifyPrefs(ctx, user)
	if err != nil {
		return h.fail(c, p, err)
	}
	email, err := h.s.Store.UserEmail(ctx, user)
	if err != nil {
		return h.fail(c, p, err)
	}
	in.Items = in.Items[:min(len(in.Items), 100)] // the page shows the latest; the API up to 500
	p.Periods = nil
	d := &dashboards.NotifyData{Page: p, Title: dashboards.T(p.Lang, "nt_title"), Flash: f, Inbox: in, Prefs: dashboards.PrefRows(p.Lang, prefs), Email: email}
	return h.html(c, status, func(w *strings.Builder) error { return h.np.Inbox(w, d) })
}

func (h *notifyPages) seen(c *fiber.Ctx) error {
	if err := h.s.Store.MarkNotificationsSeen(c.UserContext(), userOf(c).Username); err != nil {
		return err
	}
	return c.Redirect("/notifications", fiber.StatusSeeOther)
}

func (h *notifyPages) prefs(c *fiber.Ctx) error {
	prefs := map[string]string{}
	for _, k := range queries.EventKinds {
		if v := c.FormValue(k); v != "" {
			prefs[k] = v
		}
	}
	if err := h.s.Store.SetNotifyPrefs(c.UserContext(), userOf(c).Username, prefs); err != nil {
		return h.refused(c, err, h.inbox)
	}
	return c.Redirect("/notifications?ok=nt_saved", fiber.StatusSeeOther)
}

// refused shows the page again with the reason of a refused form.
func (h *notifyPages) refused(c *fiber.Ctx, err error, show func(*fiber.Ctx, int, dashboards.Flash) error) error {
	var param *queries.ParamError
	switch {
	case errors.As(err, &param):
		return show(c, fiber.StatusUnprocessableEntity, dashboards.Flash{Error: param.Error()})
	case statusOfKind(err) != 0 && !errors.Is(err, queries.ErrNotFound):
		return show(c, statusOfKind(err), dashboards.Flash{Error: queries.MessageOf(err)})
	}
	return err
}

func (h *notifyPages) webhooks(c *fiber.Ctx, status int, f dashboards.Flash) error {
	p, err := h.page(c)
	if err != nil {
		return h.fail(c, p, err)
	}
	ctx := c.UserContext()
	ws, err := h.s.Store.Webhooks(ctx)
	if err != nil {
		return h.fail(c, p, err)
	}
	p.Periods = nil
	d := &dashboards.WebhooksData{Page: p, Title: dashboards.T(p.Lang, "wh_title"), Flash: f, Events: dashboards.PrefRows(p.Lang, nil)}
	for _, w := range ws {
		ds, err := h.s.Store.WebhookDeliveries(ctx, w.ID)
		if err != nil {
			return h.fail(c, p, err)
		}
		d.Hooks = append(d.Hooks, dashboards.WebhookRow{Webhook: w, Deliveries: ds[:min(len(ds), 20)]})
	}
	return h.html(c, status, func(w *strings.Builder) error { return h.np.Webhooks(w, d) })
}

func (h *notifyPages) addWebhook(c *fiber.Ctx) error {
	in := queries.WebhookInput{URL: c.FormValue("url"), Secret: c.FormValue("secret")}
	for _, e := range c.Request().PostArgs().PeekMulti("events") {
		in.Events = append(in.Events, string(e))
	}
	if _, err := h.s.Store.CreateWebhook(queries.WithAddr(c.UserContext(), h.s.clientIP(c)), userOf(c).Username, in); err != nil {
		return h.refused(c, err, h.webhooks)
	}
	return c.Redirect("/admin/webhooks?ok=wh_added", fiber.StatusSeeOther)
}

func (h *notifyPages) deleteWebhook(c *fiber.Ctx) error {
	id, err := strconv.ParseInt(c.Params("id"), 10, 64)
	if err != nil {
		return fiber.ErrNotFound
	}
	if err := h.s.Store.DeleteWebhook(c.UserContext(), userOf(c).Username, id); err != nil {
		return err
	}
	return c.Redirect("/admin/webhooks?ok=wh_deleted", fiber.StatusSeeOther)
}

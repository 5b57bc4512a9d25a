package server

import (
	"strconv"

	"github.com/gofiber/fiber/v2"

	"jixiao/queries"
	"jixiao/queries/notify"
)

// SPEC §14 notifications: each user's inbox and channel choices, and the
// administrator's webhooks. The delivery itself is queries/notify's,
// started with the server (startNotifier) and stopped with it.

func (s *Server) registerNotifyRoutes(app *fiber.App, api fiber.Router) {
	api.Get("/notifications", s.notificationsAPI)
	api.Post("/notifications/seen", s.notificationsSeenAPI)
	api.Get("/me/notifications", s.notifyPrefsAPI)
	api.Put("/me/notifications", s.setNotifyPrefsAPI)
	items{list: s.webhooksAPI, create: s.createWebhookAPI, remove: s.deleteWebhookAPI}.at(api, "/webhooks")
	api.Get("/webhooks/:id/deliveries", s.deliveriesAPI)
	registerNotifyPages(app, s)
}

// notificationsAPI is GET /api/notifications: the user's own, newest
// first → {"items":[…],"unread":N}.
func (s *Server) notificationsAPI(c *fiber.Ctx) error {
	in, err := s.Store.Notifications(c.UserContext(), userOf(c).Username)
	if err != nil {
		return err
	}
	return c.JSON(in)
}

// notificationsSeenAPI is POST /api/notifications/seen → 204.
func (s *Server) notificationsSeenAPI(c *fiber.Ctx) error {
	if err := s.Store.MarkNotificationsSeen(c.UserContext(), userOf(c).Username); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}

// notifyPrefsAPI is GET /api/me/notifications → {"EVENT":"inapp"|"email"|"both"}.
func (s *Server) notifyPrefsAPI(c *fiber.Ctx) error {
	p, err := s.Store.NotifyPrefs(c.UserContext(), userOf(c).Username)
	if err != nil {
		return err
	}
	return c.JSON(p)
}

// setNotifyPrefsAPI is PUT /api/me/notifications with some or all events;
// an unknown event or channel → 422, nothing changed.
func (s *Server) setNotifyPrefsAPI(c *fiber.Ctx) error {
	var raw map[string]any
	if err := bindJSON(c, &raw); err != nil {
		return err
	}
	prefs := make(map[string]string, len(raw))
	for k, v := range raw {
		str, ok := v.(string)
		if !ok {
			return &queries.ParamError{Problems: []queries.ParamProblem{{Key: k, Message: `通知方式须为 inapp、email 或 both / the channel must be "inapp", "email" or "both"`}}}
		}
		prefs[k] = str
	}
	if err := s.Store.SetNotifyPrefs(c.UserContext(), userOf(c).Username, prefs); err != nil {
		return err
	}
	return s.notifyPrefsAPI(c)
}

// webhooksAPI is GET /api/webhooks (administrator): never a secret.
func (s *Server) webhooksAPI(c *fiber.Ctx) error {
	ws, err := s.Store.Webhooks(c.UserContext())
	if err != nil {
		return err
	}
	return c.JSON(ws)
}

// createWebhookAPI is POST /api/webhooks {"url","events","secret"} → 201.
func (s *Server) createWebhookAPI(c *fiber.Ctx) error {
	var in queries.WebhookInput
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	w, err := s.Store.CreateWebhook(queries.WithAddr(c.UserContext(), s.clientIP(c)), userOf(c).Username, in)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(w)
}

func webhookID(c *fiber.Ctx) (int64, error) {
	id, err := strconv.ParseInt(c.Params("id"), 10, 64)
	if err != nil {
		return 0, queries.ErrNotFound
	}
	return id, nil
}

// deleteWebhookAPI is DELETE /api/webhooks/{id} → 204.
func (s *Server) deleteWebhookAPI(c *fiber.Ctx) error {
	id, err := webhookID(c)
	if err != nil {
		return err
	}
	if err := s.Store.DeleteWebhook(c.UserContext(), userOf(c).Username, id); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}

// deliveriesAPI is GET /api/webhooks/{id}/deliveries → [{"event","at",
// "attempt","status","error"}], newest first.
func (s *Server) deliveriesAPI(c *fiber.Ctx) error {
	id, err := webhookID(c)
	if err != nil {
		return err
	}
	ds, err := s.Store.WebhookDeliveries(c.UserContext(), id)
	if err != nil {
		return err
	}
	return c.JSON(ds)
}

// startNotifier starts the delivery of the store's events; a recipient's
// scope is the policy's for its role and unit.
func (s *Server) startNotifier() {
	s.notifier = notify.New(s.Store, func(a *queries.Account) queries.Scope { return s.policy.get().ScopeOf(a) }, s.log)
	s.notifier.Start()
}

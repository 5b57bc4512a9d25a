package server

import (
	"net/url"
	"strings"

	"github.com/gofiber/fiber/v2"

	"jixiao/dashboards"
)

// registerLoginLockRoutes: the administrator sees which accounts and
// addresses wait after failed sign-ins and lifts a lock, by API and on the
// page /logins (the policy opens both to admin only).
func registerLoginLockRoutes(app *fiber.App, api fiber.Router, s *Server) {
	api.Get("/login-locks", s.loginLocks)
	api.Post("/login-locks/unlock", s.unlockLogin)
	h := &workflowPages{pageHandlers: &pageHandlers{s: s, pages: sitePages()}, wp: workflowTemplates()}
	app.Get("/logins", h.logins)
	app.Post("/logins/unlock", h.unlockLoginForm)
}

func (s *Server) loginLocks(c *fiber.Ctx) error { return c.JSON(s.throttle.locked()) }

type unlockRequest struct {
	Username string `json:"username"`
	Addr     string `json:"addr"`
}

// unlock lifts the failures of an account (from every address) and of an
// address when given; the failures stay in the audit, with the unlock after
// them, so a restart does not lock again.
func (s *Server) unlock(c *fiber.Ctx, req unlockRequest) error {
	req.Username, req.Addr = strings.TrimSpace(req.Username), strings.TrimSpace(req.Addr)
	if (req.Username == "" && req.Addr == "") || len(req.Username) > 200 || len(req.Addr) > 100 {
		return fiber.NewError(fiber.StatusBadRequest, "name an account or an address / 请填写用户名或地址")
	}
	s.throttle.unlock(req.Username, req.Addr)
	s.Audit(c, "login_unlock", userKey(req.Username), req.Addr)
	return nil
}

func (s *Server) unlockLogin(c *fiber.Ctx) error {
	var req unlockRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	if err := s.unlock(c, req); err != nil {
		return err
	}
	return c.JSON(fiber.Map{"username": req.Username, "addr": req.Addr, "unlocked": true})
}

// logins is /logins: the accounts and addresses that wait, each with an unlock button.
func (h *workflowPages) logins(c *fiber.Ctx) error {
	p, err := h.page(c)
	if err != nil {
		return h.fail(c, p, err)
	}
	d := &dashboards.LoginLocksData{Page: p, Flash: flash(c, p.Lang), Title: dashboards.T(p.Lang, "wf_logins_title")}
	for _, l := range h.s.throttle.locked() {
		d.Locks = append(d.Locks, dashboards.LoginLock{Username: l.Username, Addr: l.Addr, Minutes: (l.RetryAfter + 59) / 60})
	}
	return h.render(c, fiber.StatusOK, "logins", d)
}

func (h *workflowPages) unlockLoginForm(c *fiber.Ctx) error {
	if err := h.s.unlock(c, unlockRequest{Username: c.FormValue("username"), Addr: c.FormValue("addr")}); err != nil {
		return err
	}
	return c.Redirect("/logins?done=1&lang="+url.QueryEscape(langOf(c)), fiber.StatusSeeOther)
}

package server

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"jixiao/queries"
	"jixiao/queries/accounts"
)

func (s *Server) registerAuthRoutes(app *fiber.App, api fiber.Router) {
	app.Get("/login", s.loginPage)
	api.Post("/login", s.login)
	api.Post("/logout", s.logout)
	app.Post("/logout", s.logout)
	api.Get("/me", s.me)
	api.Post("/password", s.changePassword)
	api.Post("/view-as", s.viewAs)
	api.Delete("/view-as", s.endViewAs)
}

// bindJSON decodes a JSON request body into v. JSON writes must say so in
// their Content-Type: a cross-site form cannot.
func bindJSON(c *fiber.Ctx, v any) error {
	if !strings.HasPrefix(strings.ToLower(c.Get(fiber.HeaderContentType)), fiber.MIMEApplicationJSON) {
		return fiber.NewError(fiber.StatusUnsupportedMediaType, "send JSON with Content-Type: application/json")
	}
	if len(c.Body()) > jsonBodyLimit {
		return fiber.NewError(fiber.StatusRequestEntityTooLarge, "request body too large")
	}
	if err := c.BodyParser(v); err != nil {
		return fiber.NewError(fiber.StatusBadRequest, "malformed JSON body")
	}
	return nil
}

// isForm is a browser form post (the login page works without script).
func isForm(c *fiber.Ctx) bool {
	ct := strings.ToLower(c.Get(fiber.HeaderContentType))
	return strings.HasPrefix(ct, fiber.MIMEApplicationForm) || strings.HasPrefix(ct, fiber.MIMEMultipartForm)
}

type loginRequest struct {
	Username string `json:"username" form:"username"`
	Password string `json:"password" form:"password"`
	Next     string `json:"next" form:"next"`
}

// login checks a password and opens a session: JSON in, the user out, or
// a form post from the login page, answered with redirects.
func (s *Server) login(c *fiber.Ctx) error {
	var req loginRequest
	form := isForm(c)
	if form {
		req.Username, req.Password, req.Next = c.FormValue("username"), c.FormValue("password"), c.FormValue("next")
	} else if err := bindJSON(c, &req); err != nil {
		return err
	}
	req.Username = strings.TrimSpace(req.Username)
	if req.Username == "" || req.Password == "" || len(req.Username) > 200 || len(req.Password) > 200 {
		return s.loginFailed(c, form, req, fiber.StatusBadRequest, "username and password are required / 请输入用户名和密码")
	}
	ctx, addr := c.UserContext(), s.clientIP(c)
	if wait := s.throttle.retryAfter(req.Username, addr); wait > 0 {
		if s.throttle.shouldAudit(userKey(req.Username) + "|" + addr) {
			_ = s.Store.Audit(ctx, req.Username, "login_throttled", req.Username, fmt.Sprintf("refused for %s after repeated failures", wait.Round(time.Second)), addr)
		}
		c.Set(fiber.HeaderRetryAfter, fmt.Sprint(int(wait.Seconds())+1))
		return s.loginFailed(c, form, req, fiber.StatusTooManyRequests,
			fmt.Sprintf("too many failed sign-ins; try again in %d minute(s) / 登录失败次数过多，请 %d 分钟后再试", int(wait.Minutes())+1, int(wait.Minutes())+1))
	}
	if d := s.throttle.addrDelay(addr); d > 0 {
		// Many failures from this address (a guesser, or a proxy in front
		// of many people): slowed, one at a time, never refused outright.
		if s.throttle.shouldAudit("|" + addr) {
			_ = s.Store.Audit(ctx, req.Username, "login_throttled", req.Username, fmt.Sprintf("address slowed by %s after repeated failures", d), addr)
		}
		release, err := s.throttle.slow(ctx, addr, d)
		if err != nil {
			c.Set(fiber.HeaderRetryAfter, fmt.Sprint(int(s.cfg.LoginAddrDelay.Seconds())+1))
			return s.loginFailed(c, form, req, fiber.StatusTooManyRequests,
				"too many sign-ins from your address are waiting; try again in a moment / 当前地址登录请求过多，请稍后再试")
		}
		defer release()
	}
	acc, err := s.Accounts.Authenticate(ctx, req.Username, req.Password)
	if errors.Is(err, accounts.ErrBadCredentials) {
		s.throttle.fail(req.Username, addr)
		if aerr := s.Store.Audit(ctx, req.Username, "login_failed", req.Username, "wrong username or password", addr); aerr != nil {
			s.log.Error("audit login failure", "err", aerr)
		}
		return s.loginFailed(c, form, req, fiber.StatusUnauthorized, "wrong username or password / 用户名或密码错误")
	}
	if errors.Is(err, accounts.ErrDirectoryUnavailable) {
		// never another password: the sign-in waits for the directory
		s.log.Warn("directory sign-on", "user", req.Username, "err", err)
		return s.loginFailed(c, form, req, fiber.StatusServiceUnavailable,
			"the directory (LDAP) cannot be reached; try again later / 目录服务（LDAP）暂时无法访问，请稍后再试")
	}
	if err != nil {
		return err
	}
	s.throttle.success(req.Username, addr)
	if err := s.startSession(c, acc); err != nil {
		return err
	}
	_ = s.Store.Audit(ctx, acc.Username, "login", acc.Username, "", addr)
	if form {
		return c.Redirect(safeNext(req.Next), fiber.StatusSeeOther)
	}
	return c.JSON(User{Username: acc.Username, Name: acc.Name, Role: acc.Role, UnitCode: acc.UnitCode})
}

func (s *Server) loginFailed(c *fiber.Ctx, form bool, req loginRequest, code int, msg string) error {
	if form {
		q := url.Values{"error": {fmt.Sprint(code)}}
		if req.Next != "" {
			q.Set("next", safeNext(req.Next))
		}
		return c.Redirect("/login?"+q.Encode(), fiber.StatusSeeOther)
	}
	return fiber.NewError(code, msg)
}

// safeNext keeps a post-login redirect on this server.
func safeNext(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.ContainsAny(next, "\\\r\n") {
		return "/"
	}
	return next
}

func (s *Server) startSession(c *fiber.Ctx, acc *queries.Account) error {
	secret := accounts.NewSecret("s")
	exp := time.Now().Add(s.cfg.SessionTTL)
	if err := s.Accounts.CreateSession(c.UserContext(), accounts.HashSecret(secret), acc.Username, s.clientIP(c), c.Get(fiber.HeaderUserAgent), exp); err != nil {
		return err
	}
	s.setSessionCookie(c, secret, exp)
	return nil
}

func (s *Server) logout(c *fiber.Ctx) error {
	if h, _ := c.Locals(localSession).(string); h != "" {
		if err := s.Accounts.DeleteSession(c.UserContext(), h); err != nil {
			return err
		}
		s.sessions.drop("s:" + h)
	}
	s.clearSessionCookie(c)
	if !isAPI(c) {
		return c.Redirect("/login", fiber.StatusSeeOther)
	}
	return c.JSON(fiber.Map{"ok": true})
}

// meResponse is the signed-in user, what it sees, and who is really
// looking while an admin views as someone.
type meResponse struct {
	User
	Scope     scopeInfo `json:"scope"`
	ViewingAs bool      `json:"viewing_as"`
	RealUser  *User     `json:"real_user,omitempty"`
}

type scopeInfo struct {
	All        bool     `json:"all"`
	Subtree    bool     `json:"subtree"`
	PeersNamed bool     `json:"peers_named"`
	PeersAnon  bool     `json:"peers_anonymised"`
	Statuses   []string `json:"period_statuses"`
}

func (s *Server) me(c *fiber.Ctx) error {
	sc := scopeOf(c)
	out := meResponse{User: *userOf(c), Scope: scopeInfo{sc.All, sc.Subtree, sc.PeersNamed, sc.PeersAnon, sc.Statuses}}
	if viewingAs(c) {
		r := realAccountOf(c)
		out.ViewingAs = true
		out.RealUser = &User{Username: r.Username, Name: r.Name, Role: r.Role, UnitCode: r.UnitCode}
	}
	return c.JSON(out)
}

type passwordRequest struct {
	OldPassword string `json:"old_password"`
	NewPassword string `json:"new_password"`
}

// changePassword needs the current password; it signs the user's other
// sessions out.
func (s *Server) changePassword(c *fiber.Ctx) error {
	var req passwordRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	u, addr, ctx := userOf(c), s.clientIP(c), c.UserContext()
	if err := accounts.CheckPassword(u.Username, req.NewPassword); err != nil {
		return err // 422 naming the rule (SPEC §14)
	}
	if req.NewPassword == req.OldPassword {
		return fiber.NewError(fiber.StatusBadRequest, "choose a different new password / 请设置不同的新密码")
	}
	if wait := s.throttle.retryAfter(u.Username, addr); wait > 0 {
		c.Set(fiber.HeaderRetryAfter, fmt.Sprint(int(wait.Seconds())+1))
		return fiber.NewError(fiber.StatusTooManyRequests, "too many failed attempts / 失败次数过多")
	}
	if _, err := s.Accounts.Authenticate(ctx, u.Username, req.OldPassword); err != nil {
		if errors.Is(err, accounts.ErrBadCredentials) {
			s.throttle.fail(u.Username, addr)
			_ = s.Store.Audit(ctx, u.Username, "login_failed", u.Username, "wrong current password on password change", addr)
			return fiber.NewError(fiber.StatusUnauthorized, "the current password is wrong / 当前密码错误")
		}
		return err
	}
	if err := s.Accounts.SetPassword(ctx, u.Username, req.NewPassword, u.Username); err != nil {
		return err
	}
	keep, _ := c.Locals(localSession).(string)
	if err := s.Accounts.DeleteUserSessions(ctx, u.Username, keep); err != nil {
		return err
	}
	s.sessions.dropUser(u.Username)
	return c.JSON(fiber.Map{"ok": true})
}

type viewAsRequest struct {
	Username string `json:"username"`
}

// viewAs lets an admin see exactly what another user sees (read-only),
// kept in the session until ended; both ends are audited.
func (s *Server) viewAs(c *fiber.Ctx) error {
	var req viewAsRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	hash, _ := c.Locals(localSession).(string)
	if hash == "" {
		return fiber.NewError(fiber.StatusBadRequest, "viewing as another user needs a browser session")
	}
	me := realAccountOf(c)
	target, err := s.Accounts.Account(c.UserContext(), strings.TrimSpace(req.Username))
	if err != nil {
		return err
	}
	if target.Username == me.Username {
		return s.endViewAs(c)
	}
	if err := s.Accounts.SetSessionViewAs(c.UserContext(), hash, target.Username); err != nil {
		return err
	}
	s.sessions.drop("s:" + hash)
	s.Audit(c, "view_as", target.Username, fmt.Sprintf("%s (%s, %s)", target.Name, target.Role, target.UnitCode))
	return c.JSON(User{Username: target.Username, Name: target.Name, Role: target.Role, UnitCode: target.UnitCode})
}

func (s *Server) endViewAs(c *fiber.Ctx) error {
	hash, _ := c.Locals(localSession).(string)
	if hash == "" {
		return fiber.NewError(fiber.StatusBadRequest, "viewing as another user needs a browser session")
	}
	if err := s.Accounts.SetSessionViewAs(c.UserContext(), hash, ""); err != nil {
		return err
	}
	s.sessions.drop("s:" + hash)
	if viewingAs(c) {
		s.Audit(c, "view_as_end", userOf(c).Username, "")
	}
	r := realAccountOf(c)
	return c.JSON(User{Username: r.Username, Name: r.Name, Role: r.Role, UnitCode: r.UnitCode})
}

// Audit records a write by the request's user (the real one, with the
// viewed user noted) and address. A failure to record is logged: the write
// it describes has already happened.
func (s *Server) Audit(c *fiber.Ctx, action, target, detail string) {
	who := "anonymous"
	if r := realAccountOf(c); r != nil {
		who = r.Username
	}
	if viewingAs(c) {
		detail = strings.TrimSpace(detail + " (viewing as " + userOf(c).Username + ")")
	}
	if err := s.Store.Audit(c.UserContext(), who, action, target, detail, s.clientIP(c)); err != nil {
		s.log.Error("audit", "action", action, "err", err)
	}
}

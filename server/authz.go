package server

import (
	"net/url"
	"strings"

	"github.com/gofiber/fiber/v2"
)

// subjectOf is the casbin subject and domain of a request's effective user.
func subjectOf(c *fiber.Ctx) (role, level string) {
	if a := accountOf(c); a != nil {
		return a.Role, a.UnitLevel
	}
	return roleAnonymous, ""
}

// Enforce asks the policy whether the request's user may act on obj: a
// path, or a named permission that workflow code checks beyond its route
// (for example Enforce(c, "/api/appeals/7/decide", "POST")).
func (s *Server) Enforce(c *fiber.Ctx, obj, act string) bool {
	role, level := subjectOf(c)
	return s.policy.get().Allow(role, level, obj, act)
}

// viewAsPath is decided on the real user, so that an admin viewing as a
// department can switch back.
const viewAsPath = "/api/view-as"

// authorize is the one place that opens routes: deny unless the policy
// allows the user's role the method on the path. Without a session, API
// routes answer 401 and pages send the browser to /login.
func (s *Server) authorize(c *fiber.Ctx) error {
	path, method := c.Path(), c.Method()
	p := s.policy.get()
	role, level := subjectOf(c)
	if path == viewAsPath || path == "/api/logout" || path == "/logout" {
		if r := realAccountOf(c); r != nil {
			role, level = r.Role, r.UnitLevel
		}
	}
	if p.Allow(role, level, path, method) {
		if viewingAs(c) && !isRead(method) && path != viewAsPath && path != "/api/logout" && path != "/logout" {
			return fiber.NewError(fiber.StatusForbidden, "viewing as another user is read-only / 以他人视角查看时只读")
		}
		return c.Next()
	}
	if accountOf(c) == nil {
		return s.unauthenticated(c)
	}
	return fiber.NewError(fiber.StatusForbidden, "forbidden / 无权访问")
}

func (s *Server) unauthenticated(c *fiber.Ctx) error {
	if !isAPI(c) && isRead(c.Method()) {
		return c.Redirect("/login?next="+url.QueryEscape(c.OriginalURL()), fiber.StatusSeeOther)
	}
	return fiber.NewError(fiber.StatusUnauthorized, "sign in first / 请先登录")
}

func isAPI(c *fiber.Ctx) bool { return strings.HasPrefix(c.Path(), "/api/") }

func isRead(method string) bool {
	return method == fiber.MethodGet || method == fiber.MethodHead || method == fiber.MethodOptions
}

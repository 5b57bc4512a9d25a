package server

import (
	"context"
	"jixiao/queries"
	"log/slog"
	"net/url"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
)

// contentSecurityPolicy allows nothing but the server itself: no inline
// script, no CDN (the tax intranet has none), no framing.
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"

// logRequests is the outermost middleware: it maps the chain's error to a
// response (so the status is known), logs one line per request without
// secrets (no query string, no body, no headers), and after any write
// picks up the new data version so the cache never serves the old one.
func (s *Server) logRequests(c *fiber.Ctx) error {
	start := time.Now()
	err := c.Next()
	if err != nil {
		if herr := s.errorHandler(c, err); herr != nil {
			_ = c.SendStatus(fiber.StatusInternalServerError)
		}
	}
	if !isRead(c.Method()) {
		s.afterWrite(c)
	}
	status := c.Response().StatusCode()
	level := slog.LevelDebug
	switch {
	case status >= 500:
		level = slog.LevelError
	case status == fiber.StatusTooManyRequests || status == fiber.StatusUnauthorized && c.Path() == "/api/login":
		level = slog.LevelWarn
	}
	if !s.log.Enabled(context.Background(), level) {
		return nil
	}
	attrs := []any{"method", c.Method(), "path", c.Path(), "status", status,
		"ms", float64(time.Since(start).Microseconds()) / 1000, "ip", s.clientIP(c)}
	if u := userOf(c); u != nil {
		attrs = append(attrs, "user", u.Username)
		if r := realAccountOf(c); r != nil && r.Username != u.Username {
			attrs = append(attrs, "real_user", r.Username)
		}
	}
	s.log.Log(context.Background(), level, "request", attrs...)
	return nil
}

// secureHeaders sets the security headers on every response; handlers may
// loosen Cache-Control for static assets.
func (s *Server) secureHeaders(c *fiber.Ctx) error {
	h := &c.Response().Header
	h.Set("Content-Security-Policy", contentSecurityPolicy)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Referrer-Policy", "same-origin")
	h.Set("Cross-Origin-Opener-Policy", "same-origin")
	h.Set("Cross-Origin-Resource-Policy", "same-origin")
	h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
	h.Set("Cache-Control", "no-store")
	if s.cfg.SecureCookies {
		h.Set("Strict-Transport-Security", "max-age=31536000")
	}
	return c.Next()
}

// withTimeout gives every request a deadline its queries share.
func (s *Server) withTimeout(c *fiber.Ctx) error {
	ctx, cancel := context.WithTimeout(context.Background(), s.cfg.RequestTimeout)
	defer cancel()
	c.SetUserContext(queries.WithAddr(ctx, s.clientIP(c))) // every audit entry of the request records the address
	return c.Next()
}

// csrf refuses a write that a browser could have been tricked into sending:
// one not authenticated by a bearer token whose Origin (else Referer) names
// another origin. Requests without either header come from non-browser
// clients or same-origin navigation (SameSite=Lax keeps the cookie off
// cross-site subrequests).
func (s *Server) csrf(c *fiber.Ctx) error {
	if isRead(c.Method()) || c.Locals(localAuth) == "bearer" {
		return c.Next()
	}
	src := c.Get(fiber.HeaderOrigin)
	if src == "" {
		src = c.Get(fiber.HeaderReferer)
	}
	if src != "" {
		u, err := url.Parse(src)
		if err != nil || u.Host == "" || !sameOrigin(u, c.Protocol(), string(c.Request().Host())) {
			s.log.Warn("cross-origin write refused", "path", c.Path(), "origin", src, "ip", s.clientIP(c))
			return fiber.NewError(fiber.StatusForbidden, "cross-origin request refused / 拒绝跨站请求")
		}
	}
	return c.Next()
}

// sameOrigin compares an Origin (or Referer) with the request's own
// origin as browsers do: scheme, host and port, a default port spelled
// or not (http://h and http://h:80 are one origin, https://h another).
func sameOrigin(u *url.URL, scheme, host string) bool {
	req, err := url.Parse(scheme + "://" + host)
	if err != nil {
		return false
	}
	port := func(u *url.URL) string {
		if p := u.Port(); p != "" {
			return p
		}
		return map[string]string{"http": "80", "https": "443"}[strings.ToLower(u.Scheme)]
	}
	return strings.EqualFold(u.Scheme, req.Scheme) && strings.EqualFold(u.Hostname(), req.Hostname()) && port(u) == port(req)
}

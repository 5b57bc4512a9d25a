package server

import (
	"strings"

	"github.com/gofiber/fiber/v2"

	"jixiao/dashboards"
)

// loginPage is the sign-in form. It posts to /api/login as a plain form
// (fields username, password, next) and so works without script; a
// failure comes back as ?error=401 (or 400, 429).
func (s *Server) loginPage(c *fiber.Ctx) error {
	lang := langOf(c)
	if l := c.Query("lang"); l == "en" || l == "zh" {
		c.Cookie(&fiber.Cookie{Name: "lang", Value: l, Path: "/", MaxAge: 365 * 24 * 3600, SameSite: fiber.CookieSameSiteLaxMode, Secure: s.cfg.SecureCookies})
	}
	key := map[string]string{"400": "login_required", "401": "login_failed", "429": "login_throttled", "503": "acc_login_directory_down"}[c.Query("error")]
	d := &dashboards.LoginData{Page: dashboards.Page{Lang: lang, URL: requestURL(c)}, Next: safeNext(c.Query("next"))}
	if key != "" {
		d.Error = dashboards.T(lang, key)
	}
	var b strings.Builder
	if err := sitePages().Login(&b, d); err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, fiber.MIMETextHTMLCharsetUTF8)
	return c.SendString(b.String())
}

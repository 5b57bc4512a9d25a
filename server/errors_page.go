package server

import (
	"net/url"
	"strings"

	"github.com/gofiber/fiber/v2"

	"jixiao/dashboards"
)

// styledError writes a refused or failed page request as the site's own
// error page (the layout, a way back to the referring page and home),
// falling back to the bare page if that cannot render.
func (s *Server) styledError(c *fiber.Ctx, code int, msg string) error {
	p := dashboards.Page{Lang: langOf(c)}
	if u := userOf(c); u != nil {
		p.User = dashboards.Viewer{Username: u.Username, Name: u.Name, Role: u.Role, UnitCode: u.UnitCode}
	}
	var b strings.Builder
	if err := sitePages().Error(&b, &dashboards.ErrorData{Page: p, Status: code, Back: sameSiteBack(c)}); err != nil {
		return errorPage.Execute(c.Response().BodyWriter(), struct {
			Code    int
			Message string
		}{code, msg})
	}
	return c.SendString(b.String())
}

// sameSiteBack is the Referer's path when it is a page of this site other
// than the one refused.
func sameSiteBack(c *fiber.Ctx) string {
	ref, err := url.Parse(c.Get(fiber.HeaderReferer))
	if err != nil || ref.Host != c.Hostname() || !strings.HasPrefix(ref.Path, "/") || strings.HasPrefix(ref.Path, "//") {
		return ""
	}
	back := ref.EscapedPath()
	if ref.RawQuery != "" {
		back += "?" + ref.RawQuery
	}
	if ref.Path == c.Path() {
		return ""
	}
	return back
}

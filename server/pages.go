package server

import (
	"context"
	"errors"
	"net/url"
	"strings"
	"sync"

	"github.com/gofiber/fiber/v2"

	"jixiao/dashboards"
	"jixiao/data"
	"jixiao/queries"
	"jixiao/queries/reads"
)

// pageHandlers serve the HTML pages: they read through the server's
// cached, scoped Reader and hand typed results to dashboards, which builds
// the charts and the HTML. No page reads anything the scope does not see:
// the Reader's reads take the scope and queries applies it.
type pageHandlers struct {
	s     *Server
	pages *dashboards.Pages
}

// registerPageRoutes adds the HTML pages and their assets. /login is
// registered with the auth routes (loginPage, in pages_login.go).
func registerPageRoutes(app *fiber.App, s *Server) {
	h := &pageHandlers{s: s, pages: sitePages()}
	app.Get(dashboards.AssetPrefix+"*", serveAsset)
	app.Get("/favicon.ico", func(c *fiber.Ctx) error {
		return c.Redirect(dashboards.AssetPath("favicon.svg"), fiber.StatusMovedPermanently)
	})
	app.Get("/", h.overview)
	app.Get("/units/:code", h.unit)
	app.Get("/indicators/:code", h.indicator)
	app.Get("/meeting", h.meeting)
	s.AddWarmer(h.warm)
}

// sitePages parses the embedded templates once per process.
var sitePages = parsedOnce(dashboards.NewPages)

// parsedOnce returns the pages that parse makes, parsed on first use.
// The templates are embedded: a broken one fails every test.
func parsedOnce[T any](parse func() (T, error)) func() T {
	return sync.OnceValue(func() T {
		p, err := parse()
		if err != nil {
			panic(err)
		}
		return p
	})
}

// serveAsset serves an embedded asset under its hashed name, forever
// cacheable, gzipped when the browser accepts it.
func serveAsset(c *fiber.Ctx) error {
	a, ok := dashboards.LookupAsset(c.Path())
	if !ok {
		return fiber.ErrNotFound
	}
	c.Set(fiber.HeaderContentType, a.ContentType)
	c.Set(fiber.HeaderCacheControl, dashboards.AssetCacheControl)
	c.Set(fiber.HeaderVary, fiber.HeaderAcceptEncoding)
	if gz := a.Gzipped(); gz != nil && strings.Contains(c.Get(fiber.HeaderAcceptEncoding), "gzip") {
		c.Set(fiber.HeaderContentEncoding, "gzip")
		return c.Send(gz)
	}
	return c.Send(a.Body)
}

// The top navigation is the table dashboards.NavPages (one line per page:
// its menu, path, label and who): a feature with a page adds its line
// there.

// navLinks are the navigation's pages the request's user may open: the
// policy allows the path (and the named permission its line asks), and a
// route serves it.
func (h *pageHandlers) navLinks(c *fiber.Ctx, lang string) []dashboards.Link {
	var out []dashboards.Link
	for _, n := range dashboards.NavPages {
		if !h.s.navRoutes[n.Path] || !h.s.Enforce(c, n.Path, fiber.MethodGet) {
			continue
		}
		if obj, act, ok := strings.Cut(n.Who, ":"); ok && !h.s.Enforce(c, obj, act) {
			continue
		}
		out = append(out, dashboards.Link{Label: dashboards.T(lang, n.Key), Href: n.Path, Group: n.Group, Active: n.Path == c.Path()})
	}
	return out
}

// page builds what every page shares: the user, the language (?lang=
// also sets the lang cookie), the visible periods and the chosen one
// (?period=, else the newest visible quarter; an invisible one is 404).
func (h *pageHandlers) page(c *fiber.Ctx) (dashboards.Page, error) {
	ctx, u := c.UserContext(), userOf(c)
	p := dashboards.Page{Lang: langOf(c), URL: requestURL(c)}
	if l := c.Query("lang"); l == "en" || l == "zh" {
		c.Cookie(&fiber.Cookie{Name: "lang", Value: l, Path: "/", MaxAge: 365 * 24 * 3600, SameSite: fiber.CookieSameSiteLaxMode, Secure: h.s.cfg.SecureCookies})
	}
	if u == nil {
		return p, nil
	}
	p.User = dashboards.Viewer{Username: u.Username, Name: u.Name, Role: u.Role, UnitCode: u.UnitCode}
	if unit, err := h.s.view(c).Unit(ctx, u.UnitCode); err == nil {
		p.User.UnitName = unit.Name
	}
	p.Nav = h.navLinks(c, p.Lang)
	p.Unread, _ = h.s.Store.UnreadNotifications(ctx, u.Username) // the bell is no reason to fail a page
	var err error
	if p.Periods, err = h.s.view(c).Periods(ctx); err != nil {
		return p, err
	}
	p.Period, err = pickPeriod(c.Query("period"), p.Periods)
	return p, err
}

// pickPeriod validates ?period= against the visible periods; without one
// it is the newest visible quarter ("" when none is visible).
func pickPeriod(raw string, visible []queries.PeriodStatus) (string, error) {
	if raw == "" {
		for _, ps := range visible {
			if data.IsQuarter(ps.Period) {
				return ps.Period, nil
			}
		}
		return "", nil
	}
	p, err := data.ParsePeriod(raw)
	if err != nil {
		return "", queries.ErrNotFound
	}
	for _, ps := range visible {
		if ps.Period == p.String() {
			return ps.Period, nil
		}
	}
	return "", queries.ErrNotFound
}

func requestURL(c *fiber.Ctx) *url.URL {
	u, err := url.Parse(c.OriginalURL())
	if err != nil {
		return &url.URL{Path: c.Path()}
	}
	return u
}

// crumbs are the unit's visible ancestors and the unit itself.
func (h *pageHandlers) crumbs(ctx context.Context, r *reads.View, u *queries.Unit, period string) ([]dashboards.Link, error) {
	anc, err := r.Ancestors(ctx, u.Code)
	if err != nil {
		return nil, err
	}
	q := ""
	if period != "" {
		q = "?period=" + url.QueryEscape(period)
	}
	out := make([]dashboards.Link, 0, len(anc)+1)
	for _, a := range anc {
		out = append(out, dashboards.Link{Label: dashboards.ShortName(a.Name), Href: "/units/" + url.PathEscape(a.Code) + q})
	}
	return append(out, dashboards.Link{Label: dashboards.ShortName(u.Name), Active: true}), nil
}

// html sends a rendered page.
func (h *pageHandlers) html(c *fiber.Ctx, status int, render func(w *strings.Builder) error) error {
	var b strings.Builder
	if err := render(&b); err != nil {
		return err
	}
	c.Status(status)
	c.Set(fiber.HeaderContentType, fiber.MIMETextHTMLCharsetUTF8)
	return c.SendString(b.String())
}

// fail answers a page's error as a page: whatever the scope cannot see is
// the 404 page; anything unexpected is logged and shown as "internal error".
func (h *pageHandlers) fail(c *fiber.Ctx, p dashboards.Page, err error) error {
	status := fiber.StatusInternalServerError
	var fe *fiber.Error
	switch {
	case errors.Is(err, queries.ErrNotFound):
		status = fiber.StatusNotFound
	case errors.As(err, &fe):
		status = fe.Code
	case errors.Is(err, context.DeadlineExceeded):
		status = fiber.StatusServiceUnavailable
		h.s.log.Error("page timed out", "path", c.Path(), "err", err)
	default:
		h.s.log.Error("page", "path", c.Path(), "err", err)
	}
	if p.Lang == "" {
		p.Lang = langOf(c)
	}
	p.Crumbs = nil
	return h.html(c, status, func(w *strings.Builder) error {
		return h.pages.Error(w, &dashboards.ErrorData{Page: p, Status: status})
	})
}

// optional turns "not found" into an absent result: a unit without a
// ranking (the root) or without a score in a period is no error.
func optional[T any](v T, err error) (T, error) {
	if errors.Is(err, queries.ErrNotFound) {
		var zero T
		return zero, nil
	}
	return v, err
}

// groupAverages is a group's mean score in each quarter of a trend, for
// the dashed line beside a unit's own.
func groupAverages(ctx context.Context, r *reads.View, group string, pts []queries.TrendPoint) ([]queries.TrendPoint, error) {
	if group == "" {
		return nil, nil
	}
	// One ranking a quarter: read them side by side (DuckDB reads in
	// parallel), which a cold cache feels.
	rs := make([]*queries.Ranking, len(pts))
	errs := make([]error, len(pts))
	var wg sync.WaitGroup
	for i, p := range pts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rs[i], errs[i] = optional(r.Ranking(ctx, p.Period, group))
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return dashboards.GroupAverage(rs), nil
}

package server

import (
	"errors"
	"net/url"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"jixiao/dashboards"
	"jixiao/data"
	"jixiao/queries"
	"jixiao/queries/imports"
)

// importPages serve /imports (数据导入): an upload form per import table,
// the batch history with rollback, and the downloadable templates. The
// forms post to page routes (no script needed) that run the API's import
// (importUpload) and rollback; a done step redirects (303) back to
// /imports, a rejected file shows the page again (422) with every error.
// Cross-site posts are refused by the csrf middleware (Origin/Referer).
type importPages struct {
	*pageHandlers
	ip *dashboards.ImportPages
}

// importsPath is the page; the CLI's "database is held by a running
// server" message sends users here.
const importsPath = "/imports"

// importTemplates parses the import pages' templates once.
var importTemplates = parsedOnce(dashboards.NewImportPages)

// registerImportPages adds /imports, its form posts and the templates.
func registerImportPages(app *fiber.App, s *Server) {
	h := &importPages{pageHandlers: &pageHandlers{s: s, pages: sitePages()}, ip: importTemplates()}
	app.Get(importsPath, h.imports)
	app.Get(importsPath+"/templates/:file", h.template)
	app.Post(importsPath+"/:batch/rollback", h.rollback)
	app.Post(importsPath+"/:kind", h.upload)
}

// canImport is the API's permission: the page shows to whoever may POST
// /api/imports/:kind, whatever the page routes' own rows say.
func (h *importPages) canImport(c *fiber.Ctx, kind data.Kind) bool {
	return h.s.Enforce(c, "/api/imports/"+string(kind), fiber.MethodPost)
}

func (h *importPages) canImportAny(c *fiber.Ctx) bool {
	for _, k := range data.Kinds {
		if h.canImport(c, k) {
			return true
		}
	}
	return false
}

// base is the page every answer of /imports shows: the layout's data, with
// the page's own URL (a form post answers at /imports/{kind}, whose URL the
// language link must not repeat) and no period picker (imports are not
// about one period).
func (h *importPages) base(c *fiber.Ctx) (*dashboards.ImportsData, error) {
	p, err := h.page(c)
	if err != nil {
		return &dashboards.ImportsData{Page: p}, err
	}
	p.URL = &url.URL{Path: importsPath}
	p.Periods, p.Period = nil, ""
	for i := range p.Nav {
		p.Nav[i].Active = p.Nav[i].Href == importsPath
	}
	return &dashboards.ImportsData{Page: p, Title: dashboards.T(p.Lang, "imp_title"), Kinds: dashboards.ImportKinds()}, nil
}

// show renders the page with the batch history and whatever d carries.
func (h *importPages) show(c *fiber.Ctx, status int, d *dashboards.ImportsData) error {
	bs, err := imports.Batches(c.UserContext(), h.s.Store)
	if err != nil {
		return h.fail(c, d.Page, err)
	}
	d.Batches = bs
	h.addCompleteness(c, d)
	return h.html(c, status, func(w *strings.Builder) error { return h.ip.Render(w, d) })
}

// forbidden is the 403 page for someone the policy lets open a page route
// but not import.
func (h *importPages) forbidden(c *fiber.Ctx, p dashboards.Page) error {
	return h.fail(c, p, fiber.NewError(fiber.StatusForbidden, "forbidden / 无权访问"))
}

// imports is GET /imports: ?batch=N reports an import just done, ?rolled=N
// a rollback.
func (h *importPages) imports(c *fiber.Ctx) error {
	d, err := h.base(c)
	if err != nil {
		return h.fail(c, d.Page, err)
	}
	if !h.canImportAny(c) {
		return h.forbidden(c, d.Page)
	}
	if id, err := strconv.ParseInt(c.Query("rolled"), 10, 64); err == nil {
		d.OK = dashboards.T(d.Lang, "imp_rolled_ok", id)
	}
	if id, err := strconv.ParseInt(c.Query("batch"), 10, 64); err == nil {
		bs, err := imports.Batches(c.UserContext(), h.s.Store)
		if err != nil {
			return h.fail(c, d.Page, err)
		}
		for i := range bs {
			if bs[i].ID == id {
				d.Result, d.Kind, d.File = &bs[i], bs[i].Kind, bs[i].Filename
				d.OK = dashboards.T(d.Lang, "imp_ok", id, dashboards.ImportKindName(d.Lang, bs[i].Kind), bs[i].Rows)
			}
		}
	}
	return h.show(c, fiber.StatusOK, d)
}

// upload is POST /imports/{kind}: the API's import of the form's "file".
func (h *importPages) upload(c *fiber.Ctx) error {
	d, err := h.base(c)
	if err != nil {
		return h.fail(c, d.Page, err)
	}
	kind, ok := data.ParseKind(c.Params("kind"))
	if !ok {
		return h.fail(c, d.Page, queries.ErrNotFound)
	}
	if !h.canImport(c, kind) {
		return h.forbidden(c, d.Page)
	}
	d.Kind = string(kind)
	if fh, err := c.FormFile("file"); err == nil {
		d.File = fh.Filename
	}
	b, err := h.s.importUpload(c, kind)
	if err == nil && b.Preview != nil {
		return h.showPreview(c, d, b)
	}
	if err == nil {
		return c.Redirect(importsPath+"?batch="+strconv.FormatInt(b.ID, 10), fiber.StatusSeeOther)
	}
	var rej *imports.RejectedError
	if errors.As(err, &rej) {
		d.Errors = rej.Errors
		d.Error = dashboards.T(d.Lang, "imp_rejected", d.File, len(rej.Errors))
		return h.show(c, fiber.StatusUnprocessableEntity, d)
	}
	if status, msg, ok := refused(err); ok {
		d.Error = msg
		return h.show(c, status, d)
	}
	return h.fail(c, d.Page, err)
}

// rollback is POST /imports/{batch}/rollback: the API's rollback.
func (h *importPages) rollback(c *fiber.Ctx) error {
	d, err := h.base(c)
	if err != nil {
		return h.fail(c, d.Page, err)
	}
	id, err := strconv.ParseInt(c.Params("batch"), 10, 64)
	if err != nil {
		return h.fail(c, d.Page, queries.ErrNotFound)
	}
	if !h.s.Enforce(c, "/api/imports/"+strconv.FormatInt(id, 10), fiber.MethodDelete) {
		return h.forbidden(c, d.Page)
	}
	if err := imports.Rollback(c.UserContext(), h.s.Store, id, auditUser(c)); err != nil {
		if status, msg, ok := refused(err); ok {
			d.Error = msg
			return h.show(c, status, d)
		}
		return h.fail(c, d.Page, err)
	}
	return c.Redirect(importsPath+"?rolled="+strconv.FormatInt(id, 10), fiber.StatusSeeOther)
}

package server

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/gofiber/fiber/v2"

	"jixiao/dashboards"
	"jixiao/data"
	"jixiao/queries"
	"jixiao/reports"
)

// The report centre's routes (报告中心): each user's inbox of the quarterly
// reports generated when a quarter went to review, their downloads, and
// the administrator's runs, failures and retries. What a user receives is
// queries' Scope.receives; a report outside it answers 404, never 403.

var reportCenterTemplates = parsedOnce(dashboards.NewReportCenterPages)

func (s *Server) registerReportCenterRoutes(app *fiber.App, api fiber.Router) {
	api.Get("/reports/inbox", s.reportInbox)
	api.Post("/reports/inbox/seen", s.reportsSeen)
	api.Get("/reports/files/:period/:unit/:format", s.reportDownload)
	api.Get("/reports/runs", s.reportRunsAPI)
	api.Post("/reports/retry", s.reportRetryAPI)
	h := &pageHandlers{s: s, pages: sitePages()}
	app.Get("/reports", func(c *fiber.Ctx) error { return s.reportCenterPage(c, h) })
	app.Post("/reports/retry", func(c *fiber.Ctx) error { return s.reportRetryPage(c, h) })
}

// reportInbox is GET /api/reports/inbox[?period=P]: the reports the user
// receives, newest quarter first, with what is new since the last visit.
func (s *Server) reportInbox(c *fiber.Ctx) error {
	period := c.Query("period")
	if period != "" && !data.IsQuarter(period) {
		return fiber.NewError(fiber.StatusBadRequest, "period must be a quarter such as 2025Q4 / 须为季度")
	}
	in, err := s.view(c).ReportInbox(c.UserContext(), queries.InboxFilter{Username: userOf(c).Username, Period: period})
	if err != nil {
		return err
	}
	_, noPDF := reports.FindBrowser()
	return c.JSON(fiber.Map{"items": in.Items, "new": in.New, "seen_at": in.SeenAt, "pdf_on_demand": noPDF == nil,
		"pdf_note": pdfNote(langOf(c), noPDF == nil)})
}

func pdfNote(lang string, pdf bool) string {
	if pdf {
		return dashboards.T(lang, "rc_pdf_on_demand")
	}
	return dashboards.T(lang, "rc_pdf_none")
}

// reportsSeen is POST /api/reports/inbox/seen: the user has looked.
func (s *Server) reportsSeen(c *fiber.Ctx) error {
	var body struct{}
	if err := bindJSON(c, &body); err != nil {
		return err // a cross-site form cannot mark the inbox seen
	}
	if err := s.Store.MarkReportsSeen(c.UserContext(), userOf(c).Username); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}

// reportDownload is GET /api/reports/files/{period}/{unit}/{format}: one
// stored report as a file.
func (s *Server) reportDownload(c *fiber.Ctx) error {
	format := c.Params("format")
	mime, ok := reportTypes[format]
	if !ok || format == "pdf" {
		return fiber.ErrNotFound
	}
	f, err := s.view(c).ReportFile(c.UserContext(), c.Params("period"), c.Params("unit"), format)
	if err != nil {
		return err
	}
	body := f.Body
	if f.LibAt != nil {
		body = reports.Inline(body, *f.LibAt)
	}
	s.Audit(c, "report_download", f.UnitCode+" "+f.Period, format)
	name := fmt.Sprintf("%s%s绩效分析报告-%s.%s", f.UnitName, dashboards.PeriodName("zh", f.Period), f.UnitCode, format)
	c.Set(fiber.HeaderContentType, mime)
	c.Set(fiber.HeaderContentDisposition, attachmentDisposition(name, fmt.Sprintf("report-%s-%s", f.UnitCode, f.Period)))
	c.Set(fiber.HeaderCacheControl, "private, no-store")
	return c.Send(body)
}

// reportRunsAPI is GET /api/reports/runs: the latest runs and the bureaus
// whose latest attempt stored nothing (administrators, by the policy).
func (s *Server) reportRunsAPI(c *fiber.Ctx) error {
	runs, err := s.view(c).ReportRuns(c.UserContext(), 50)
	if err != nil {
		return err
	}
	problems, err := s.view(c).ReportProblems(c.UserContext())
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"runs": runs, "problems": problems})
}

type retryRequest struct {
	Period string `json:"period"`
	Unit   string `json:"unit"`
}

// reportRetryAPI is POST /api/reports/retry {"period","unit"}: generate one
// bureau's report again now → {"status": ok|failed|skipped, "message"}.
func (s *Server) reportRetryAPI(c *fiber.Ctx) error {
	var req retryRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	status, msg, err := s.retryReport(c, req.Period, req.Unit)
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"period": req.Period, "unit": req.Unit, "status": status, "message": msg})
}

// retryReport checks and runs a retry; msg is the failure in plain words.
func (s *Server) retryReport(c *fiber.Ctx, period, unit string) (status, msg string, err error) {
	ctx := c.UserContext()
	if !data.IsQuarter(period) {
		return "", "", fiber.NewError(fiber.StatusBadRequest, "period must be a quarter such as 2025Q4 / 须为季度")
	}
	if _, err := s.view(c).ReportBureau(ctx, period, unit); err != nil {
		return "", "", err
	}
	info, err := s.view(c).PeriodInfo(ctx, period)
	if err != nil {
		return "", "", err
	}
	if info.Status == "open" {
		return "", "", &queries.Error{Kind: queries.Conflict, Msg: "考核期尚未公示，不生成报告 / the quarter is not in review: no report"}
	}
	status, err = s.reports.retry(ctx, period, unit, auditUser(c))
	if err != nil {
		return "", "", err
	}
	s.Audit(c, "report_retry", unit+" "+period, status)
	if status != "ok" {
		if ps, err := s.view(c).ReportProblems(ctx); err == nil {
			for _, p := range ps {
				if p.Period == period && p.UnitCode == unit {
					msg = p.Message
				}
			}
		}
	}
	return status, msg, nil
}

// reportCenterPage is /reports[?period=P]: the full list, filtered by quarter.
func (s *Server) reportCenterPage(c *fiber.Ctx, h *pageHandlers) error {
	var f dashboards.Flash
	if u := c.Query("retried"); u != "" {
		f = s.retryFlash(c, u, c.Query("result"))
	}
	return s.showReportCenter(c, h, fiber.StatusOK, f)
}

func (s *Server) showReportCenter(c *fiber.Ctx, h *pageHandlers, status int, f dashboards.Flash) error {
	p, err := h.page(c)
	if err != nil {
		return h.fail(c, p, err)
	}
	ctx := c.UserContext()
	filter := c.Query("period")
	if filter != "" && !data.IsQuarter(filter) {
		return h.fail(c, p, queries.ErrNotFound)
	}
	all, err := s.view(c).ReportInbox(ctx, queries.InboxFilter{Username: userOf(c).Username})
	if err != nil {
		return h.fail(c, p, err)
	}
	_, noPDF := reports.FindBrowser()
	d := &dashboards.ReportCenterData{Page: p, Flash: f, Title: dashboards.T(p.Lang, "rc_title"), Filter: filter, New: all.New,
		SeenAt: dashboards.FormatSeen(p.Lang, all.SeenAt), PDF: noPDF == nil}
	d.Periods = nil // the page filters with its own choice, "all quarters" included
	var items []queries.InboxItem
	for _, it := range all.Items {
		if len(d.Options) == 0 || d.Options[len(d.Options)-1] != it.Period {
			d.Options = append(d.Options, it.Period)
		}
		if filter == "" || it.Period == filter {
			items = append(items, it)
		}
	}
	d.Items = dashboards.ReportItems(p.Lang, items, d.PDF)
	if s.Enforce(c, "/api/reports/runs", fiber.MethodGet) {
		d.Admin = &dashboards.ReportAdmin{CanRetry: s.Enforce(c, "/reports/retry", fiber.MethodPost) && !viewingAs(c)}
		if d.Admin.Runs, err = s.view(c).ReportRuns(ctx, 20); err != nil {
			return h.fail(c, p, err)
		}
		if d.Admin.Problems, err = s.view(c).ReportProblems(ctx); err != nil {
			return h.fail(c, p, err)
		}
	}
	return h.html(c, status, func(w *strings.Builder) error { return reportCenterTemplates().Render(w, d) })
}

// retryFlash says how the last retry of unit went; a failure's reason is
// the one logged (never text from the address).
func (s *Server) retryFlash(c *fiber.Ctx, unit, result string) dashboards.Flash {
	ctx, lang := c.UserContext(), langOf(c)
	u, err := s.view(c).Unit(ctx, unit)
	if err != nil {
		return dashboards.Flash{}
	}
	if result == "ok" {
		return dashboards.Flash{OK: dashboards.T(lang, "rc_retried_ok", u.Name)}
	}
	msg := ""
	if ps, err := s.view(c).ReportProblems(ctx); err == nil {
		for _, p := range ps {
			if p.UnitCode == unit {
				msg = p.Message
				break
			}
		}
	}
	return dashboards.Flash{Error: dashboards.T(lang, "rc_retried_fail", u.Name, msg)}
}

// reportRetryPage is the retry button of /reports (a form post).
func (s *Server) reportRetryPage(c *fiber.Ctx, h *pageHandlers) error {
	unit := c.FormValue("unit")
	status, _, err := s.retryReport(c, c.FormValue("period"), unit)
	if err != nil {
		if st, m, ok := refused(err); ok {
			return s.showReportCenter(c, h, st, dashboards.Flash{Error: m})
		}
		p, _ := h.page(c)
		return h.fail(c, p, err)
	}
	return c.Redirect("/reports?retried="+url.QueryEscape(unit)+"&result="+url.QueryEscape(status), fiber.StatusSeeOther)
}

// addReportCard puts the 报告中心 card on the overview of a user who
// receives reports (read from the store: stored reports change no data
// version, so no cache may hold them). A failing read leaves it out.
func (h *pageHandlers) addReportCard(c *fiber.Ctx, d *dashboards.OverviewData) {
	sc := scopeOf(c)
	if !sc.ReceivesReports() {
		return
	}
	in, err := h.s.view(c).ReportInbox(c.UserContext(), queries.InboxFilter{Username: userOf(c).Username})
	if err != nil {
		h.s.log.Warn("report centre card", "err", err)
		return
	}
	_, noPDF := reports.FindBrowser()
	d.Reports = dashboards.NewReportCard(d.Lang, in, noPDF == nil)
	if h.s.Enforce(c, "/api/reports/runs", fiber.MethodGet) {
		if ps, err := h.s.view(c).ReportProblems(c.UserContext()); err == nil {
			for _, p := range ps {
				if p.Status == "failed" {
					d.Reports.Failed++
				}
			}
		}
	}
}

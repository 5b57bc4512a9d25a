package dashboards

import (
	"html/template"
	"io"
	"net/url"
	"time"

	"jixiao/queries"
)

// The report centre (报告中心): the overview's card of the quarterly reports
// a user receives, and the /reports page with all of them and, for the
// administrator, the runs and what failed.

// ReportItem is one received report as a row: where to download it.
type ReportItem struct {
	Lang        string
	Period      string
	UnitCode    string
	UnitName    string
	Status      string // the quarter's status
	GeneratedAt string
	New         bool
	Outdated    bool
	Files       []Link // HTML, XLSX and, when the server can print, PDF on demand
}

// ReportCard is the overview's 报告中心 card.
type ReportCard struct {
	Lang  string
	New   int
	Total int
	Items []ReportItem // the latest few
	PDF   bool
	// Failed counts the bureaus whose latest generation failed, for the
	// administrator (0 for everyone else).
	Failed int
}

// ReportCenterData is the /reports page.
type ReportCenterData struct {
	Page
	Flash
	Title   string
	Filter  string   // the quarter shown ("" = all)
	Options []string // quarters with reports, newest first
	New     int
	SeenAt  string
	Items   []ReportItem
	PDF     bool
	Admin   *ReportAdmin // nil unless the user sees the runs
}

// ReportAdmin is the administrator's view of generation.
type ReportAdmin struct {
	Runs     []queries.ReportRunSummary
	Problems []queries.ReportProblem
	CanRetry bool
}

// reportCardSize is how many reports the overview card lists.
const reportCardSize = 5

// ReportItems turns inbox items into rows with their download links.
func ReportItems(lang string, items []queries.InboxItem, pdf bool) []ReportItem {
	out := make([]ReportItem, 0, len(items))
	for _, it := range items {
		r := ReportItem{Lang: Lang(lang), Period: it.Period, UnitCode: it.UnitCode, UnitName: it.UnitName, Status: it.PeriodStatus,
			GeneratedAt: it.GeneratedAt.Local().Format("2006-01-02 15:04"), New: it.New, Outdated: it.Outdated}
		for _, f := range it.Formats {
			r.Files = append(r.Files, Link{Label: reportFormatLabel(f), Href: ReportFileHref(it.Period, it.UnitCode, f)})
		}
		if pdf {
			r.Files = append(r.Files, Link{Label: "PDF", Href: "/api/reports/quarterly?period=" + url.QueryEscape(it.Period) +
				"&unit=" + url.QueryEscape(it.UnitCode) + "&format=pdf"})
		}
		out = append(out, r)
	}
	return out
}

func reportFormatLabel(f string) string {
	switch f {
	case "html":
		return "HTML"
	case "xlsx":
		return "XLSX"
	}
	return f
}

// ReportFileHref is the download of a stored report.
func ReportFileHref(period, unit, format string) string {
	return "/api/reports/files/" + url.PathEscape(period) + "/" + url.PathEscape(unit) + "/" + url.PathEscape(format)
}

// NewReportCard is the overview's card over the user's inbox.
func NewReportCard(lang string, in *queries.Inbox, pdf bool) *ReportCard {
	c := &ReportCard{Lang: Lang(lang), PDF: pdf}
	if in == nil {
		return c
	}
	c.New, c.Total = in.New, len(in.Items)
	latest := latestFirst(in.Items)
	c.Items = ReportItems(lang, latest[:min(len(latest), reportCardSize)], pdf)
	return c
}

// latestFirst orders items by generation time, newest first (the inbox
// lists by quarter and tree order).
func latestFirst(items []queries.InboxItem) []queries.InboxItem {
	out := append([]queries.InboxItem(nil), items...)
	for i := 1; i < len(out); i++ { // insertion sort: stable, short lists
		for j := i; j > 0 && out[j].GeneratedAt.After(out[j-1].GeneratedAt); j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}

// FormatSeen is a last visit as the page shows it.
func FormatSeen(lang string, t *time.Time) string {
	if t == nil {
		return T(lang, "rc_never")
	}
	return t.Local().Format("2006-01-02 15:04")
}

// ReportCenterPages renders /reports on the shared layout.
type ReportCenterPages struct{ t map[string]*template.Template }

// NewReportCenterPages parses the report centre's template once.
func NewReportCenterPages() (*ReportCenterPages, error) {
	t, err := parsePages(funcs, map[string]string{"reports": "templates/report_center.html"}, "templates/report_card.html")
	if err != nil {
		return nil, err
	}
	return &ReportCenterPages{t: t}, nil
}

// Render writes the page; a failing template sends nothing.
func (p *ReportCenterPages) Render(w io.Writer, d *ReportCenterData) error {
	d.Lang = Lang(d.Lang)
	return renderLayout(p.t, w, "reports", d)
}

package dashboards

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"jixiao/queries"
)

func inboxItems() []queries.InboxItem {
	at := time.Date(2026, 1, 5, 9, 30, 0, 0, time.Local)
	var out []queries.InboxItem
	for i, code := range []string{"GX13", "GX01", "GX0101", "GX0102", "GX0103", "GX0104", "GX0105"} {
		out = append(out, queries.InboxItem{Period: "2025Q4", PeriodStatus: "review", UnitCode: code, UnitName: hostile,
			Formats: []string{"html", "xlsx"}, GeneratedAt: at.Add(time.Duration(i) * time.Minute), New: i%2 == 0, Outdated: i == 1})
	}
	return out
}

// TestReportCard: the card lists the latest five with their downloads and
// badges the new ones; without reports it says so in plain words.
func TestReportCard(t *testing.T) {
	items := inboxItems()
	c := NewReportCard("zh", &queries.Inbox{Items: items, New: 4}, true)
	if c.New != 4 || c.Total != 7 || len(c.Items) != 5 || c.Items[0].UnitCode != "GX0105" {
		t.Fatalf("card: new %d, total %d, %d items, first %s", c.New, c.Total, len(c.Items), c.Items[0].UnitCode)
	}
	if got := c.Items[0].Files; len(got) != 3 || got[0].Href != "/api/reports/files/2025Q4/GX0105/html" || !strings.Contains(got[2].Href, "format=pdf") {
		t.Errorf("files %+v", got)
	}
	if n := len(NewReportCard("zh", &queries.Inbox{Items: items}, false).Items[0].Files); n != 2 {
		t.Errorf("without Chromium %d links, want HTML and XLSX", n)
	}
	p := mustPages(t)
	var b bytes.Buffer
	root := queries.Unit{Code: "GX", Name: "广西", Kind: "bureau", Level: "province"}
	if err := p.Overview(&b, &OverviewData{Page: page("en", "/"), Unit: root, Reports: NewReportCard("en", &queries.Inbox{Items: []queries.InboxItem{}}, false)}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "No quarterly report yet") || strings.Contains(b.String(), `class="rc-badge"`) {
		t.Error("the empty card does not say so, or shows a badge")
	}
}

// TestReportCenterPage: the page escapes imported names and messages,
// lists the items, and offers the retry only when allowed.
func TestReportCenterPage(t *testing.T) {
	rp, err := NewReportCenterPages()
	if err != nil {
		t.Fatal(err)
	}
	for _, lang := range []string{"zh", "en"} {
		d := &ReportCenterData{Page: page(lang, "/reports"), Title: T(lang, "rc_title"), New: 4, SeenAt: FormatSeen(lang, nil),
			Items: ReportItems(lang, inboxItems(), false), Options: []string{"2025Q4"},
			Admin: &ReportAdmin{CanRetry: true, Problems: []queries.ReportProblem{{Period: "2025Q4", UnitCode: "GX02", UnitName: hostile,
				Status: "failed", Message: hostile, AttemptedBy: "jixiao", AttemptedAt: time.Now()}},
				Runs: []queries.ReportRunSummary{{ReportRun: queries.ReportRun{ID: 1, Period: "2025Q4", Status: "done", RequestedBy: hostile, RequestedAt: time.Now()}, OK: 6, Failed: 1}}}}
		var b bytes.Buffer
		if err := rp.Render(&b, d); err != nil {
			t.Fatal(err)
		}
		html := b.String()
		if strings.Contains(html, hostile) || strings.Contains(html, "<script>alert") {
			t.Errorf("%s: a hostile name is in the page as markup", lang)
		}
		if n := strings.Count(html, `class="rc-item`); n != 8 {
			t.Errorf("%s: %d items, want 7 reports and 1 problem", lang, n)
		}
		if !strings.Contains(html, `action="/reports/retry"`) || !strings.Contains(html, `data-mark-seen="/api/reports/inbox/seen"`) {
			t.Errorf("%s: no retry form or no visit marker", lang)
		}
		d.Admin.CanRetry = false
		b.Reset()
		rp.Render(&b, d)
		if strings.Contains(b.String(), `action="/reports/retry"`) {
			t.Errorf("%s: a retry form without the right", lang)
		}
	}
}

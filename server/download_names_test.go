package server

import (
	"net/url"
	"strings"
	"testing"
)

// TestDownloadNames: names from imported data are sanitised, and the ASCII
// name spells the period (report-GX01-2025Q4.html, never "20254-GX01.html").
func TestDownloadNames(t *testing.T) {
	for _, c := range []struct{ name, fallback, ascii, utf8 string }{
		{"国家税务总局百色市税务局2025年第4季度绩效分析报告-GX01.html", "report-GX01-2025Q4",
			"report-GX01-2025Q4.html", "国家税务总局百色市税务局2025年第4季度绩效分析报告-GX01.html"},
		{`..\..\evil"; filename=x.exe` + "\r\n.png", "evidence", `_.._evil__ filename=x.exe__.png`, `_.._evil__ filename=x.exe__.png`},
		{"a/b:c*d?.pdf", "evidence", "a_b_c_d_.pdf", "a_b_c_d_.pdf"},
		{"...", "evidence", "download", "download"},
		{strings.Repeat("长", 300) + ".xlsx", "report-X-2025Q4", "report-X-2025Q4.xlsx", strings.Repeat("长", 115) + ".xlsx"},
	} {
		got := attachmentDisposition(c.name, c.fallback)
		ascii, star, _ := strings.Cut(strings.TrimPrefix(got, `attachment; filename="`), `"; filename*=UTF-8''`)
		dec, err := url.PathUnescape(star)
		if ascii != c.ascii || err != nil || dec != c.utf8 {
			t.Errorf("%q:\n got %q / %q\nwant %q / %q", c.name, ascii, dec, c.ascii, c.utf8)
		}
	}
	// The report as downloaded.
	s, cookies := sharedServer(t)
	r := do(t, s, req{method: "GET", path: "/api/reports/quarterly?unit=GX01&period=2025Q3&format=html", cookie: cookies["office"]})
	if cd := r.headers.Get("Content-Disposition"); r.code != 200 || !strings.Contains(cd, `filename="report-GX01-2025Q3.html"`) {
		t.Errorf("report: %d %q", r.code, cd)
	}
}

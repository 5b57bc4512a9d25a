package server

import (
	"strings"
	"testing"
)

// TestAnalysisPages: the analysis tools' pages and their places in the
// overview, the unit page, the meeting and the imports page, in Chinese
// and English, and the tools closed to a department and a branch.
func TestAnalysisPages(t *testing.T) {
	s, ck := sharedServer(t)
	for _, c := range []struct {
		user, path string
		code       int
		want       []string
	}{
		{"leader", "/?period=2025Q3", 200, []string{`id="card-warnings"`, "数据截至 "}},
		{"leader", "/?period=2025Q3&lang=en", 200, []string{`id="card-warnings"`, "Data as of "}},
		{"leader", "/units/GX0101?period=2025Q3", 200, []string{`href="/units/GX0101/explain?period=2025Q3&amp;indicator=D01"`}},
		{"leader", "/units/GX0101/explain?period=2025Q3&indicator=D01", 200, []string{`id="card-formula"`, "r = clamp(", "SHA-256", `id="card-explain-adjustments"`}},
		{"leader", "/units/GX0101/explain?period=2025Q3&indicator=D01&lang=en", 200, []string{"Computation", "earned = "}},
		{"staff", "/units/GX0401-B1/explain?period=2025Q3&indicator=E01", 200, []string{`id="card-formula"`}},
		{"staff", "/units/GX0401-B2/explain?period=2025Q3&indicator=E01", 404, nil},
		{"dept", "/units/GX01-ZG/explain?period=2025Q4&indicator=M01", 404, nil}, // open quarter
		{"leader", "/units/GX0101/explain?period=2025&indicator=D01", 422, nil},
		{"leader", "/meeting?period=2025Q3", 200, []string{`id="slide-warnings"`}},
		{"office", "/imports", 200, []string{`id="card-completeness"`, "数据截至 ", "合计"}},
		{"leader", "/indicators/health?period=2025Q3", 200, []string{`id="card-health"`, "D01 税收收入完成率", `id="card-health-settings"`}},
		{"leader", "/indicators/health?period=2025Q3&indicator=E01", 200, []string{`id="chart-health-dist"`, `id="chart-health-scatter"`}},
		{"office", "/indicators/health?period=2025Q3", 200, []string{`action="/indicators/health/settings?period=2025Q3"`}},
		{"dept", "/indicators/health?period=2025Q3", 403, nil},
		{"staff", "/indicators/health", 403, nil},
		{"dept", "/", 200, []string{"数据截至 "}},
	} {
		code, html := getPage(t, s, ck[c.user], c.path)
		if code != c.code {
			t.Errorf("%s %s: %d, want %d", c.user, c.path, code, c.code)
			continue
		}
		for _, w := range c.want {
			if !strings.Contains(html, w) {
				t.Errorf("%s %s: lacks %q", c.user, c.path, w)
			}
		}
	}
	if code, html := getPage(t, s, ck["leader"], "/indicators/health?period=2025Q3"); code == 200 && strings.Contains(html, `action="/indicators/health/settings`) {
		t.Error("a leader is offered the thresholds form")
	}
}

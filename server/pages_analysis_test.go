package server

import (
	"fmt"
	"net/url"
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
		{"leader", "/whatif?period=2025Q3", 200, []string{`id="chart-whatif-slope"`, `id="card-grade-changes"`, `name="s.admin"`, `name="w.D01"`, "whatif"}},
		{"leader", "/whatif?period=2025Q3&group=GX01%3Abureau&s.info=0&w.D01=40&lang=en", 200, []string{"Grade changes", `id="chart-whatif-slope"`}},
		{"leader", "/whatif?period=2025Q3&group=GX%3Abureau&s.tax=2", 422, []string{"tax"}},
		{"county_leader", "/whatif?period=2025Q3&group=GX%3Abureau", 404, nil},
		{"dept", "/whatif", 403, nil},
		{"staff", "/whatif?period=2025Q3", 403, nil},
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

// TestWhatIfScenarioFlow: the office saves a scenario from the page, the
// unit's leader lists it, a leader may not delete it, the office turns it
// into indicator versions from the open quarter through the indicators
// import (a batch in the history), then deletes it.
func TestWhatIfScenarioFlow(t *testing.T) {
	t.Parallel() // its own store and server
	st := loadFixture(t, "")
	t.Cleanup(func() { st.Close() })
	s := newTestServer(t, st)
	office, leader, cityOffice := mustLogin(t, s, "office"), mustLogin(t, s, "leader"), mustLogin(t, s, "city_office")
	r := do(t, s, form("/whatif/save", office, url.Values{"name": {"服务加权"}, "period": {"2025Q4"}, "group": {"GX:bureau"},
		"s.service": {"1.5"}, "w.D01": {"20"}, "w.D03": {"25"}}))
	if r.code != 303 || !strings.Contains(r.headers.Get("Location"), "saved=1") {
		t.Fatalf("save: %d %s %s", r.code, r.headers.Get("Location"), r.body)
	}
	var list []struct {
		ID      int64
		Name    string
		Owner   string
		Weights map[string]float64
		Systems map[string]float64
	}
	do(t, s, req{method: "GET", path: "/api/whatif/scenarios", cookie: leader}).json(t, &list)
	if len(list) != 1 || list[0].Name != "服务加权" || list[0].Systems["service"] != 1.5 || list[0].Weights["D03"] != 25 {
		t.Fatalf("the unit's scenarios: %+v", list)
	}
	if _, ok := list[0].Weights["D01"]; ok {
		t.Errorf("an unchanged weight was saved: %+v", list[0].Weights)
	}
	id := fmt.Sprint(list[0].ID)
	if code, html := getPage(t, s, office, "/whatif"); code != 200 || !strings.Contains(html, "服务加权") || !strings.Contains(html, `action="/whatif/scenarios/`+id+`/apply"`) {
		t.Errorf("the office's page: %d, lacks the saved scenario or the apply form", code)
	}
	if _, html := getPage(t, s, leader, "/whatif"); strings.Contains(html, "/apply") {
		t.Error("a leader is offered to apply a scenario")
	}
	if r := do(t, s, req{method: "DELETE", path: "/api/whatif/scenarios/" + id, cookie: leader}); r.code != 403 {
		t.Errorf("delete by the leader: %d", r.code)
	}
	if r := do(t, s, req{method: "DELETE", path: "/api/whatif/scenarios/" + id, cookie: cityOffice}); r.code != 404 {
		t.Errorf("delete by another unit: %d", r.code)
	}
	r = do(t, s, form("/whatif/scenarios/"+id+"/apply", office, url.Values{"from": {"2025Q4"}}))
	if r.code != 303 || !strings.Contains(r.headers.Get("Location"), "applied=") {
		t.Fatalf("apply: %d %s", r.code, r.body)
	}
	var batches []struct{ Kind, Filename string }
	do(t, s, req{method: "GET", path: "/api/imports", cookie: office}).json(t, &batches)
	if len(batches) == 0 || batches[0].Kind != "indicators" || !strings.HasPrefix(batches[0].Filename, "whatif-") {
		t.Errorf("the newest batch: %+v", batches[:min(1, len(batches))])
	}
	var d03 []struct {
		Weight    float64
		ValidFrom string `json:"valid_from"`
		ValidTo   string `json:"valid_to"`
	}
	do(t, s, req{method: "GET", path: "/api/indicators/D03", cookie: office}).json(t, &d03)
	if len(d03) != 2 || d03[1].ValidFrom != "2025Q4" || d03[1].Weight != 37.5 || d03[0].ValidTo != "2025Q3" {
		t.Errorf("D03 after applying: %+v", d03)
	}
	r = do(t, s, req{method: "POST", path: "/api/whatif/scenarios/" + id + "/apply", body: `{"from":"2025Q3"}`, cookie: office})
	if r.code != 422 {
		t.Errorf("apply from a final quarter: %d %s", r.code, r.body)
	}
	if r := do(t, s, req{method: "DELETE", path: "/api/whatif/scenarios/" + id, cookie: office}); r.code != 204 {
		t.Errorf("delete by the owner: %d", r.code)
	}
}

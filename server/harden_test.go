package server

import (
	"bytes"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"jixiao/queries"
)

// TestReportRunsAdminOnly: the runs and failures of the report centre
// (GET /api/reports/runs and the page's "生成情况（管理员）" panel) are the
// administrator's; the leadership keeps its quarterly report download.
func TestReportRunsAdminOnly(t *testing.T) {
	s, ck := sharedServer(t)
	for _, u := range []string{"office", "committee", "leader", "city_office", "city_leader", "county_leader"} {
		if r := do(t, s, req{method: "GET", path: "/api/reports/runs", cookie: ck[u]}); r.code != 403 {
			t.Errorf("%s GET /api/reports/runs: %d, want 403", u, r.code)
		}
		page := do(t, s, req{method: "GET", path: "/reports", cookie: ck[u]})
		if page.code != 200 || bytes.Contains(page.body, []byte("生成情况")) {
			t.Errorf("%s /reports: %d, admin panel shown: %v", u, page.code, bytes.Contains(page.body, []byte("生成情况")))
		}
	}
	if r := do(t, s, req{method: "GET", path: "/api/reports/runs", cookie: ck["admin"]}); r.code != 200 {
		t.Errorf("admin GET /api/reports/runs: %d", r.code)
	}
	if page := do(t, s, req{method: "GET", path: "/reports", cookie: ck["admin"]}); !bytes.Contains(page.body, []byte("生成情况（管理员）")) {
		t.Error("the admin's /reports has no generation panel")
	}
	if r := do(t, s, req{method: "GET", path: "/api/reports/quarterly?period=2025Q3&unit=GX01&format=xlsx", cookie: ck["city_leader"]}); r.code != 200 {
		t.Errorf("city leader's quarterly report: %d", r.code)
	}
}

// TestInboxSeenNeedsJSON: marking the inbox seen is a JSON write like the
// others (a cross-site form cannot send it).
func TestInboxSeenNeedsJSON(t *testing.T) {
	s, ck := sharedServer(t)
	for _, ct := range []string{"", "text/plain", "application/x-www-form-urlencoded"} {
		h := map[string]string{}
		if ct != "" {
			h["Content-Type"] = ct
		}
		if r := do(t, s, req{method: "POST", path: "/api/reports/inbox/seen", headers: h, cookie: ck["city_leader"]}); r.code != 415 {
			t.Errorf("seen with Content-Type %q: %d, want 415", ct, r.code)
		}
	}
	if r := do(t, s, req{method: "POST", path: "/api/reports/inbox/seen", body: "{}", cookie: ck["city_leader"]}); r.code != 204 {
		t.Errorf("seen with JSON: %d", r.code)
	}
}

// TestAppealVisibilityInExplain: explain lists a unit's appeals only where
// the appeal routes show them: a named peer's appeal, 404 at
// /api/appeals/{id}, is not in the peer's explanation either.
func TestAppealVisibilityInExplain(t *testing.T) {
	t.Parallel() // its own store and server
	s, _, ck := workflowServer(t)
	a := fileAppeal(t, s, ck["admin"], `{"unit_code":"GX02","indicator_code":"D01","period":"2025Q4","claimed_actual":100,"reason":"口径"}`)
	explain := func(who string) (e queries.Explanation) {
		getOK(t, s, ck[who], "/api/units/GX02/explain?period=2025Q4&indicator=D01", &e)
		return e
	}
	if e := explain("admin"); len(e.Appeals) != 1 || e.Appeals[0].ID != a.ID {
		t.Fatalf("admin's explanation: appeals %+v", e.Appeals)
	}
	if r := do(t, s, req{method: "GET", path: fmt.Sprintf("/api/appeals/%d", a.ID), cookie: ck["city_leader"]}); r.code != 404 {
		t.Fatalf("city leader GET the peer's appeal: %d", r.code)
	}
	if e := explain("city_leader"); len(e.Appeals) != 0 {
		t.Errorf("the city leader's explanation of its peer GX02 lists appeals %+v that the appeal routes hide", e.Appeals)
	}
}

// TestExplainHidesImporterFromUnits: a department or branch sees which
// batch wrote its value (id, time, hash), not who imported which file.
func TestExplainHidesImporterFromUnits(t *testing.T) {
	t.Parallel()                  // its own store and server
	s, _, ck := workflowServer(t) // 2025Q4 in review: staff sees it
	get := func(who string) (e queries.Explanation) {
		getOK(t, s, ck[who], "/api/units/GX0401-B1/explain?period=2025Q4&indicator=E03", &e)
		return e
	}
	if e := get("city_office"); e.Batch == nil || e.Batch.ImportedBy != "test" || e.Batch.Filename == "" {
		t.Fatalf("city office's batch %+v, want the importer and file", e.Batch)
	}
	if e := get("staff"); e.Batch == nil || e.Batch.ImportedBy != "" || e.Batch.Filename != "" || e.Batch.SHA256 == "" {
		t.Errorf("staff's batch %+v: importer or file name shown", e.Batch)
	}
	page := func(who string) string {
		r := do(t, s, req{method: "GET", path: "/units/GX0401-B1/explain?period=2025Q4&indicator=E03", cookie: ck[who]})
		if r.code != 200 {
			t.Fatalf("%s explain page: %d", who, r.code)
		}
		return string(r.body)
	}
	if p := page("city_office"); !strings.Contains(p, "values.csv") {
		t.Error("the city office's explain page does not name the file")
	}
	if p := page("staff"); strings.Contains(p, "values.csv") || !strings.Contains(p, "导入批次 #") {
		t.Error("the branch's explain page names the file, or no batch")
	}
}

// TestEvidenceUploadFollowsTheRead: an appeal of a quarter taken back to
// open is invisible to the branch (404 on the read), and so is its upload.
func TestEvidenceUploadFollowsTheRead(t *testing.T) {
	t.Parallel() // its own store and server
	s, _, ck := workflowServer(t)
	a := fileAppeal(t, s, ck["staff"], `{"unit_code":"GX0401-B1","indicator_code":"E03","period":"2025Q4","claimed_actual":96,"reason":"漏计"}`)
	setStatus(t, s, ck["office"], "2025Q4", "open")
	if r := do(t, s, req{method: "GET", path: fmt.Sprintf("/api/appeals/%d", a.ID), cookie: ck["staff"]}); r.code != 404 {
		t.Fatalf("read after the quarter reopened: %d", r.code)
	}
	pdf := append([]byte("%PDF-1.4\n"), make([]byte, 64)...)
	if r := evidenceUpload(t, s, ck["staff"], fmt.Sprintf("/api/appeals/%d/files", a.ID), "x.pdf", pdf); r.code != 404 {
		t.Errorf("upload after the quarter reopened: %d %s, want 404", r.code, r.body)
	}
}

// TestHealthSettingsRefuseNaN: "NaN" is not a number from 0 to 1.
func TestHealthSettingsRefuseNaN(t *testing.T) {
	t.Parallel() // its own store and server
	s, st, ck := workflowServer(t)
	for _, v := range []string{"NaN", "nan", "Inf", "-0.1", "1.5"} {
		form := url.Values{"health.full_share": {v}}.Encode()
		r := do(t, s, req{method: "POST", path: "/indicators/health/settings?period=2025Q4", body: form,
			headers: map[string]string{"Content-Type": "application/x-www-form-urlencoded"}, cookie: ck["office"]})
		if r.code == 303 {
			t.Errorf("health.full_share=%s saved (%d)", v, r.code)
		}
		h, err := st.LoadHealth(t.Context())
		if err != nil || h.FullShare != queries.DefaultHealth.FullShare {
			t.Errorf("after %s: %v %v", v, h.FullShare, err)
		}
		if n := countOf(t, st, "SELECT count(*) FROM settings WHERE key = 'health.full_share'"); n != 0 {
			t.Errorf("health.full_share=%s stored", v)
		}
	}
}

// TestWhatIfBoundsAndSingleApplyHTTP: 1e308 is a 422 naming its key (it
// was a 500), such a scenario is not saved, and a saved scenario applied
// twice answers 409 the second time, changing nothing.
func TestWhatIfBoundsAndSingleApplyHTTP(t *testing.T) {
	t.Parallel() // its own store and server
	st := loadFixture(t, "")
	s := newTestServer(t, st)
	office := mustLogin(t, s, "office")
	for _, body := range []string{
		`{"period":"2025Q3","group":"GX:bureau","weights":{"D01":1e308}}`,
		`{"period":"2025Q3","group":"GX:bureau","systems":{"taxsys":1e308}}`,
	} {
		r := do(t, s, req{method: "POST", path: "/api/whatif", body: body, cookie: office})
		var e struct {
			Errors []struct{ Key string } `json:"errors"`
		}
		if r.code != 422 {
			t.Errorf("what-if %s: %d %s, want 422", body, r.code, r.body)
			continue
		}
		r.json(t, &e)
		if len(e.Errors) != 1 || (e.Errors[0].Key != "D01" && e.Errors[0].Key != "taxsys") {
			t.Errorf("what-if %s: errors %+v", body, e.Errors)
		}
		saved := do(t, s, req{method: "POST", path: "/api/whatif/scenarios", body: `{"name":"x",` + body[1:], cookie: office})
		if saved.code != 422 {
			t.Errorf("saving %s: %d, want 422", body, saved.code)
		}
	}
	r := do(t, s, req{method: "POST", path: "/api/whatif/scenarios", cookie: office,
		body: `{"name":"税制加权","period":"2025Q4","group":"GX:bureau","systems":{"taxsys":1.5}}`})
	if r.code != 201 {
		t.Fatalf("save: %d %s", r.code, r.body)
	}
	var sv struct{ ID int64 }
	r.json(t, &sv)
	apply := func() resp {
		return do(t, s, req{method: "POST", path: fmt.Sprintf("/api/whatif/scenarios/%d/apply", sv.ID), body: `{"from":"2025Q4"}`, cookie: office})
	}
	if r := apply(); r.code != 200 && r.code != 201 {
		t.Fatalf("apply: %d %s", r.code, r.body)
	}
	if r := apply(); r.code != 409 {
		t.Errorf("a second apply: %d %s, want 409", r.code, r.body)
	}
	if n := countOf(t, st, "SELECT count(*) FROM batches WHERE source = ?", fmt.Sprintf("whatif:%d", sv.ID)); n != 1 {
		t.Errorf("%d batches of the scenario, want 1", n)
	}
}

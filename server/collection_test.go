package server

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"jixiao/queries"
	"jixiao/queries/workflow"
)

// TestCollectionAPI walks SPEC §12 over HTTP: a county bureau declares,
// the office above returns and accepts; status codes, the JSON shape, and
// who sees what (the lead department in an open quarter, not a branch).
func TestCollectionAPI(t *testing.T) {
	t.Parallel() // its own store and server
	st := loadFixture(t, "")
	s := newTestServer(t, st)
	ck := map[string]string{}
	for _, u := range []string{"county_leader", "office", "city_office", "dept", "staff", "city_leader"} {
		ck[u] = mustLogin(t, s, u)
	}
	// D04 (lead_dept ZG) declared too: the dept user is GX01-ZG, in GX0101's parent bureau
	if _, err := st.DB().Exec("INSERT INTO settings VALUES ('collection.sources', 'manual, golden_tax_3')"); err != nil {
		t.Fatal(err)
	}
	call := func(user, method, path, body string, want int) resp {
		t.Helper()
		r := do(t, s, req{method: method, path: path, body: body, cookie: ck[user]})
		if r.code != want {
			t.Fatalf("%s %s by %s: %d %s, want %d", method, path, user, r.code, r.body, want)
		}
		return r
	}
	bad := call("county_leader", "POST", "/api/submissions", `{"unit_code":"GX0101","period":"2025Q4","items":[{"indicator_code":"D02","actual":"九十"}]}`, 422)
	if !strings.Contains(string(bad.body), `"key":"items[0].actual"`) || !strings.Contains(string(bad.body), "D02") {
		t.Errorf("422 does not name the item: %s", bad.body)
	}
	call("staff", "POST", "/api/submissions", `{"unit_code":"GX0101","period":"2025Q4","items":[]}`, 404)
	call("city_leader", "POST", "/api/submissions", `{"unit_code":"GX0101","period":"2025Q4","items":[{"indicator_code":"D02","actual":95}]}`, 403)
	r := call("county_leader", "POST", "/api/submissions", `{"unit_code":"GX0101","period":"2025Q4","items":[{"indicator_code":"D02","actual":95,"note":"按新口径"},{"indicator_code":"D04","actual":"0.8%"}]}`, 201)
	var sub map[string]any
	r.json(t, &sub)
	for _, k := range []string{"id", "unit_code", "period", "status", "late", "items", "history"} {
		if _, ok := sub[k]; !ok {
			t.Errorf("submission JSON lacks %q: %s", k, r.body)
		}
	}
	id := int64(sub["id"].(float64))
	p := func(step string) string { return fmt.Sprintf("/api/submissions/%d%s", id, step) }
	call("county_leader", "POST", "/api/submissions", `{"unit_code":"GX0101","period":"2025Q4","items":[]}`, 409)
	call("county_leader", "PUT", p(""), `{"items":[{"indicator_code":"D01","actual":99}]}`, 200) // D01 is golden_tax_3: collected here
	call("county_leader", "PUT", p(""), `{"items":[{"indicator_code":"D02","actual":95},{"indicator_code":"D04","actual":0.8}]}`, 200)
	call("office", "POST", p("/accept"), ``, 404) // a draft is the unit's own: not seen above
	call("county_leader", "POST", p("/submit"), ``, 200)
	call("county_leader", "POST", p("/submit"), ``, 409) // out of order
	call("county_leader", "POST", p("/accept"), ``, 403)
	call("office", "POST", p("/return"), `{"comment":""}`, 422)
	call("office", "POST", p("/return"), `{"comment":"D04 与系统数据不符"}`, 200)
	call("office", "POST", p("/accept"), ``, 409) // returned: out of order
	call("county_leader", "POST", p("/submit"), ``, 200)
	// who sees it in the open quarter
	for user, want := range map[string]int{"county_leader": 1, "office": 1, "dept": 1, "staff": 0, "city_office": 0} {
		var list []queries.Submission
		call(user, "GET", "/api/submissions?period=2025Q4", "", 200).json(t, &list)
		if len(list) != want {
			t.Errorf("%s sees %d submissions, want %d", user, len(list), want)
		}
	}
	call("city_office", "POST", p("/accept"), ``, 404)
	r = call("office", "POST", p("/accept"), ``, 200)
	var done queries.Submission
	r.json(t, &done)
	if done.Status != "accepted" || done.Batch == nil || len(done.History) != 7 || done.History[6].By != "office" {
		t.Errorf("accepted: %s", r.body)
	}
	var batches []map[string]any
	call("office", "GET", "/api/imports", "", 200).json(t, &batches)
	if len(batches) == 0 || batches[0]["source"] != fmt.Sprintf("submission:%d", id) {
		t.Errorf("newest batch: %v", batches[0])
	}
	// deadlines: the province office only
	call("city_office", "PUT", "/api/collection/2025Q4", `{"deadline":"2026-01-15"}`, 403)
	call("office", "PUT", "/api/collection/2025Q4", `{"deadline":"15.1.2026"}`, 422)
	call("office", "PUT", "/api/collection/2025Q4", `{"deadline":"2026-01-15"}`, 200)
	// field checks and explain
	call("office", "POST", "/api/fieldchecks", `{"unit_code":"GX0101","period":"2025Q4","indicator_code":"D01","verified_actual":90,"finding":"x"}`, 422)
	call("county_leader", "POST", "/api/fieldchecks", `{"unit_code":"GX0101","period":"2025Q4","indicator_code":"D03","verified_actual":90,"finding":"x"}`, 403)
	call("office", "POST", "/api/fieldchecks", `{"unit_code":"GX0101","period":"2025Q4","indicator_code":"D03","verified_actual":90,"finding":"问卷复核"}`, 201)
	var ex map[string]json.RawMessage
	call("county_leader", "GET", "/api/units/GX0101/explain?period=2025Q4&indicator=D03", "", 200).json(t, &ex)
	if !strings.Contains(string(ex["field_check"]), `"desk_actual":93.53`) || !strings.Contains(string(ex["field_check"]), `"by":"office"`) {
		t.Errorf("explain field_check: %s", ex["field_check"])
	}
	call("county_leader", "GET", "/api/units/GX0101/explain?period=2025Q4&indicator=D02", "", 200).json(t, &ex)
	if string(ex["field_check"]) != "null" {
		t.Errorf("explain without a check: field_check %s", ex["field_check"])
	}
	// explanations: not in an open quarter
	call("county_leader", "POST", "/api/explanations", `{"unit_code":"GX0101","period":"2025Q4","indicator_code":null,"cause":"a","measures":"b"}`, 409)
}

// hostileNote is an explanation's text that would run script as markup.
const hostileNote = `<img src=x onerror=alert(1)>失分原因`

// TestExplanationTextIsData: an accepted explanation appears on the unit
// page, the meeting and the quarterly report (HTML, XLSX) as escaped text.
func TestExplanationTextIsData(t *testing.T) {
	t.Parallel() // its own store and server
	st := loadFixture(t, "")
	ctx := context.Background()
	if err := st.SetPeriodStatus(ctx, "t", "2025Q4", "review"); err != nil {
		t.Fatal(err)
	}
	s := newTestServer(t, st)
	county, office := mustLogin(t, s, "county_leader"), mustLogin(t, s, "office")
	r := do(t, s, req{method: "POST", path: "/api/explanations", cookie: county,
		body: `{"unit_code":"GX0101","period":"2025Q4","indicator_code":"D04","cause":` + jsonString(hostileNote) + `,"measures":"逐户复核"}`})
	if r.code != 201 {
		t.Fatalf("explanation: %d %s", r.code, r.body)
	}
	var n queries.Note
	r.json(t, &n)
	if r := do(t, s, req{method: "POST", path: fmt.Sprintf("/api/explanations/%d/accept", n.ID), cookie: office}); r.code != 200 {
		t.Fatalf("accept: %d %s", r.code, r.body)
	}
	if r := do(t, s, req{method: "POST", path: "/api/fieldchecks", cookie: office,
		body: `{"unit_code":"GX0101","period":"2025Q4","indicator_code":"D03","verified_actual":88,"finding":"问卷复核"}`}); r.code != 201 {
		t.Fatalf("field check: %d %s", r.code, r.body)
	}
	if r := do(t, s, req{method: "GET", path: "/units/GX0101?period=2025Q4", cookie: county}); !strings.Contains(string(r.body), "纳税人满意度 〔已实地核查〕") ||
		!strings.Contains(string(r.body), `id="card-fieldchecks"`) {
		t.Errorf("the unit page does not mark the checked indicator")
	}
	escaped := "&lt;img src=x onerror=alert(1)&gt;失分原因"
	for _, path := range []string{"/units/GX0101?period=2025Q4", "/meeting?period=2025Q4&unit=GX01", "/api/reports/quarterly?period=2025Q4&unit=GX01&format=html",
		"/units/GX0101/explain?period=2025Q4&indicator=D04"} {
		r := do(t, s, req{method: "GET", path: path, cookie: office})
		if r.code != 200 {
			t.Errorf("%s: %d", path, r.code)
			continue
		}
		if b := string(r.body); !strings.Contains(b, escaped) || strings.Contains(b, hostileNote) {
			t.Errorf("%s: the explanation is missing or not escaped", path)
		}
	}
	x := do(t, s, req{method: "GET", path: "/api/reports/quarterly?period=2025Q4&unit=GX01&format=xlsx", cookie: office})
	f, err := excelize.OpenReader(bytes.NewReader(x.body))
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := f.GetRows("情况说明")
	if len(rows) != 2 || rows[1][6] != hostileNote {
		t.Errorf("XLSX sheet 情况说明: %q", rows)
	}
	// a branch of the county sees neither its parent's explanation nor a page naming it
	staff := mustLogin(t, s, "staff")
	if r := do(t, s, req{method: "GET", path: "/api/explanations?period=2025Q4", cookie: staff}); strings.Contains(string(r.body), "失分原因") {
		t.Errorf("staff of another city sees the explanation: %s", r.body)
	}
}

func jsonString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// TestCollectionNoLeak is the leak test (noLeakFor) over SPEC §12's reads,
// with submissions, field checks and accepted explanations on units inside
// and outside each role's scope (an anonymised matrix peer's included).
func TestCollectionNoLeak(t *testing.T) {
	t.Parallel() // its own store and server
	st := loadFixture(t, "")
	ctx := context.Background()
	raw := func(v float64) json.RawMessage { b, _ := json.Marshal(v); return b }
	for _, u := range []string{"GX0101", "GX0102", "GX0401", "GX0402"} {
		sub, err := workflow.New(st).CreateSubmission(ctx, provinceOffice, queries.SubmissionInput{UnitCode: u, Period: "2025Q4",
			Items: []queries.SubmissionItemInput{{IndicatorCode: "D02", Actual: raw(97)}}})
		if err != nil {
			t.Fatal(err)
		}
		if u != "GX0402" {
			if _, err := workflow.New(st).SubmitSubmission(ctx, provinceOffice, sub.ID); err != nil {
				t.Fatal(err)
			}
		}
	}
	for _, c := range [][2]string{{"GX0102", "D03"}, {"GX0401-B2", "E03"}, {"GX0101", "D06"}} {
		v := 80.0
		if _, err := workflow.New(st).AddFieldCheck(ctx, provinceOffice, queries.FieldCheckInput{UnitCode: c[0], Period: "2025Q4", IndicatorCode: c[1], VerifiedActual: &v, Finding: "核查"}); err != nil {
			t.Fatal(err)
		}
	}
	for _, u := range []string{"GX0101", "GX0102", "GX0401-B2", "GX04"} {
		n, err := workflow.New(st).AddExplanation(ctx, provinceOffice, queries.NoteInput{UnitCode: u, Period: "2025Q3", Cause: "原因", Measures: "措施"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := workflow.New(st).DecideExplanation(ctx, provinceOffice, n.ID, "accept", ""); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := st.SetDeadline(ctx, provinceOffice, "2025Q4", "2025-01-01"); err != nil {
		t.Fatal(err)
	}
	s := newTestServer(t, st)
	tr := readTree(t)
	paths := []string{"/api/submissions?period=2025Q4", "/api/fieldchecks?period=2025Q4", "/api/explanations?period=2025Q3",
		"/api/collection/2025Q4", "/submissions?period=2025Q4", "/api/warnings?period=2025Q4", "/meeting?period=2025Q3"}
	for _, c := range []string{"GX0101", "GX0102", "GX0401", "GX0401-B1", "GX0401-B2", "GX04"} {
		// (pages echo their own address, naming the unit asked for: the API only)
		paths = append(paths, "/api/explanations?period=2025Q3&unit="+c, "/api/units/"+c+"/explain?period=2025Q4&indicator=D03", "/api/units/"+c+"/explain?period=2025Q4&indicator=E03")
	}
	for _, u := range fixtureUsers {
		if u.Role == "admin" {
			continue
		}
		noLeakFor(t, s, mustLogin(t, s, u.Username), u.Role, u.Unit, u.Username, tr, paths)
	}
}

// TestSubmissionsPage: /submissions opens for every role, in an open
// quarter too (dept and staff included: the period rule limits results,
// not collection); the unit's form appears for a unit that declares.
func TestSubmissionsPage(t *testing.T) {
	s, cookies := sharedServer(t)
	for _, u := range fixtureUsers {
		r := do(t, s, req{method: "GET", path: "/submissions?period=2025Q4", cookie: cookies[u.Username]})
		if r.code != 200 {
			t.Errorf("%s: /submissions %d", u.Username, r.code)
		}
		if form := strings.Contains(string(r.body), `name="actual"`); form != (u.Username == "county_leader" || u.Username == "city_office" || u.Username == "city_leader") {
			t.Errorf("%s: declaration form shown %v", u.Username, form)
		}
	}
	// The root bureau (no office above it) is offered no explanation form;
	// a county bureau is.
	for u, want := range map[string]bool{"office": false, "county_leader": true} {
		r := do(t, s, req{method: "GET", path: "/submissions?period=2025Q4", cookie: cookies[u]})
		if got := strings.Contains(string(r.body), `name="cause"`); got != want {
			t.Errorf("%s: explanation form shown %v, want %v", u, got, want)
		}
	}
	// English pages use an English colon, and a missing last value is a
	// bare dash, never a dash with a unit ("—分钟").
	if r := do(t, s, req{method: "GET", path: "/submissions?period=2025Q4&lang=en", cookie: cookies["county_leader"]}); strings.Contains(string(r.body), "Deadline：") || regexp.MustCompile(`—(%|分|天|件|个|户|元)`).Match(r.body) {
		t.Errorf("English /submissions: a Chinese colon or a dash with a unit")
	}
	if r := do(t, s, req{method: "GET", path: "/submissions?period=2025Q9", cookie: cookies["office"]}); r.code != 404 {
		t.Errorf("a malformed quarter: %d", r.code)
	}
}

// TestQueuePages: ?page= is kept within the queue (50 a page).
func TestQueuePages(t *testing.T) {
	for _, c := range []struct {
		raw  string
		n    int
		want int
	}{{"", 884, 0}, {"3", 884, 3}, {"99", 884, 17}, {"-1", 884, 0}, {"x", 884, 0}, {"2", 100, 1}, {"1", 0, 0}} {
		if got := pageOf(c.raw, c.n); got != c.want {
			t.Errorf("pageOf(%q, %d) = %d, want %d", c.raw, c.n, got, c.want)
		}
	}
}

package server

import (
	"bytes"
	"context"
	"errors"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"jixiao/queries"
	"jixiao/queries/fixture"
	"jixiao/reports"
)

// expectedBureauScores are the 2025Q4 scores of the fixture's bureaus,
// from units.csv (kinds) and expected_scores.csv (the independent
// implementation of SPEC §3), formatted as the report prints them.
func expectedBureauScores(t *testing.T) map[string]string {
	t.Helper()
	read := func(name string) [][]string {
		recs := fixture.Records(t, name)
		return recs[1:]
	}
	bureau := map[string]bool{}
	for _, r := range read("units.csv") {
		bureau[r[0]] = r[3] == "bureau"
	}
	out := map[string]string{}
	for _, r := range read("expected_scores.csv") {
		if r[0] == "2025Q4" && bureau[r[1]] {
			out[r[1]] = r[3]
		}
	}
	return out
}

// reportServer is a fixture server whose report job runs (without pausing).
func reportServer(t *testing.T, st *queries.Store) *Server {
	return newTestServer(t, st, func(c *Config) { c.NoReports, c.ReportDuty = false, 1 })
}

// waitRuns waits until no run is left to do, looking five times a second
// (each look is a query beside the job's).
func waitRuns(t *testing.T, st *queries.Store) {
	t.Helper()
	deadline := time.Now().Add(3 * time.Minute)
	for time.Now().Before(deadline) {
		r, err := st.NextReportRun(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if r == nil {
			return
		}
		time.Sleep(200 * time.Millisecond)
	}
	t.Fatal("the report runs did not finish in 3 minutes")
}

func setStatus(t *testing.T, s *Server, cookie, period, status string) {
	t.Helper()
	if r := do(t, s, req{method: "POST", path: "/api/periods/" + period + "/status", body: `{"status":"` + status + `"}`, cookie: cookie}); r.code != 200 {
		t.Fatalf("%s → %s: %d %s", period, status, r.code, r.body)
	}
}

type inboxJSON struct {
	Items []queries.InboxItem `json:"items"`
	New   int                 `json:"new"`
}

func inboxOf(t *testing.T, s *Server, cookie string) inboxJSON {
	t.Helper()
	r := do(t, s, req{method: "GET", path: "/api/reports/inbox", cookie: cookie})
	if r.code != 200 {
		t.Fatalf("inbox: %d %s", r.code, r.body)
	}
	var in inboxJSON
	r.json(t, &in)
	return in
}

func codesOf(in inboxJSON) []string {
	return fixture.Codes(in.Items, func(it queries.InboxItem) string { return it.UnitCode }, false)
}

// TestReportsGeneratedAtReview: the province office moves 2025Q4 to
// review and the job generates the reports once; on them, the reports'
// content (reportsHoldTheScores) and then who receives them
// (inboxIsScoped, which goes on to regenerate them).
func TestReportsGeneratedAtReview(t *testing.T) {
	t.Parallel() // its own store and server
	st := loadFixture(t, "")
	s := reportServer(t, st)
	ck := map[string]string{}
	for _, u := range fixtureUsers {
		ck[u.Username] = mustLogin(t, s, u.Username)
	}
	if in := inboxOf(t, s, ck["admin"]); len(in.Items) != 0 {
		t.Fatalf("before review: %d reports", len(in.Items))
	}
	setStatus(t, s, ck["office"], "2025Q4", "review")
	waitRuns(t, st)
	t.Run("content", func(t *testing.T) { reportsHoldTheScores(t, s, ck["admin"]) })
	t.Run("inbox", func(t *testing.T) { inboxIsScoped(t, st, s, ck) })
}

// reportsHoldTheScores: the job stored one complete report per bureau with
// a score, and each holds that bureau's score as expected_scores.csv has
// it, in HTML (the self-contained page) and in XLSX.
func reportsHoldTheScores(t *testing.T, s *Server, admin string) {
	want := expectedBureauScores(t)
	in := inboxOf(t, s, admin)
	if len(in.Items) != len(want) || in.New != len(want) {
		t.Fatalf("admin receives %d reports (%d new), want %d (the bureaus of expected_scores.csv)", len(in.Items), in.New, len(want))
	}
	lib := reports.EChartsJS()
	for _, it := range in.Items {
		score, ok := want[it.UnitCode]
		if !ok || it.Period != "2025Q4" || strings.Join(it.Formats, ",") != "html,xlsx" {
			t.Errorf("unexpected item %+v", it)
			continue
		}
		h := do(t, s, req{method: "GET", path: "/api/reports/files/2025Q4/" + it.UnitCode + "/html", cookie: admin})
		if h.code != 200 || !bytes.Contains(h.body, []byte(`<td>本单位得分</td><td class="n">`+score+`</td>`)) ||
			!bytes.Contains(h.body, lib) || !bytes.HasSuffix(bytes.TrimSpace(h.body), []byte("</html>")) {
			t.Errorf("%s html: %d, %d bytes, score %s in it: %v", it.UnitCode, h.code, len(h.body), score,
				bytes.Contains(h.body, []byte(score)))
		}
		x := do(t, s, req{method: "GET", path: "/api/reports/files/2025Q4/" + it.UnitCode + "/xlsx", cookie: admin})
		if x.code != 200 {
			t.Errorf("%s xlsx: %d", it.UnitCode, x.code)
			continue
		}
		f, err := excelize.OpenReader(bytes.NewReader(x.body))
		if err != nil {
			t.Errorf("%s xlsx: %v", it.UnitCode, err)
			continue
		}
		rows, _ := f.GetRows("概况")
		f.Close()
		found := false
		for _, r := range rows {
			if len(r) > 1 && r[0] == "本单位得分" {
				got, _ := strconv.ParseFloat(r[1], 64)
				exp, _ := strconv.ParseFloat(score, 64)
				found = got == exp
			}
		}
		if !found {
			t.Errorf("%s xlsx: no score %s in 概况", it.UnitCode, score)
		}
	}
	var runs struct {
		Runs     []queries.ReportRunSummary `json:"runs"`
		Problems []queries.ReportProblem    `json:"problems"`
	}
	do(t, s, req{method: "GET", path: "/api/reports/runs", cookie: admin}).json(t, &runs)
	if len(runs.Runs) == 0 || runs.Runs[0].Status != "done" || runs.Runs[0].OK != len(want) || len(runs.Problems) != 0 {
		t.Errorf("runs %+v, problems %+v", runs.Runs, runs.Problems)
	}
}

// inboxIsScoped: no report outside a user's scope appears in its inbox
// or downloads (404, never 403); new flips after the visit; the rollback
// to open and back to review regenerates, new again.
func inboxIsScoped(t *testing.T, st *queries.Store, s *Server, ck map[string]string) {
	want := expectedBureauScores(t)
	under := func(prefix string) []string {
		var out []string
		for c := range want {
			if strings.HasPrefix(c, prefix) {
				out = append(out, c)
			}
		}
		sort.Strings(out)
		return out
	}
	cases := map[string][]string{
		"city_office":   under("GX04"),
		"city_leader":   under("GX01"),
		"county_leader": {"GX0101"},
		"dept":          nil,
		"staff":         nil,
	}
	for user, exp := range cases {
		got := codesOf(inboxOf(t, s, ck[user]))
		if strings.Join(got, ",") != strings.Join(exp, ",") {
			t.Errorf("%s receives %v, want %v", user, got, exp)
		}
		for _, other := range []string{"GX01", "GX0101", "GX04", "GX", "GX0201", "NOPE"} {
			r := do(t, s, req{method: "GET", path: "/api/reports/files/2025Q4/" + other + "/html", cookie: ck[user]})
			in := false
			for _, c := range exp {
				in = in || c == other
			}
			if (in && r.code != 200) || (!in && r.code != 404) {
				t.Errorf("%s downloads %s: %d (receives it: %v)", user, other, r.code, in)
			}
		}
	}
	if r := do(t, s, req{method: "GET", path: "/api/reports/files/2025Q4/GX0101/pdf", cookie: ck["admin"]}); r.code != 404 {
		t.Errorf("a stored pdf: %d, want 404 (PDF is made on demand)", r.code)
	}
	if r := do(t, s, req{method: "GET", path: "/api/reports/inbox"}); r.code != 401 {
		t.Errorf("inbox without a session: %d", r.code)
	}

	// New since the last visit.
	if in := inboxOf(t, s, ck["city_leader"]); in.New != len(cases["city_leader"]) {
		t.Fatalf("before the visit: %d new, want %d", in.New, len(cases["city_leader"]))
	}
	if r := do(t, s, req{method: "POST", path: "/api/reports/inbox/seen", body: "{}", cookie: ck["city_leader"]}); r.code != 204 {
		t.Fatalf("seen: %d %s", r.code, r.body)
	}
	before := inboxOf(t, s, ck["city_leader"])
	if before.New != 0 {
		t.Fatalf("after the visit: %d new", before.New)
	}
	if in := inboxOf(t, s, ck["county_leader"]); in.New != 1 {
		t.Errorf("another user's visit counted: county leader has %d new", in.New)
	}

	// Back to open and to review: every report again, newer, new again.
	setStatus(t, s, ck["office"], "2025Q4", "open")
	setStatus(t, s, ck["office"], "2025Q4", "review")
	waitRuns(t, st)
	after := inboxOf(t, s, ck["city_leader"])
	if after.New != len(after.Items) || len(after.Items) != len(before.Items) {
		t.Fatalf("after the rollback: %d new of %d", after.New, len(after.Items))
	}
	for i := range after.Items {
		if !after.Items[i].GeneratedAt.After(before.Items[i].GeneratedAt) {
			t.Errorf("%s not regenerated: %v then %v", after.Items[i].UnitCode, before.Items[i].GeneratedAt, after.Items[i].GeneratedAt)
		}
	}
	if n := countOf(t, st, "SELECT count(*) FROM report_runs WHERE period = '2025Q4' AND status = 'done'"); n != 2 {
		t.Errorf("%d done runs, want 2", n)
	}
}

// TestReportFailureAndRetry: a generation that fails stores nothing for
// its bureau (not half of it: the HTML was built, the XLSX failed), is
// listed for the administrator in plain words, and a retry stores it.
func TestReportFailureAndRetry(t *testing.T) {
	t.Parallel() // its own store and server
	st := loadFixture(t, "")
	s := newTestServer(t, st, func(c *Config) { c.ReportDuty = 1 }) // the job is driven by hand
	real := s.reports.build
	s.reports.build = func(ctx context.Context, sc queries.Scope, period, unit string) (*reports.Bundle, error) {
		b, err := real(ctx, sc, period, unit)
		if unit == "GX02" && err == nil {
			return nil, errors.New("xlsx: zip: write error at /tmp/jixiao-9/sheet3.xml") // internal text
		}
		if unit == "GX03" {
			return nil, reports.ErrNoScore
		}
		return b, err
	}
	office, admin := mustLogin(t, s, "office"), mustLogin(t, s, "admin")
	setStatus(t, s, office, "2025Q4", "review")
	s.reports.runWaiting()
	var rows int
	st.DB().QueryRow("SELECT count(*) FROM reports WHERE unit_code IN ('GX02', 'GX03')").Scan(&rows)
	if rows != 0 {
		t.Fatalf("%d stored rows for the failed and the skipped bureau", rows)
	}
	var runs struct {
		Problems []queries.ReportProblem `json:"problems"`
	}
	do(t, s, req{method: "GET", path: "/api/reports/runs", cookie: admin}).json(t, &runs)
	if len(runs.Problems) != 2 || runs.Problems[0].UnitCode != "GX02" || runs.Problems[0].Status != "failed" ||
		runs.Problems[1].UnitCode != "GX03" || runs.Problems[1].Status != "skipped" {
		t.Fatalf("problems %+v", runs.Problems)
	}
	msg := runs.Problems[0].Message
	if strings.Contains(msg, "zip") || strings.Contains(msg, "/tmp") || !strings.Contains(msg, "内部错误") {
		t.Errorf("failure message %q is not plain words", msg)
	}
	if !strings.Contains(runs.Problems[1].Message, "没有得分") {
		t.Errorf("skip reason %q", runs.Problems[1].Message)
	}
	// The admin's overview card points to it; a city office's card does not.
	if home := do(t, s, req{method: "GET", path: "/", cookie: admin}); !bytes.Contains(home.body, []byte("1 个税务局的报告生成失败")) {
		t.Error("the admin's overview card does not say that a report failed")
	}
	if home := do(t, s, req{method: "GET", path: "/", cookie: mustLogin(t, s, "city_office")}); !bytes.Contains(home.body, []byte(`id="report-center"`)) ||
		bytes.Contains(home.body, []byte("报告生成失败")) {
		t.Error("the city office's overview: no report card, or the administrator's failure line")
	}
	// The admin's page lists it with a retry button; a city office may not retry.
	page := do(t, s, req{method: "GET", path: "/reports", cookie: admin})
	if page.code != 200 || !bytes.Contains(page.body, []byte(`action="/reports/retry"`)) || !bytes.Contains(page.body, []byte(msg)) {
		t.Errorf("admin page: %d, retry form %v", page.code, bytes.Contains(page.body, []byte(`action="/reports/retry"`)))
	}
	if r := do(t, s, req{method: "POST", path: "/api/reports/retry", body: `{"period":"2025Q4","unit":"GX02"}`, cookie: mustLogin(t, s, "city_office")}); r.code != 403 {
		t.Errorf("retry by the city office: %d", r.code)
	}
	s.reports.build = real
	r := do(t, s, req{method: "POST", path: "/api/reports/retry", body: `{"period":"2025Q4","unit":"GX02"}`, cookie: admin})
	if r.code != 200 || !bytes.Contains(r.body, []byte(`"status":"ok"`)) {
		t.Fatalf("retry: %d %s", r.code, r.body)
	}
	st.DB().QueryRow("SELECT count(*) FROM reports WHERE unit_code = 'GX02'").Scan(&rows)
	if rows != 2 {
		t.Errorf("after the retry GX02 has %d stored files, want 2", rows)
	}
	do(t, s, req{method: "GET", path: "/api/reports/runs", cookie: admin}).json(t, &runs)
	if len(runs.Problems) != 1 || runs.Problems[0].UnitCode != "GX03" {
		t.Errorf("after the retry: problems %+v", runs.Problems)
	}
	if r := do(t, s, req{method: "POST", path: "/api/reports/retry", body: `{"period":"2025Q4","unit":"GX01-ZG"}`, cookie: admin}); r.code != 400 {
		t.Errorf("retry of a department: %d %s", r.code, r.body)
	}
}

// TestReportRunResumes: a run interrupted after some reports (the server
// stopped) keeps them, and the next server finishes the rest.
func TestReportRunResumes(t *testing.T) {
	t.Parallel() // its own store and server
	st := loadFixture(t, "")
	s := newTestServer(t, st, func(c *Config) { c.ReportDuty = 1 })
	setStatus(t, s, mustLogin(t, s, "office"), "2025Q4", "review")
	done := 0
	real := s.reports.build
	s.reports.build = func(ctx context.Context, sc queries.Scope, period, unit string) (*reports.Bundle, error) {
		b, err := real(ctx, sc, period, unit)
		if done++; done == 5 {
			s.Close() // the server stops while this one is stored
		}
		return b, err
	}
	s.reports.runWaiting()
	type row struct {
		unit string
		at   time.Time
	}
	stored := func() map[string]time.Time {
		out := map[string]time.Time{}
		rs, err := st.DB().Query("SELECT unit_code, generated_at FROM reports WHERE format = 'html'")
		if err != nil {
			t.Fatal(err)
		}
		defer rs.Close()
		for rs.Next() {
			var r row
			rs.Scan(&r.unit, &r.at)
			out[r.unit] = r.at
		}
		return out
	}
	first := stored()
	if len(first) != 5 {
		t.Fatalf("after the stop: %d stored, want 5", len(first))
	}
	if r, _ := st.NextReportRun(context.Background()); r == nil || r.Status != "running" {
		t.Fatalf("the interrupted run: %+v", r)
	}
	reportServer(t, st)
	waitRuns(t, st)
	all := stored()
	if len(all) != len(expectedBureauScores(t)) {
		t.Fatalf("after the restart: %d stored, want %d", len(all), len(expectedBureauScores(t)))
	}
	for u, at := range first {
		if !all[u].Equal(at) {
			t.Errorf("%s was generated again after the restart", u)
		}
	}
	var attempts int
	st.DB().QueryRow("SELECT count(*) FROM report_log").Scan(&attempts)
	if attempts != len(all) {
		t.Errorf("%d attempts logged for %d reports", attempts, len(all))
	}
}

package server

import (
	"context"
	"encoding/json"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"jixiao/queries"
	"jixiao/queries/imports"
	"jixiao/queries/reads"
)

// snapshot is everything an import could change, as the admin sees it.
func snapshot(t *testing.T, s *Server) string {
	t.Helper()
	rows, err := s.Store.Scores(context.Background(), queries.Everything, "")
	if err != nil {
		t.Fatal(err)
	}
	bs, err := imports.Batches(context.Background(), s.Store)
	if err != nil {
		t.Fatal(err)
	}
	v, err := s.Store.DataVersion(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal([]any{rows, len(bs), v})
	return string(b)
}

// TestImportRejectedChangesNothing: a bad file answers 422 listing every
// error by row and column, and scores, batches and data version stay.
func TestImportRejectedChangesNothing(t *testing.T) {
	t.Parallel() // its own store and server
	st := loadFixture(t, "")
	defer st.Close()
	s := newTestServer(t, st)
	office := mustLogin(t, s, "office")
	before := snapshot(t, s)
	bad := "indicator_code,unit_code,period,actual,target,note\n" +
		"D01,GX01,2025Q4,97.5,,\n" + // fine on its own
		"D01,NOPE,2025Q4,97.5,,\n" + // unknown unit
		"D01,GX02,2025Q4,lots,,\n" + // not a number
		"D01,GX03,2025Q3,97,,\n" // final period
	got := upload(t, s, office, "values", "bad.csv", bad)
	if got.code != 422 {
		t.Fatalf("bad file: %d %s", got.code, got.body)
	}
	var body struct {
		Error  string
		Errors []struct {
			Row     int
			Column  string
			Message string
		}
	}
	got.json(t, &body)
	rows := map[int]bool{}
	for _, e := range body.Errors {
		rows[e.Row] = true
		if e.Column == "" || e.Message == "" {
			t.Errorf("error without column or message: %+v", e)
		}
	}
	if body.Error == "" || !rows[3] || !rows[4] || !rows[5] || rows[2] {
		t.Errorf("errors %+v: want rows 3, 4 and 5 (spreadsheet numbering) and not 2", body.Errors)
	}
	if after := snapshot(t, s); after != before {
		t.Error("a rejected import changed the data")
	}
	if got := upload(t, s, office, "values", "empty.csv", ""); got.code != 422 {
		t.Errorf("empty file: %d %s", got.code, got.body)
	}
	// The size limit is the server's body limit, answered over real HTTP.
	small := newTestServer(t, st, func(c *Config) { c.MaxUploadBytes = 64 })
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go small.App().Listener(ln)
	defer small.App().Shutdown()
	res, err := http.Post("http://"+ln.Addr().String()+"/api/imports/values", "text/csv", strings.NewReader(bad))
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 413 {
		t.Errorf("over the size limit: %d, want 413", res.StatusCode)
	}
}

// TestCacheInvalidation: a cached breakdown changes after an import, after
// its rollback, and a period published for review appears to a department.
func TestCacheInvalidation(t *testing.T) {
	t.Parallel() // its own store and server
	st := loadFixture(t, "")
	defer st.Close()
	s := newTestServer(t, st)
	office, leader, dept := mustLogin(t, s, "office"), mustLogin(t, s, "leader"), mustLogin(t, s, "dept")
	actual := func() float64 {
		var b queries.Breakdown
		got := do(t, s, req{method: "GET", path: "/api/units/GX0101/breakdown?period=2025Q4", cookie: leader})
		if got.code != 200 {
			t.Fatalf("breakdown: %d %s", got.code, got.body)
		}
		got.json(t, &b)
		for _, i := range b.Indicators {
			if i.Code == "D01" && i.Actual != nil {
				return *i.Actual
			}
		}
		return -1
	}
	first := actual()
	hits0, _, _, _ := s.Read.Stats()
	if again := actual(); again != first {
		t.Fatalf("cached read differs: %v then %v", first, again)
	}
	if hits, _, _, _ := s.Read.Stats(); hits == hits0 {
		t.Error("the second read did not come from the cache")
	}
	got := upload(t, s, office, "values", "fix.csv", "indicator_code,unit_code,period,actual,target,note\nD01,GX0101,2025Q4,12.34,,\n")
	if got.code != 200 {
		t.Fatalf("import: %d %s", got.code, got.body)
	}
	var b imports.Batch
	got.json(t, &b)
	if b.ID == 0 || b.Rows != 1 || b.Kind != "values" {
		t.Errorf("import answered %s", got.body)
	}
	if now := actual(); now != 12.34 {
		t.Errorf("after import: %v, want 12.34", now)
	}
	if got := do(t, s, req{method: "DELETE", path: "/api/imports/" + itoa(b.ID), cookie: office}); got.code != 200 {
		t.Fatalf("rollback: %d %s", got.code, got.body)
	}
	if now := actual(); now != first {
		t.Errorf("after rollback: %v, want %v", now, first)
	}
	var hist []imports.Batch
	do(t, s, req{method: "GET", path: "/api/imports", cookie: office}).json(t, &hist)
	if len(hist) == 0 || hist[0].ID != b.ID || hist[0].RolledBackAt == nil || hist[0].User != "office" {
		t.Errorf("history: %+v", hist[:min(len(hist), 1)])
	}
	// SPEC §8's field names, as another system reads them.
	var raw []map[string]any
	do(t, s, req{method: "GET", path: "/api/imports", cookie: office}).json(t, &raw)
	for _, k := range []string{"batch", "kind", "rows", "imported_by", "imported_at", "sha256", "source"} {
		if _, ok := raw[0][k]; !ok {
			t.Errorf("GET /api/imports lacks %q: %v", k, raw[0])
		}
	}
	if raw[0]["imported_by"] != "office" || raw[0]["source"] != nil {
		t.Errorf("imported_by %v source %v, want office and null", raw[0]["imported_by"], raw[0]["source"])
	}
	// Status change: the department starts seeing 2025Q4 once it is in review.
	if got := do(t, s, req{method: "GET", path: "/api/units/GX01-ZG/breakdown?period=2025Q4", cookie: dept}); got.code != 404 {
		t.Fatalf("dept, open period: %d", got.code)
	}
	if got := do(t, s, req{method: "POST", path: "/api/periods/2025Q4/status", body: `{"status":"review"}`, cookie: office}); got.code != 200 {
		t.Fatalf("publish: %d %s", got.code, got.body)
	}
	if got := do(t, s, req{method: "GET", path: "/api/units/GX01-ZG/breakdown?period=2025Q4", cookie: dept}); got.code != 200 {
		t.Errorf("dept, period in review: %d", got.code)
	}
	if got := do(t, s, req{method: "POST", path: "/api/periods/2025Q3/status", body: `{"status":"open"}`, cookie: office}); got.code != 409 {
		t.Errorf("final → open: %d, want 409", got.code)
	}
	audit, _ := st.AuditLog(context.Background(), queries.AuditFilter{Username: "office"})
	seen := map[string]bool{}
	for _, e := range audit {
		seen[e.Action] = true
	}
	for _, a := range []string{"import", "rollback", "period_status", "login"} {
		if !seen[a] {
			t.Errorf("no %q in the audit of office", a)
		}
	}
}

func itoa(n int64) string {
	b, _ := json.Marshal(n)
	return string(b)
}

// waitWarm waits for the background warming to finish.
func waitWarm(t *testing.T, d *reads.Door) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := d.Settle(ctx); err != nil {
		t.Fatal("warming did not finish")
	}
}

// TestWarmAfterImport: after an import, every user's default overview is
// computed in the background, so that opening it costs no query.
func TestWarmAfterImport(t *testing.T) {
	t.Parallel() // its own store and server
	st := loadFixture(t, "")
	defer st.Close()
	s := newTestServer(t, st, func(c *Config) { c.NoWarm = false })
	office := mustLogin(t, s, "office")
	waitWarm(t, s.Read)
	got := upload(t, s, office, "values", "fix.csv", "indicator_code,unit_code,period,actual,target,note\nD01,GX0101,2025Q4,12.34,,\n")
	if got.code != 200 {
		t.Fatalf("import: %d %s", got.code, got.body)
	}
	waitWarm(t, s.Read) // the write's request started it before answering
	for _, u := range fixtureUsers {
		ck := mustLogin(t, s, u.Username)
		_, misses0, _, _ := s.Read.Stats()
		if got := do(t, s, req{method: "GET", path: "/api/overview", cookie: ck}); got.code != 200 {
			t.Fatalf("%s overview: %d %s", u.Username, got.code, got.body)
		}
		if _, misses, _, _ := s.Read.Stats(); misses != misses0 {
			t.Errorf("%s: the overview missed the cache %d time(s) after warming", u.Username, misses-misses0)
		}
	}
}

//go:build servers

package sources

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"jixiao/queries"
	"jixiao/queries/imports"
	"jixiao/queries/testservers"
)

// pgLedger starts PostgreSQL with a database taxsys holding the fixture's
// 2025Q3 rows in ledger_export, every 7th actual raised by 1 (so that a
// first run changes values), and a reader role with a password. It
// returns the server and the rows as stored, ordered as the pulls ask.
func pgLedger(t *testing.T) (*testservers.Postgres, [][]string) {
	pg := testservers.StartPostgres(t)
	pg.Exec("postgres", "CREATE DATABASE taxsys", "CREATE ROLE jx_reader LOGIN PASSWORD 'Read-Only-2025!'")
	pg.Exec("taxsys", `CREATE TABLE ledger_export (indicator_code text, unit_code text, period text, actual numeric, target numeric, note text)`,
		"GRANT SELECT, INSERT, UPDATE, DELETE ON ledger_export TO jx_reader") // only the read-only transaction stops a write
	rows, vals := ledgerValues(t)
	pg.Exec("taxsys", "INSERT INTO ledger_export VALUES "+vals)
	sort.Slice(rows, func(i, j int) bool {
		if rows[i][0] != rows[j][0] {
			return rows[i][0] < rows[j][0]
		}
		return rows[i][1] < rows[j][1]
	})
	return pg, rows
}

const pgQuery = `SELECT indicator_code, unit_code, period, actual, target, note FROM ledger_export
WHERE period = :period ORDER BY indicator_code, unit_code`

func TestRealPostgresPull(t *testing.T) {
	ctx := context.Background()
	pg, rows := pgLedger(t)
	st := newStore(t)
	sv := New(st)
	events := make(chan queries.Event, 10)
	st.OnEvent(func(e queries.Event) { events <- e })

	pw := "Read-Only-2025!"
	src := connectChecks(t, sv, SourceInput{Name: "金三", Driver: "postgres", DSN: pg.DSN("jx_reader", "taxsys"), Password: &pw},
		fmt.Sprintf("postgres://jx_reader@127.0.0.1:%d/taxsys?sslmode=disable", testservers.FreePort(t)))
	p, err := sv.CreatePull(ctx, "office", PullInput{Name: "zg-ledger", Source: src.ID, Query: pgQuery})
	if err != nil {
		t.Fatal(err)
	}
	changed := quarterRows(t, "2025Q3")[0] // the first row of the file was raised by 1 at the source
	old := ledgerActual(t, st, changed[0], changed[1], "2025Q3")
	want, _ := strconv.ParseFloat(changed[3], 64)
	want++
	if old == nil || *old != want-1 {
		t.Fatalf("fixture value %v, source %v", old, want)
	}
	batches := countBatches(t, st)

	// preview: the rows and the move, nothing kept
	r, err := sv.Run(ctx, p.ID, "2025Q3", RunOptions{User: "office", DryRun: true})
	if err != nil {
		t.Fatal(err)
	}
	if r.Status != "ok" || r.Rows != int64(len(rows)) || r.Batch != nil || len(r.Sample) != sampleRows || r.Preview == nil || r.Preview.Replaced == 0 {
		t.Fatalf("dry run: %+v", r)
	}
	if got := ledgerActual(t, st, changed[0], changed[1], "2025Q3"); *got != *old || countBatches(t, st) != batches {
		t.Fatal("a dry run changed the ledger")
	}
	if runs, _ := sv.Runs(ctx, p.ID, 0); len(runs) != 0 {
		t.Fatalf("a dry run was kept: %+v", runs)
	}

	// run: one batch whose source is the pull, importer the user
	r, err = sv.Run(ctx, p.ID, "2025Q3", RunOptions{User: "office"})
	if err != nil || r.Status != "ok" || r.Batch == nil || r.Rows != int64(len(rows)) {
		t.Fatalf("run: %+v %v", r, err)
	}
	firstBatch := *r.Batch
	if got := ledgerActual(t, st, changed[0], changed[1], "2025Q3"); got == nil || *got != want {
		t.Fatalf("after the run %v, want %v", got, want)
	}
	bs, _ := imports.Batches(ctx, st)
	if bs[0].ID != firstBatch || bs[0].Source == nil || *bs[0].Source != "zg-ledger" || bs[0].User != "office" || bs[0].Rows != int64(len(rows)) {
		t.Fatalf("batch: %+v", bs[0])
	}

	// again: unchanged, no batch
	batches = countBatches(t, st)
	if r, _ = sv.Run(ctx, p.ID, "2025Q3", RunOptions{User: "office"}); r.Status != "unchanged" || r.Batch != nil || countBatches(t, st) != batches {
		t.Fatalf("repeat: %+v", r)
	}

	// a broken row: failed, row and column named, nothing written, warned
	broken := rows[4] // the 5th row of the result
	pg.Exec("taxsys", fmt.Sprintf("UPDATE ledger_export SET unit_code = 'NO-SUCH-UNIT', actual = actual + 5 WHERE indicator_code = '%s' AND unit_code = '%s'", broken[0], broken[1]))
	pg.Exec("taxsys", fmt.Sprintf("UPDATE ledger_export SET actual = actual + 2 WHERE indicator_code = '%s' AND unit_code = '%s'", rows[0][0], rows[0][1]))
	before := ledgerActual(t, st, rows[0][0], rows[0][1], "2025Q3")
	r, _ = sv.Run(ctx, p.ID, "2025Q3", RunOptions{User: "office"})
	if r.Status != "failed" || len(r.Errors) == 0 {
		t.Fatalf("broken row: %+v", r)
	}
	// NO-SUCH-UNIT sorts after the codes GX… of its indicator
	wantRow := 0
	for i, x := range rows {
		if x[0] == broken[0] {
			wantRow = i + 1
		}
	}
	if e := r.Errors[0]; e.Row != wantRow || e.Column != "unit_code" {
		t.Errorf("error names row %d column %q (%s), want row %d unit_code", e.Row, e.Column, e.Message, wantRow)
	}
	if got := ledgerActual(t, st, rows[0][0], rows[0][1], "2025Q3"); *got != *before || countBatches(t, st) != batches {
		t.Fatal("a failed run wrote")
	}
	ws, _ := st.PullWarnings(ctx, "en")
	if len(ws) != 1 || ws[0].Kind != "pull_failed" || ws[0].Pull != "zg-ledger" {
		t.Fatalf("warnings: %+v", ws)
	}
	select {
	case e := <-events:
		if e.Kind != "pull_failed" || e.Period != "2025Q3" {
			t.Errorf("event %+v", e)
		}
	case <-time.After(5 * time.Second):
		t.Error("no pull_failed event")
	}

	// fix: ok clears the warning; roll it back
	pg.Exec("taxsys", fmt.Sprintf("UPDATE ledger_export SET unit_code = '%s', actual = actual - 5 WHERE unit_code = 'NO-SUCH-UNIT'", broken[1]))
	r, _ = sv.Run(ctx, p.ID, "2025Q3", RunOptions{User: "office"})
	if r.Status != "ok" || r.Batch == nil {
		t.Fatalf("fixed: %+v", r)
	}
	if ws, _ := st.PullWarnings(ctx, "en"); len(ws) != 0 {
		t.Fatalf("warning stays after ok: %+v", ws)
	}
	if got := ledgerActual(t, st, rows[0][0], rows[0][1], "2025Q3"); *got != *before+2 {
		t.Fatalf("fixed run: %v", *got)
	}
	if err := imports.Rollback(ctx, st, *r.Batch, "office"); err != nil {
		t.Fatal(err)
	}
	if got := ledgerActual(t, st, rows[0][0], rows[0][1], "2025Q3"); *got != *before {
		t.Fatalf("rolled back: %v, want %v", *got, *before)
	}
	runs, _ := sv.Runs(ctx, p.ID, 0)
	if len(runs) != 4 || runs[0].Status != "ok" || runs[1].Status != "failed" || runs[2].Status != "unchanged" || runs[3].Batch == nil || *runs[3].Batch != firstBatch {
		t.Fatalf("history: %+v", runs)
	}
}

// pgSource is pg (pgLedger's) behind a source "pg" of a new store,
// signed in as the reader role.
func pgSource(t *testing.T, pg *testservers.Postgres) (st *queries.Store, sv *Service, src *Source) {
	st = newStore(t)
	sv = New(st)
	pw := "Read-Only-2025!"
	src, err := sv.CreateSource(context.Background(), "admin", SourceInput{Name: "pg", Driver: "postgres", DSN: pg.DSN("jx_reader", "taxsys"), Password: &pw})
	if err != nil {
		t.Fatal(err)
	}
	return st, sv, src
}

func TestRealPostgresSafety(t *testing.T) {
	ctx := context.Background()
	pg, rows := pgLedger(t)
	st, sv, src := pgSource(t, pg)
	pull := func(name, q string) int64 {
		p, err := sv.CreatePull(ctx, "admin", PullInput{Name: name, Source: src.ID, Query: q})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		return p.ID
	}
	run := func(id int64) *Run {
		r, err := sv.Run(ctx, id, "2025Q3", RunOptions{User: "admin"})
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	batches := countBatches(t, st)

	// a query that writes fails and changes nothing at the source
	w := pull("writer", `WITH x AS (INSERT INTO ledger_export VALUES ('D01', 'GX', :period, 1, NULL, 'x') RETURNING *) SELECT * FROM x`)
	if r := run(w); r.Status != "failed" || !strings.Contains(r.Errors[0].Message, "tries to write") {
		t.Errorf("writing query: %+v", r)
	}
	if n := pg.QueryInt("taxsys", "SELECT count(*) FROM ledger_export"); n != int64(len(rows)) {
		t.Errorf("the source holds %d rows, want %d", n, len(rows))
	}

	// timeout at the source
	if err := st.SetSetting(ctx, "admin", SettingTimeout, "1"); err != nil {
		t.Fatal(err)
	}
	slow := pull("slow", `SELECT indicator_code, unit_code, period, actual FROM ledger_export, pg_sleep(20) WHERE period = :period`)
	t0 := time.Now()
	if r := run(slow); r.Status != "failed" || !strings.Contains(r.Errors[0].Message, "timed out") || time.Since(t0) > 15*time.Second {
		t.Errorf("timeout after %s: %+v", time.Since(t0), r)
	}
	st.SetSetting(ctx, "admin", SettingTimeout, "300")

	// :period is a bind argument: a quarter with a quote cannot reach the SQL
	var pe *queries.ParamError
	if _, err := sv.Run(ctx, slow, "2025Q3' OR 'a'='a", RunOptions{}); !errors.As(err, &pe) {
		t.Errorf("a malformed period: %v", err)
	}
	c, _ := sv.loadConn(ctx, src.ID)
	var sink strings.Builder
	f, err := c.fetch(ctx, `SELECT indicator_code, unit_code, period, actual FROM ledger_export WHERE period = :period`, "x' OR 'a'='a", 100, time.Minute, &sink)
	if err != nil || f.rows != 0 {
		t.Errorf("the period was spliced into the SQL: %d rows, %v", f.rows, err)
	}
	lit := pull("literal", `SELECT indicator_code, unit_code, :period AS period, actual FROM ledger_export WHERE period = :period AND coalesce(note, '') <> ':period' -- :period`)
	if r, _ := sv.Run(ctx, lit, "2025Q3", RunOptions{DryRun: true}); r.Status != "ok" || r.Rows != int64(len(rows)) {
		t.Errorf(":period in a literal and a comment: %+v", r)
	}

	// rows of another quarter, a missing column, SQL that fails, the row limit
	other := pull("other", `SELECT indicator_code, unit_code, CASE WHEN unit_code = 'GX' THEN '2025Q2' ELSE period END AS "Period", actual FROM ledger_export WHERE period = :period ORDER BY indicator_code, unit_code`)
	r := run(other)
	if r.Status != "failed" || r.Errors[0].Column != "Period" || r.Errors[0].Row < 1 || rows[r.Errors[0].Row-1][1] != "GX" {
		t.Errorf("another quarter: %+v", r)
	}
	if r := run(pull("nocol", `SELECT indicator_code, unit_code, period FROM ledger_export WHERE period = :period`)); r.Status != "failed" || r.Errors[0].Column != "actual" {
		t.Errorf("missing column: %+v", r)
	}
	if r := run(pull("badsql", `SELECT nope FROM ledger_export`)); r.Status != "failed" || !strings.Contains(r.Errors[0].Message, "SQL is wrong") {
		t.Errorf("bad SQL: %+v", r)
	}
	if r := run(pull("empty", `SELECT indicator_code, unit_code, period, actual FROM ledger_export WHERE period = :period AND false`)); r.Status != "unchanged" || r.Rows != 0 {
		t.Errorf("no rows: %+v", r)
	}
	st.SetSetting(ctx, "admin", SettingMaxRows, "5")
	if r := run(pull("many", pgQuery)); r.Status != "failed" || !strings.Contains(r.Errors[0].Message, "import.max_rows (5)") {
		t.Errorf("row limit: %+v", r)
	}
	st.SetSetting(ctx, "admin", SettingMaxRows, "5000000")
	if countBatches(t, st) != batches {
		t.Error("a failed run wrote a batch")
	}

	// two runs of one pull never overlap: the second waits
	st.SetSetting(ctx, "admin", SettingTimeout, "30")
	nap := pull("nap", `SELECT indicator_code, unit_code, period, actual FROM ledger_export, pg_sleep(0.7) WHERE period = :period`)
	done := make(chan *Run, 2)
	for i := 0; i < 2; i++ {
		go func() { r, _ := sv.Run(ctx, nap, "2025Q3", RunOptions{User: "admin"}); done <- r }()
	}
	a, b := <-done, <-done
	if a == nil || b == nil || (b.StartedAt.Before(*a.FinishedAt) && a.StartedAt.Before(*b.FinishedAt)) {
		t.Errorf("runs overlap: %+v %+v", a, b)
	}
}

// A scheduled run missed while the server was down runs once at the next start.
func TestRealPostgresSchedule(t *testing.T) {
	ctx := context.Background()
	pg, _ := pgLedger(t)
	st, sv, src := pgSource(t, pg)
	p, err := sv.CreatePull(ctx, "admin", PullInput{Name: "hourly", Source: src.ID, Query: pgQuery, Schedule: "@every 1h", Periods: []byte(`["2025Q3"]`)})
	if err != nil {
		t.Fatal(err)
	}
	if due, _ := sv.Due(ctx); len(due) != 0 {
		t.Fatalf("due at creation: %+v", due)
	}
	// the server was down for three hours since the pull was made
	st.DB().Exec("UPDATE pulls SET created_at = created_at - INTERVAL 3 HOUR")
	if due, _ := sv.Due(ctx); len(due) != 1 {
		t.Fatalf("missed run not due: %+v", due)
	}
	sched := sv.StartScheduler(nil, 50*time.Millisecond)
	deadline := time.Now().Add(20 * time.Second)
	var runs []Run
	for time.Now().Before(deadline) {
		if runs, _ = sv.Runs(ctx, p.ID, 0); len(runs) > 0 && runs[0].FinishedAt != nil {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	time.Sleep(300 * time.Millisecond) // a few more ticks: no second run
	sched.Stop()
	runs, _ = sv.Runs(ctx, p.ID, 0)
	if len(runs) != 1 || runs[0].Trigger != "schedule" || runs[0].RunBy != "schedule" || runs[0].Status != "ok" {
		t.Fatalf("runs: %+v", runs)
	}
	bs, _ := imports.Batches(ctx, st)
	if bs[0].User != "schedule" || bs[0].Source == nil || *bs[0].Source != "hourly" {
		t.Errorf("batch %+v", bs[0])
	}
}

// ledgerValues are the fixture's 2025Q3 rows, every 7th actual raised by 1
// (so that a first run changes values), and the same rows as the VALUES
// list of one INSERT (both servers take this SQL).
func ledgerValues(t *testing.T) ([][]string, string) {
	rows := quarterRows(t, "2025Q3")
	q := func(s string) string {
		if s == "" {
			return "NULL"
		}
		return "'" + strings.ReplaceAll(s, "'", "''") + "'"
	}
	vals := make([]string, len(rows))
	for i, r := range rows {
		if i%7 == 0 {
			a, _ := strconv.ParseFloat(r[3], 64)
			r[3] = strconv.FormatFloat(a+1, 'f', -1, 64)
		}
		vals[i] = fmt.Sprintf("(%s, %s, %s, %s, %s, %s)", q(r[0]), q(r[1]), q(r[2]), q(r[3]), q(r[4]), q(r[5]))
	}
	return rows, strings.Join(vals, ", ")
}

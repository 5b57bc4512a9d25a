package sources

import (
	"context"
	"encoding/json"
	"errors"
	"testing"
	"time"

	"jixiao/queries"
)

func TestParseSchedule(t *testing.T) {
	loc := time.Local
	from := time.Date(2026, 3, 10, 1, 30, 0, 0, loc)
	ok := map[string]time.Time{
		"":             {},
		"0 2 * * *":    time.Date(2026, 3, 10, 2, 0, 0, 0, loc),
		"*/15 * * * *": time.Date(2026, 3, 10, 1, 45, 0, 0, loc),
		"0 3 1 * *":    time.Date(2026, 4, 1, 3, 0, 0, 0, loc),
		"@every 1h":    from.Add(time.Hour),
		"@every 90m":   from.Add(90 * time.Minute),
		"@daily":       time.Date(2026, 3, 11, 0, 0, 0, 0, loc),
	}
	for s, next := range ok {
		sc, err := parseSchedule(s)
		if err != nil {
			t.Errorf("%q refused: %v", s, err)
			continue
		}
		if s == "" {
			if sc != nil {
				t.Errorf("empty schedule runs")
			}
			continue
		}
		if got := sc.Next(from); !got.Equal(next) {
			t.Errorf("%q next %s, want %s", s, got, next)
		}
	}
	for _, s := range []string{"0 2 * *", "0 0 2 * * *", "61 * * * *", "@every 10s", "@every soon", "TZ=UTC 0 2 * * *", "@sometimes", "tomorrow"} {
		if _, err := parseSchedule(s); err == nil {
			t.Errorf("%q accepted", s)
		}
	}
}

func TestNormPeriods(t *testing.T) {
	ok := map[string]string{``: "open", `null`: "open", `"open"`: "open", `"2025Q1,2025q2"`: "2025Q1,2025Q2",
		`["2025Q3","2025Q3","2024Q4"]`: "2025Q3,2024Q4"}
	for in, want := range ok {
		if got, err := normPeriods(json.RawMessage(in)); err != nil || got != want {
			t.Errorf("%s: %q %v, want %q", in, got, err, want)
		}
	}
	for _, in := range []string{`[]`, `["2025"]`, `["2025Q5"]`, `5`, `"2025Q1' OR 1=1"`} {
		if got, err := normPeriods(json.RawMessage(in)); err == nil {
			t.Errorf("%s accepted as %q", in, got)
		}
	}
}

// Sources and pulls refuse bad input by field (422 in the API) and store nothing.
func TestSourceAndPullInput(t *testing.T) {
	ctx := context.Background()
	st := newStore(t)
	sv := New(st)
	pw := "secret"
	bad := []SourceInput{
		{Name: "", Driver: "postgres", DSN: "postgres://u@h/db"},
		{Name: "x", Driver: "oracle", DSN: "u@h"},
		{Name: "x", Driver: "postgres", DSN: "postgres://u:pw@h:5432/db"},
		{Name: "x", Driver: "postgres", DSN: "host=h user=u password=pw"},
		{Name: "x", Driver: "mysql", DSN: "u:pw@tcp(h:3306)/db"},
		{Name: "x", Driver: "mysql", DSN: "not a dsn"},
	}
	for _, in := range bad {
		var pe *queries.ParamError
		if _, err := sv.CreateSource(ctx, "admin", in); !errors.As(err, &pe) {
			t.Errorf("%+v: %v", in, err)
		}
	}
	src, err := sv.CreateSource(ctx, "admin", SourceInput{Name: "pg", Driver: "PostgreSQL", DSN: "postgres://jx@db:5432/tax?sslmode=disable", Password: &pw})
	if err != nil || src.Driver != "postgres" || !src.HasPassword {
		t.Fatalf("%+v %v", src, err)
	}
	if _, err := sv.CreateSource(ctx, "admin", SourceInput{Name: "pg", Driver: "mysql", DSN: "u@tcp(h:3306)/db"}); queries.KindOf(err) != queries.Conflict {
		t.Errorf("duplicate name: %v", err)
	}
	badPulls := []PullInput{
		{Name: "", Source: src.ID, Query: "SELECT 1"},
		{Name: "p", Source: src.ID, Query: "DELETE FROM t"},
		{Name: "p", Source: src.ID, Query: "SELECT 1", Schedule: "every day"},
		{Name: "p", Source: src.ID + 99, Query: "SELECT 1"},
		{Name: "p", Source: src.ID, Query: "SELECT 1", Periods: json.RawMessage(`["2025"]`)},
		{Name: "submission:3", Source: src.ID, Query: "SELECT 1"},
	}
	for _, in := range badPulls {
		var pe *queries.ParamError
		if _, err := sv.CreatePull(ctx, "admin", in); !errors.As(err, &pe) {
			t.Errorf("%+v: %v", in, err)
		}
	}
	p, err := sv.CreatePull(ctx, "admin", PullInput{Name: "p", Source: src.ID, Query: "  /* x */ (SELECT 1);  ", Schedule: "0 2 * * *"})
	if err != nil || p.Query != "/* x */ (SELECT 1)" || p.Periods != "open" || p.NextRun == nil {
		t.Fatalf("%+v %v", p, err)
	}
	if err := sv.DeleteSource(ctx, "admin", src.ID); queries.KindOf(err) != queries.Conflict {
		t.Errorf("deleting a source in use: %v", err)
	}
	if err := sv.DeletePull(ctx, "admin", p.ID); err != nil {
		t.Fatal(err)
	}
	if err := sv.DeleteSource(ctx, "admin", src.ID); err != nil {
		t.Fatal(err)
	}
}

// "open" is each open quarter, and the current calendar quarter and the
// one before while they are not yet periods.
func TestPullPeriodsOpen(t *testing.T) {
	ctx := context.Background()
	st := newStore(t)
	sv := New(st)
	sv.Now = func() time.Time { return time.Date(2026, 2, 1, 0, 0, 0, 0, time.Local) }
	if err := st.SetPeriodStatus(ctx, "admin", "2025Q4", "review"); err != nil {
		t.Fatal(err)
	}
	got, err := sv.PullPeriods(ctx, Pull{Periods: "open"})
	if err != nil {
		t.Fatal(err)
	}
	// the fixture's quarters 2024Q1–2025Q4 are open but 2025Q4; 2026Q1 is new
	want := []string{"2024Q1", "2024Q2", "2024Q3", "2024Q4", "2025Q1", "2025Q2", "2025Q3", "2026Q1"}
	if len(got) != len(want) {
		t.Fatalf("%v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("%v, want %v", got, want)
		}
	}
	if got, _ := sv.PullPeriods(ctx, Pull{Periods: []string{"2025Q4"}}); len(got) != 1 || got[0] != "2025Q4" {
		t.Errorf("listed: %v", got)
	}
}

// A scheduled run missed while the server was down (here: a source that
// cannot be reached, so the run fails fast) runs once at the next start,
// and its failure stands as a warning.
func TestSchedulerMissedRunOnce(t *testing.T) {
	ctx := context.Background()
	st := newStore(t)
	sv := New(st)
	pw := "x"
	src, err := sv.CreateSource(ctx, "admin", SourceInput{Name: "down", Driver: "mysql", DSN: "jx@tcp(127.0.0.1:1)/tax", Password: &pw})
	if err != nil {
		t.Fatal(err)
	}
	p, err := sv.CreatePull(ctx, "admin", PullInput{Name: "nightly", Source: src.ID, Query: "SELECT 1", Schedule: "0 2 * * *", Periods: json.RawMessage(`["2025Q3"]`)})
	if err != nil {
		t.Fatal(err)
	}
	st.DB().Exec("UPDATE pulls SET created_at = created_at - INTERVAL 2 DAY")
	sched := sv.StartScheduler(nil, 20*time.Millisecond)
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if runs, _ := sv.Runs(ctx, p.ID, 0); len(runs) > 0 {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	time.Sleep(200 * time.Millisecond) // more ticks: no second run
	sched.Stop()
	runs, _ := sv.Runs(ctx, p.ID, 0)
	if len(runs) != 1 || runs[0].Trigger != TriggerSchedule || runs[0].Status != "failed" || runs[0].RunBy != "schedule" {
		t.Fatalf("runs: %+v", runs)
	}
	if ws, _ := st.PullWarnings(ctx, "zh"); len(ws) != 1 || ws[0].Pull != "nightly" {
		t.Errorf("warnings: %+v", ws)
	}
	if due, _ := sv.Due(ctx); len(due) != 0 {
		t.Errorf("still due after its run: %+v", due)
	}
}

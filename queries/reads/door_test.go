package reads

import (
	"context"
	"errors"
	"fmt"
	"os"
	"sync"
	"testing"
	"time"

	"jixiao/data"
	"jixiao/queries"
	"jixiao/queries/accounts"
	"jixiao/queries/fixture"
	"jixiao/queries/imports"

	// users files are imported by the accounts room
	_ "jixiao/queries/accounts"
)

func TestMain(m *testing.M) { os.Exit(fixture.Main(m)) }

// open copies the reference province (built once per test binary).
func open(t *testing.T) *queries.Store {
	t.Helper()
	return fixture.Built(t, "reads", queries.Open, func(st *queries.Store) {
		fixture.Load(t, func(k data.Kind, p string) error {
			_, err := imports.Import(context.Background(), st, k, p, imports.Options{User: "test", Users: accounts.UsersFile{}})
			return err
		}, true)
	})
}

// holdLoads makes the door's loads wait before publishing until release
// (called at the test's end at the latest, so that a failed test leaves
// no load waiting).
func holdLoads(t *testing.T, d *Door) (release func()) {
	d.hold = make(chan struct{})
	var once sync.Once
	release = func() { once.Do(func() { close(d.hold) }) }
	t.Cleanup(release)
	return release
}

// testCtx bounds a test's waits.
func testCtx(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	t.Cleanup(cancel)
	return ctx
}

var office = queries.Actor{Username: "office", Role: "office", UnitCode: "GX", Scope: queries.Everything, Rights: queries.AllRights()}

// score is GX0101's 2025Q3 score as the view answers it.
func score(t *testing.T, v *View) float64 {
	t.Helper()
	tr, err := v.Trend(context.Background(), "GX0101", "2025Q3", "2025Q3")
	if err != nil || len(tr) != 1 {
		t.Fatalf("trend: %v %v", tr, err)
	}
	return tr[0].Score
}

// TestStaleReadsAfterAScoreWrite: a write that changes scores only is
// answered from the previous version while the new one loads (readers do
// not wait), for at most Stale; the writer, asking for its version, waits
// for it; once published every reader gets the new scores.
func TestStaleReadsAfterAScoreWrite(t *testing.T) {
	st := open(t)
	ctx := testCtx(t)
	d, err := New(ctx, st, Config{Stale: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	old := d.For(ctx, queries.Everything)
	before := score(t, old)
	release := holdLoads(t, d)
	if _, err := st.AddAdjustment(ctx, office, queries.AdjustmentInput{UnitCode: "GX0101", Period: "2025Q3", Kind: "bonus", Points: 1, Reason: "测试"}); err != nil {
		t.Fatal(err)
	}
	v, err := st.DataVersion(ctx)
	if err != nil || v <= old.Version() {
		t.Fatalf("version %d after the write, %d before (%v)", v, old.Version(), err)
	}
	// A reader: the previous version, at once.
	t0 := time.Now()
	r := d.For(ctx, queries.Everything)
	if r.Version() != old.Version() || score(t, r) != before {
		t.Errorf("reader during the load: version %d score %v, want the previous %d %v", r.Version(), score(t, r), old.Version(), before)
	}
	if took := time.Since(t0); took > 5*time.Second { // a load is held: a reader waiting for it would wait for ever
		t.Errorf("the reader waited %v", took)
	}
	// The writer waits for its version.
	wctx, cancel := context.WithTimeout(ctx, 100*time.Millisecond)
	w := d.ForAtLeast(wctx, queries.Everything, v)
	cancel()
	if _, err := w.Trend(ctx, "GX0101", "", ""); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("the writer did not wait for its version: %v", err)
	}
	done := make(chan *View)
	go func() { done <- d.ForAtLeast(ctx, queries.Everything, v) }()
	time.Sleep(50 * time.Millisecond)
	release()
	w = <-done
	if w.Version() < v || score(t, w) != before+1 {
		t.Errorf("writer: version %d score %v, want ≥ %d and %v", w.Version(), score(t, w), v, before+1)
	}
	if r := d.For(ctx, queries.Everything); r.Version() < v || score(t, r) != before+1 {
		t.Errorf("reader after the load: version %d score %v", r.Version(), score(t, r))
	}
}

// TestStaleReadsEndAfterStale: past Stale after the write, readers wait
// for the new version instead of reading the previous one.
func TestStaleReadsEndAfterStale(t *testing.T) {
	st := open(t)
	ctx := testCtx(t)
	d, err := New(ctx, st, Config{Stale: 3 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	old := d.For(ctx, queries.Everything).Version() // the first load done
	release := holdLoads(t, d)
	if _, err := st.AddAdjustment(ctx, office, queries.AdjustmentInput{UnitCode: "GX0101", Period: "2025Q3", Kind: "bonus", Points: 1, Reason: "测试"}); err != nil {
		t.Fatal(err)
	}
	if v := d.For(ctx, queries.Everything).Version(); v != old {
		t.Fatalf("within Stale: version %d, want the previous %d", v, old)
	}
	time.Sleep(3200 * time.Millisecond)
	wctx, cancel := context.WithTimeout(ctx, 100*time.Millisecond)
	defer cancel()
	if v := d.For(wctx, queries.Everything); v.err == nil {
		t.Errorf("past Stale a reader was answered from version %d", v.Version())
	}
	release()
	if v := d.For(ctx, queries.Everything); v.err != nil || v.Version() == old {
		t.Errorf("after the load: %d %v", v.Version(), v.err)
	}
}

// TestVisibilityChangesAreNeverStale: when a write changes who may see
// what (a period published, a unit moved), no reader is answered from the
// previous version: they wait for the new one.
func TestVisibilityChangesAreNeverStale(t *testing.T) {
	st := open(t)
	ctx := testCtx(t)
	dept := queries.Scope{Unit: "GX01-ZG", Statuses: []string{"review", "final"}}
	for _, c := range []struct {
		name  string
		write func() error
	}{
		{"period published", func() error { return st.SetPeriodStatus(ctx, "test", "2025Q4", "review") }},
		{"unit moved", func() error {
			return importText(t, st, data.KindUnits, "units.csv", func(rec []string) []string {
				if rec[0] == "GX0101-B2" {
					rec[2] = "GX0102"
				}
				return rec
			})
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			d, err := New(ctx, st, Config{Stale: time.Minute})
			if err != nil {
				t.Fatal(err)
			}
			defer d.Close()
			before, _ := d.For(ctx, dept).Periods(ctx)
			release := holdLoads(t, d)
			if err := c.write(); err != nil {
				t.Fatal(err)
			}
			wctx, cancel := context.WithTimeout(ctx, 150*time.Millisecond)
			v := d.For(wctx, dept)
			cancel()
			if v.err == nil {
				t.Fatalf("a reader was answered from version %d while the change loaded", v.Version())
			}
			release()
			v = d.For(ctx, dept)
			if v.err != nil || v.Version() == 0 {
				t.Fatalf("after the load: %v", v.err)
			}
			after, _ := v.Periods(ctx)
			if c.name == "period published" && (has(before, "2025Q4") || !has(after, "2025Q4")) {
				t.Errorf("the department's periods %v → %v: 2025Q4 should appear", before, after)
			}
		})
	}
}

// importText imports the reference province's file name with each record
// (header excluded) passed through edit.
func importText(t *testing.T, st *queries.Store, k data.Kind, name string, edit func([]string) []string) error {
	t.Helper()
	recs := fixture.Records(t, name)
	p := t.TempDir() + "/" + name
	f, err := os.Create(p)
	if err != nil {
		return err
	}
	for i, r := range recs {
		if i > 0 {
			r = edit(append([]string(nil), r...))
		}
		for j, x := range r {
			if j > 0 {
				fmt.Fprint(f, ",")
			}
			fmt.Fprint(f, x)
		}
		fmt.Fprintln(f)
	}
	if err := f.Close(); err != nil {
		return err
	}
	_, err = imports.Import(context.Background(), st, k, p, imports.Options{User: "test", Users: accounts.UsersFile{}})
	return err
}

func has(ps []queries.PeriodStatus, p string) bool {
	for _, x := range ps {
		if x.Period == p {
			return true
		}
	}
	return false
}

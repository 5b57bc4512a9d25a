package reads

import (
	"context"
	"fmt"
	"os"
	"sort"
	"strconv"
	"sync"
	"testing"
	"time"

	"jixiao/queries"
	"jixiao/queries/demo"
	"jixiao/queries/fixture"
)

// BenchmarkAfterWrite is the load tool's after-write mode in one process
// (server/loadtest -writes), on the demo province at JIXIAO_BENCH_SCALE
// (default 1: 1,960 units): each iteration makes one write (a bonus in
// the newest quarter not final, as the office), tells the door (as a
// write request does), and at once 50 clients read rankings, trends and
// breakdowns the way the API handlers do (the group, then the encoded
// ranking; the encoded trend; the unit, then the encoded breakdown), keys
// read before the write; then the same keys again (warm). It reports the
// percentiles of every read's latency over all iterations:
//
//	go test -run '^$' -bench AfterWrite -benchtime 5x ./queries/reads
func BenchmarkAfterWrite(b *testing.B) {
	scale := 1
	if s, err := strconv.Atoi(os.Getenv("JIXIAO_BENCH_SCALE")); err == nil && s > 0 {
		scale = s
	}
	path := fixture.Copy(b, "demo"+strconv.Itoa(scale), "", func(path string) error {
		st, err := queries.Open(path)
		if err != nil {
			return err
		}
		if _, err := demo.Load(context.Background(), st, scale, demo.Options{}); err != nil {
			st.Close()
			return err
		}
		return st.Close()
	})
	st, err := queries.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	ctx := context.Background()
	d, err := New(ctx, st, Config{Stale: time.Second})
	if err != nil {
		b.Fatal(err)
	}
	defer d.Close()
	sc := queries.Everything
	v := d.For(ctx, sc)
	units, err := v.Units(ctx)
	if err != nil {
		b.Fatal(err)
	}
	ps, err := v.Periods(ctx)
	if err != nil {
		b.Fatal(err)
	}
	var quarters []string
	open := ""
	for _, p := range ps {
		if len(p.Period) == 6 {
			quarters = append(quarters, p.Period)
			if open == "" && p.Status != "final" {
				open = p.Period
			}
		}
	}
	target := ""
	for _, u := range units {
		if u.Kind == "branch" {
			target = u.Code
			break
		}
	}
	reqs := afterWriteRequests(units, quarters, 300)
	run := func() []float64 {
		var mu sync.Mutex
		var ms []float64
		next := make(chan func(context.Context, *View) error)
		var wg sync.WaitGroup
		for i := 0; i < 50; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for r := range next {
					t := time.Now()
					if err := r(ctx, d.For(ctx, sc)); err != nil && ctx.Err() == nil {
						b.Error(err)
					}
					mu.Lock()
					ms = append(ms, float64(time.Since(t).Microseconds())/1000)
					mu.Unlock()
				}
			}()
		}
		for _, r := range reqs {
			next <- r
		}
		close(next)
		wg.Wait()
		return ms
	}
	run() // the room's keys, read once before the writes
	if err := d.Settle(ctx); err != nil {
		b.Fatal(err)
	}
	office := queries.Actor{Username: "office", Role: "office", UnitCode: "GX", Scope: queries.Everything, Rights: queries.AllRights()}
	var after, warm []float64
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := st.AddAdjustment(ctx, office, queries.AdjustmentInput{UnitCode: target, Period: open, Kind: "bonus", Points: 0.5, Reason: fmt.Sprintf("bench %d", i)}); err != nil {
			b.Fatal(err)
		}
		if _, err := d.Check(ctx); err != nil { // as the end of a write request does
			b.Fatal(err)
		}
		after = append(after, run()...)
		warm = append(warm, run()...)
		b.StopTimer()
		if err := d.Settle(ctx); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
	}
	b.StopTimer()
	for _, c := range []struct {
		name string
		ms   []float64
	}{{"after", after}, {"warm", warm}} {
		sort.Float64s(c.ms)
		for _, p := range []float64{50, 95, 99} {
			b.ReportMetric(c.ms[max(0, min(len(c.ms)-1, int(p/100*float64(len(c.ms))+0.5)-1))], fmt.Sprintf("%s-p%.0f-ms", c.name, p))
		}
	}
	b.ReportMetric(float64(d.carried.Load())/float64(b.N), "carried/write")
}

// afterWriteRequests are n rankings, trends and breakdowns each, mixed,
// over the units and quarters, read as the API handlers read them.
func afterWriteRequests(units []queries.Unit, quarters []string, n int) []func(context.Context, *View) error {
	var out []func(context.Context, *View) error
	for i := 0; len(out) < 3*n; i++ {
		u := units[(i*7919)%len(units)].Code
		q := quarters[(i/len(units))%len(quarters)]
		out = append(out,
			func(ctx context.Context, v *View) error {
				g, err := v.GroupOf(ctx, u)
				if err != nil {
					return nil // the root is not ranked
				}
				_, err = v.JSON(ctx, "ranking", []string{q, g}, func(ctx context.Context, v *View) (any, error) { return v.Ranking(ctx, q, g) })
				return ignoreNotFound(err)
			},
			func(ctx context.Context, v *View) error {
				_, err := v.JSON(ctx, "trend", []string{u, "", q}, func(ctx context.Context, v *View) (any, error) { return v.Trend(ctx, u, "", q) })
				return ignoreNotFound(err)
			},
			func(ctx context.Context, v *View) error {
				if _, err := v.Unit(ctx, u); err != nil {
					return err
				}
				_, err := v.JSON(ctx, "breakdown", []string{u, q}, func(ctx context.Context, v *View) (any, error) { return v.Breakdown(ctx, u, q) })
				return ignoreNotFound(err)
			})
	}
	return out
}

func ignoreNotFound(err error) error {
	if err == queries.ErrNotFound {
		return nil
	}
	return err
}

package queries

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"
)

func TestZZExplore(t *testing.T) {
	path := os.Getenv("XDB")
	if path == "" {
		t.Skip()
	}
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	for _, q := range strings.Split(os.Getenv("XQ"), ";;") {
		q = strings.TrimSpace(q)
		if q == "" {
			continue
		}
		for i := 0; i < 3; i++ {
			t0 := time.Now()
			var args []any
			qq := q
			if strings.HasPrefix(q, "P:") {
				qq = q[2:]
				for j := 0; j < strings.Count(qq, "?"); j++ {
					args = append(args, "GX1301-B1")
				}
			}
			rows, err := s.db.QueryContext(ctx, qq, args...)
			if err != nil {
				t.Fatal(err)
			}
			cols, _ := rows.Columns()
			n := 0
			var out []string
			for rows.Next() {
				vals := make([]any, len(cols))
				ptr := make([]any, len(cols))
				for i := range vals {
					ptr[i] = &vals[i]
				}
				rows.Scan(ptr...)
				if n < 12 && i == 0 {
					out = append(out, fmt.Sprint(vals...))
				}
				n++
			}
			rows.Close()
			fmt.Printf("%7.1f ms %d rows  %.80s\n", float64(time.Since(t0).Microseconds())/1000, n, strings.Join(strings.Fields(q), " "))
			if i == 0 {
				for _, o := range out {
					fmt.Println("   ", o)
				}
			}
		}
	}
}

func TestZZApi(t *testing.T) {
	path := os.Getenv("XDB")
	if path == "" {
		t.Skip()
	}
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	all := []string{"open", "review", "final"}
	lead := Scope{Unit: "GX", Subtree: true, PeersNamed: true, Statuses: all}
	city := Scope{Unit: "GX01", Subtree: true, PeersNamed: true, Statuses: all}
	dept := Scope{Unit: "GX01-ZG", PeersAnon: true, Statuses: []string{"review", "final"}}
	tm := func(name string, f func() error) {
		var best, tot time.Duration
		for i := 0; i < 5; i++ {
			t0 := time.Now()
			if err := f(); err != nil {
				t.Fatal(name, err)
			}
			d := time.Since(t0)
			tot += d
			if i == 0 || d < best {
				best = d
			}
		}
		fmt.Printf("%-28s best %7.2f ms  mean %7.2f ms\n", name, float64(best.Microseconds())/1000, float64(tot.Microseconds())/5000)
	}
	tm("Ranking lead matrix", func() error { _, err := s.Ranking(ctx, lead, "2025Q4", "GX13-matrix"); return err })
	tm("RankingForUnit lead", func() error { _, err := s.RankingForUnit(ctx, lead, "2025Q3", "GX0101"); return err })
	tm("RankingForUnit dept", func() error { _, err := s.RankingForUnit(ctx, dept, "2025Q3", "GX01-ZG"); return err })
	tm("Trend lead", func() error { _, err := s.Trend(ctx, lead, "GX1301-B1", "", "2025Q4"); return err })
	tm("Breakdown lead", func() error { _, err := s.Breakdown(ctx, lead, "GX1301-B1", "2025Q4"); return err })
	tm("Breakdown dept", func() error { _, err := s.Breakdown(ctx, dept, "GX01-ZG", "2025Q4"); return err })
	tm("LossesByIndicator lead GX", func() error { _, err := s.LossesByIndicator(ctx, lead, "2025Q4", "GX", 10); return err })
	tm("LossesByDept lead GX", func() error { _, err := s.LossesByDept(ctx, lead, "2025Q4", "GX", 10); return err })
	tm("LossesByIndicator city", func() error { _, err := s.LossesByIndicator(ctx, city, "2025Q4", "GX01", 10); return err })
	tm("LossesByIndicator dept", func() error { _, err := s.LossesByIndicator(ctx, dept, "2025Q4", "GX01-ZG", 10); return err })
	tm("IndicatorValues lead", func() error { _, err := s.IndicatorValues(ctx, lead, "E01", "2025Q4"); return err })
	tm("IndicatorCompletion lead", func() error { _, err := s.IndicatorCompletion(ctx, lead, "E01"); return err })
	tm("Units lead", func() error { _, err := s.Units(ctx, lead); return err })
	tm("Units dept", func() error { _, err := s.Units(ctx, dept); return err })
	tm("Ancestors lead", func() error { _, err := s.Ancestors(ctx, lead, "GX1301-B1"); return err })
	tm("OverviewGroup lead", func() error { _, err := s.OverviewGroup(ctx, lead, "GX"); return err })
	tm("Periods lead", func() error { _, err := s.Periods(ctx, lead); return err })
}

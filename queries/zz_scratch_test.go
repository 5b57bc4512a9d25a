package queries

import (
	"context"
	"testing"
	"time"
)

func scratchStore(b *testing.B) *Store {
	s, err := Open("/tmp/bench.duckdb")
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	if _, err := s.Trend(context.Background(), benchLeader, "GX0101", "", ""); err != nil {
		b.Fatal(err)
	}
	s.Breakdown(context.Background(), benchLeader, "GX0101", "2025Q2")
	for s.heldRes.Load() == nil {
		time.Sleep(50 * time.Millisecond)
	}
	b.ResetTimer()
	return s
}

var scratchUnits = []string{"GX1301-B1", "GX0101", "GX01-ZG", "GX0203", "GX1301-B7"}

func BenchmarkZGroupOf(b *testing.B) {
	s := scratchStore(b)
	for i := 0; i < b.N; i++ {
		if _, err := s.GroupOf(context.Background(), benchLeader, scratchUnits[i%5]); err != nil {
			b.Fatal(err)
		}
	}
}
func BenchmarkZRanking(b *testing.B) {
	s := scratchStore(b)
	for i := 0; i < b.N; i++ {
		if _, err := s.Ranking(context.Background(), benchLeader, "2025Q2", "GX01:bureau"); err != nil {
			b.Fatal(err)
		}
	}
}
func BenchmarkZRankingMatrix(b *testing.B) {
	s := scratchStore(b)
	for i := 0; i < b.N; i++ {
		if _, err := s.Ranking(context.Background(), benchLeader, "2025Q2", "GX13-matrix"); err != nil {
			b.Fatal(err)
		}
	}
}
func BenchmarkZTrend(b *testing.B) {
	s := scratchStore(b)
	for i := 0; i < b.N; i++ {
		if _, err := s.Trend(context.Background(), benchLeader, scratchUnits[i%5], "", "2025Q3"); err != nil {
			b.Fatal(err)
		}
	}
}
func BenchmarkZBreakdown(b *testing.B) {
	s := scratchStore(b)
	for i := 0; i < b.N; i++ {
		if _, err := s.Breakdown(context.Background(), benchLeader, scratchUnits[i%5], "2025Q2"); err != nil {
			b.Fatal(err)
		}
	}
}
func BenchmarkZLatest(b *testing.B) {
	s := scratchStore(b)
	for i := 0; i < b.N; i++ {
		if _, err := s.LatestPeriod(context.Background(), benchLeader); err != nil {
			b.Fatal(err)
		}
	}
}
func BenchmarkZLossInd(b *testing.B) {
	s := scratchStore(b)
	for i := 0; i < b.N; i++ {
		if _, err := s.LossesByIndicator(context.Background(), benchLeader, "2025Q2", "GX", 10); err != nil {
			b.Fatal(err)
		}
	}
}
func BenchmarkZLossDept(b *testing.B) {
	s := scratchStore(b)
	for i := 0; i < b.N; i++ {
		if _, err := s.LossesByDept(context.Background(), benchLeader, "2025Q2", "GX", 10); err != nil {
			b.Fatal(err)
		}
	}
}
func BenchmarkZLossIndCity(b *testing.B) {
	s := scratchStore(b)
	sc := Scope{Unit: "GX13", Subtree: true, PeersNamed: true, Statuses: []string{"open", "review", "final"}}
	for i := 0; i < b.N; i++ {
		if _, err := s.LossesByIndicator(context.Background(), sc, "2025Q2", "GX13", 10); err != nil {
			b.Fatal(err)
		}
	}
}
func BenchmarkZUnit(b *testing.B) {
	s := scratchStore(b)
	for i := 0; i < b.N; i++ {
		if _, err := s.Unit(context.Background(), benchLeader, "GX13"); err != nil {
			b.Fatal(err)
		}
	}
}
func BenchmarkZOverviewGroup(b *testing.B) {
	s := scratchStore(b)
	for i := 0; i < b.N; i++ {
		if _, err := s.OverviewGroup(context.Background(), benchLeader, "GX13"); err != nil {
			b.Fatal(err)
		}
	}
}

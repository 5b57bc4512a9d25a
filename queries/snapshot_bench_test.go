package queries

import (
	"context"
	"runtime"
	"testing"
)

// Benchmarks of the snapshot reads on the demo province at --scale 10,
// the same reads as bench_test.go's SQL benchmarks:
//   go test -run '^$' -bench Snapshot -benchtime 200x ./queries

func bigSnapshot(b *testing.B) *Snapshot {
	s, _ := bigProvince(b)
	sn, err := s.LoadSnapshot(context.Background())
	if err != nil {
		b.Fatal(err)
	}
	return sn
}

// BenchmarkSnapshotLoad loads the read model; reports the Go heap it keeps.
func BenchmarkSnapshotLoad(b *testing.B) {
	s, _ := bigProvince(b)
	ctx := context.Background()
	var ms0, ms1 runtime.MemStats
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		runtime.GC()
		runtime.ReadMemStats(&ms0)
		b.StartTimer()
		sn, err := s.LoadSnapshot(ctx)
		if err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		runtime.GC()
		runtime.ReadMemStats(&ms1)
		b.ReportMetric(float64(ms1.HeapAlloc-ms0.HeapAlloc)/(1<<20), "MB-heap")
		runtime.KeepAlive(sn)
		b.StartTimer()
	}
}

func BenchmarkSnapshotRankingProvinceLeader(b *testing.B) {
	sn := bigSnapshot(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := sn.Ranking(benchLeader, "2025Q4", "GX13-matrix"); err != nil {
			b.Fatal(err)
		}
		if _, err := sn.RankingForUnit(benchLeader, "2025Q3", "GX0101"); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSnapshotRankingDept(b *testing.B) {
	s, _ := bigProvince(b)
	reviewed(b, s)
	sn := bigSnapshot(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := sn.RankingForUnit(benchDept, "2025Q4", "GX01-ZG"); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSnapshotTrend(b *testing.B) {
	sn := bigSnapshot(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := sn.Trend(benchLeader, "GX1301-B1", "", "2025Q4"); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSnapshotBreakdownLeader(b *testing.B) {
	s, _ := bigProvince(b)
	reviewed(b, s)
	sn := bigSnapshot(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := sn.Breakdown(benchLeader, "GX1301-B1", "2025Q4"); err != nil {
			b.Fatal(err)
		}
		if _, err := sn.Breakdown(benchDept, "GX01-ZG", "2025Q3"); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSnapshotLossesProvince(b *testing.B) {
	sn := bigSnapshot(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := sn.LossesByIndicator(benchLeader, "2025Q4", "GX", 10); err != nil {
			b.Fatal(err)
		}
		if _, err := sn.LossesByDept(benchLeader, "2025Q4", "GX", 10); err != nil {
			b.Fatal(err)
		}
	}
}

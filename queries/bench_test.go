package queries

import (
	"context"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"jixiao/data"
)

// The benchmarks run on the demo province at --scale 10 (≥ 2 million ledger
// values), built once per run into a temp database:
//   go test -run '^$' -bench . -benchtime 5x ./queries

var (
	bigOnce  sync.Once
	bigDir   string
	bigFiles data.DemoFiles
	bigStore *Store
	bigErr   error
)

func bigProvince(b *testing.B) (*Store, data.DemoFiles) {
	bigOnce.Do(func() {
		bigDir, bigErr = os.MkdirTemp("", "jixiao-bench-*")
		if bigErr != nil {
			return
		}
		bigFiles, _, bigErr = data.WriteDemo(bigDir, 10)
		if bigErr != nil {
			return
		}
		bigStore, bigErr = Open(filepath.Join(bigDir, "bench.duckdb"))
		if bigErr != nil {
			return
		}
		for _, k := range data.Kinds {
			if _, bigErr = bigStore.Import(context.Background(), k, bigFiles[k], ImportOptions{User: "bench"}); bigErr != nil {
				return
			}
		}
	})
	if bigErr != nil {
		b.Fatal(bigErr)
	}
	return bigStore, bigFiles
}

// BenchmarkRescore recomputes every score of every unit and period.
func BenchmarkRescore(b *testing.B) {
	s, _ := bigProvince(b)
	ctx := context.Background()
	g, _ := s.LoadGrading(ctx)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		conn, _ := s.db.Conn(ctx)
		tx, _ := conn.BeginTx(ctx, nil)
		if err := rescore(ctx, tx, g); err != nil {
			b.Fatal(err)
		}
		tx.Rollback()
		conn.Close()
	}
}

// BenchmarkImportValues imports the whole ledger into a fresh database
// (units and indicators loaded first, untimed); reports rows/s.
func BenchmarkImportValues(b *testing.B) {
	_, files := bigProvince(b)
	ctx := context.Background()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		p := filepath.Join(b.TempDir(), "imp.duckdb")
		s, err := Open(p)
		if err != nil {
			b.Fatal(err)
		}
		for _, k := range []data.Kind{data.KindUnits, data.KindIndicators} {
			if _, err := s.Import(ctx, k, files[k], ImportOptions{}); err != nil {
				b.Fatal(err)
			}
		}
		b.StartTimer()
		bt, err := s.Import(ctx, data.KindValues, files[data.KindValues], ImportOptions{})
		if err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		b.ReportMetric(float64(bt.Rows)*float64(i+1)/b.Elapsed().Seconds(), "rows/s")
		s.Close()
		b.StartTimer()
	}
}

// BenchmarkRanking reads one peer group's ranking (the matrix group).
func BenchmarkRanking(b *testing.B) {
	s, _ := bigProvince(b)
	ctx := context.Background()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := s.Ranking(ctx, Everything, "2025Q4", "GX13-matrix"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkBreakdown reads one branch's quarter, indicator by indicator.
func BenchmarkBreakdown(b *testing.B) {
	s, _ := bigProvince(b)
	ctx := context.Background()
	sc := Scope{Unit: "GX1301-B1", PeersAnon: true, Statuses: []string{"open", "review", "final"}}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := s.Breakdown(ctx, sc, "GX1301-B1", "2025Q4"); err != nil {
			b.Fatal(err)
		}
	}
}

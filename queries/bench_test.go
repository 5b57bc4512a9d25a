package queries

import (
	"context"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"jixiao/data"
	"jixiao/queries/scoring"
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
func BenchmarkRescore(b *testing.B) { benchRescore(b, "") }

// BenchmarkRescoreAdjustments is the rescoring of a write that changes
// adjustments only (from the stored bases).
func BenchmarkRescoreAdjustments(b *testing.B) { benchRescore(b, scoring.OnlyAdjustments) }

func benchRescore(b *testing.B, pending string) {
	s, _ := bigProvince(b)
	ctx := context.Background()
	g, _ := s.LoadGrading(ctx)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		conn, _ := s.db.Conn(ctx)
		tx, _ := conn.BeginTx(ctx, nil)
		if err := scoring.Rescore(ctx, tx, g, pending); err != nil {
			b.Fatal(err)
		}
		tx.Rollback()
		conn.Close()
	}
}

// BenchmarkRescore2M is BenchmarkRescore with a quarter of the ledger
// values removed first (about 2.0 million left), the size the target names.
func BenchmarkRescore2M(b *testing.B) {
	s, _ := bigProvince(b)
	ctx := context.Background()
	g, _ := s.LoadGrading(ctx)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		conn, _ := s.db.Conn(ctx)
		tx, _ := conn.BeginTx(ctx, nil)
		var n int64
		if _, err := tx.Exec("DELETE FROM ledger_k WHERE hash(k) % 4 = 0"); err != nil {
			b.Fatal(err)
		}
		if err := tx.QueryRow("SELECT count(*) FROM ledger_k").Scan(&n); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		if err := scoring.Rescore(ctx, tx, g, ""); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		b.ReportMetric(float64(n), "values")
		tx.Rollback()
		conn.Close()
		b.StartTimer()
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

// Realistic scopes (server/policy): a province leader sees every unit
// named; a department user sees itself and its peers anonymised, and only
// periods in review or final.
var (
	benchLeader = Scope{Unit: "GX", Subtree: true, PeersNamed: true, Statuses: []string{"open", "review", "final"}}
	benchDept   = Scope{Unit: "GX01-ZG", PeersAnon: true, Statuses: []string{"review", "final"}}
)

// reviewed publishes the demo's history for the dept scope (every quarter
// final but the last, in review) until the benchmark ends; scores do not
// depend on statuses, and BenchmarkRescore keeps its open periods.
func reviewed(b *testing.B, s *Store) {
	set := func(q string) {
		if _, err := s.db.Exec(q); err != nil {
			b.Fatal(err)
		}
	}
	set("UPDATE periods SET status = CASE WHEN ord = (SELECT max(ord) FROM periods) THEN 'review' ELSE 'final' END")
	set("UPDATE data_version SET v = v + 1") // the held scopes are per data version
	s.Changed()
	b.Cleanup(func() {
		set("UPDATE periods SET status = 'open'")
		set("UPDATE data_version SET v = v + 1")
		s.Changed()
	})
}

// BenchmarkRankingProvinceLeader reads the largest group (the matrix
// group's 1,590 branches) and a county's group, as the province leader.
func BenchmarkRankingProvinceLeader(b *testing.B) {
	s, _ := bigProvince(b)
	ctx := context.Background()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := s.Ranking(ctx, benchLeader, "2025Q4", "GX13-matrix"); err != nil {
			b.Fatal(err)
		}
		if _, err := s.RankingForUnit(ctx, benchLeader, "2025Q3", "GX0101"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRankingDept reads a department's own group, anonymised.
func BenchmarkRankingDept(b *testing.B) {
	s, _ := bigProvince(b)
	reviewed(b, s)
	ctx := context.Background()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := s.RankingForUnit(ctx, benchDept, "2025Q4", "GX01-ZG"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkTrend reads a branch's quarters as the province leader.
func BenchmarkTrend(b *testing.B) {
	s, _ := bigProvince(b)
	ctx := context.Background()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := s.Trend(ctx, benchLeader, "GX1301-B1", "", "2025Q4"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkBreakdownLeader reads a branch's quarter as the province leader
// and a department's own quarter.
func BenchmarkBreakdownLeader(b *testing.B) {
	s, _ := bigProvince(b)
	reviewed(b, s)
	ctx := context.Background()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := s.Breakdown(ctx, benchLeader, "GX1301-B1", "2025Q4"); err != nil {
			b.Fatal(err)
		}
		if _, err := s.Breakdown(ctx, benchDept, "GX01-ZG", "2025Q3"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLossesProvince reads the overview's losses of the whole province.
func BenchmarkLossesProvince(b *testing.B) {
	s, _ := bigProvince(b)
	ctx := context.Background()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := s.LossesByIndicator(ctx, benchLeader, "2025Q4", "GX", 10); err != nil {
			b.Fatal(err)
		}
		if _, err := s.LossesByDept(ctx, benchLeader, "2025Q4", "GX", 10); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkIndicatorValues reads one indicator across the province's
// branches in a quarter, and its completion per quarter.
func BenchmarkIndicatorValues(b *testing.B) {
	s, _ := bigProvince(b)
	ctx := context.Background()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := s.IndicatorValues(ctx, benchLeader, "E01", "2025Q4"); err != nil {
			b.Fatal(err)
		}
		if _, err := s.IndicatorCompletion(ctx, benchLeader, "E01"); err != nil {
			b.Fatal(err)
		}
	}
}

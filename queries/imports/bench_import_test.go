package imports

import (
	"context"
	"database/sql"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"jixiao/data"
	"jixiao/queries"
	"jixiao/queries/fixture"
)

// BenchmarkImportValuesVsDuckDB imports the values file of the demo
// province at scale JIXIAO_BENCH_SCALE (40 unless set: 39 million
// values) into a store holding its units and indicators, and times DuckDB
// alone reading the same CSV into a table of a new database file:
//
//	JIXIAO_BENCH_SCALE=40 go test -run '^$' -bench ImportValuesVsDuckDB -benchtime 1x -timeout 60m ./queries/imports
//
// Both sides run under the same memory limit (JIXIAO_MEMORY_LIMIT, else
// the store's 768MB).
//
// import_s is the whole import (stage, checks, write, rescore, commit),
// duckdb_s the plain CREATE TABLE t AS SELECT * FROM read_csv(...).
func BenchmarkImportValuesVsDuckDB(b *testing.B) {
	scale := 40
	if v, err := strconv.Atoi(os.Getenv("JIXIAO_BENCH_SCALE")); err == nil && v > 0 {
		scale = v
	}
	dir := b.TempDir()
	files, _, err := data.WriteDemo(filepath.Join(dir, "demo"), scale)
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	base := filepath.Join(dir, "base.duckdb")
	s, err := queries.Open(base)
	if err != nil {
		b.Fatal(err)
	}
	for _, k := range []data.Kind{data.KindUnits, data.KindIndicators} {
		if _, err := Import(ctx, s, k, files[k], Options{User: "bench"}); err != nil {
			b.Fatal(err)
		}
	}
	s.Close()
	baseBytes, err := os.ReadFile(base)
	if err != nil {
		b.Fatal(err)
	}
	var imp, plain time.Duration
	var rows int64
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		p := filepath.Join(b.TempDir(), "imp.duckdb")
		if err := os.WriteFile(p, baseBytes, 0o644); err != nil {
			b.Fatal(err)
		}
		s, err := queries.Open(p)
		if err != nil {
			b.Fatal(err)
		}
		t0 := time.Now()
		bt, err := Import(ctx, s, data.KindValues, files[data.KindValues], Options{User: "bench"})
		if err != nil {
			b.Fatal(err)
		}
		imp += time.Since(t0)
		rows = bt.Rows
		s.Close()

		// DuckDB alone under the store's memory limit, so that both sides
		// may spill alike.
		db, err := sql.Open("duckdb", filepath.Join(b.TempDir(), "plain.duckdb")+"?memory_limit="+url.QueryEscape(queries.MemoryLimit()))
		if err != nil {
			b.Fatal(err)
		}
		t0 = time.Now()
		if _, err := db.Exec("CREATE TABLE t AS SELECT * FROM read_csv(" + queries.QuoteLit(files[data.KindValues]) + ")"); err != nil {
			b.Fatal(err)
		}
		plain += time.Since(t0)
		db.Close()
		b.StartTimer()
	}
	fixture.ReportVs(b, rows, "import", imp, "duckdb", plain)
}

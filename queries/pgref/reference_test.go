//go:build servers

package pgref

import (
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"testing"
	"time"

	"jixiao/queries/testservers"
)

// The reference reproduces the small province's expected_scores.csv (SPEC
// §9, computed by a third implementation) exactly: every quarter and year,
// group, score, rank, size, grade, veto and system sub-score.
func TestRealPostgresReferenceMatchesFixture(t *testing.T) {
	pg := testservers.StartPostgres(t, pgSettings...)
	out := filepath.Join(t.TempDir(), "ref.json")
	reference(t, pg, "fixture", fixtureFiles(), out)
	got := readExport(t, out)
	want := readExpected(t)
	if len(want) < 1800 {
		t.Fatalf("expected_scores.csv has %d rows", len(want))
	}
	sameScores(t, "expected_scores.csv", want, "the PostgreSQL reference", got)
}

// jixiao's export of the demo province (scale 1: 519 units, 8 quarters,
// ~75,000 values) equals the reference's for every unit and period.
func TestRealPostgresReferenceMatchesJixiao(t *testing.T) {
	dir := t.TempDir()
	files := demoFiles(t, filepath.Join(dir, "demo"), 1)
	pg := testservers.StartPostgres(t, pgSettings...)
	reference(t, pg, "demo", files, filepath.Join(dir, "ref.json"))
	pipeline(t, filepath.Join(dir, "jx.duckdb"), files, filepath.Join(dir, "jx.json"))
	jx := readExport(t, filepath.Join(dir, "jx.json"))
	if len(jx) < 5000 {
		t.Fatalf("jixiao exported %d scores", len(jx))
	}
	sameScores(t, "jixiao", jx, "the PostgreSQL reference", readExport(t, filepath.Join(dir, "ref.json")))
}

// BenchmarkRealPipelineVsPostgres times the pipeline of issue 18 step 6 on
// the demo province at scale 9 (2,219,257 values; JIXIAO_PIPELINE_SCALE
// sets another): jixiao's four imports into a new database and its JSON
// export, against the same four files COPYed into a new PostgreSQL
// database, scored by reference.sql and exported with json_agg. It reports
// the wall time of each side and each step, their ratio (x-faster: how
// many times faster jixiao is), and the CPU time of each (this process's
// threads for jixiao; the server's backends plus this process for
// PostgreSQL) and its ratio (x-less-cpu), which a loaded machine moves less.
// The first iteration checks that both exports hold the same scores.
func BenchmarkRealPipelineVsPostgres(b *testing.B) {
	scale := 9
	if s := os.Getenv("JIXIAO_PIPELINE_SCALE"); s != "" {
		var err error
		if scale, err = strconv.Atoi(s); err != nil {
			b.Fatal(err)
		}
	}
	dir := b.TempDir()
	files := demoFiles(b, filepath.Join(dir, "demo"), scale)
	pg := testservers.StartPostgres(b, pgSettings...)
	var jx steps
	var ref phases
	var refCPU time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		run := filepath.Join(dir, "run"+strconv.Itoa(i))
		if err := os.MkdirAll(run, 0o755); err != nil {
			b.Fatal(err)
		}
		runtime.GC()
		jx.add(pipeline(b, filepath.Join(run, "jx.duckdb"), files, filepath.Join(run, "jx.json")))
		runtime.GC()
		var p phases
		refCPU += referenceCPU(b, pg, func() { p = reference(b, pg, "run"+strconv.Itoa(i), files, filepath.Join(run, "ref.json")) })
		ref.load, ref.score, ref.export = ref.load+p.load, ref.score+p.score, ref.export+p.export
		b.StopTimer()
		if i == 0 {
			sameScores(b, "jixiao", readExport(b, filepath.Join(run, "jx.json")), "the PostgreSQL reference",
				readExport(b, filepath.Join(run, "ref.json")))
		}
		pg.Exec("postgres", "DROP DATABASE run"+strconv.Itoa(i))
		os.RemoveAll(run)
		b.StartTimer()
	}
	n := float64(b.N)
	b.ReportMetric(jx.total().Seconds()/n, "jixiao-s")
	b.ReportMetric((jx.imports[0]+jx.imports[1]).Seconds()/n, "jx-units+ind-s")
	b.ReportMetric(jx.imports[2].Seconds()/n, "jx-values-s")
	b.ReportMetric(jx.imports[3].Seconds()/n, "jx-adjust-s")
	b.ReportMetric(jx.export.Seconds()/n, "jx-export-s")
	b.ReportMetric(ref.total().Seconds()/n, "postgres-s")
	b.ReportMetric(ref.load.Seconds()/n, "pg-load-s")
	b.ReportMetric(ref.score.Seconds()/n, "pg-score-s")
	b.ReportMetric(ref.export.Seconds()/n, "pg-export-s")
	b.ReportMetric(ref.total().Seconds()/jx.total().Seconds(), "x-faster")
	b.ReportMetric(jx.cpu().Seconds()/n, "jixiao-cpu-s")
	b.ReportMetric((jx.importsCPU[0]+jx.importsCPU[1]).Seconds()/n, "jx-units+ind-cpu-s")
	b.ReportMetric(jx.importsCPU[2].Seconds()/n, "jx-values-cpu-s")
	b.ReportMetric(jx.importsCPU[3].Seconds()/n, "jx-adjust-cpu-s")
	b.ReportMetric(jx.exportCPU.Seconds()/n, "jx-export-cpu-s")
	b.ReportMetric(refCPU.Seconds()/n, "postgres-cpu-s")
	b.ReportMetric(refCPU.Seconds()/jx.cpu().Seconds(), "x-less-cpu")
}

//go:build servers

package sources

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"jixiao/data"
	"jixiao/queries"
	"jixiao/queries/fixture"
	"jixiao/queries/imports"
	"jixiao/queries/testservers"
)

// Benchmarks of §11 against a real PostgreSQL (tag servers):
//
//	go test -tags servers -run '^$' -bench 'BenchmarkRealPull' -benchtime 1x ./queries/sources
//
// BenchmarkRealPullVsCSV: one quarter of a scale-10 province pulled, against
// the same rows imported from a CSV file (the target: at most 2×).
// BenchmarkRealPull2M: a pull of 2 million rows (peak memory: run it under
// /usr/bin/time -v; it also reports the Go heap's peak while rows stream).

const benchQuarter = "2025Q4"

func copyFile(t testing.TB, src, dst string) {
	t.Helper()
	in, err := os.Open(src)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	out, err := os.Create(dst)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(out, in); err != nil {
		t.Fatal(err)
	}
	if err := out.Close(); err != nil {
		t.Fatal(err)
	}
}

// splitQuarter writes the values of quarter q to qPath and the others to restPath.
func splitQuarter(t testing.TB, values, q, qPath, restPath string) int {
	in, err := os.Open(values)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	qf, _ := os.Create(qPath)
	rf, _ := os.Create(restPath)
	qw, rw := bufio.NewWriter(qf), bufio.NewWriter(rf)
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	n := 0
	for i := 0; sc.Scan(); i++ {
		line := sc.Text()
		switch {
		case i == 0:
			qw.WriteString(line + "\n")
			rw.WriteString(line + "\n")
		case strings.Contains(line, ","+q+","):
			qw.WriteString(line + "\n")
			n++
		default:
			rw.WriteString(line + "\n")
		}
	}
	qw.Flush()
	rw.Flush()
	qf.Close()
	rf.Close()
	return n
}

// benchBase is a database with the units, indicators and (unless "") values
// files imported, in dir.
func benchBase(b *testing.B, dir, units, indicators, values string) string {
	base := filepath.Join(dir, "base.duckdb")
	st, err := queries.Open(base)
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	files := map[data.Kind]string{data.KindUnits: units, data.KindIndicators: indicators, data.KindValues: values}
	for _, k := range []data.Kind{data.KindUnits, data.KindIndicators, data.KindValues} {
		if files[k] == "" {
			continue
		}
		if _, err := imports.Import(context.Background(), st, k, files[k], imports.Options{User: "bench"}); err != nil {
			b.Fatal(err)
		}
	}
	return base
}

// benchPostgres is a PostgreSQL with a database taxsys whose ledger_export
// (made by create) the role jx_reader (password bench-pass) may read.
func benchPostgres(b *testing.B, create string) *testservers.Postgres {
	pg := testservers.StartPostgres(b)
	pg.Exec("postgres", "CREATE DATABASE taxsys", "CREATE ROLE jx_reader LOGIN PASSWORD 'bench-pass'")
	pg.Exec("taxsys", create, "GRANT SELECT ON ledger_export TO jx_reader")
	return pg
}

func BenchmarkRealPullVsCSV(b *testing.B) {
	ctx := context.Background()
	dir := b.TempDir()
	files, _, err := data.WriteDemo(filepath.Join(dir, "demo"), 10)
	if err != nil {
		b.Fatal(err)
	}
	qcsv, rest := filepath.Join(dir, "quarter.csv"), filepath.Join(dir, "rest.csv")
	n := splitQuarter(b, files[data.KindValues], benchQuarter, qcsv, rest)
	base := benchBase(b, dir, files[data.KindUnits], files[data.KindIndicators], rest)
	pg := benchPostgres(b, `CREATE TABLE ledger_export (indicator_code text, unit_code text, period text, actual numeric, target numeric, note text)`)
	pgCopy := filepath.Join(pg.Dir, "quarter.csv")
	copyFile(b, qcsv, pgCopy)
	os.Chmod(pgCopy, 0o644)
	pg.Exec("taxsys", "COPY ledger_export FROM '"+pgCopy+"' CSV HEADER")
	b.Logf("%s: %d rows", benchQuarter, n)

	var csvTotal, pullTotal time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		run := func(f func(st *queries.Store) error) time.Duration {
			p := filepath.Join(b.TempDir(), "db.duckdb")
			copyFile(b, base, p)
			st, err := queries.Open(p)
			if err != nil {
				b.Fatal(err)
			}
			defer st.Close()
			t0 := time.Now()
			if err := f(st); err != nil {
				b.Fatal(err)
			}
			return time.Since(t0)
		}
		csvTotal += run(func(st *queries.Store) error {
			_, err := imports.Import(ctx, st, data.KindValues, qcsv, imports.Options{User: "bench", Filename: "quarter.csv"})
			return err
		})
		pullTotal += run(func(st *queries.Store) error {
			sv := New(st)
			pw := "bench-pass"
			src, err := sv.CreateSource(ctx, "bench", SourceInput{Name: "pg", Driver: "postgres", DSN: pg.DSN("jx_reader", "taxsys"), Password: &pw})
			if err != nil {
				return err
			}
			p, err := sv.CreatePull(ctx, "bench", PullInput{Name: "q", Source: src.ID,
				Query: "SELECT indicator_code, unit_code, period, actual, target, note FROM ledger_export WHERE period = :period"})
			if err != nil {
				return err
			}
			r, err := sv.Run(ctx, p.ID, benchQuarter, RunOptions{User: "bench"})
			if err == nil && (r.Status != "ok" || r.Rows != int64(n)) {
				err = fmt.Errorf("run %s, %d rows: %v", r.Status, r.Rows, r.Errors[:min(len(r.Errors), 3)])
			}
			return err
		})
		b.StartTimer()
	}
	b.StopTimer()
	fixture.ReportVs(b, int64(n), "pull", pullTotal, "csv", csvTotal)
}

// BenchmarkRealPull2M pulls one quarter of 2 million rows (1,000 branches ×
// 2,000 indicators) into a catalogue without values.
func BenchmarkRealPull2M(b *testing.B) {
	ctx := context.Background()
	dir := b.TempDir()
	var units, inds strings.Builder
	units.WriteString("code,name,parent_code,kind,level,peer_group\nGX,省局,,bureau,province,\n")
	for u := 1; u <= 1000; u++ {
		fmt.Fprintf(&units, "B%04d,分局%d,GX,branch,province,\n", u, u)
	}
	inds.WriteString("code,name,system,tier,levels,unit,direction,rule,weight,target,floor,lead_dept,coop_depts,method,source,key_task,valid_from,valid_to\n")
	for i := 1; i <= 2000; i++ {
		fmt.Fprintf(&inds, "I%04d,指标%d,admin,execution,,%%,higher,linear,1,100,0,ZG,,desk,golden_tax_3,false,,\n", i, i)
	}
	up, ip := filepath.Join(dir, "units.csv"), filepath.Join(dir, "indicators.csv")
	os.WriteFile(up, []byte(units.String()), 0o644)
	os.WriteFile(ip, []byte(inds.String()), 0o644)
	base := benchBase(b, dir, up, ip, "")
	pg := benchPostgres(b, `CREATE TABLE ledger_export AS SELECT 'I' || lpad(i::text, 4, '0') AS indicator_code, 'B' || lpad(u::text, 4, '0') AS unit_code,
		'2025Q1'::text AS period, round((random() * 100)::numeric, 2) AS actual, NULL::numeric AS target, NULL::text AS note
		FROM generate_series(1, 2000) i, generate_series(1, 1000) u`)

	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		p := filepath.Join(b.TempDir(), "db.duckdb")
		copyFile(b, base, p)
		st, err := queries.Open(p)
		if err != nil {
			b.Fatal(err)
		}
		sv := New(st)
		pw := "bench-pass"
		src, _ := sv.CreateSource(ctx, "bench", SourceInput{Name: "pg", Driver: "postgres", DSN: pg.DSN("jx_reader", "taxsys"), Password: &pw})
		pl, err := sv.CreatePull(ctx, "bench", PullInput{Name: "big", Source: src.ID, Query: "SELECT * FROM ledger_export WHERE period = :period"})
		if err != nil {
			b.Fatal(err)
		}
		runtime.GC()
		b.ReportMetric(float64(vmHWM())/1024, "rss_peak_before_MB")
		resetHWM()
		var peak atomic.Uint64
		stop := make(chan struct{})
		var wg sync.WaitGroup
		wg.Add(1)
		go func() { // the Go heap while rows stream and import
			defer wg.Done()
			var m runtime.MemStats
			for {
				runtime.ReadMemStats(&m)
				if m.HeapInuse > peak.Load() {
					peak.Store(m.HeapInuse)
				}
				select {
				case <-stop:
					return
				case <-time.After(50 * time.Millisecond):
				}
			}
		}()
		b.StartTimer()
		t0 := time.Now()
		r, err := sv.Run(ctx, pl.ID, "2025Q1", RunOptions{User: "bench"})
		elapsed := time.Since(t0)
		b.StopTimer()
		close(stop)
		wg.Wait()
		if err != nil || r.Status != "ok" || r.Rows != 2_000_000 {
			b.Fatalf("run: %v %+v", err, r)
		}
		b.ReportMetric(float64(r.Rows), "rows")
		b.ReportMetric(elapsed.Seconds(), "pull_s")
		b.ReportMetric(float64(peak.Load())/(1<<20), "go_heap_peak_MB")
		b.ReportMetric(float64(vmHWM())/1024, "rss_peak_MB")
		// the phases alone (JIXIAO_BENCH_PHASES=1): the source streamed to
		// a CSV file, then that file imported as a web import would
		if os.Getenv("JIXIAO_BENCH_PHASES") == "" {
			st.Close() // a checkpoint of the 2M values
			b.ReportMetric(float64(vmHWM())/1024, "rss_peak_closed_MB")
			b.StartTimer()
			continue
		}
		csvPath := filepath.Join(b.TempDir(), "pulled.csv")
		f, _ := os.Create(csvPath)
		c, _ := sv.loadConn(ctx, src.ID)
		resetHWM()
		tf := time.Now()
		if _, err := c.fetch(ctx, "SELECT * FROM ledger_export WHERE period = :period", "2025Q1", 5_000_000, time.Hour, f); err != nil {
			b.Fatal(err)
		}
		f.Close()
		b.ReportMetric(time.Since(tf).Seconds(), "fetch_s")
		b.ReportMetric(float64(vmHWM())/1024, "fetch_rss_peak_MB")
		{
			p2 := filepath.Join(b.TempDir(), "csv.duckdb")
			copyFile(b, base, p2)
			st2, err := queries.Open(p2)
			if err != nil {
				b.Fatal(err)
			}
			resetHWM()
			t0 := time.Now()
			if _, err := imports.Import(ctx, st2, data.KindValues, csvPath, imports.Options{User: "bench"}); err != nil {
				b.Fatal(err)
			}
			b.ReportMetric(time.Since(t0).Seconds(), "csv_s")
			b.ReportMetric(float64(vmHWM())/1024, "csv_import_rss_peak_MB")
			st2.Close()
		}
		st.Close()
		b.StartTimer()
	}
}

// resetHWM starts the peak resident set anew (Linux clear_refs 5).
func resetHWM() { _ = os.WriteFile("/proc/self/clear_refs", []byte("5"), 0o200) }

// vmHWM is the process's peak resident set in KiB (/proc/self/status).
func vmHWM() int64 {
	b, _ := os.ReadFile("/proc/self/status")
	for _, l := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(l, "VmHWM:") {
			var n int64
			fmt.Sscan(strings.TrimSpace(strings.TrimSuffix(strings.TrimPrefix(l, "VmHWM:"), "kB")), &n)
			return n
		}
	}
	return 0
}

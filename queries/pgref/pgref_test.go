//go:build servers

package pgref

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"jixiao/data"
	"jixiao/queries"
	"jixiao/queries/fixture"
	"jixiao/queries/imports"
	"jixiao/queries/testservers"
	"jixiao/reports"
)

// pgSettings size PostgreSQL for a bulk load and one big query as its
// manual advises ("Populating a Database"), in about the memory jixiao's
// DuckDB may use (768 MB): no WAL for tables created in the loading
// transaction, no checkpoint during the load, hashes and sorts in memory,
// no autovacuum (the reference ANALYZEs what it loads). It is durable as
// DuckDB is: fsync on (the harness turns it off), commits wait for the
// disk. JIXIAO_PGREF_SETTINGS adds settings (space-separated, e.g.
// "jit=off").
var pgSettings = append([]string{"shared_buffers=256MB", "work_mem=256MB", "maintenance_work_mem=256MB",
	"wal_level=minimal", "max_wal_senders=0", "max_wal_size=4GB", "autovacuum=off", "fsync=on", "synchronous_commit=on"},
	strings.Fields(os.Getenv("JIXIAO_PGREF_SETTINGS"))...)

// fixtureFiles are the small province's four import files.
func fixtureFiles() map[data.Kind]string {
	files := map[data.Kind]string{}
	for _, t := range Tables {
		files[t.Kind] = filepath.Join(fixture.Dir(), string(t.Kind)+".csv")
	}
	return files
}

// demoFiles writes the demo province at scale into dir.
func demoFiles(tb testing.TB, dir string, scale int) map[data.Kind]string {
	tb.Helper()
	files, _, err := data.WriteDemo(dir, scale)
	if err != nil {
		tb.Fatal(err)
	}
	return files
}

// phases are the times of one run of the reference.
type phases struct{ load, score, export time.Duration }

func (p phases) total() time.Duration { return p.load + p.score + p.export }

// reference runs the whole PostgreSQL pipeline in a new database db: the
// files loaded, scored, and the JSON export written to out.
func reference(tb testing.TB, pg *testservers.Postgres, db string, files map[data.Kind]string, out string) phases {
	tb.Helper()
	ctx := context.Background()
	var p phases
	t0 := time.Now()
	pg.Exec("postgres", "CREATE DATABASE "+db+" TEMPLATE template0 LC_COLLATE 'C' LC_CTYPE 'C.UTF-8'")
	c, err := pg.Connect(db)
	if err != nil {
		tb.Fatal(err)
	}
	defer c.Close(ctx)
	if err := Load(ctx, c, files); err != nil {
		tb.Fatal(err)
	}
	t1 := time.Now()
	if err := Score(ctx, c); err != nil {
		tb.Fatal(err)
	}
	t2 := time.Now()
	b, err := ExportJSON(ctx, c)
	if err == nil {
		err = os.WriteFile(out, b, 0o644)
	}
	if err != nil {
		tb.Fatal(err)
	}
	t3 := time.Now()
	p.load, p.score, p.export = t1.Sub(t0), t2.Sub(t1), t3.Sub(t2)
	return p
}

// steps are the times of one run of jixiao's pipeline: each import
// (Tables' order) and the export, wall and CPU (this process's).
type steps struct {
	imports, importsCPU [4]time.Duration
	export, exportCPU   time.Duration
}

func (s *steps) add(o steps) {
	for k := range s.imports {
		s.imports[k] += o.imports[k]
		s.importsCPU[k] += o.importsCPU[k]
	}
	s.export += o.export
	s.exportCPU += o.exportCPU
}

func (s steps) cpu() time.Duration {
	return s.importsCPU[0] + s.importsCPU[1] + s.importsCPU[2] + s.importsCPU[3] + s.exportCPU
}

func (s steps) total() time.Duration {
	return s.imports[0] + s.imports[1] + s.imports[2] + s.imports[3] + s.export
}

// pipeline is jixiao's: a new database file, the four files imported as
// `jixiao import KIND FILE` does, the scores exported as `jixiao export
// scores --format json -o out` does.
func pipeline(tb testing.TB, db string, files map[data.Kind]string, out string) steps {
	tb.Helper()
	ctx := context.Background()
	var s steps
	for i, t := range Tables {
		t0, c0 := time.Now(), selfCPU(tb)
		if err := imports.ImportFile(ctx, imports.FileImport{DB: db, File: files[t.Kind], Kind: t.Kind, User: "bench",
			Lang: "en", Out: io.Discard, Err: os.Stderr}); err != nil {
			tb.Fatalf("import %s: %v", t.Kind, err)
		}
		s.imports[i], s.importsCPU[i] = time.Since(t0), selfCPU(tb)-c0
	}
	t0, c0 := time.Now(), selfCPU(tb)
	if err := reports.ExportScoresFile(ctx, db, "", "json", out, io.Discard); err != nil {
		tb.Fatal(err)
	}
	s.export, s.exportCPU = time.Since(t0), selfCPU(tb)-c0
	return s
}

// row is one exported score as text, two decimals, "" for null.
type row struct {
	group, score, rank, size, grade, vetoed string
	systems                                 [6]string
}

func (r row) String() string {
	return fmt.Sprintf("group=%s score=%s rank=%s size=%s grade=%s vetoed=%s systems=%v",
		r.group, r.score, r.rank, r.size, r.grade, r.vetoed, r.systems)
}

func text2(v *float64) string {
	if v == nil {
		return ""
	}
	return strconv.FormatFloat(*v, 'f', 2, 64)
}

func textInt(v *int) string {
	if v == nil {
		return ""
	}
	return strconv.Itoa(*v)
}

func textStr(v *string) string {
	if v == nil {
		return ""
	}
	return *v
}

// readExport reads a SPEC §7 JSON export into rows keyed period/unit.
func readExport(tb testing.TB, path string) map[string]row {
	tb.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	var rows []queries.ScoreRow
	if err := json.Unmarshal(b, &rows); err != nil {
		tb.Fatalf("%s: %v", path, err)
	}
	out := make(map[string]row, len(rows))
	for _, r := range rows {
		x := row{group: textStr(r.Group), score: text2(&r.Score), rank: textInt(r.Rank), size: textInt(r.Size),
			grade: textStr(r.Grade), vetoed: strconv.FormatBool(r.Vetoed)}
		for i, s := range queries.SystemCols {
			x.systems[i] = text2(r.Systems[s])
		}
		k := r.Period + "/" + r.UnitCode
		if _, dup := out[k]; dup {
			tb.Fatalf("%s: %s twice", path, k)
		}
		out[k] = x
	}
	return out
}

// readExpected reads the fixture's expected_scores.csv the same way.
func readExpected(tb testing.TB) map[string]row {
	tb.Helper()
	out := map[string]row{}
	for _, c := range fixture.Records(tb, "expected_scores.csv")[1:] { // period,unit_code,group,score,rank,size,grade,vetoed,law…org
		x := row{group: c[2], score: c[3], rank: c[4], size: c[5], grade: c[6], vetoed: c[7]}
		copy(x.systems[:], c[8:14])
		out[c[0]+"/"+c[1]] = x
	}
	return out
}

// sameScores fails tb with every key (up to 20 shown) where want and got
// differ, or that one of them lacks.
func sameScores(tb testing.TB, wantName string, want map[string]row, gotName string, got map[string]row) {
	tb.Helper()
	var diffs []string
	for k, w := range want {
		g, ok := got[k]
		switch {
		case !ok:
			diffs = append(diffs, fmt.Sprintf("%s: only in %s: %v", k, wantName, w))
		case g != w:
			diffs = append(diffs, fmt.Sprintf("%s:\n  %s %v\n  %s %v", k, wantName, w, gotName, g))
		}
	}
	for k, g := range got {
		if _, ok := want[k]; !ok {
			diffs = append(diffs, fmt.Sprintf("%s: only in %s: %v", k, gotName, g))
		}
	}
	if len(diffs) == 0 {
		return
	}
	sort.Strings(diffs)
	n := len(diffs)
	if n > 20 {
		diffs = append(diffs[:20], fmt.Sprintf("… %d more", len(diffs)-20))
	}
	tb.Errorf("%d of %d scores differ between %s and %s:", n, len(want), wantName, gotName)
	for _, d := range diffs {
		tb.Error(d)
	}
}

package queries

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"testing"

	"jixiao/data"
	"jixiao/queries/fixture"
)

// fixtureDir is the reference province in testdata/.
func fixtureDir(t testing.TB) string { return fixture.Dir() }

// mustOpen opens an in-memory DuckDB with the schema applied.
func mustOpen(t testing.TB) *Store {
	t.Helper()
	return fixture.Open(t, "", Open)
}

// mustImport imports a file and fails the test on any rejection.
func mustImport(t testing.TB, s *Store, kind data.Kind, path string) *Batch {
	t.Helper()
	b, err := s.Import(context.Background(), kind, path, ImportOptions{User: "test"})
	if err != nil {
		var rej *RejectedError
		if errors.As(err, &rej) {
			t.Fatalf("import %s %s rejected: %+v", kind, path, rej.Errors[:min(len(rej.Errors), 10)])
		}
		t.Fatalf("import %s %s: %v", kind, path, err)
	}
	return b
}

// loadFixture imports the small province in its documented order.
// Each test gets its own copy of a database loaded once (fixture.Copy).
func loadFixture(t testing.TB) *Store {
	t.Helper()
	return fixture.Built(t, "queries", Open, func(s *Store) {
		fixture.Load(t, func(k data.Kind, path string) error { mustImport(t, s, k, path); return nil }, false)
	})
}

func TestMain(m *testing.M) { os.Exit(fixture.Main(m)) }

// strs is the first column of q's rows, as text.
func strs(t testing.TB, db *sql.DB, q string, args ...any) []string {
	t.Helper()
	rows, err := db.Query(q, args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := []string{}
	for rows.Next() {
		var x string
		if err := rows.Scan(&x); err != nil {
			t.Fatal(err)
		}
		out = append(out, x)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// writeFile writes a small fixture file into the test's temp dir.
func writeFile(t testing.TB, name, body string) string {
	t.Helper()
	return fixture.WriteFile(t, name, body)
}

// gradeOf is SPEC §3.5 for one unit, written plainly for the tests'
// oracles: bounds are the excellent, good and pass scores, higher the
// units not vetoed at or above the excellent bound that score more.
func gradeOf(vetoed bool, score float64, higher, quota int, bounds [3]float64) string {
	switch {
	case !vetoed && score >= bounds[0] && higher < quota:
		return "excellent"
	case score >= bounds[1]:
		return "good"
	case score >= bounds[2]:
		return "pass"
	}
	return "fail"
}

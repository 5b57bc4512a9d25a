package imports

import (
	"context"
	"errors"
	"os"
	"testing"

	"jixiao/data"
	"jixiao/queries"
	"jixiao/queries/accounts"
	"jixiao/queries/fixture"
)

// The tests of the imports room: a store opened on an empty database or a
// copy of the reference province (fixture), files written to the test's
// temp dir.

// fixtureDir is the reference province (fixture.Dir).
func fixtureDir(t testing.TB) string { return fixture.Dir() }

// mustOpen opens an in-memory DuckDB with the schema applied.
func mustOpen(t testing.TB) *queries.Store {
	t.Helper()
	return fixture.Open(t, "", queries.Open)
}

// mustImport imports a file and fails the test on any rejection.
func mustImport(t testing.TB, s *queries.Store, kind data.Kind, path string) *Batch {
	t.Helper()
	b, err := Import(context.Background(), s, kind, path, Options{User: "test", Users: accounts.UsersFile{}})
	if err != nil {
		var rej *RejectedError
		if errors.As(err, &rej) {
			t.Fatalf("import %s %s rejected: %+v", kind, path, rej.Errors[:min(len(rej.Errors), 10)])
		}
		t.Fatalf("import %s %s: %v", kind, path, err)
	}
	return b
}

// loadFixture imports the small province in its documented order, a copy
// of a database loaded once per test binary (fixture.Copy).
func loadFixture(t testing.TB) *queries.Store {
	t.Helper()
	return fixture.Built(t, "imports", queries.Open, func(s *queries.Store) {
		fixture.Load(t, func(k data.Kind, path string) error { mustImport(t, s, k, path); return nil }, false)
	})
}

func TestMain(m *testing.M) { os.Exit(fixture.Main(m)) }

// writeFile writes a small fixture file into the test's temp dir.
func writeFile(t testing.TB, name, body string) string {
	t.Helper()
	return fixture.WriteFile(t, name, body)
}

// ruleCase is one small hand-made province: its four files.
type ruleCase struct {
	units, indicators, values, adjustments string
}

// load imports the case into a fresh in-memory store.
func (c ruleCase) load(t *testing.T) *queries.Store {
	t.Helper()
	s := mustOpen(t)
	fixture.EachFile(t, c.units, c.indicators, c.values, c.adjustments, func(k data.Kind, p string) { mustImport(t, s, k, p) })
	return s
}

// want is the hand-computed outcome of one unit in one period.
type want struct {
	unit, period string
	score        string // "87.13"
	rank         int    // 0 = not ranked
}

// checkWants compares the stored scores (score rounded to two places as
// shown, rank) with ws.
func checkWants(t *testing.T, s *queries.Store, ws []want) {
	t.Helper()
	for _, w := range ws {
		var score string
		var rank int
		err := s.DB().QueryRow(`SELECT printf('%.2f', score), coalesce(rank, 0) FROM scores WHERE period = ? AND unit_code = ?`,
			w.period, w.unit).Scan(&score, &rank)
		if err != nil {
			t.Errorf("%s %s: %v", w.period, w.unit, err)
			continue
		}
		if score != w.score || rank != w.rank {
			t.Errorf("%s %s: score %s rank %d, want %s rank %d", w.period, w.unit, score, rank, w.score, w.rank)
		}
	}
}

// hasScore reports whether unit has a stored score in period.
func hasScore(t *testing.T, s *queries.Store, period, unit string) bool {
	t.Helper()
	var n int
	if err := s.DB().QueryRow(`SELECT count(*) FROM scores WHERE period = ? AND unit_code = ?`, period, unit).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n > 0
}

package queries

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"jixiao/data"
	"jixiao/queries/fixture"
)

// fixtureDir is the reference province in testdata/.
func fixtureDir(t testing.TB) string { return fixture.Dir() }

// mustOpen opens an in-memory DuckDB with the schema applied.
func mustOpen(t testing.TB) *Store {
	t.Helper()
	s, err := Open("")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
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
	path := fixture.Copy(t, "queries", "", func(path string) error {
		s, err := Open(path)
		if err != nil {
			return err
		}
		fixture.Load(t, func(k data.Kind, path string) error { mustImport(t, s, k, path); return nil }, false)
		return s.Close()
	})
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestMain(m *testing.M) { os.Exit(fixture.Main(m)) }

// writeFile writes a small fixture file into the test's temp dir.
func writeFile(t testing.TB, name, body string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

package sources

import (
	"context"
	"os"
	"testing"

	"jixiao/data"
	"jixiao/queries"
	"jixiao/queries/fixture"
)

func TestMain(m *testing.M) { os.Exit(fixture.Main(m)) }

// newStore is a copy of the small province (values, no users).
func newStore(t testing.TB) *queries.Store {
	t.Helper()
	path := fixture.Copy(t, "sources", "", func(path string) error {
		s, err := queries.Open(path)
		if err != nil {
			return err
		}
		fixture.Load(t, func(k data.Kind, p string) error {
			_, err := s.Import(context.Background(), k, p, queries.ImportOptions{User: "fixture"})
			return err
		}, false)
		return s.Close()
	})
	s, err := queries.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// ledgerActual is the value in force, nil when none.
func ledgerActual(t testing.TB, s *queries.Store, ind, unit, period string) *float64 {
	t.Helper()
	var v *float64
	err := s.DB().QueryRow("SELECT actual FROM ledger WHERE indicator_code = ? AND unit_code = ? AND period = ?", ind, unit, period).Scan(&v)
	if err != nil {
		return nil
	}
	return v
}

// countBatches is the number of batches in the history.
func countBatches(t testing.TB, s *queries.Store) int {
	t.Helper()
	var n int
	if err := s.DB().QueryRow("SELECT count(*) FROM batches").Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// quarterRows are the fixture's ledger rows of one quarter, in file order.
func quarterRows(t testing.TB, period string) [][]string {
	t.Helper()
	var out [][]string
	for _, r := range fixture.Records(t, "values.csv")[1:] {
		if r[2] == period {
			out = append(out, r)
		}
	}
	return out
}

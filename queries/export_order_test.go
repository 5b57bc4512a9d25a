package queries

import (
	"context"
	"sort"
	"testing"
)

// TestScoresInTreeOrder: Scores lists the quarters before the years, each
// period in order, and its units in tree order (by sort_key, the path of
// codes from the root), as sorting the rows in Go gives.
func TestScoresInTreeOrder(t *testing.T) {
	s := loadFixture(t)
	ctx := context.Background()
	rows, err := s.Scores(ctx, Everything, "")
	if err != nil {
		t.Fatal(err)
	}
	key := map[string]string{}
	for _, c := range strs(t, s.db, "SELECT code || '|' || sort_key FROM units") {
		for i := 0; i < len(c); i++ {
			if c[i] == '|' {
				key[c[:i]] = c[i+1:]
				break
			}
		}
	}
	type k struct {
		year            bool
		period, sortKey string
	}
	got := make([]k, len(rows))
	for i, r := range rows {
		got[i] = k{len(r.Period) == 4, r.Period, key[r.UnitCode]}
	}
	want := append([]k(nil), got...)
	sort.SliceStable(want, func(i, j int) bool {
		a, b := want[i], want[j]
		if a.year != b.year {
			return !a.year
		}
		if a.period != b.period {
			return a.period < b.period
		}
		return a.sortKey < b.sortKey
	})
	if len(got) < 1000 || len(key) < 100 {
		t.Fatalf("%d rows, %d units", len(got), len(key))
	}
	for i := range got {
		if got[i] != want[i] {
			t.Fatalf("row %d is %+v, want %+v", i, got[i], want[i])
		}
	}
}

package queries

import (
	"jixiao/queries/fixture"
	"slices"
	"testing"
)

// TestSubtreeReads checks UnitsUnder and ScoresUnder against a walk up the
// parent codes of the reference province's units file.
func TestSubtreeReads(t *testing.T) {
	s := loadFixture(t)
	recs := fixture.Records(t, "units.csv")
	parent := map[string]string{}
	var codes []string
	for _, r := range recs[1:] {
		parent[r[0]] = r[2]
		codes = append(codes, r[0])
	}
	under := func(code, root string) bool {
		for ; code != ""; code = parent[code] {
			if code == root {
				return true
			}
		}
		return false
	}
	for _, c := range []struct {
		sc         Scope
		root, seen string // seen: the subtree the scope sees named
	}{
		{Everything, "GX01", "GX"},
		{Everything, "GX0101", "GX"},
		{Scope{Unit: "GX0101", Subtree: true, Statuses: []string{"open"}}, "GX01", "GX0101"},
		{Scope{Unit: "GX0101", Subtree: true, Statuses: []string{"open"}}, "GX0101", "GX0101"},
	} {
		var want []string
		for _, code := range codes {
			if under(code, c.root) && under(code, c.seen) {
				want = append(want, code)
			}
		}
		slices.Sort(want)
		us, err := s.UnitsUnder(t.Context(), c.sc, c.root)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, u := range us {
			got = append(got, u.Code)
		}
		slices.Sort(got)
		if !slices.Equal(got, want) {
			t.Errorf("UnitsUnder(%s) seen from %s: got %d units %v, want %d %v", c.root, c.seen, len(got), got, len(want), want)
		}
		rows, err := s.ScoresUnder(t.Context(), c.sc, "2025Q4", c.root)
		if err != nil {
			t.Fatal(err)
		}
		got = got[:0]
		for _, r := range rows {
			got = append(got, r.UnitCode)
		}
		slices.Sort(got)
		// every unit of the fixture's subtrees but the province bureau is scored
		if !slices.Equal(got, want) {
			t.Errorf("ScoresUnder(%s) seen from %s: got %v, want %v", c.root, c.seen, got, want)
		}
	}
}

package queries

import (
	"context"
	"testing"
)

// TestWhatIfKeepsPeersAnonymised: a scope that sees its peer group
// anonymised gets, for every peer but itself, the stored rank, score and
// grade of its ranking row and no recomputed figure (the old what-if
// handed the peers' scenario scores, ranks and grades out).
func TestWhatIfKeepsPeersAnonymised(t *testing.T) {
	s := loadFixture(t)
	ctx := context.Background()
	publish(t, s, "2025Q3")
	staff := Scope{Unit: "GX0401-B1", PeersAnon: true, Statuses: []string{"review", "final"}}
	sn := Scenario{Period: "2025Q3", Group: "GX04-matrix", Systems: map[string]float64{"service": 0}}
	w, err := s.WhatIf(ctx, staff, sn)
	if err != nil {
		t.Fatal(err)
	}
	rk, err := s.Ranking(ctx, staff, "2025Q3", "GX04-matrix")
	if err != nil {
		t.Fatal(err)
	}
	// The ranking's anonymised rows, as (rank, score, grade) counts.
	type shown struct {
		rank  int
		score float64
		grade string
	}
	want := map[shown]int{}
	for _, r := range rk.Rows {
		if r.UnitCode == nil {
			want[shown{r.Rank, r.Score, r.Grade}]++
		}
	}
	if len(want) == 0 {
		t.Fatal("the fixture's staff sees no anonymised peer")
	}
	selfSeen := false
	for _, r := range w.Rows {
		if r.Self {
			selfSeen = true
			if r.UnitCode == nil || r.WhatIfScore == nil {
				t.Errorf("own row without its name or scenario: %+v", r)
			}
			continue
		}
		if r.UnitCode != nil || r.UnitName != nil {
			t.Errorf("peer named: %+v", r)
		}
		if r.WhatIfScore != nil || r.WhatIfRank != nil || r.WhatIfGrade != nil {
			t.Errorf("anonymised peer carries scenario figures: %+v", r)
		}
		want[shown{r.Rank, r.Score, r.Grade}]--
	}
	if !selfSeen {
		t.Error("no own row")
	}
	for k, n := range want {
		if n != 0 {
			t.Errorf("anonymised rows differ from the ranking's at %+v (%+d)", k, n)
		}
	}
}

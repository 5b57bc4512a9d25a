package queries

import (
	"context"
	"math"
	"testing"
)

// TestSavedScenarios: saved per unit, deleted by the owner only, and
// applied through the indicators import: afterwards the stored scores of
// the chosen quarter are the scenario's, and earlier quarters are unchanged.
func TestSavedScenarios(t *testing.T) {
	s := loadFixture(t)
	ctx := context.Background()
	office, leader, city := actor("office", "GX"), actor("leader", "GX"), actor("office", "GX01")
	sn := Scenario{Period: "2025Q3", Group: "GX01:bureau", Weights: map[string]float64{"D01": 25}, Systems: map[string]float64{"info": 0}}
	if _, err := s.SaveScenario(ctx, office, " ", sn); !isParam(err, "name") {
		t.Errorf("no name: %v", err)
	}
	if _, err := s.SaveScenario(ctx, office, "x", Scenario{Period: "2025Q3", Group: "GX01:bureau", Systems: map[string]float64{"tax": 1}}); !isParam(err, "tax") {
		t.Errorf("bad system: %v", err)
	}
	sv, err := s.SaveScenario(ctx, office, "征管加权方案", sn)
	if err != nil {
		t.Fatal(err)
	}
	if sv.Owner != office.Username || sv.Name != "征管加权方案" || sv.Weights["D01"] != 25 || sv.Group != "GX01:bureau" {
		t.Errorf("saved: %+v", sv)
	}
	if l, _ := s.Scenarios(ctx, leader); len(l) != 1 {
		t.Errorf("the unit's leader lists %d scenarios, want 1", len(l))
	}
	if l, _ := s.Scenarios(ctx, city); len(l) != 0 {
		t.Errorf("another unit lists %d scenarios", len(l))
	}
	if err := s.DeleteScenario(ctx, leader, sv.ID); statusOf(err) != 403 {
		t.Errorf("delete by another user: %v", err)
	}
	if err := s.DeleteScenario(ctx, city, sv.ID); statusOf(err) != 404 {
		t.Errorf("delete from another unit: %v", err)
	}

	w, err := s.WhatIf(ctx, Everything, sn)
	if err != nil {
		t.Fatal(err)
	}
	before2024, _ := s.Ranking(ctx, Everything, "2024Q4", "GX01:bureau")
	if err := s.SetPeriodStatus(ctx, "office@GX", "2024Q4", "review"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.ApplyScenario(ctx, office, sv.ID, "2024Q4"); !isParam(err, "from") {
		t.Errorf("from a published quarter: %v", err)
	}
	b, err := s.ApplyScenario(ctx, office, sv.ID, "2025Q3")
	if err != nil {
		t.Fatal(err)
	}
	if b.Kind != "indicators" {
		t.Errorf("batch %+v", b)
	}
	vs, _ := s.Indicators(ctx, "D01")
	if len(vs) != 2 || vs[0].ValidTo != "2025Q2" || vs[1].ValidFrom != "2025Q3" || vs[1].Weight != 25 || vs[0].Weight != 20 {
		t.Errorf("D01 versions: %+v", vs)
	}
	if vs, _ := s.Indicators(ctx, "D05"); len(vs) != 1 || vs[0].ValidTo != "2025Q2" {
		t.Errorf("D05 (info, factor 0) versions: %+v", vs)
	}
	after, err := s.Ranking(ctx, Everything, "2025Q3", "GX01:bureau")
	if err != nil {
		t.Fatal(err)
	}
	stored := map[string]RankingRow{}
	for _, r := range after.Rows {
		stored[*r.UnitCode] = r
	}
	for _, r := range w.Rows {
		got := stored[*r.UnitCode]
		if math.Abs(got.Score-*r.WhatIfScore) > 1e-9 || got.Rank != *r.WhatIfRank || got.Grade != *r.WhatIfGrade {
			t.Errorf("%s after applying: %v #%d %s, scenario said %v #%d %s", *r.UnitCode, got.Score, got.Rank, got.Grade, *r.WhatIfScore, *r.WhatIfRank, *r.WhatIfGrade)
		}
	}
	still, _ := s.Ranking(ctx, Everything, "2024Q4", "GX01:bureau")
	for i := range still.Rows {
		if still.Rows[i].Score != before2024.Rows[i].Score {
			t.Errorf("2024Q4 changed: %v -> %v", before2024.Rows[i], still.Rows[i])
		}
	}
	if err := s.DeleteScenario(ctx, office, sv.ID); err != nil {
		t.Fatal(err)
	}
	if l, _ := s.Scenarios(ctx, office); len(l) != 0 {
		t.Errorf("after delete: %d", len(l))
	}
}

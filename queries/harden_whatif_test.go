package queries

import (
	"context"
	"errors"
	"fmt"
	"math"
	"sync"
	"testing"
)

// TestScenarioBounds: weights, factors and their products are bounded
// (1e308 used to score as NaN, a 500) and named by key; a scenario out of
// bounds cannot be saved; the error list stops at 1,000 like an import's.
func TestScenarioBounds(t *testing.T) {
	s := loadFixture(t)
	ctx := context.Background()
	base := Scenario{Period: "2025Q3", Group: "GX01:bureau"}
	with := func(w, f map[string]float64) Scenario { sn := base; sn.Weights, sn.Systems = w, f; return sn }
	bad := []struct {
		sn  Scenario
		key string
	}{
		{with(map[string]float64{"D01": 1e308}, nil), "D01"},
		{with(map[string]float64{"D01": MaxScenarioWeight + 1}, nil), "D01"},
		{with(nil, map[string]float64{"taxsys": 1e308}), "taxsys"},
		{with(nil, map[string]float64{"taxsys": MaxScenarioFactor * 2}), "taxsys"},
		// D01 (taxsys) at 5,000 points times 10: 50,000 > 10,000.
		{with(map[string]float64{"D01": 5000}, map[string]float64{"taxsys": 10}), "taxsys"},
		// The stored weight of D01 (20) times 100 is 2,000: fine; 1,000 × 100 is not.
		{with(map[string]float64{"D01": 1000}, map[string]float64{"taxsys": 100}), "taxsys"},
	}
	for _, c := range bad {
		if _, err := s.WhatIf(ctx, Everything, c.sn); !isParam(err, c.key) {
			t.Errorf("what-if %v %v: %v, want 422 on %s", c.sn.Weights, c.sn.Systems, err, c.key)
		}
		if _, err := s.SaveScenario(ctx, actor("office", "GX"), "x", c.sn); !isParam(err, c.key) {
			t.Errorf("save %v %v: %v, want 422 on %s", c.sn.Weights, c.sn.Systems, err, c.key)
		}
	}
	if l, _ := s.Scenarios(ctx, actor("office", "GX")); len(l) != 0 {
		t.Errorf("%d scenarios saved out of bounds", len(l))
	}
	if _, err := s.WhatIf(ctx, Everything, with(map[string]float64{"D01": 2000}, map[string]float64{"taxsys": 5})); err != nil {
		t.Errorf("2,000 × 5 is within bounds: %v", err)
	}
	many := map[string]float64{}
	for i := 0; i < 40000; i++ {
		many[fmt.Sprintf("X%05d", i)] = 1
	}
	_, err := s.WhatIf(ctx, Everything, with(many, nil))
	var pe *ParamError
	if !errors.As(err, &pe) {
		t.Fatalf("40,000 unknown keys: %T, want a ParamError", err)
	}
	if len(pe.Problems) != MaxErrors {
		t.Errorf("40,000 unknown keys: %d problems, want %d", len(pe.Problems), MaxErrors)
	}
}

// TestApplyScenarioOnce: four concurrent applications of one saved
// scenario write one batch; a repeat is refused (409) and changes nothing:
// a factor of 1.5 on D01's 20 points gives 30, never 45.
func TestApplyScenarioOnce(t *testing.T) {
	s := loadFixture(t)
	ctx := context.Background()
	office := actor("office", "GX")
	sv, err := s.SaveScenario(ctx, office, "税制加权", Scenario{Period: "2025Q3", Group: "GX01:bureau", Systems: map[string]float64{"taxsys": 1.5}})
	if err != nil {
		t.Fatal(err)
	}
	batches := func() int {
		var n int
		s.DB().QueryRow("SELECT count(*) FROM batches WHERE kind = 'indicators'").Scan(&n)
		return n
	}
	before := batches()
	var wg sync.WaitGroup
	codes := make([]int, 4)
	for i := range codes {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := s.ApplyScenario(ctx, office, sv.ID, "2025Q3")
			codes[i] = statusOf(err)
		}()
	}
	wg.Wait()
	ok, conflicts := 0, 0
	for _, c := range codes {
		switch c {
		case 200:
			ok++
		case 409:
			conflicts++
		}
	}
	if ok != 1 || conflicts != 3 || batches() != before+1 {
		t.Fatalf("four concurrent applies: statuses %v, %d new batches; want one 200, three 409, one batch", codes, batches()-before)
	}
	d01 := func() float64 {
		vs, _ := s.Indicators(ctx, "D01")
		for _, v := range vs {
			if v.ValidFrom == "2025Q3" {
				return v.Weight
			}
		}
		return math.NaN()
	}
	if w := d01(); w != 30 {
		t.Fatalf("D01 from 2025Q3: %v, want 20 × 1.5 = 30", w)
	}
	if _, err := s.ApplyScenario(ctx, office, sv.ID, "2025Q4"); statusOf(err) != 409 {
		t.Errorf("a repeat from another quarter: %v, want 409", err)
	}
	if w := d01(); w != 30 || batches() != before+1 {
		t.Errorf("after the repeat: D01 %v, %d new batches", w, batches()-before)
	}
}

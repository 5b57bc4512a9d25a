package queries

import (
	"context"
	"testing"
)

// TestEarnedRoundedHalfUp: earned and lost points, losses and completion
// rates are rounded as SPEC §3.2 says (6 decimals, then half-up to 2), not
// by a DOUBLE round: weight 10, target 100, floor 0 and actual 10.05 earn
// 10 × 10.05 / 100 = 1.005 → 1.01, and lose 8.995 → 9.00 (a DOUBLE round
// gives 1.00 and 8.99).
func TestEarnedRoundedHalfUp(t *testing.T) {
	c := ruleCase{
		units:      csvOf(unitsHeader, "P,省局,,bureau,province,", "K1,县局,P,bureau,county,", "B1,分局1,K1,branch,county,"),
		indicators: csvOf(indHeader, "S,得分,admin,execution,,分,higher,linear,10,100,0,ZG,,desk,manual,false,,"),
		values:     csvOf(valsHeader, "S,B1,2025Q1,10.05,,"),
	}
	s := c.load(t)
	ctx := context.Background()
	bd, err := s.Breakdown(ctx, Everything, "B1", "2025Q1")
	if err != nil || len(bd.Indicators) != 1 {
		t.Fatalf("breakdown: %+v %v", bd, err)
	}
	if in := bd.Indicators[0]; in.Earned != 1.01 || in.Lost != 9.00 {
		t.Errorf("earned %v lost %v, want 1.01 and 9.00", in.Earned, in.Lost)
	}
	vals, err := s.IndicatorValues(ctx, Everything, "S", "2025Q1")
	if err != nil || len(vals) != 1 || vals[0].Earned != 1.01 {
		t.Errorf("indicator values: %+v %v, want earned 1.01", vals, err)
	}
	comp, err := s.IndicatorCompletion(ctx, Everything, "S")
	if err != nil || len(comp) != 1 || comp[0].Rate != 10.05 {
		t.Errorf("completion: %+v %v, want rate 10.05", comp, err)
	}
}

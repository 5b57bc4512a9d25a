package queries

import (
	"context"
	"math"
	"strconv"
	"testing"
)

// expectedSystemMean is the mean of each system sub-score of group in
// period as expected_scores.csv has them (columns law … org), rounded
// half-up to 2 decimals, and the number of units.
func expectedSystemMean(t *testing.T, period, group string) (map[string]float64, int) {
	t.Helper()
	sums, ns := map[string]float64{}, map[string]int{}
	units := 0
	for _, r := range readCSV(t, "expected_scores.csv") {
		if r[0] != period || r[2] != group {
			continue
		}
		units++
		for i, sys := range SystemCols {
			if r[8+i] == "" {
				continue
			}
			v, err := strconv.ParseFloat(r[8+i], 64)
			if err != nil {
				t.Fatal(err)
			}
			sums[sys] += v
			ns[sys]++
		}
	}
	out := map[string]float64{}
	for sys, s := range sums {
		out[sys] = math.Floor(s/float64(ns[sys])*100+0.5+1e-9) / 100
	}
	return out, units
}

// TestGroupSystemAverage: the average is the group's mean over what the
// scope sees; for anonymised peers it is withheld below
// privacy.min_group_for_average units, and shown from that size on.
func TestGroupSystemAverage(t *testing.T) {
	s := loadFixture(t)
	ctx := context.Background()
	publish(t, s, "2025Q4")
	check := func(what string, sc Scope, group string, withheld bool) {
		t.Helper()
		want, n := expectedSystemMean(t, "2025Q4", group)
		got, err := s.GroupSystemAverage(ctx, sc, "2025Q4", group)
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		if got.Units != n || got.Withheld != withheld {
			t.Fatalf("%s: %d units, withheld %v; want %d, %v", what, got.Units, got.Withheld, n, withheld)
		}
		if withheld {
			if got.Systems != nil {
				t.Errorf("%s: withheld but systems %v", what, got.Systems)
			}
			return
		}
		for _, sys := range SystemCols {
			w, has := want[sys]
			g := got.Systems[sys]
			if has != (g != nil) || (g != nil && *g != w) {
				t.Errorf("%s %s: %v, want %v (present %v)", what, sys, g, w, has)
			}
		}
	}
	check("admin, the city bureaus", Everything, "GX:bureau", false)
	check("dept, its 8 departments anonymised", scopeFor("dept", "GX01-ZG"), "GX01:department", false)
	check("staff, 2 branches anonymised", scopeFor("staff", "GX0101-B1"), "GX0101:branch", true)
	check("the county's leader, the same 2 named", scopeFor("leader", "GX0101"), "GX0101:branch", false)
	if err := s.SetSetting(ctx, "test", "privacy.min_group_for_average", "2"); err != nil {
		t.Fatal(err)
	}
	check("staff with the setting at 2", scopeFor("staff", "GX0101-B1"), "GX0101:branch", false)
	if _, err := s.GroupSystemAverage(ctx, Scope{}, "2025Q4", "GX:bureau"); err != ErrNotFound {
		t.Errorf("zero scope: %v", err)
	}
	if _, err := s.GroupSystemAverage(ctx, scopeFor("staff", "GX0101-B1"), "2025Q4", "GX:bureau"); err != ErrNotFound {
		t.Errorf("staff on another group: %v", err)
	}
}

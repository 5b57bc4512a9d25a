package queries

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"testing"

	"jixiao/data"
)

// groupRows renders each (period, group)'s rows of a snapshot, read
// field by field (not by the checksums Changes compares).
func groupRows(h *held) map[heldGroupKey]string {
	out := map[heldGroupKey]string{}
	for k, rs := range h.byKey {
		lines := make([]string, len(rs))
		for i, r := range rs {
			lines[i] = fmt.Sprintf("%s %v %v %v %v %v %v %v %v %v %v", r.unit.code, r.score, r.base, r.bonus, r.penalty, r.vetoed, r.sys, r.rank, r.size, r.rankChange, r.grade)
		}
		sort.Strings(lines)
		out[k] = strings.Join(lines, "\n")
	}
	return out
}

// TestChangesAfterWrites: what Changes says a write changed is what a
// field-by-field comparison of the two snapshots finds; the results are
// the same after an adjustment and not after a values import that
// changes a note only (which the held result rows then no longer hold);
// a change of who sees what compares nothing.
func TestChangesAfterWrites(t *testing.T) {
	s := loadFixture(t)
	ctx := context.Background()
	var hr *heldResults
	h0, h1 := adjustedSnapshots(t, s, func(h0 *held) {
		var err error
		if hr, err = s.loadResults(ctx, "true", 0); err != nil {
			t.Fatal(err)
		}
		if s.resultsSum(h0) == "" || hr.sum != s.resultsSum(h0) {
			t.Fatalf("results sums %q %q", hr.sum, s.resultsSum(h0))
		}
	})
	ch := Changes(h0, h1)
	if ch != nil && ch.ResultsSame() {
		t.Error("results the same before h1's sum was read")
	}
	s.ResultsKnown(h1)
	if ch == nil {
		t.Fatal("an adjustment: nothing comparable")
	}
	a, b := groupRows(h0), groupRows(h1)
	var want, got []string
	for k := range b {
		if a[k] != b[k] {
			want = append(want, k.period+" "+k.grp)
		}
	}
	for k := range ch.groups {
		got = append(got, k.period+" "+k.grp)
	}
	sort.Strings(want)
	sort.Strings(got)
	if strings.Join(got, ",") != strings.Join(want, ",") || len(want) == 0 {
		t.Errorf("changed groups %v, want %v", got, want)
	}
	if ch.UnitSame("GX0101") || !ch.UnitSame("GX0201") || ch.AdjustSame("2025Q3", "GX0101") || !ch.AdjustSame("2025Q2", "GX0101") {
		t.Error("UnitSame or AdjustSame wrong for GX0101 (adjusted in 2025Q3) or GX0201")
	}
	if !ch.GradingSame() || !ch.ResultsSame() {
		t.Errorf("an adjustment: grading same %v, results same %v", ch.GradingSame(), ch.ResultsSame())
	}
	if !hr.holds(s, h1, false) {
		t.Error("the held results are not taken for the adjusted version")
	}

	mustImport(t, s, data.KindValues, writeFile(t, "values.csv", "indicator_code,unit_code,period,actual,target,note\nD01,GX0201,2025Q2,98.15,,备注\n"))
	h2, err := s.loadHeldFrom(ctx, h1)
	if err != nil {
		t.Fatal(err)
	}
	if s.resultsSum(h2) == "" {
		t.Fatal("h2's results sum unknown")
	}
	if ch := Changes(h1, h2); ch == nil || ch.ResultsSame() || ch.UnitSame("GX0201") != (groupRows(h1)[heldGroupKey{"2025Q2", "GX02:bureau"}] == groupRows(h2)[heldGroupKey{"2025Q2", "GX02:bureau"}]) {
		t.Errorf("a note changed: %+v", ch)
	}
	if hr.holds(s, h2, true) {
		t.Error("the held results are taken for a version whose values changed")
	}

	if err := s.SetPeriodStatus(ctx, "test", "2025Q4", "review"); err != nil {
		t.Fatal(err)
	}
	h3, err := s.loadHeldFrom(ctx, h2)
	if err != nil {
		t.Fatal(err)
	}
	if Changes(h2, h3) != nil {
		t.Error("a period published: the snapshots compared")
	}
	// A quarter made final: its groups leave the sums (frozen) and are
	// read again; the delta still holds what a full read holds.
	if err := s.SetPeriodStatus(ctx, "test", "2025Q4", "final"); err != nil {
		t.Fatal(err)
	}
	h4, err := s.loadHeldFrom(ctx, h3)
	if err != nil {
		t.Fatal(err)
	}
	full, err := s.loadHeld(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if render(h4) != render(full) {
		t.Error("after a quarter was made final, the delta differs from a full read")
	}
	for k := range h4.sums.groups {
		if k.period == "2025Q4" {
			t.Fatalf("a final quarter's group %v is summed", k)
		}
	}
}

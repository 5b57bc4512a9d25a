package queries

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"testing"
)

// render lists a snapshot's rows by unit and by group and its group
// summaries, as text.
func render(h *held) string {
	var lines []string
	for code, rs := range h.byUnit {
		for _, r := range rs {
			lines = append(lines, fmt.Sprintf("u %s %s %d %v %v %v %v %v %s", code, r.period, r.ord, r.score, r.bonus, r.rank, r.size, r.rankChange, r.grade.String))
		}
	}
	for k, rs := range h.byGroup {
		codes := make([]string, len(rs))
		for i, r := range rs {
			codes[i] = r.unit.code
		}
		lines = append(lines, fmt.Sprintf("g %s %s %s", k.period, k.grp, strings.Join(codes, ",")))
	}
	for k, as := range h.adjust {
		lines = append(lines, fmt.Sprintf("a %s %s %d", k.period, k.grp, len(as)))
	}
	for k, sm := range h.summaries {
		lines = append(lines, fmt.Sprintf("s %s %s %d %v %v %v %v %d", k.period, k.grp, sm.Units, sm.Mean, sm.Min, sm.Max, sm.Grades, sm.Vetoed))
	}
	sort.Strings(lines)
	return strings.Join(lines, "\n")
}

// adjustedSnapshots reads the snapshot of s (passing it to before), adds
// a penalty of 3 points to GX0101 in 2025Q3, and reads the next one as a
// delta of it.
func adjustedSnapshots(t *testing.T, s *Store, before func(h0 *held)) (h0, h1 *held) {
	t.Helper()
	ctx := context.Background()
	h0, err := s.loadHeld(ctx)
	if err != nil {
		t.Fatal(err)
	}
	before(h0)
	office := Actor{Username: "office", Role: "office", UnitCode: "GX", Scope: Everything, Rights: AllRights()}
	if _, err := s.AddAdjustment(ctx, office, AdjustmentInput{UnitCode: "GX0101", Period: "2025Q3", Kind: "penalty", Points: 3, Reason: "测试"}); err != nil {
		t.Fatal(err)
	}
	if h1, err = s.loadHeldFrom(ctx, h0); err != nil {
		t.Fatal(err)
	}
	return h0, h1
}

// TestHeldDeltaMatchesAFullRead: the snapshot read as a delta from the
// previous one (only the changed groups) holds what a full read of the
// new version holds, after an adjustment (two groups) and after a
// ruling that touches nothing.
func TestHeldDeltaMatchesAFullRead(t *testing.T) {
	s := loadFixture(t)
	ctx := context.Background()
	h0, h1 := adjustedSnapshots(t, s, func(*held) {})
	full, err := s.loadHeld(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if h1.version != full.version || h1.version == h0.version {
		t.Fatalf("versions %d %d %d", h0.version, h1.version, full.version)
	}
	if render(h1) != render(full) {
		t.Errorf("delta and full read differ:\n%s\n---\n%s", render(h1), render(full))
	}
	if render(h1) == render(h0) {
		t.Error("the adjustment changed nothing in the snapshot")
	}
	// The delta kept the units and every unchanged group's rows.
	if fmt.Sprintf("%p", h1.units) != fmt.Sprintf("%p", h0.units) {
		t.Error("the units were read again")
	}
	same := 0
	for k, rs := range h1.byGroup {
		if len(rs) > 0 && len(h0.byGroup[k]) > 0 && rs[0] == h0.byGroup[k][0] {
			same++
		}
	}
	if same == 0 || same == len(h1.byGroup) {
		t.Errorf("%d of %d groups kept: a delta keeps all but the changed ones", same, len(h1.byGroup))
	}
}

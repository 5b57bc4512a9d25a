package queries

import (
	"context"
	"fmt"
	"math"
	"sort"
	"strings"
	"testing"
)

// modelWhatIf is SPEC §3 with the scenario's weights, computed on the
// model for one peer group and quarter: unit code -> "score rank grade"
// (score in cents), "-" for a unit left without an applicable indicator.
func modelWhatIf(t *testing.T, m *model, p, group string, weights, systems map[string]float64) map[string]string {
	adj := map[string][3]float64{} // bonus, penalty, veto
	for _, a := range readCSV(t, "adjustments.csv") {
		if a[1] != p {
			continue
		}
		x := adj[a[0]]
		switch a[2] {
		case "bonus":
			x[0] += num(t, a[3])
		case "penalty":
			x[1] += num(t, a[3])
		case "veto":
			x[2] = 1
		}
		adj[a[0]] = x
	}
	type res struct {
		code   string
		cents  int64
		vetoed bool
	}
	var rs []res
	out := map[string]string{}
	for _, u := range m.units {
		if u.group != group {
			continue
		}
		var sumW, sumE float64
		for _, i := range m.valid(p) {
			if !m.applies(i, u) {
				continue
			}
			w := i.weight
			if nw, ok := weights[i.code]; ok {
				w = nw
			}
			if f, ok := systems[i.system]; ok {
				w *= f
			}
			if w == 0 {
				continue
			}
			sumW += w
			if v, ok := m.vals[[3]string{i.code, u.code, p}]; ok {
				tg := i.target
				if v.target != nil {
					tg = *v.target
				}
				sumE += w * ratio(i, v.actual, tg)
			}
		}
		if sumW == 0 {
			out[u.code] = "-"
			continue
		}
		score := math.Max(0, 100*sumE/sumW+adj[u.code][0]-adj[u.code][1])
		micro := int64(math.Round(score * 1e6))
		rs = append(rs, res{u.code, (micro + 5000) / 10000, adj[u.code][2] == 1})
	}
	quota := int(math.Floor(float64(len(rs))*0.2 + 0.5))
	for _, a := range rs {
		rank, above := 1, 0
		for _, b := range rs {
			if b.cents > a.cents {
				rank++
				if !b.vetoed && b.cents >= 9000 {
					above++
				}
			}
		}
		out[a.code] = fmt.Sprintf("%d %d %s", a.cents, rank, gradeOf(a.vetoed, float64(a.cents), above, quota, [3]float64{9000, 8000, 6000}))
	}
	return out
}

func gotWhatIf(w *WhatIf) map[string]string {
	out := map[string]string{}
	for _, r := range w.Rows {
		if r.WhatIfRank == nil {
			out[*r.UnitCode] = "-"
			continue
		}
		out[*r.UnitCode] = fmt.Sprintf("%d %d %s", int64(math.Round(*r.WhatIfScore*100)), *r.WhatIfRank, *r.WhatIfGrade)
	}
	return out
}

func scoresChecksum(t *testing.T, s *Store) string {
	var a, b string
	if err := s.DB().QueryRow(`SELECT count(*)::VARCHAR || ':' || sum(hash(period, unit_code, score, rank, grade))::VARCHAR FROM scores`).Scan(&a); err != nil {
		t.Fatal(err)
	}
	if err := s.DB().QueryRow(`SELECT count(*)::VARCHAR || ':' || sum(hash(unit_code, period, indicator_code, weight, earned))::VARCHAR FROM results`).Scan(&b); err != nil {
		t.Fatal(err)
	}
	return a + "|" + b
}

// TestWhatIf compares scenario ranks and grades with SPEC §3 recomputed on
// the model with the scenario's weights, checks that nothing stored
// changes, and that bad scenarios name their key.
func TestWhatIf(t *testing.T) {
	s, m := loadFixture(t), loadModel(t)
	ctx := context.Background()
	before := scoresChecksum(t, s)
	cases := []struct {
		period, group string
		weights       map[string]float64
		systems       map[string]float64
	}{
		{"2025Q3", "GX:bureau", nil, nil},
		{"2025Q3", "GX:bureau", map[string]float64{"D01": 0, "D03": 40}, map[string]float64{"admin": 2, "info": 0}},
		{"2024Q2", "GX01:bureau", map[string]float64{"D04": 30, "D02": 1}, map[string]float64{"service": 0.5}},
		{"2025Q4", "GX04-matrix", map[string]float64{"E01": 5}, map[string]float64{"admin": 0, "service": 3}},
		{"2025Q2", "GX:department", nil, map[string]float64{"law": 0, "org": 0, "admin": 0}}, // management units keep nothing
	}
	for _, c := range cases {
		w, err := s.WhatIf(ctx, Everything, Scenario{Period: c.period, Group: c.group, Weights: c.weights, Systems: c.systems})
		if err != nil {
			t.Fatalf("%+v: %v", c, err)
		}
		got, want := gotWhatIf(w), modelWhatIf(t, m, c.period, c.group, c.weights, c.systems)
		var keys []string
		for k := range want {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			if got[k] != want[k] {
				t.Errorf("%s %s %v %v: %s = %q, want %q", c.period, c.group, c.weights, c.systems, k, got[k], want[k])
			}
		}
		if len(got) != len(want) || w.Group != c.group {
			t.Errorf("%s %s: %d rows in %s, want %d", c.period, c.group, len(got), w.Group, len(want))
		}
		// ordered by scenario rank, units without a score last
		for i := 1; i < len(w.Rows); i++ {
			a, b := w.Rows[i-1].WhatIfRank, w.Rows[i].WhatIfRank
			if a == nil && b != nil || (a != nil && b != nil && *a > *b) {
				t.Errorf("%s %s: rows out of order at %d", c.period, c.group, i)
			}
		}
	}
	// A unit names its group; today's columns are the stored ranking.
	w, err := s.WhatIf(ctx, Everything, Scenario{Period: "2025Q3", Unit: "GX0101", Weights: map[string]float64{"D01": 30}})
	if err != nil || w.Group != "GX01:bureau" {
		t.Fatalf("by unit: %+v %v", w, err)
	}
	exp := expectedQuarters(t)
	for _, r := range w.Rows {
		if e := exp[[2]string{"2025Q3", *r.UnitCode}]; int64(math.Round(r.Score*100)) != int64(e.cents) {
			t.Errorf("today's score of %s: %v, want %d cents", *r.UnitCode, r.Score, e.cents)
		}
	}
	if after := scoresChecksum(t, s); after != before {
		t.Errorf("a scenario changed stored results: %s -> %s", before, after)
	}
	for _, c := range []struct {
		sn  Scenario
		key string
	}{
		{Scenario{Period: "2025", Group: "GX:bureau"}, "period"},
		{Scenario{Period: "2025Q3"}, "group"},
		{Scenario{Period: "2025Q3", Group: "GX:bureau", Weights: map[string]float64{"NOPE": 3}}, "NOPE"},
		{Scenario{Period: "2024Q3", Group: "GX:bureau", Weights: map[string]float64{"D01": -1}}, "D01"},
		{Scenario{Period: "2025Q3", Group: "GX:bureau", Systems: map[string]float64{"tax": 1}}, "tax"},
		{Scenario{Period: "2025Q3", Group: "GX:bureau", Systems: map[string]float64{"law": -0.5}}, "law"},
	} {
		if _, err := s.WhatIf(ctx, Everything, c.sn); !isParam(err, c.key) {
			t.Errorf("%+v: %v, want a ParamError on %q", c.sn, err, c.key)
		}
	}
	// A scope sees only its own groups; a peer it sees anonymised stays anonymised.
	city := Scope{Unit: "GX01", Subtree: true, PeersNamed: true, Statuses: []string{"open", "review", "final"}}
	if _, err := s.WhatIf(ctx, city, Scenario{Period: "2025Q3", Group: "GX02:bureau"}); err == nil || !strings.Contains(err.Error(), "not found") {
		t.Errorf("another city's counties: %v, want not found", err)
	}
	staff := Scope{Unit: "GX0401-B1", PeersAnon: true, Statuses: []string{"review", "final"}}
	publish(t, s, "2025Q3")
	w, err = s.WhatIf(ctx, staff, Scenario{Period: "2025Q3", Group: "GX04-matrix"})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range w.Rows {
		if (r.UnitCode != nil) != r.Self {
			t.Errorf("staff: row %+v", r)
		}
	}
}

// TestWhatIfConcurrent: scenarios run side by side (two people at once)
// each get their own answer, the one they get alone.
func TestWhatIfConcurrent(t *testing.T) {
	s := loadFixture(t)
	ctx := context.Background()
	scens := []Scenario{
		{Period: "2025Q3", Group: "GX04-matrix", Systems: map[string]float64{"service": 0}},
		{Period: "2025Q3", Group: "GX04-matrix", Weights: map[string]float64{"E02": 90}},
	}
	alone := make([]map[string]string, len(scens))
	for i, sn := range scens {
		w, err := s.WhatIf(ctx, Everything, sn)
		if err != nil {
			t.Fatal(err)
		}
		alone[i] = gotWhatIf(w)
	}
	if fmt.Sprint(alone[0]) == fmt.Sprint(alone[1]) {
		t.Fatal("the two scenarios should differ")
	}
	errs := make(chan error, 8)
	for n := 0; n < 8; n++ {
		go func(i int) {
			w, err := s.WhatIf(ctx, Everything, scens[i])
			if err == nil && fmt.Sprint(gotWhatIf(w)) != fmt.Sprint(alone[i]) {
				err = fmt.Errorf("scenario %d answered another scenario's ranks", i)
			}
			errs <- err
		}(n % 2)
	}
	for n := 0; n < 8; n++ {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
}

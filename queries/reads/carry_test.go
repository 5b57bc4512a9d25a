package reads

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
	"testing"

	"jixiao/data"
	"jixiao/queries"
	"jixiao/queries/fixture"
)

// carryScopes are the scopes whose answers TestCarriedAnswersMatchAFreshDoor
// compares: the province, a city's subtree, a county seeing its peers
// anonymised, a department.
var carryScopes = []queries.Scope{
	queries.Everything,
	{Unit: "GX01", Subtree: true, Statuses: []string{"review", "final"}},
	{Unit: "GX0101", Subtree: true, PeersAnon: true, Statuses: []string{"review", "final"}},
	{Unit: "GX01-ZG", Statuses: []string{"review", "final"}},
}

// carryUnits are the units read: every fifth unit of the reference
// province and every unit whose scores or values the test changes.
func carryUnits(t *testing.T) []string {
	var out []string
	for i, r := range fixture.Records(t, "units.csv")[1:] {
		if i%5 == 0 || strings.HasPrefix(r[0], "GX01") || r[0] == "GX0201" {
			out = append(out, r[0])
		}
	}
	return out
}

var carryPeriods = []string{"2025", "2025Q2", "2025Q3", "2025Q4"}

// answers reads through v every read the door carries over, for the
// units and periods above, and the encoded rankings (JSON), each as JSON
// text with its error.
func answers(t *testing.T, v *View, units []string) map[string]string {
	t.Helper()
	ctx := testCtx(t)
	out := map[string]string{}
	put := func(key string, x any, err error) {
		if err != nil && !errors.Is(err, queries.ErrNotFound) {
			t.Fatalf("%s: %v", key, err)
		}
		b, merr := json.Marshal(x)
		if merr != nil {
			t.Fatal(merr)
		}
		out[key] = fmt.Sprintf("%s %v", b, err)
	}
	us, err := v.Units(ctx)
	put("units", us, err)
	ps, err := v.Periods(ctx)
	put("periods", ps, err)
	groups := map[string]bool{}
	for _, u := range units {
		g, err := v.GroupOf(ctx, u)
		put("group "+u, g, err)
		if err == nil {
			groups[g] = true
		}
		x, err := v.Unit(ctx, u)
		put("unit "+u, x, err)
		tr, err := v.Trend(ctx, u, "", "")
		put("trend "+u, tr, err)
		for _, p := range carryPeriods[1:] {
			b, err := v.Breakdown(ctx, u, p)
			put("breakdown "+u+" "+p, b, err)
		}
	}
	for _, root := range []string{"GX", "GX01", "GX0101"} {
		l, err := v.LossesByIndicator(ctx, "2025Q3", root, 10)
		put("losses "+root, l, err)
	}
	for g := range groups {
		for _, p := range carryPeriods {
			r, err := v.Ranking(ctx, p, g)
			put("ranking "+p+" "+g, r, err)
			b, err := v.JSON(ctx, "ranking", []string{p, g}, func(ctx context.Context, v *View) (any, error) { return v.Ranking(ctx, p, g) })
			put("json ranking "+p+" "+g, json.RawMessage(nonEmpty(b)), err)
		}
	}
	return out
}

func nonEmpty(b []byte) []byte {
	if len(b) == 0 {
		return []byte("null")
	}
	return b
}

// diff lists the keys whose answers differ.
func diff(a, b map[string]string) []string {
	var out []string
	for k, x := range a {
		if b[k] != x {
			out = append(out, k)
		}
	}
	for k := range b {
		if _, ok := a[k]; !ok {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}

// cachedKey reports whether the generation answering holds key's answer
// for sc (before anything reads it: carried over).
func cachedKey(d *Door, method string, sc queries.Scope, args ...string) bool {
	_, ok := d.cur.Load().get(method + "\x00" + sc.Key() + "\x00" + strings.Join(args, "\x00"))
	return ok
}

// TestCarriedAnswersMatchAFreshDoor: after a write, the answers the door
// carries over from the previous generation, and those it computes again,
// are exactly a fresh door's answers for every key of four scopes — after
// an adjustment (two groups' scores change: their rankings, the unit's
// trend and breakdown are computed again, the rest carried, breakdowns
// included) and after a values import that changes a note and no score
// (nothing that shows results is carried).
func TestCarriedAnswersMatchAFreshDoor(t *testing.T) {
	st := open(t)
	ctx := testCtx(t)
	// A door that serves over time (Warm set), as the server's.
	d, err := New(ctx, st, Config{Warm: func(context.Context, func(queries.Scope) *View) {}})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	units := carryUnits(t)
	before := map[string]map[string]string{}
	for _, sc := range carryScopes {
		before[sc.Key()] = answers(t, d.For(ctx, sc), units)
	}
	check := func(name string, probe func()) map[string]map[string]string {
		t.Helper()
		v, err := st.DataVersion(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := d.Check(ctx); err != nil {
			t.Fatal(err)
		}
		d.ForAtLeast(ctx, queries.Everything, v) // the writer: the new generation
		if err := d.Settle(ctx); err != nil {
			t.Fatal(err)
		}
		probe()
		fresh, err := New(ctx, st, Config{})
		if err != nil {
			t.Fatal(err)
		}
		defer fresh.Close()
		got := map[string]map[string]string{}
		for _, sc := range carryScopes {
			a, want := answers(t, d.ForAtLeast(ctx, sc, v), units), answers(t, fresh.For(ctx, sc), units)
			if ks := diff(a, want); len(ks) > 0 {
				t.Errorf("%s, scope %s: %d answers differ from a fresh door's, e.g. %s:\n%s\nwant\n%s", name, sc.Key(), len(ks), ks[0], a[ks[0]], want[ks[0]])
			}
			got[sc.Key()] = a
		}
		return got
	}

	if _, err := st.AddAdjustment(ctx, office, queries.AdjustmentInput{UnitCode: "GX0101", Period: "2025Q3", Kind: "penalty", Points: 3, Reason: "测试"}); err != nil {
		t.Fatal(err)
	}
	city := carryScopes[1]
	// Before anything reads the new generation: the unchanged answers are
	// there, the changed ones are not.
	after := check("after an adjustment", func() { carriedAfterAdjustment(t, d, city) })
	if ks := diff(before[queries.Everything.Key()], after[queries.Everything.Key()]); len(ks) == 0 {
		t.Error("the adjustment changed no answer: the test compares nothing")
	}

	// A note changes, no score: every ranking and trend is carried, no
	// breakdown.
	if err := importText(t, st, data.KindValues, "values.csv", func(rec []string) []string {
		if rec[0] == "D01" && rec[1] == "GX0201" && rec[2] == "2025Q2" {
			rec[5] = "测试备注"
		}
		return rec
	}); err != nil {
		t.Fatal(err)
	}
	prev := after
	after = check("after a note changed", func() {
		if !cachedKey(d, "Trend", city, "GX01", "", "") || cachedKey(d, "Breakdown", queries.Everything, "GX0301", "2025Q2") {
			t.Error("after a values import: a trend should be carried over, no breakdown")
		}
	})
	if ks := diff(prev[queries.Everything.Key()], after[queries.Everything.Key()]); len(ks) != 1 || ks[0] != "breakdown GX0201 2025Q2" {
		t.Errorf("the note changed %v, want the breakdown of GX0201 2025Q2 alone", ks)
	}
}

func carriedAfterAdjustment(t *testing.T, d *Door, city queries.Scope) {
	t.Helper()
	for _, c := range []struct {
		method string
		args   []string
		want   bool
	}{
		{"Breakdown", []string{"GX0201", "2025Q2"}, true},
		{"Trend", []string{"GX01", "", ""}, true},
		{"Units", nil, true},
		{"Trend", []string{"GX0101", "", ""}, false},
		{"Breakdown", []string{"GX0101", "2025Q3"}, false},
	} {
		sc := city
		if c.args != nil && c.args[0] == "GX0201" {
			sc = queries.Everything
		}
		if got := cachedKey(d, c.method, sc, c.args...); got != c.want {
			t.Errorf("%s %v carried over: %v, want %v", c.method, c.args, got, c.want)
		}
	}
	if d.carried.Load() == 0 {
		t.Error("nothing was carried over")
	}
}

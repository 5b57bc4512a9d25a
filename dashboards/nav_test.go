package dashboards

import (
	"testing"

	"jixiao/queries"
)

// TestMenus: links fall into their menus in order; the longest matching
// path is the active page, and its menu is active.
func TestMenus(t *testing.T) {
	links := []Link{{Href: "/", Group: "overview"}, {Href: "/reports", Group: "reports"}, {Href: "/reports/quarterly", Group: "reports"},
		{Href: "/appeals", Group: "workflow"}}
	ms := Menus("zh", links, "/reports/quarterly")
	if len(ms) != 3 || ms[0].ID != "overview" || ms[1].ID != "workflow" || ms[2].ID != "reports" {
		t.Fatalf("menus %+v", ms)
	}
	if !ms[2].Active || ms[2].Links[0].Active || !ms[2].Links[1].Active || ms[0].Active || ms[0].Links[0].Active {
		t.Errorf("active: %+v", ms)
	}
	if ms := Menus("zh", links, "/appeals/7"); !ms[1].Active || !ms[1].Links[0].Active || ms[0].Links[0].Active {
		t.Errorf("a page below /appeals: %+v", ms)
	}
	for _, p := range NavPages {
		if T("zh", p.Key) == p.Key || T("en", p.Key) == p.Key {
			t.Errorf("%s: label %q has no words", p.Path, p.Key)
		}
	}
}

// TestSlopeLabelsBesideTheLines: every unit's name sits left of its
// first point and right of its last, never on the line.
func TestSlopeLabelsBesideTheLines(t *testing.T) {
	a, b := "GX01", "GX02"
	r1, r2 := 2, 1
	c := SlopeChart("zh", &queries.WhatIf{Rows: []queries.WhatIfRow{
		{UnitCode: &a, UnitName: &a, Rank: 1, Grade: "excellent", WhatIfRank: &r1},
		{UnitCode: &b, UnitName: &b, Rank: 2, Grade: "good", WhatIfRank: &r2},
	}})
	for i := range 2 {
		data, _ := series(c.Option, i)["data"].([]any)
		if len(data) != 2 {
			t.Fatalf("series %d data %v", i, data)
		}
		for j, want := range []string{"left", "right"} {
			d, _ := data[j].(map[string]any)
			l, _ := d["label"].(map[string]any)
			if l["position"] != want {
				t.Errorf("series %d point %d label %v, want %s", i, j, d, want)
			}
		}
	}
}

package server

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"jixiao/queries"
)

// TestCityOfficeCannotLiftItsOwnScore is the scenario of issue 10: the
// city office (GX04) may not give its own unit a bonus, may not delete
// what the province entered on a unit below it, and one adjustment is
// bounded by adjust.max_points (default 10).
func TestCityOfficeCannotLiftItsOwnScore(t *testing.T) {
	t.Parallel() // its own store and server
	st := loadFixture(t, "")
	s := newTestServer(t, st)
	ck := mustLogin(t, s, "city_office")
	post := func(unit string, points float64) resp {
		return do(t, s, req{method: "POST", path: "/api/adjustments", cookie: ck,
			body: fmt.Sprintf(`{"unit_code":%q,"period":"2025Q4","kind":"bonus","points":%g,"reason":"专项工作"}`, unit, points)})
	}
	if r := post("GX04", 2); r.code != 403 {
		t.Errorf("bonus on its own unit: %d %s, want 403", r.code, r.body)
	}
	if r := post("GX0401", 30); r.code != 400 {
		t.Errorf("30 points on a county: %d %s, want 400 (over adjust.max_points)", r.code, r.body)
	}
	own := post("GX0401", 10)
	if own.code != 201 {
		t.Fatalf("10 points on a county: %d %s, want 201", own.code, own.body)
	}
	var mine queries.AdjustmentRow
	own.json(t, &mine)
	// The page offers a delete button only where deleting works.
	adjs, err := st.ListAdjustments(context.Background(), queries.Everything, queries.AdjustmentFilter{Unit: "GX04-NF", Period: "2025Q4"})
	if err != nil || len(adjs) != 1 {
		t.Fatalf("fixture penalty: %v %v", adjs, err)
	}
	page := string(do(t, s, req{method: "GET", path: "/adjustments?period=2025Q4", cookie: ck}).body)
	if !strings.Contains(page, fmt.Sprintf(`action="/adjustments/%d/delete`, mine.ID)) ||
		strings.Contains(page, fmt.Sprintf(`action="/adjustments/%d/delete`, adjs[0].ID)) {
		t.Error("/adjustments: the delete buttons do not follow who may delete")
	}
	if r := do(t, s, req{method: "DELETE", path: fmt.Sprintf("/api/adjustments/%d", mine.ID), cookie: ck}); r.code != 204 {
		t.Errorf("deleting its own adjustment on a county: %d %s, want 204", r.code, r.body)
	}
	// The fixture's penalty on GX04-NF was imported at the province.
	if r := do(t, s, req{method: "DELETE", path: fmt.Sprintf("/api/adjustments/%d", adjs[0].ID), cookie: ck}); r.code != 403 {
		t.Errorf("deleting the province's penalty: %d %s, want 403", r.code, r.body)
	}
	if r := do(t, s, req{method: "DELETE", path: fmt.Sprintf("/api/adjustments/%d", adjs[0].ID), cookie: mustLogin(t, s, "office")}); r.code != 204 {
		t.Errorf("the province office deleting its penalty: %d %s", r.code, r.body)
	}
}

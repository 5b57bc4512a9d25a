package data

import (
	"testing"
)

// TestDemoResponsibilities: every person the demo names is a user of the
// bureau or of one of its departments, every indicator a decision
// indicator of the bureau's level, and each bureau of demoDuty has rows.
func TestDemoResponsibilities(t *testing.T) {
	s := demo1(t)
	files, _, err := WriteDemo(t.TempDir(), 1)
	if err != nil {
		t.Fatal(err)
	}
	rows := readTable(t, files[KindResponsibilities], KindResponsibilities)
	userUnit := map[string]string{}
	for _, u := range s.users {
		userUnit[u["username"]] = u["unit_code"]
	}
	decision := map[string]string{}
	for _, in := range s.indicators {
		if in["tier"] == "decision" {
			decision[in["code"]] = in["levels"]
		}
	}
	per := map[string]int{}
	for _, r := range rows {
		b := s.unit[r["unit_code"]]
		if b == nil || b["kind"] != "bureau" {
			t.Fatalf("row %v: not a bureau", r)
		}
		per[r["unit_code"]]++
		if lv, ok := decision[r["indicator_code"]]; !ok || (lv != "" && !containsLevel(lv, b["level"])) {
			t.Errorf("row %v: indicator does not apply to a %s bureau", r, b["level"])
		}
		for _, p := range []string{r["leader"], r["owner"]} {
			if p == "" {
				continue
			}
			u := s.unit[userUnit[p]]
			if u == nil || (u["code"] != b["code"] && (u["parent_code"] != b["code"] || u["kind"] != "department")) {
				t.Errorf("row %v: %s is no user of %s or its departments", r, p, b["code"])
			}
		}
	}
	for _, d := range demoDuty {
		if per[d.unit] == 0 {
			t.Errorf("no responsibilities for %s", d.unit)
		}
	}
	if per["GX01"] < 20 {
		t.Errorf("GX01 has %d responsibilities", per["GX01"])
	}
}

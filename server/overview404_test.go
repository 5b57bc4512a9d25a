package server

import "testing"

// TestOverviewOpenPeriodHiddenFromStaff: staff see published periods only
// (SPEC §4); the overview of the open quarter 2025Q4 is missing for them
// (404) like every other route, and there for an office.
func TestOverviewOpenPeriodHiddenFromStaff(t *testing.T) {
	s, cookies := sharedServer(t)
	for user, want := range map[string]int{"staff": 404, "dept": 404, "office": 200} {
		if r := do(t, s, req{method: "GET", path: "/api/overview?period=2025Q4", cookie: cookies[user]}); r.code != want {
			t.Errorf("%s: %d, want %d", user, r.code, want)
		}
		if r := do(t, s, req{method: "GET", path: "/api/rankings?period=2025Q4&unit=" + map[string]string{"staff": "GX0401-B1", "dept": "GX01-ZG", "office": "GX"}[user],
			cookie: cookies[user]}); r.code != want && !(user == "office" && r.code == 404) {
			t.Errorf("%s rankings: %d, want %d", user, r.code, want)
		}
	}
	if r := do(t, s, req{method: "GET", path: "/api/overview?period=2025Q3", cookie: cookies["staff"]}); r.code != 200 {
		t.Errorf("staff, published 2025Q3: %d", r.code)
	}
}

package server

import (
	"context"
	"strings"
	"testing"
)

// TestNonFiniteNeverA500: ledger values of ±1e308 (accepted by an
// administrator who raised import.max_abs_value) overflow the scoring to
// ±Inf; no page, chart or API answer fails on it.
func TestNonFiniteNeverA500(t *testing.T) {
	t.Parallel() // its own store and server
	st := loadFixture(t, "")
	if err := st.SetSetting(context.Background(), "test", "import.max_abs_value", "1e308"); err != nil {
		t.Fatal(err)
	}
	s := newTestServer(t, st)
	ck := mustLogin(t, s, "admin")
	if r := upload(t, s, ck, "values", "v.csv", "indicator_code,unit_code,period,actual,target,note\n"+
		"E02,GX0101-B1,2025Q4,1e308,,\nE02,GX0101-B2,2025Q4,-1e308,,\n"); r.code != 200 {
		t.Fatalf("import: %d %s", r.code, r.body)
	}
	for _, path := range []string{
		"/api/indicators/E02", "/api/indicators/E02/values?period=2025Q4", "/api/indicators/E02/completion",
		"/api/units/GX0101-B1/breakdown?period=2025Q4", "/api/units/GX0101-B2/trend", "/api/rankings?period=2025Q4&unit=GX0101-B1",
		"/api/overview?period=2025Q4", "/api/export/scores?format=json", "/api/export/scores?format=csv",
		"/indicators/E02?period=2025Q4", "/units/GX0101-B1?period=2025Q4", "/units/GX0101-B2?period=2025Q4", "/?period=2025Q4",
		"/meeting?period=2025Q4",
	} {
		r := do(t, s, req{method: "GET", path: path, cookie: ck})
		if r.code != 200 {
			t.Errorf("%s: %d %s", path, r.code, firstLine(r.body))
		}
		if strings.Contains(string(r.body), "NaN") || strings.Contains(string(r.body), "Infinity") {
			t.Errorf("%s: a non-finite number reached the answer", path)
		}
	}
}

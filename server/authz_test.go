package server

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// roleColumns are the columns of the route table: no session, then the
// fixture users (see fixtureUsers).
var roleColumns = []string{"anonymous", "admin", "office", "committee", "leader", "city_office", "city_leader", "county_leader", "dept", "staff"}

// TestRouteRoleStatus is the route × role × status table: every route is
// denied unless the policy opens it, invisible units are 404, writes are
// for the roles that may make them. Write rows use targets that do not
// exist, so that allowed roles get 400/404 and nothing changes.
func TestRouteRoleStatus(t *testing.T) {
	t.Parallel() // reads the shared server only
	s, cookies := sharedServer(t)
	type row struct {
		method, path, body string
		want               [10]int // in roleColumns order
	}
	//                           anon adm  off  com  lead cOff cLea coLe dept staff
	everyone := [10]int{200, 200, 200, 200, 200, 200, 200, 200, 200, 200}
	signedIn := [10]int{401, 200, 200, 200, 200, 200, 200, 200, 200, 200}
	adminOnly := [10]int{401, 200, 403, 403, 403, 403, 403, 403, 403, 403}
	// GX01 (百色) is seen by the province roles, by the city office of GX04
	// (a peer city), by its own leader; not by a county leader, a
	// department or a branch.
	gx01 := [10]int{401, 200, 200, 200, 200, 200, 200, 404, 404, 404}
	// GX02 is a peer city of GX01 and GX04.
	gx02 := gx01
	// GX0102 is a peer county of GX0101, below GX01.
	gx0102 := [10]int{401, 200, 200, 200, 200, 404, 200, 200, 404, 404}
	// GX0401-B2 is a matrix peer of the staff's branch: anonymised, so 404 by code.
	gx0401b2 := [10]int{401, 200, 200, 200, 200, 200, 404, 404, 404, 404}
	// SPEC §10.1, 10.2, 10.5: the leadership roles; dept and staff 403.
	tools := [10]int{401, 200, 200, 200, 200, 200, 200, 200, 403, 403}
	provinceImports := [10]int{401, 400, 400, 403, 403, 403, 403, 403, 403, 403}
	rows := []row{
		{"GET", "/api/health", "", everyone},
		{"GET", "/login", "", everyone},
		{"GET", "/api/me", "", signedIn},
		{"GET", "/api/periods", "", signedIn},
		{"GET", "/api/units", "", signedIn},
		{"GET", "/api/overview", "", signedIn},
		{"GET", "/api/rankings", "", signedIn},
		{"GET", "/api/rankings?period=2025Q3", "", signedIn},
		{"GET", "/api/rankings?period=2025", "", [10]int{401, 200, 200, 200, 200, 200, 200, 200, 404, 404}}, // 2025 is open: not for dept/staff
		{"GET", "/api/export/scores?period=2025Q3&format=json", "", signedIn},
		{"GET", "/api/indicators", "", signedIn},
		{"GET", "/api/indicators/D01/completion", "", signedIn},
		{"GET", "/api/units/GX01", "", gx01},
		{"GET", "/api/units/GX01/trend", "", gx01},
		{"GET", "/api/units/GX01/breakdown?period=2025Q3", "", gx01},
		{"GET", "/api/rankings?period=2025Q3&unit=GX01", "", gx01},
		{"GET", "/api/rankings?period=2025Q3&group=GX:bureau", "", gx01},
		{"GET", "/api/overview?unit=GX01", "", gx01},
		{"GET", "/api/units/GX02/trend", "", gx02},
		{"GET", "/api/units/GX0102/breakdown?period=2025Q3", "", gx0102},
		{"GET", "/api/units/GX0401-B2", "", gx0401b2},
		{"GET", "/api/units/GX01-ZG/breakdown?period=2025Q3", "", [10]int{401, 200, 200, 200, 200, 404, 200, 404, 200, 404}},
		{"GET", "/api/units/GX01-ZG/breakdown?period=2025Q4", "", [10]int{401, 200, 200, 200, 200, 404, 200, 404, 404, 404}}, // open period
		{"GET", "/api/units/NOPE/trend", "", [10]int{401, 404, 404, 404, 404, 404, 404, 404, 404, 404}},
		{"GET", "/api/units/GX01/breakdown?period=banana", "", [10]int{401, 400, 400, 400, 400, 400, 400, 404, 404, 404}},
		{"GET", "/api/warnings?period=2025Q3", "", signedIn},
		{"GET", "/api/warnings?period=2025", "", [10]int{401, 422, 422, 422, 422, 422, 422, 422, 422, 422}},
		{"GET", "/api/warnings?period=2025Q4", "", [10]int{401, 200, 200, 200, 200, 200, 200, 200, 404, 404}}, // open
		{"GET", "/api/completeness?period=2025Q3", "", tools},
		{"GET", "/api/completeness?period=2025", "", [10]int{401, 422, 422, 422, 422, 422, 422, 422, 403, 403}},
		{"GET", "/api/completeness?period=2099Q1", "", [10]int{401, 404, 404, 404, 404, 404, 404, 404, 403, 403}},
		{"GET", "/api/indicators/health?period=2025Q3", "", tools},
		{"GET", "/api/indicators/health/E01?period=2025Q3", "", tools},
		{"GET", "/api/indicators/health/NOPE?period=2025Q3", "", [10]int{401, 404, 404, 404, 404, 404, 404, 404, 403, 403}},
		{"GET", "/api/units/GX01/explain?period=2025Q3&indicator=D01", "", gx01},
		{"GET", "/api/units/GX0102/explain?period=2025Q3&indicator=D01", "", gx0102},
		{"GET", "/api/units/GX0401-B2/explain?period=2025Q3&indicator=E01", "", gx0401b2},
		{"GET", "/api/units/GX01-ZG/explain?period=2025Q3&indicator=M01", "", [10]int{401, 200, 200, 200, 200, 404, 200, 404, 200, 404}},
		{"GET", "/api/units/GX01-ZG/explain?period=2025Q3&indicator=D01", "", [10]int{401, 404, 404, 404, 404, 404, 404, 404, 404, 404}}, // not applicable
		{"GET", "/api/units/GX01/explain?period=2025Q3", "", [10]int{401, 422, 422, 422, 422, 422, 422, 422, 422, 422}},
		{"POST", "/api/whatif", `{"period":"2025Q3","group":"GX:bureau"}`, [10]int{401, 200, 200, 200, 200, 200, 200, 404, 403, 403}},
		{"POST", "/api/whatif", `{"period":"2025Q3","unit":"GX0101","weights":{"D01":30},"systems":{"info":0}}`, [10]int{401, 200, 200, 200, 200, 404, 200, 200, 403, 403}},
		{"POST", "/api/whatif", `{"period":"2025","group":"GX:bureau"}`, [10]int{401, 422, 422, 422, 422, 422, 422, 422, 403, 403}},
		{"POST", "/api/whatif", `{"period":"2025Q3","group":"GX:bureau","weights":{"D01":"x"}}`, [10]int{401, 422, 422, 422, 422, 422, 422, 422, 403, 403}},
		{"POST", "/api/whatif", `{"period":"2025Q3","group":"GX:bureau","systems":{"tax":1}}`, [10]int{401, 422, 422, 422, 422, 422, 422, 422, 403, 403}},
		{"GET", "/api/whatif/scenarios", "", tools},
		{"POST", "/api/whatif/scenarios", `{"name":"","period":"2025Q3","group":"GX:bureau"}`, [10]int{401, 422, 422, 422, 422, 422, 422, 422, 403, 403}},
		{"DELETE", "/api/whatif/scenarios/999999", "", [10]int{401, 404, 404, 404, 404, 404, 404, 404, 403, 403}},
		{"POST", "/api/whatif/scenarios/999999/apply", `{"from":"2025Q4"}`, [10]int{401, 404, 404, 403, 403, 403, 403, 403, 403, 403}},
		{"GET", "/api/audit", "", adminOnly},
		{"GET", "/api/tokens", "", adminOnly},
		{"GET", "/api/imports", "", [10]int{401, 200, 200, 403, 403, 403, 403, 403, 403, 403}},
		{"POST", "/api/imports/values", "", provinceImports},
		{"POST", "/api/imports/bananas", "", provinceImports},
		{"DELETE", "/api/imports/999999", "", [10]int{401, 404, 404, 403, 403, 403, 403, 403, 403, 403}},
		{"POST", "/api/periods/2099Q1/status", `{"status":"review"}`, [10]int{401, 404, 404, 403, 403, 403, 403, 403, 403, 403}},
		{"POST", "/api/view-as", `{"username":"nobody"}`, [10]int{401, 404, 403, 403, 403, 403, 403, 403, 403, 403}},
		{"POST", "/api/password", `{"old_password":"x","new_password":"short"}`, [10]int{401, 422, 422, 422, 422, 422, 422, 422, 422, 422}},
		{"GET", "/api/no-such-route", "", [10]int{401, 404, 403, 403, 403, 403, 403, 403, 403, 403}},
		{"PUT", "/api/units", "", [10]int{401, 404, 403, 403, 403, 403, 403, 403, 403, 403}},
	}
	for _, r := range rows {
		for i, role := range roleColumns {
			got := do(t, s, req{method: r.method, path: r.path, body: r.body, cookie: cookies[role]})
			if got.code != r.want[i] {
				t.Errorf("%s %s as %s: %d, want %d (%s)", r.method, r.path, role, got.code, r.want[i], strings.TrimSpace(string(got.body)))
			}
			if got.code >= 400 && strings.HasPrefix(r.path, "/api/") && !strings.HasPrefix(string(got.body), `{"error":`) {
				t.Errorf("%s %s as %s: error body %q is not {\"error\": …}", r.method, r.path, role, got.body)
			}
		}
	}
}

// TestPagesRedirectToLogin: a page without a session goes to /login,
// remembering where it was going.
func TestPagesRedirectToLogin(t *testing.T) {
	s, _ := sharedServer(t)
	got := do(t, s, req{method: "GET", path: "/units/GX01?period=2025Q3"})
	if got.code != 303 || got.headers.Get("Location") != "/login?next=%2Funits%2FGX01%3Fperiod%3D2025Q3" {
		t.Fatalf("got %d Location %q", got.code, got.headers.Get("Location"))
	}
}

// TestPolicyOverride: a policy folder replaces the built-in policy, and a
// policy with an unknown scope rule is refused at start.
func TestPolicyOverride(t *testing.T) {
	s, _ := sharedServer(t)
	builtin, err := policyFS.ReadFile("policy/policy.csv")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	// Take the rankings away from everyone but admin.
	edited := strings.ReplaceAll(string(builtin), "p, reader, *, /api/rankings, GET\n", "")
	if err := os.WriteFile(filepath.Join(dir, "policy.csv"), []byte(edited), 0o644); err != nil {
		t.Fatal(err)
	}
	s2 := newTestServer(t, s.Store, func(c *Config) { c.PolicyDir = dir })
	leader := mustLogin(t, s2, "leader")
	if got := do(t, s2, req{method: "GET", path: "/api/rankings?period=2025Q3", cookie: leader}); got.code != 403 {
		t.Errorf("rankings under the edited policy: %d, want 403", got.code)
	}
	if got := do(t, s2, req{method: "GET", path: "/api/units", cookie: leader}); got.code != 200 {
		t.Errorf("units under the edited policy: %d, want 200", got.code)
	}
	broken := strings.ReplaceAll(string(builtin), "self+anon_peers", "self+everyone")
	if err := os.WriteFile(filepath.Join(dir, "policy.csv"), []byte(broken), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := loadPolicy(dir); err == nil || !strings.Contains(err.Error(), "everyone") {
		t.Errorf("broken policy: %v, want an error naming the rule", err)
	}
}

func BenchmarkEnforce(b *testing.B) {
	p, err := loadPolicy("")
	if err != nil {
		b.Fatal(err)
	}
	b.Run("cold", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			p.e.Enforce("dept", "city", "/api/units/GX01-ZG/breakdown", "GET")
		}
	})
	b.Run("remembered", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			p.Allow("dept", "city", "/api/units/GX01-ZG/breakdown", "GET")
		}
	})
}

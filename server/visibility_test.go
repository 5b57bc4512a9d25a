package server

import (
	"jixiao/queries/fixture"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"testing"
)

// fixtureTree is the small province's unit tree read straight from
// units.csv, so that the visibility the tests expect is computed without
// the code under test.
type fixtureTree struct {
	codes  []string
	name   map[string]string
	parent map[string]string
	group  map[string]string // SPEC §1.1: peer_group, else parent:kind; "" for the root
}

func readTree(t *testing.T) *fixtureTree {
	t.Helper()
	recs := fixture.Records(t, "units.csv")
	tr := &fixtureTree{name: map[string]string{}, parent: map[string]string{}, group: map[string]string{}}
	for _, r := range recs[1:] { // code,name,parent_code,kind,level,peer_group
		code := r[0]
		tr.codes = append(tr.codes, code)
		tr.name[code], tr.parent[code] = r[1], r[2]
		switch {
		case r[2] == "":
		case r[5] != "":
			tr.group[code] = r[5]
		default:
			tr.group[code] = r[2] + ":" + r[3]
		}
	}
	return tr
}

func (tr *fixtureTree) under(code, root string) bool {
	for c := code; c != ""; c = tr.parent[c] {
		if c == root {
			return true
		}
	}
	return false
}

// named is SPEC §4: the units a role at unit sees with code and name.
func (tr *fixtureTree) named(role, unit string) map[string]bool {
	out := map[string]bool{}
	for _, c := range tr.codes {
		switch role {
		case "admin":
			out[c] = true
		case "office", "committee", "leader":
			if tr.under(c, unit) || (tr.group[unit] != "" && tr.group[c] == tr.group[unit]) {
				out[c] = true
			}
		case "dept", "staff":
			if c == unit {
				out[c] = true
			}
		}
	}
	return out
}

func roleOf(username string) (role, unit string) {
	for _, u := range fixtureUsers {
		if u.Username == username {
			return u.Role, u.Unit
		}
	}
	return "", ""
}

// TestUnitsAreExactlySpec4: /api/units lists exactly the named units of SPEC §4 for every role.
func TestUnitsAreExactlySpec4(t *testing.T) {
	s, cookies := sharedServer(t)
	tr := readTree(t)
	for _, u := range fixtureUsers {
		var units []struct{ Code string }
		do(t, s, req{method: "GET", path: "/api/units", cookie: cookies[u.Username]}).json(t, &units)
		var got, want []string
		for _, x := range units {
			got = append(got, x.Code)
		}
		for c := range tr.named(u.Role, u.Unit) {
			want = append(want, c)
		}
		sort.Strings(got)
		sort.Strings(want)
		if strings.Join(got, " ") != strings.Join(want, " ") {
			t.Errorf("%s sees %d units %v, want %d %v", u.Username, len(got), got, len(want), want)
		}
	}
}

// TestAnonymisedPeers: a department sees its own row named and every peer
// with rank, score and grade only.
func TestAnonymisedPeers(t *testing.T) {
	s, cookies := sharedServer(t)
	tr := readTree(t)
	for _, user := range []string{"dept", "staff"} {
		_, unit := roleOf(user)
		var r struct {
			Group string
			Size  int
			Rows  []map[string]any
		}
		do(t, s, req{method: "GET", path: "/api/rankings?period=2025Q3&unit=" + unit, cookie: cookies[user]}).json(t, &r)
		size := 0
		for _, c := range tr.codes {
			if tr.group[c] == tr.group[unit] {
				size++
			}
		}
		if r.Group != tr.group[unit] || len(r.Rows) != size {
			t.Fatalf("%s: group %q with %d rows, want %q with %d", user, r.Group, len(r.Rows), tr.group[unit], size)
		}
		self := 0
		for _, row := range r.Rows {
			if row["self"] == true {
				self++
				if row["unit_code"] != unit || row["unit_name"] != tr.name[unit] {
					t.Errorf("%s: own row %v", user, row)
				}
				continue
			}
			if row["unit_code"] != nil || row["unit_name"] != nil || row["rank_change"] != nil || len(row["systems"].(map[string]any)) != 0 {
				t.Errorf("%s: peer row not anonymised: %v", user, row)
			}
			if row["rank"] == nil || row["score"] == nil || row["grade"] == nil {
				t.Errorf("%s: peer row lacks rank, score or grade: %v", user, row)
			}
		}
		if self != 1 {
			t.Errorf("%s: %d own rows", user, self)
		}
	}
}

// TestDeptNeverSeesOpenPeriod: 2025Q4 (and so 2025) is open in the fixture.
func TestDeptNeverSeesOpenPeriod(t *testing.T) {
	s, cookies := sharedServer(t)
	for _, user := range []string{"dept", "staff"} {
		var ps []struct{ Period, Status string }
		do(t, s, req{method: "GET", path: "/api/periods", cookie: cookies[user]}).json(t, &ps)
		if len(ps) == 0 {
			t.Fatalf("%s sees no period", user)
		}
		for _, p := range ps {
			if p.Status == "open" || p.Period == "2025Q4" || p.Period == "2025" {
				t.Errorf("%s sees %+v", user, p)
			}
		}
		_, unit := roleOf(user)
		for _, path := range []string{"/api/rankings?period=2025Q4", "/api/units/" + unit + "/breakdown?period=2025Q4", "/api/export/scores?format=json&period=2025Q4"} {
			got := do(t, s, req{method: "GET", path: path, cookie: cookies[user]})
			if got.code == 200 && strings.Contains(string(got.body), "2025Q4") {
				t.Errorf("%s %s: %d %s", user, path, got.code, got.body)
			}
		}
		var trend []struct{ Period string }
		do(t, s, req{method: "GET", path: "/api/units/" + unit + "/trend", cookie: cookies[user]}).json(t, &trend)
		if len(trend) == 0 || trend[len(trend)-1].Period != "2025Q3" {
			t.Errorf("%s trend ends at %+v, want 2025Q3", user, trend)
		}
	}
}

// codeToken finds unit codes in a body; ':' is part of a token so that a
// peer group id such as "GX01:department" (the group key of SPEC §1.1) is
// one identifier, not the code of the bureau it names.
var codeToken = regexp.MustCompile(`[A-Za-z0-9_:-]+`)

// TestNoLeak requests every read route for many units, groups and periods
// as every role, and checks that no response mentions the code or the name
// of a unit outside the role's named scope (anonymised peers included).
func TestNoLeak(t *testing.T) {
	s, cookies := sharedServer(t)
	seedDuty(t, shared.store) // SPEC §13's people, for the accountability reads
	tr := readTree(t)
	periods := []string{"2024Q1", "2025Q3", "2025Q4", "2024", "2025"}
	// Units asked about directly: the root, every city, and units on each
	// role's boundary (own, peer, parent, cousin, matrix peer).
	probe := []string{"GX", "GX01", "GX02", "GX03", "GX04", "GX05", "GX0101", "GX0102", "GX0201", "GX0401", "GX0501",
		"GX-ZG", "GX01-ZG", "GX01-NF", "GX02-ZG", "GX04-ZG", "GX0101-B1", "GX0102-B1", "GX0401-B1", "GX0401-B2", "GX0402-B1", "GX0501-B1"}
	groups := map[string]bool{}
	for _, g := range tr.group {
		groups[g] = true
	}
	var paths []string
	for _, p := range []string{"/api/me", "/api/periods", "/api/units", "/api/overview", "/api/rankings", "/api/indicators",
		"/api/imports", "/api/audit", "/api/export/scores?format=json", "/api/export/scores?format=csv&period=2025Q3",
		"/api/indicators/D01/completion", "/api/indicators/E01/completion"} {
		paths = append(paths, p)
	}
	for _, p := range periods {
		paths = append(paths, "/api/rankings?period="+p, "/api/indicators/D01/values?period="+p, "/api/indicators/M01/values?period="+p,
			"/api/overview?period="+p, "/api/warnings?period="+p, "/api/completeness?period="+p, "/api/indicators/health?period="+p,
			"/api/indicators/health/E01?period="+p, "/api/indicators/health/D01?period="+p,
			"/api/accountability?period="+p, "/accountability?period="+p)
	}
	for g := range groups {
		paths = append(paths, "/api/rankings?period=2025Q3&group="+url.QueryEscape(g),
			"POST /api/whatif "+`{"period":"2025Q3","group":"`+g+`","systems":{"admin":2}}`)
	}
	for _, c := range probe {
		paths = append(paths, "/api/units/"+c, "/api/units/"+c+"/trend", "/api/units/"+c+"/breakdown?period=2025Q3",
			"/api/rankings?period=2025Q4&unit="+c, "/api/overview?unit="+c,
			"POST /api/whatif "+`{"period":"2025Q3","unit":"`+c+`","weights":{"D01":5}}`,
			"/api/units/"+c+"/explain?period=2025Q3&indicator=D01", "/api/units/"+c+"/explain?period=2025Q3&indicator=E01",
			"/api/units/"+c+"/explain?period=2025Q3&indicator=M01", "/api/responsibilities?unit="+c)
	}
	for _, u := range fixtureUsers {
		if u.Role == "admin" {
			continue // sees everything
		}
		// One user per subtest, two at a time: the shared server's reads
		// are safe concurrently, and the what-if runs dominate.
		t.Run(u.Username, func(t *testing.T) {
			t.Parallel()
			noLeakFor(t, s, cookies[u.Username], u.Role, u.Unit, u.Username, tr, paths)
		})
	}
}

func noLeakFor(t *testing.T, s *Server, cookie, role, unit, username string, tr *fixtureTree, paths []string) {
	u := struct{ Username string }{username}
	{
		named := tr.named(role, unit)
		var insideNames []string
		outsideNames := map[string]bool{}
		for _, c := range tr.codes {
			if named[c] {
				insideNames = append(insideNames, tr.name[c])
			} else {
				outsideNames[tr.name[c]] = true
			}
		}
		// Longest first: "百色第1区县税务局第1税务分局" contains "百色第1区县税务局".
		sort.Slice(insideNames, func(i, j int) bool { return len(insideNames[i]) > len(insideNames[j]) })
		leaks := 0
		for _, p := range paths {
			r := req{method: "GET", path: p, cookie: cookie}
			if rest, ok := strings.CutPrefix(p, "POST "); ok { // what-if scenarios (SPEC §10.1)
				parts := strings.SplitN(rest, " ", 2)
				r.method, r.path, r.body = "POST", parts[0], parts[1]
			}
			got := do(t, s, r)
			if got.code >= 500 {
				t.Errorf("%s %s: %d %s", u.Username, p, got.code, got.body)
			}
			body := string(got.body)
			for _, tok := range codeToken.FindAllString(body, -1) {
				if _, isUnit := tr.name[tok]; isUnit && !named[tok] && leaks < 20 {
					t.Errorf("%s: %s shows unit code %s", u.Username, p, tok)
					leaks++
				}
			}
			for _, n := range insideNames {
				body = strings.ReplaceAll(body, n, "")
			}
			for n := range outsideNames {
				if strings.Contains(body, n) && leaks < 20 {
					t.Errorf("%s: %s shows unit name %s", u.Username, p, n)
					leaks++
				}
			}
		}
	}
}

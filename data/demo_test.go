package data

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// table is a CSV file read back: rows as maps from the English header.
type table []map[string]string

func readTable(t *testing.T, path string, kind Kind) table {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := csv.NewReader(bufio.NewReader(f))
	header, err := r.Read()
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, fd := range Tables[kind] {
		want = append(want, fd.Name)
	}
	if !slices.Equal(header, want) {
		t.Fatalf("%s header %v, want %v", kind, header, want)
	}
	var out table
	for {
		rec, err := r.Read()
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatal(err)
		}
		m := make(map[string]string, len(header))
		for i, h := range header {
			m[h] = rec[i]
		}
		out = append(out, m)
	}
}

type demoSet struct {
	units, indicators, values, adjustments, users table
	logins                                        []DemoLogin
	unit                                          map[string]map[string]string
}

func loadDemo(t *testing.T, scale int) *demoSet {
	t.Helper()
	files, logins, err := WriteDemo(t.TempDir(), scale)
	if err != nil {
		t.Fatal(err)
	}
	s := &demoSet{logins: logins, unit: map[string]map[string]string{}}
	s.units = readTable(t, files[KindUnits], KindUnits)
	s.indicators = readTable(t, files[KindIndicators], KindIndicators)
	s.values = readTable(t, files[KindValues], KindValues)
	s.adjustments = readTable(t, files[KindAdjustments], KindAdjustments)
	s.users = readTable(t, files[KindUsers], KindUsers)
	for _, u := range s.units {
		if s.unit[u["code"]] != nil {
			t.Fatalf("duplicate unit %s", u["code"])
		}
		s.unit[u["code"]] = u
	}
	return s
}

var demoCache *demoSet

func demo1(t *testing.T) *demoSet {
	if demoCache == nil {
		demoCache = loadDemo(t, 1)
	}
	return demoCache
}

func TestDemoUnits(t *testing.T) {
	s := demo1(t)
	roots, cities, matrix := 0, 0, 0
	children := map[string]map[string]int{} // parent → kind → count
	for _, u := range s.units {
		if !slices.Contains(UnitKinds, u["kind"]) || !slices.Contains(Levels, u["level"]) {
			t.Errorf("unit %s: bad kind/level %s/%s", u["code"], u["kind"], u["level"])
		}
		if u["parent_code"] == "" {
			roots++
			continue
		}
		p := s.unit[u["parent_code"]]
		if p == nil {
			t.Fatalf("unit %s: parent %s missing", u["code"], u["parent_code"])
		}
		if children[p["code"]] == nil {
			children[p["code"]] = map[string]int{}
		}
		children[p["code"]][u["kind"]]++
		if u["kind"] == "bureau" && u["level"] == "city" {
			cities++
		}
		if u["peer_group"] != "" {
			if u["peer_group"] != "GX13-matrix" || u["kind"] != "branch" || s.unit[p["parent_code"]]["code"] != "GX13" {
				t.Errorf("unexpected peer group on %v", u)
			}
			matrix++
		}
		for c, n := u["code"], 0; c != ""; c, n = s.unit[c]["parent_code"], n+1 {
			if n > 10 {
				t.Fatalf("cycle through %s", u["code"])
			}
		}
	}
	if roots != 1 || s.units[0]["code"] != "GX" {
		t.Errorf("roots %d, first %s", roots, s.units[0]["code"])
	}
	if cities < 10 {
		t.Errorf("%d cities", cities)
	}
	if matrix < 40 {
		t.Errorf("GX13 matrix has %d branches", matrix)
	}
	for _, u := range s.units {
		c := children[u["code"]]
		switch {
		case u["kind"] == "bureau" && u["level"] != "county":
			if c["department"] < 6 || c["department"] > 10 {
				t.Errorf("%s has %d departments", u["code"], c["department"])
			}
			if u["level"] == "city" && (c["bureau"] < 3 || c["bureau"] > 8) {
				t.Errorf("%s has %d counties", u["code"], c["bureau"])
			}
		case u["kind"] == "bureau":
			if c["branch"] < 2 || (c["branch"] > 4 && u["parent_code"] != "GX13") {
				t.Errorf("%s has %d branches", u["code"], c["branch"])
			}
		}
	}
	t.Logf("%d units, %d cities, %d matrix branches", len(s.units), cities, matrix)
}

func TestDemoIndicators(t *testing.T) {
	s := demo1(t)
	versions := map[string][]map[string]string{}
	systems, tiers := map[string]bool{}, map[string]int{}
	for _, d := range s.indicators {
		if len(versions[d["code"]]) == 0 {
			tiers[d["tier"]]++
		}
		versions[d["code"]] = append(versions[d["code"]], d)
		systems[d["system"]] = true
		T, F := num(t, d["target"]), num(t, d["floor"])
		if w := num(t, d["weight"]); w <= 0 {
			t.Errorf("%s weight %v", d["code"], w)
		}
		if (d["direction"] == "higher" && F >= T) || (d["direction"] == "lower" && F <= T) {
			t.Errorf("%s: %s with target %v floor %v", d["code"], d["direction"], T, F)
		}
		if d["rule"] == "deadline" && d["direction"] != "lower" {
			t.Errorf("%s: deadline must be lower", d["code"])
		}
		for _, f := range []string{"system", "tier", "direction", "rule", "method"} {
			if d[f] == "" {
				t.Errorf("%s: empty %s", d["code"], f)
			}
		}
	}
	if n := len(versions); n < 55 || n > 65 {
		t.Errorf("%d indicators", n)
	}
	if len(systems) != 6 || tiers["decision"] < 20 || tiers["management"] < 15 || tiers["execution"] < 15 {
		t.Errorf("systems %v tiers %v", systems, tiers)
	}
	changed := 0
	for code, vs := range versions {
		if len(vs) == 1 {
			continue
		}
		changed++
		if len(vs) != 2 || vs[0]["valid_to"] != "2024Q4" || vs[1]["valid_from"] != "2025Q1" || vs[0]["weight"] == vs[1]["weight"] {
			t.Errorf("%s versions %v", code, vs)
		}
	}
	if changed != 1 {
		t.Errorf("%d indicators with several versions, want 1", changed)
	}
}

func TestDemoAdjustmentsUsers(t *testing.T) {
	s := demo1(t)
	vetoes, others := 0, 0
	for _, a := range s.adjustments {
		if s.unit[a["unit_code"]] == nil || !slices.Contains(demoQuarters, a["period"]) || a["reason"] == "" {
			t.Errorf("bad adjustment %v", a)
		}
		switch a["kind"] {
		case "veto":
			vetoes++
		case "bonus", "penalty":
			others++
			if p := num(t, a["points"]); p < 0.5 || p > 3 {
				t.Errorf("points %v", p)
			}
		default:
			t.Errorf("kind %q", a["kind"])
		}
		if c := a["indicator_code"]; c != "" && applicableVersion(s, c, s.unit[a["unit_code"]], a["period"]) == nil {
			t.Errorf("adjustment %v: indicator does not apply", a)
		}
	}
	if vetoes != 1 || others < 15 {
		t.Errorf("%d vetoes, %d bonuses/penalties", vetoes, others)
	}
	roles := map[string]bool{}
	// The logins come first; the people named in the demo's
	// responsibilities (demo_duty.go) follow.
	if len(s.logins)+len(demoPeople) != len(s.users) {
		t.Fatalf("%d logins and %d people, %d users", len(s.logins), len(demoPeople), len(s.users))
	}
	for i, l := range s.logins {
		u := s.users[i]
		if u["username"] != l.Username || u["role"] != l.Role || u["unit_code"] != l.UnitCode || u["password"] != "jixiao2025" || l.Password != "jixiao2025" {
			t.Errorf("login %v vs user %v", l, u)
		}
		if s.unit[l.UnitCode] == nil {
			t.Errorf("login %s: unit %s missing", l.Username, l.UnitCode)
		}
		roles[l.Role] = true
	}
	for _, r := range Roles {
		if !roles[r] {
			t.Errorf("no login with role %s", r)
		}
	}
	if s.unit["GX1301-B1"]["peer_group"] != "GX13-matrix" || s.unit["GX01-ZG"]["kind"] != "department" {
		t.Error("staff/dept demo units are wrong")
	}
}

// applies reports whether indicator version d applies to unit u in quarter q.
func applies(d, u map[string]string, q string) bool {
	if TierOfKind[u["kind"]] != d["tier"] {
		return false
	}
	if d["levels"] != "" && !slices.Contains(strings.Split(d["levels"], ","), u["level"]) {
		return false
	}
	return (d["valid_from"] == "" || q >= d["valid_from"]) && (d["valid_to"] == "" || q <= d["valid_to"])
}

// applicableVersion returns the version of code that applies to unit u in q.
func applicableVersion(s *demoSet, code string, u map[string]string, q string) map[string]string {
	for _, d := range s.indicators {
		if d["code"] == code && applies(d, u, q) {
			return d
		}
	}
	return nil
}

func TestDemoValues(t *testing.T) {
	s := demo1(t)
	seen := map[string]bool{}
	overrides, notes := 0, 0
	cache := map[string]map[string]string{}
	for _, v := range s.values {
		key := v["indicator_code"] + "|" + v["unit_code"] + "|" + v["period"]
		if seen[key] {
			t.Fatalf("duplicate value %s", key)
		}
		seen[key] = true
		u := s.unit[v["unit_code"]]
		if u == nil {
			t.Fatalf("value for unknown unit %v", v)
		}
		ck := v["indicator_code"] + "|" + u["kind"] + "|" + u["level"] + "|" + v["period"]
		d, ok := cache[ck]
		if !ok {
			d = applicableVersion(s, v["indicator_code"], u, v["period"])
			cache[ck] = d
		}
		if d == nil {
			t.Fatalf("value for inapplicable indicator %v", v)
		}
		a := num(t, v["actual"])
		if math.Abs(a*100-math.Round(a*100)) > 1e-6 {
			t.Errorf("actual %s has more than 2 decimals", v["actual"])
		}
		if v["target"] != "" {
			overrides++
		}
		if v["note"] != "" {
			notes++
		}
	}
	// every applicable (indicator, unit, quarter) but about 0.5 %
	expected := 0
	for _, u := range s.units {
		for _, q := range demoQuarters {
			for _, d := range s.indicators {
				if applies(d, u, q) {
					expected++
				}
			}
		}
	}
	missing := float64(expected-len(s.values)) / float64(expected)
	if missing < 0.001 || missing > 0.015 || overrides < 5 || notes < 5 {
		t.Errorf("missing %.4f, %d overrides, %d notes", missing, overrides, notes)
	}
	t.Logf("%d values (%d expected), %d target overrides, %d notes", len(s.values), expected, overrides, notes)
}

func TestDemoDeterministic(t *testing.T) {
	a, _, err := WriteDemo(t.TempDir(), 1)
	if err != nil {
		t.Fatal(err)
	}
	b, _, err := WriteDemo(t.TempDir(), 1)
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range Kinds {
		x, _ := os.ReadFile(a[k])
		y, _ := os.ReadFile(b[k])
		if len(x) == 0 || !bytes.Equal(x, y) {
			t.Errorf("%s differs between runs", k)
		}
	}
	if _, _, err := WriteDemo(t.TempDir(), 0); err == nil {
		t.Error("scale 0 accepted")
	}
}

func num(t *testing.T, s string) float64 {
	t.Helper()
	v, err := strconv.ParseFloat(strings.TrimSuffix(s, "%"), 64)
	if err != nil {
		t.Fatalf("not a number: %q", s)
	}
	return v
}

// The logins printed when the demo is already loaded are those WriteDemo
// returns, without writing a province.
func TestDemoLoginsWithoutProvince(t *testing.T) {
	_, want, err := WriteDemo(t.TempDir(), 1)
	if err != nil {
		t.Fatal(err)
	}
	got := DemoLogins()
	if len(got) == 0 || fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("DemoLogins() = %v, want %v", got, want)
	}
	got[0].Username = "changed"
	if DemoLogins()[0].Username == "changed" {
		t.Fatal("DemoLogins returns the shared slice")
	}
}

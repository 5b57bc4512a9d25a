package queries

import (
	"jixiao/queries/fixture"
	"math"
	"strconv"
	"strings"
	"testing"
)

// The analysis tests (SPEC §10) compare against this second, simple model of
// the small province read straight from its CSV files: the units, the
// indicator versions, the values and SPEC §3.1's ratio, written without the
// code under test.

type mUnit struct{ code, parent, kind, level, group string }

type mInd struct {
	code, name, system, tier, levels, direction, rule, lead string
	weight, target, floor                                   float64
	from, to                                                string // "" = unbounded
}

type mVal struct {
	actual float64
	target *float64
}

type model struct {
	units []mUnit
	unit  map[string]mUnit
	inds  []mInd
	vals  map[[3]string]mVal // indicator, unit, period
}

func readCSV(t testing.TB, name string) [][]string {
	t.Helper()
	recs := fixture.Records(t, name)
	return recs[1:]
}

func num(t testing.TB, s string) float64 {
	f, err := strconv.ParseFloat(strings.TrimSuffix(s, "%"), 64)
	if err != nil {
		t.Fatalf("number %q: %v", s, err)
	}
	return f
}

func loadModel(t testing.TB) *model {
	m := &model{unit: map[string]mUnit{}, vals: map[[3]string]mVal{}}
	for _, r := range readCSV(t, "units.csv") {
		u := mUnit{code: r[0], parent: r[2], kind: r[3], level: r[4]}
		switch {
		case r[2] == "":
		case r[5] != "":
			u.group = r[5]
		default:
			u.group = r[2] + ":" + r[3]
		}
		m.units = append(m.units, u)
		m.unit[u.code] = u
	}
	for _, r := range readCSV(t, "indicators.csv") {
		i := mInd{code: r[0], name: r[1], system: r[2], tier: r[3], levels: r[4], direction: r[6], rule: r[7],
			weight: num(t, r[8]), target: num(t, r[9]), lead: r[11], from: r[16], to: r[17]}
		if r[10] != "" {
			i.floor = num(t, r[10])
		}
		m.inds = append(m.inds, i)
	}
	for _, r := range readCSV(t, "values.csv") {
		v := mVal{actual: num(t, r[3])}
		if r[4] != "" {
			x := num(t, r[4])
			v.target = &x
		}
		m.vals[[3]string{r[0], r[1], r[2]}] = v
	}
	return m
}

// valid lists the versions valid in quarter p (periods compare as strings).
func (m *model) valid(p string) []mInd {
	var out []mInd
	for _, i := range m.inds {
		if (i.from == "" || i.from <= p) && (i.to == "" || p <= i.to) {
			out = append(out, i)
		}
	}
	return out
}

func (m *model) applies(i mInd, u mUnit) bool {
	tier := map[string]string{"bureau": "decision", "department": "management", "branch": "execution"}[u.kind]
	if tier != i.tier {
		return false
	}
	if i.levels == "" {
		return true
	}
	for _, l := range strings.Split(i.levels, ",") {
		if l == u.level {
			return true
		}
	}
	return false
}

// ratio is SPEC §3.1 for a value that is present.
func ratio(i mInd, actual, target float64) float64 {
	higher := i.rule != "deadline" && i.direction == "higher"
	meets := actual <= target
	if higher {
		meets = actual >= target
	}
	if i.rule == "threshold" || target == i.floor {
		if meets {
			return 1
		}
		return 0
	}
	var r float64
	if higher {
		r = (actual - i.floor) / (target - i.floor)
	} else {
		r = (i.floor - actual) / (i.floor - target)
	}
	return math.Max(0, math.Min(1, r))
}

func (m *model) under(code, root string) bool {
	for c := code; c != ""; c = m.unit[c].parent {
		if c == root {
			return true
		}
	}
	return false
}

// sees is SPEC §4 for the leadership roles at unit (subtree and peers,
// named); "" is everything.
func (m *model) sees(root, code string) bool {
	if root == "" {
		return true
	}
	g := m.unit[root].group
	return m.under(code, root) || (g != "" && m.unit[code].group == g)
}

// modelScope is a scope and the unit the model's sees takes for it.
type modelScope struct {
	root string // "" = everything
	sc   Scope
}

// modelScopes are the scopes the analysis tests compare: the whole
// province, and a city leader's (its subtree and its peer cities, named).
func modelScopes() []modelScope {
	city := Scope{Unit: "GX01", Subtree: true, PeersNamed: true, Statuses: []string{"open", "review", "final"}}
	return []modelScope{{"", Everything}, {"GX01", city}}
}

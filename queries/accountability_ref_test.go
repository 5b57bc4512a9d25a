package queries

import (
	"math"
	"strconv"
	"strings"
	"testing"

	"jixiao/queries/fixture"
)

// A second, plain implementation of SPEC §3.1 over the fixture's CSV
// files, for the expected points of accountability (never the SQL under
// test): per indicator version, its weight and completion ratio.

type refVersion struct {
	code, tier, levels, rule, dir string
	w, t, f                       float64
	from, to                      string
}

type refValue struct {
	actual float64
	target *float64
}

type refLedger struct {
	versions []refVersion
	values   map[string]refValue // indicator|unit|period
	kind     map[string][2]string
}

func readRefLedger(t *testing.T) *refLedger {
	t.Helper()
	num := func(s string) float64 {
		v, err := strconv.ParseFloat(strings.TrimSuffix(s, "%"), 64)
		if err != nil && s != "" {
			t.Fatalf("number %q", s)
		}
		return v
	}
	l := &refLedger{values: map[string]refValue{}, kind: map[string][2]string{}}
	for _, r := range fixture.Records(t, "indicators.csv")[1:] {
		l.versions = append(l.versions, refVersion{code: r[0], tier: r[3], levels: r[4], dir: r[6], rule: r[7],
			w: num(r[8]), t: num(r[9]), f: num(r[10]), from: r[16], to: r[17]})
	}
	for _, r := range fixture.Records(t, "values.csv")[1:] {
		v := refValue{actual: num(r[3])}
		if r[4] != "" {
			x := num(r[4])
			v.target = &x
		}
		l.values[r[0]+"|"+r[1]+"|"+r[2]] = v
	}
	for _, r := range fixture.Records(t, "units.csv")[1:] {
		l.kind[r[0]] = [2]string{r[3], r[4]}
	}
	return l
}

// version is the version of code applying to a bureau in quarter q, or nil.
func (l *refLedger) version(code, unit, q string) *refVersion {
	kl := l.kind[unit]
	for i, v := range l.versions {
		if v.code != code || v.tier != map[string]string{"bureau": "decision", "department": "management", "branch": "execution"}[kl[0]] {
			continue
		}
		if v.levels != "" && !strings.Contains(","+v.levels+",", ","+kl[1]+",") {
			continue
		}
		if (v.from == "" || v.from <= q) && (v.to == "" || q <= v.to) {
			return &l.versions[i]
		}
	}
	return nil
}

// points returns weight, earned and whether the value was missing.
func (l *refLedger) points(code, unit, q string) (w, earned float64, missing, applies bool) {
	v := l.version(code, unit, q)
	if v == nil {
		return 0, 0, false, false
	}
	val, ok := l.values[code+"|"+unit+"|"+q]
	if !ok {
		return v.w, 0, true, true
	}
	tgt := v.t
	if val.target != nil {
		tgt = *val.target
	}
	a, f := val.actual, v.f
	lower := v.dir == "lower" || v.rule == "deadline"
	meets := a >= tgt
	if lower {
		meets = a <= tgt
	}
	var r float64
	switch {
	case v.rule == "threshold" || tgt == f:
		if meets {
			r = 1
		}
	case !lower:
		r = (a - f) / (tgt - f)
	default:
		r = (f - a) / (f - tgt)
	}
	r = math.Max(0, math.Min(1, r))
	return v.w, v.w * r, false, true
}

// refRound is SPEC §3.2's rounding: to 6 decimals, then half-up to 2.
func refRound(x float64) float64 {
	micro := math.Round(x * 1e6)
	cents := math.Floor((micro + 5000) / 10000)
	return cents / 100
}

// refQuarters are the quarters of a period in the fixture's ledger.
func refQuarters(period string) []string {
	if strings.Contains(period, "Q") {
		return []string{period}
	}
	return []string{period + "Q1", period + "Q2", period + "Q3", period + "Q4"}
}

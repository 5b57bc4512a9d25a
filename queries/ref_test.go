package queries

// refScore is a second, deliberately simple implementation of SPEC §3 used
// only by the tests: exact rational arithmetic (math/big), plain loops, no
// SQL. The tests compare the store's results with it, and
// TestRefMatchesFixture checks it against the fixture's expected_scores.csv
// (computed by yet another implementation), so that a bug shared by the SQL
// and this file would still show.

import (
	"context"
	"encoding/csv"
	"fmt"
	"math"
	"math/big"
	"os"
	"sort"
	"strings"
	"testing"

	"jixiao/queries/fixture"
	"jixiao/queries/scoring"
)

type refUnit struct{ code, parent, kind, level, peerGroup string }

type refInd struct {
	code, system, tier, direction, rule string
	name, unit, leadDept                string // shown only
	levels                              []string
	weight, target, floor               *big.Rat // floor may be nil
	from, to                            int      // period ordinals, inclusive
	version                             int      // 1-based, by valid_from
}

type refVal struct {
	actual, target *big.Rat // target may be nil
	note           string
}

type refAdj struct {
	unit, period, kind string
	points             *big.Rat
}

// refInput is a province as the import files describe it.
type refInput struct {
	units   []refUnit
	inds    []refInd
	vals    map[[3]string]refVal // indicator, unit, period
	adjs    []refAdj
	grading scoring.Grading
}

// refRow is one scored unit and period.
type refRow struct {
	period, unit string
	isYear       bool
	group        string // "" for the root
	full         *big.Rat
	score        *big.Rat // rounded to 2 decimals
	base         *big.Rat // quarters: full precision
	rank, size   int      // 0 when not ranked
	grade        string
	vetoed       bool
	rankChange   *int
	missing      int
	sysFull      map[string]*big.Rat
	sys          map[string]*big.Rat // rounded
}

// refEarned is one applicable indicator of a unit in a quarter.
type refEarned struct {
	weight, earned *big.Rat
	missing        bool
	version        int
}

type refOutput struct {
	rows   map[string]*refRow              // period|unit
	earned map[[3]string]refEarned         // unit, period, indicator
	order  []string                        // keys of rows, sorted
	groups map[string]map[string][]*refRow // period -> group -> rows
}

func rat(s string) *big.Rat {
	s = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(s), "%"))
	if s == "" {
		return nil
	}
	r, ok := new(big.Rat).SetString(s)
	if !ok {
		panic("not a number: " + s)
	}
	return r
}

func ri(n int64) *big.Rat { return big.NewRat(n, 1) }

// roundHalfUp rounds x (≥ 0 in every use) to places decimals, halves up.
func roundHalfUp(x *big.Rat, places int) *big.Rat {
	scale := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(places)), nil)
	y := new(big.Rat).Mul(x, new(big.Rat).SetInt(scale))
	neg := y.Sign() < 0
	if neg {
		y.Neg(y)
	}
	y.Add(y, big.NewRat(1, 2))
	q := new(big.Int).Quo(y.Num(), y.Denom()) // floor for y ≥ 0
	if neg {
		q.Neg(q)
	}
	return new(big.Rat).SetFrac(q, scale)
}

// specRound is SPEC §3.2: round to 6 decimals, then half-up to 2.
func specRound(x *big.Rat) *big.Rat { return roundHalfUp(roundHalfUp(x, 6), 2) }

func fmt2(x *big.Rat) string { return x.FloatString(2) }

func quarterOrd(p string) int {
	var y, q int
	if _, err := fmt.Sscanf(p, "%4dQ%d", &y, &q); err != nil {
		panic("bad quarter " + p)
	}
	return y*4 + q - 1
}

func readCSVString(body string) []map[string]string {
	recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(body, "\uFEFF"))).ReadAll()
	if err != nil {
		panic(err)
	}
	var out []map[string]string
	for _, rec := range recs[1:] {
		m := map[string]string{}
		for i, h := range recs[0] {
			if i < len(rec) {
				m[h] = strings.TrimSpace(rec[i])
			}
		}
		out = append(out, m)
	}
	return out
}

// parseRef reads the four import files (English headers, CSV) as strings.
func parseRef(units, indicators, values, adjustments string) *refInput {
	in := &refInput{vals: map[[3]string]refVal{}, grading: scoring.DefaultGrading}
	for _, m := range readCSVString(units) {
		in.units = append(in.units, refUnit{m["code"], m["parent_code"], m["kind"], m["level"], m["peer_group"]})
	}
	for _, m := range readCSVString(indicators) {
		ind := refInd{code: m["code"], system: m["system"], tier: m["tier"], direction: m["direction"], rule: m["rule"],
			name: m["name"], unit: m["unit"], leadDept: m["lead_dept"],
			weight: rat(m["weight"]), target: rat(m["target"]), floor: rat(m["floor"]), from: -1, to: 1 << 30}
		if m["levels"] != "" {
			for _, l := range strings.Split(m["levels"], ",") {
				ind.levels = append(ind.levels, strings.TrimSpace(l))
			}
		}
		if m["valid_from"] != "" {
			ind.from = quarterOrd(m["valid_from"])
		}
		if m["valid_to"] != "" {
			ind.to = quarterOrd(m["valid_to"])
		}
		in.inds = append(in.inds, ind)
	}
	// versions are numbered per code by valid_from
	sort.SliceStable(in.inds, func(i, j int) bool {
		if in.inds[i].code != in.inds[j].code {
			return in.inds[i].code < in.inds[j].code
		}
		return in.inds[i].from < in.inds[j].from
	})
	for i := range in.inds {
		in.inds[i].version = 1
		if i > 0 && in.inds[i-1].code == in.inds[i].code {
			in.inds[i].version = in.inds[i-1].version + 1
		}
	}
	if values != "" {
		for _, m := range readCSVString(values) {
			in.vals[[3]string{m["indicator_code"], m["unit_code"], m["period"]}] = refVal{rat(m["actual"]), rat(m["target"]), m["note"]}
		}
	}
	if adjustments != "" {
		for _, m := range readCSVString(adjustments) {
			in.adjs = append(in.adjs, refAdj{m["unit_code"], m["period"], m["kind"], rat(m["points"])})
		}
	}
	return in
}

var tierOf = map[string]string{"bureau": "decision", "department": "management", "branch": "execution"}

func (ind refInd) appliesTo(u refUnit, ord int) bool {
	if ind.tier != tierOf[u.kind] || ord < ind.from || ord > ind.to {
		return false
	}
	if len(ind.levels) == 0 {
		return true
	}
	for _, l := range ind.levels {
		if l == u.level {
			return true
		}
	}
	return false
}

// ratio is SPEC §3.1's r.
func (ind refInd) ratio(a, t *big.Rat) *big.Rat {
	f := ind.floor
	higher := ind.rule != "deadline" && ind.direction == "higher"
	meets := func() *big.Rat {
		if (higher && a.Cmp(t) >= 0) || (!higher && a.Cmp(t) <= 0) {
			return ri(1)
		}
		return ri(0)
	}
	if ind.rule == "threshold" || f == nil || f.Cmp(t) == 0 {
		return meets()
	}
	var r *big.Rat
	if higher {
		r = new(big.Rat).Quo(new(big.Rat).Sub(a, f), new(big.Rat).Sub(t, f))
	} else {
		r = new(big.Rat).Quo(new(big.Rat).Sub(f, a), new(big.Rat).Sub(f, t))
	}
	if r.Sign() < 0 {
		return ri(0)
	}
	if r.Cmp(ri(1)) > 0 {
		return ri(1)
	}
	return r
}

// refScore computes every quarterly and annual row of SPEC §3.
func refScore(in *refInput) *refOutput {
	out := &refOutput{rows: map[string]*refRow{}, earned: map[[3]string]refEarned{}, groups: map[string]map[string][]*refRow{}}
	// Periods exist where the ledger or the adjustments name them.
	pset := map[string]bool{}
	for k := range in.vals {
		pset[k[2]] = true
	}
	for _, a := range in.adjs {
		pset[a.period] = true
	}
	var quarters []string
	for p := range pset {
		quarters = append(quarters, p)
	}
	sort.Strings(quarters)
	unitByCode := map[string]refUnit{}
	for _, u := range in.units {
		unitByCode[u.code] = u
	}
	groupOf := func(u refUnit) string {
		if u.parent == "" {
			return ""
		}
		if u.peerGroup != "" {
			return u.peerGroup
		}
		return u.parent + ":" + u.kind
	}
	for _, p := range quarters {
		ord := quarterOrd(p)
		for _, u := range in.units {
			sumW, sumE := ri(0), ri(0)
			sw, se := map[string]*big.Rat{}, map[string]*big.Rat{}
			missing, n := 0, 0
			for _, ind := range in.inds {
				if !ind.appliesTo(u, ord) {
					continue
				}
				n++
				e := ri(0)
				v, ok := in.vals[[3]string{ind.code, u.code, p}]
				if ok {
					t := ind.target
					if v.target != nil {
						t = v.target
					}
					e = new(big.Rat).Mul(ind.weight, ind.ratio(v.actual, t))
				} else {
					missing++
				}
				out.earned[[3]string{u.code, p, ind.code}] = refEarned{weight: ind.weight, earned: e, missing: !ok, version: ind.version}
				sumW.Add(sumW, ind.weight)
				sumE.Add(sumE, e)
				if sw[ind.system] == nil {
					sw[ind.system], se[ind.system] = ri(0), ri(0)
				}
				sw[ind.system].Add(sw[ind.system], ind.weight)
				se[ind.system].Add(se[ind.system], e)
			}
			if n == 0 {
				continue // no applicable indicator: no score
			}
			row := &refRow{period: p, unit: u.code, group: groupOf(u), missing: missing,
				sysFull: map[string]*big.Rat{}, sys: map[string]*big.Rat{}}
			row.base = new(big.Rat).Quo(new(big.Rat).Mul(ri(100), sumE), sumW)
			full := new(big.Rat).Set(row.base)
			for _, a := range in.adjs {
				if a.unit != u.code || a.period != p {
					continue
				}
				switch a.kind {
				case "bonus":
					full.Add(full, a.points)
				case "penalty":
					full.Sub(full, a.points)
				case "veto":
					row.vetoed = true
				}
			}
			if full.Sign() < 0 {
				full = ri(0)
			}
			row.full, row.score = full, specRound(full)
			for s, w := range sw {
				row.sysFull[s] = new(big.Rat).Quo(new(big.Rat).Mul(ri(100), se[s]), w)
				row.sys[s] = specRound(row.sysFull[s])
			}
			out.rows[p+"|"+u.code] = row
		}
	}
	// Years: the mean of the rounded quarterly scores.
	years := map[string]bool{}
	for _, p := range quarters {
		years[p[:4]] = true
	}
	for y := range years {
		for _, u := range in.units {
			var qs []*refRow
			for _, p := range quarters {
				if r := out.rows[p+"|"+u.code]; r != nil && p[:4] == y {
					qs = append(qs, r)
				}
			}
			if len(qs) == 0 {
				continue
			}
			row := &refRow{period: y, unit: u.code, isYear: true, group: groupOf(u), sysFull: map[string]*big.Rat{}, sys: map[string]*big.Rat{}}
			sum := ri(0)
			sysSum, sysN := map[string]*big.Rat{}, map[string]int64{}
			for _, q := range qs {
				sum.Add(sum, q.score)
				row.vetoed = row.vetoed || q.vetoed
				row.missing += q.missing
				for s, v := range q.sysFull {
					if sysSum[s] == nil {
						sysSum[s] = ri(0)
					}
					sysSum[s].Add(sysSum[s], v)
					sysN[s]++
				}
			}
			row.full = new(big.Rat).Quo(sum, ri(int64(len(qs))))
			row.score = specRound(row.full)
			for s, v := range sysSum {
				row.sysFull[s] = new(big.Rat).Quo(v, ri(sysN[s]))
				row.sys[s] = specRound(row.sysFull[s])
			}
			out.rows[y+"|"+u.code] = row
		}
	}
	// Rank and grade per period and group.
	for _, r := range out.rows {
		if r.group == "" {
			continue
		}
		if out.groups[r.period] == nil {
			out.groups[r.period] = map[string][]*refRow{}
		}
		out.groups[r.period][r.group] = append(out.groups[r.period][r.group], r)
	}
	ratio := rat(fmt.Sprint(in.grading.Ratio))
	exc, good, pass := rat(fmt.Sprint(in.grading.Excellent)), rat(fmt.Sprint(in.grading.Good)), rat(fmt.Sprint(in.grading.Pass))
	for _, gs := range out.groups {
		for _, rows := range gs {
			n := len(rows)
			q := new(big.Rat).Mul(ri(int64(n)), ratio)
			var quota int64
			switch in.grading.QuotaRounding {
			case "ceiling":
				quota = new(big.Int).Quo(new(big.Int).Add(q.Num(), new(big.Int).Sub(q.Denom(), big.NewInt(1))), q.Denom()).Int64()
			case "floor":
				quota = new(big.Int).Quo(q.Num(), q.Denom()).Int64()
			default:
				quota = roundHalfUp(q, 0).Num().Int64()
			}
			for _, r := range rows {
				r.size, r.rank = n, 1
				higherEligible := int64(0)
				for _, o := range rows {
					if o.score.Cmp(r.score) > 0 {
						r.rank++
						if !o.vetoed && o.score.Cmp(exc) >= 0 {
							higherEligible++
						}
					}
				}
				switch {
				case !r.vetoed && r.score.Cmp(exc) >= 0 && higherEligible < quota:
					r.grade = "excellent"
				case r.score.Cmp(good) >= 0:
					r.grade = "good"
				case r.score.Cmp(pass) >= 0:
					r.grade = "pass"
				default:
					r.grade = "fail"
				}
			}
		}
	}
	// Rank change against the previous period of the same kind.
	for _, r := range out.rows {
		if r.rank == 0 {
			continue
		}
		var prev string
		if r.isYear {
			var y int
			fmt.Sscan(r.period, &y)
			prev = fmt.Sprint(y - 1)
		} else {
			o := quarterOrd(r.period) - 1
			prev = fmt.Sprintf("%dQ%d", o/4, o%4+1)
		}
		if p := out.rows[prev+"|"+r.unit]; p != nil && p.rank > 0 {
			c := p.rank - r.rank
			r.rankChange = &c
		}
	}
	for k := range out.rows {
		out.order = append(out.order, k)
	}
	sort.Strings(out.order)
	return out
}

// refCells renders a reference row like fixture_test's scoreRowCells.
func (r *refRow) cells() []string {
	cells := []string{r.period, r.unit, r.group, fmt2(r.score), "", "", r.grade, fmt.Sprint(r.vetoed)}
	if r.rank > 0 {
		cells[4], cells[5] = fmt.Sprint(r.rank), fmt.Sprint(r.size)
	}
	for _, s := range SystemCols {
		if v := r.sys[s]; v != nil {
			cells = append(cells, fmt2(v))
		} else {
			cells = append(cells, "")
		}
	}
	return cells
}

var cellNames = []string{"period", "unit_code", "group", "score", "rank", "size", "grade", "vetoed", "law", "taxsys", "service", "admin", "info", "org"}

// assertMatchesRef compares every score row, rank change, missing count and
// per-indicator earned points of the store with the reference.
func assertMatchesRef(t *testing.T, s *Store, ref *refOutput) {
	t.Helper()
	ctx := context.Background()
	got, err := s.Scores(ctx, Everything, "")
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	bad := 0
	for _, g := range got {
		key := g.Period + "|" + g.UnitCode
		if seen[key] {
			t.Errorf("%s: scored twice", key)
			bad++
			continue
		}
		seen[key] = true
		want := ref.rows[key]
		if want == nil {
			t.Errorf("%s: scored, but the reference has no score", key)
			bad++
			continue
		}
		gc, wc := scoreRowCells(g), want.cells()
		for i := range wc {
			if gc[i] != wc[i] && bad < 40 {
				t.Errorf("%s %s: got %q want %q", key, cellNames[i], gc[i], wc[i])
				bad++
			}
		}
	}
	for _, k := range ref.order {
		if !seen[k] {
			t.Errorf("%s: not scored (reference score %s)", k, fmt2(ref.rows[k].score))
		}
	}
	// rank_change and missing are not in the export; read them from the table.
	rows, err := s.DB().QueryContext(ctx, "SELECT period, unit_code, rank_change, missing FROM scores")
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var p, u string
		var rc, miss *int
		if err := rows.Scan(&p, &u, &rc, &miss); err != nil {
			t.Fatal(err)
		}
		want := ref.rows[p+"|"+u]
		if want == nil {
			continue
		}
		if !sameIntPtr(rc, want.rankChange) {
			t.Errorf("%s|%s rank_change: got %s want %s", p, u, intPtrStr(rc), intPtrStr(want.rankChange))
		}
		if miss == nil || *miss != want.missing {
			t.Errorf("%s|%s missing: got %s want %d", p, u, intPtrStr(miss), want.missing)
		}
	}
	rows.Close()
	// Per-indicator earned points of every applicable indicator.
	rows, err = s.DB().QueryContext(ctx, "SELECT unit_code, period, indicator_code, version, weight, earned, missing FROM results")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for rows.Next() {
		var k [3]string
		var version int
		var w, e float64
		var miss bool
		if err := rows.Scan(&k[0], &k[1], &k[2], &version, &w, &e, &miss); err != nil {
			t.Fatal(err)
		}
		n++
		want, ok := ref.earned[k]
		if !ok {
			t.Errorf("results %v: applicable in the store, not in the reference", k)
			continue
		}
		we, _ := want.earned.Float64()
		ww, _ := want.weight.Float64()
		if math.Abs(e-we) > 1e-9 || w != ww || miss != want.missing || version != want.version {
			t.Errorf("results %v: got weight %v earned %v missing %v version %d; want %v %v %v %d", k, w, e, miss, version, ww, we, want.missing, want.version)
		}
	}
	rows.Close()
	if n != len(ref.earned) {
		t.Errorf("results has %d rows, the reference %d", n, len(ref.earned))
	}
}

func sameIntPtr(a, b *int) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return *a == *b
}

func intPtrStr(p *int) string {
	if p == nil {
		return "null"
	}
	return fmt.Sprint(*p)
}

// TestRefMatchesFixture checks the reference itself against the fixture's
// expected_scores.csv, produced by an independent implementation.
func TestRefMatchesFixture(t *testing.T) {
	_, ref := refFixture(t)
	recs := fixture.Records(t, "expected_scores.csv")
	if len(recs)-1 != len(ref.rows) {
		t.Errorf("reference has %d rows, expected_scores.csv %d", len(ref.rows), len(recs)-1)
	}
	bad := 0
	for _, want := range recs[1:] {
		r := ref.rows[want[0]+"|"+want[1]]
		if r == nil {
			t.Errorf("%s|%s: missing from the reference", want[0], want[1])
			continue
		}
		got := r.cells()
		for i := range want {
			if got[i] != want[i] && bad < 20 {
				t.Errorf("%s|%s %s: reference %q, expected_scores.csv %q", want[0], want[1], recs[0][i], got[i], want[i])
				bad++
			}
		}
	}
}

// TestFixtureMatchesRef compares what expected_scores.csv does not hold —
// rank changes, missing counts and per-indicator earned points — for the
// whole small province.
func TestFixtureMatchesRef(t *testing.T) {
	_, ref := refFixture(t)
	assertMatchesRef(t, loadFixture(t), ref)
}

// refFixture is the reference's input and output for the fixture's four
// import files.
func refFixture(t testing.TB) (*refInput, *refOutput) {
	t.Helper()
	body := map[string]string{}
	for _, k := range []string{"units", "indicators", "values", "adjustments"} {
		b, err := os.ReadFile(fixtureDir(t) + "/" + k + ".csv")
		if err != nil {
			t.Fatal(err)
		}
		body[k] = string(b)
	}
	in := parseRef(body["units"], body["indicators"], body["values"], body["adjustments"])
	return in, refScore(in)
}

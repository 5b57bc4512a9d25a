package queries

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"strings"
	"testing"

	"jixiao/data"
	"jixiao/queries/fixture"
)

// The tests of this file load small hand-made provinces, compare everything
// the store computes with refScore (ref_test.go), and check the numbers that
// matter for each rule of SPEC §3 against values worked out by hand in the
// comments.

const (
	unitsHeader = fixture.UnitsHeader
	indHeader   = fixture.IndHeader
	valsHeader  = fixture.ValsHeader
	adjsHeader  = fixture.AdjsHeader
)

var csvOf = fixture.CSVOf

// countyBranches is the units file of a province P with one county K1 and
// its n branches B1…Bn (named 分局1…), ranked together as K1:branch.
func countyBranches(n int) string {
	lines := []string{"P,省局,,bureau,province,", "K1,县局,P,bureau,county,"}
	for i := 1; i <= n; i++ {
		lines = append(lines, fmt.Sprintf("B%d,分局%d,K1,branch,county,", i, i))
	}
	return csvOf(unitsHeader, lines...)
}

// ruleCase is one small province: the four files and what was loaded.
type ruleCase struct {
	units, indicators, values, adjustments string
}

// load imports the case into a fresh in-memory store.
func (c ruleCase) load(t *testing.T) *Store {
	t.Helper()
	s := mustOpen(t)
	c.importInto(t, s)
	return s
}

func (c ruleCase) importInto(t *testing.T, s *Store) {
	t.Helper()
	fixture.EachFile(t, c.units, c.indicators, c.values, c.adjustments, func(k data.Kind, p string) { mustImport(t, s, k, p) })
}

func (c ruleCase) ref() *refOutput {
	return refScore(parseRef(c.units, c.indicators, c.values, c.adjustments))
}

// scoreOf returns the exported row of unit in period, failing when absent.
func scoreOf(t *testing.T, s *Store, period, unit string) ScoreRow {
	t.Helper()
	rows, err := s.Scores(context.Background(), Everything, period)
	if err != nil {
		t.Fatal(err)
	}
	var found []ScoreRow
	for _, r := range rows {
		if r.UnitCode == unit {
			found = append(found, r)
		}
	}
	if len(found) != 1 {
		t.Fatalf("%s %s: %d score rows, want 1", period, unit, len(found))
	}
	return found[0]
}

func hasScore(t *testing.T, s *Store, period, unit string) bool {
	t.Helper()
	rows, err := s.Scores(context.Background(), Everything, period)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		if r.UnitCode == unit {
			return true
		}
	}
	return false
}

// want is the hand-computed outcome of one unit in one period.
type want struct {
	unit, period string
	score        string // "87.13"
	rank         int    // 0 = not ranked
	grade        string // "" = not checked
	vetoed       bool
}

func checkWants(t *testing.T, s *Store, ws []want) {
	t.Helper()
	for _, w := range ws {
		r := scoreOf(t, s, w.period, w.unit)
		if got := fmt.Sprintf("%.2f", r.Score); got != w.score {
			t.Errorf("%s %s score: got %s want %s", w.period, w.unit, got, w.score)
		}
		gotRank := 0
		if r.Rank != nil {
			gotRank = *r.Rank
		}
		if gotRank != w.rank {
			t.Errorf("%s %s rank: got %d want %d", w.period, w.unit, gotRank, w.rank)
		}
		if w.grade != "" && (r.Grade == nil || *r.Grade != w.grade) {
			t.Errorf("%s %s grade: got %v want %s", w.period, w.unit, strPtr(r.Grade), w.grade)
		}
		if r.Vetoed != w.vetoed {
			t.Errorf("%s %s vetoed: got %v want %v", w.period, w.unit, r.Vetoed, w.vetoed)
		}
	}
}

func strPtr(p *string) string {
	if p == nil {
		return "<nil>"
	}
	return *p
}

// earned reads one indicator's earned points from results; ok is false
// when the indicator does not apply to the unit in the period.
func earned(t *testing.T, s *Store, unit, period, ind string) (e float64, missing, ok bool) {
	t.Helper()
	err := s.DB().QueryRow(`SELECT earned, missing FROM results WHERE unit_code = ? AND period = ? AND indicator_code = ?`,
		unit, period, ind).Scan(&e, &missing)
	if err == sql.ErrNoRows {
		return 0, false, false
	}
	if err != nil {
		t.Fatal(err)
	}
	return e, missing, true
}

// rankWant is a unit's expected rank change in a period (nil: none).
type rankWant struct {
	period, unit string
	want         *int
}

// checkRankChanges compares each unit's stored rank_change with its want.
func checkRankChanges(t *testing.T, s *Store, ws []rankWant) {
	t.Helper()
	for _, w := range ws {
		var rc sql.NullInt64
		if err := s.DB().QueryRow("SELECT rank_change FROM scores WHERE period = ? AND unit_code = ?", w.period, w.unit).Scan(&rc); err != nil {
			t.Fatalf("%s %s: %v", w.period, w.unit, err)
		}
		var got *int
		if rc.Valid {
			got = ip(int(rc.Int64))
		}
		if !sameIntPtr(got, w.want) {
			t.Errorf("%s %s rank_change: got %s want %s", w.period, w.unit, intPtrStr(got), intPtrStr(w.want))
		}
	}
}

// missingOf is how many indicators a unit's score in period misses.
func missingOf(t *testing.T, s *Store, period, unit string) int {
	t.Helper()
	var missing int
	if err := s.DB().QueryRow("SELECT missing FROM scores WHERE period = ? AND unit_code = ?", period, unit).Scan(&missing); err != nil {
		t.Fatal(err)
	}
	return missing
}

func ip(n int) *int { return &n }

// oneIndicator is an execution indicator where the score equals the actual:
// W = 100, T = 100, F = 0, so r = A / 100 and base = A.
var oneIndicator = csvOf(indHeader, "S,得分,admin,execution,,分,higher,linear,100,100,0,ZG,,desk,manual,false,,")

// TestRulesEarnedPoints checks each completion rule of SPEC §3.1.
func TestRulesEarnedPoints(t *testing.T) {
	c := ruleCase{
		units: countyBranches(3),
		indicators: csvOf(indHeader,
			"LH,线性高优,admin,execution,,%,higher,linear,10,100,80,ZG,,desk,manual,false,,",
			"LL,线性低优,service,execution,,分钟,lower,linear,10,10,40,NF,,desk,manual,false,,",
			"DL,时限,admin,execution,,天,lower,deadline,10,0,15,ZG,,desk,manual,false,,",
			"DH,时限（方向误填）,admin,execution,,天,higher,deadline,10,0,10,ZG,,desk,manual,false,,",
			"TH,达标高优,service,execution,,%,higher,threshold,10,95,,NF,,field,survey,false,,",
			"TL,达标低优,law,execution,,%,lower,threshold,10,5,,FZ,,desk,manual,false,,",
			"EH,目标等于底线高优,info,execution,,%,higher,linear,10,50,50,XX,,desk,manual,false,,",
			"EL,目标等于底线低优,org,execution,,%,lower,linear,10,50,50,RJ,,desk,manual,false,,"),
		values: csvOf(valsHeader,
			// B1: every rule in its interior.
			"LH,B1,2025Q1,90,,", "LL,B1,2025Q1,25,,", "DL,B1,2025Q1,3,,", "DH,B1,2025Q1,4,,",
			"TH,B1,2025Q1,95,,", "TL,B1,2025Q1,5,,", "EH,B1,2025Q1,50,,", "EL,B1,2025Q1,50,,",
			// B2: above 1 for LH, below 0 or not met for everything else.
			"LH,B2,2025Q1,120,,", "LL,B2,2025Q1,50,,", "DL,B2,2025Q1,20,,", "DH,B2,2025Q1,12,,",
			"TH,B2,2025Q1,94.99,,", "TL,B2,2025Q1,5.01,,", "EH,B2,2025Q1,49.9,,", "EL,B2,2025Q1,50.1,,",
			// B3: LH missing, the rest at or beyond target.
			"LL,B3,2025Q1,5,,", "DL,B3,2025Q1,0,,", "DH,B3,2025Q1,0,,",
			"TH,B3,2025Q1,99,,", "TL,B3,2025Q1,0,,", "EH,B3,2025Q1,60,,", "EL,B3,2025Q1,40,,",
			// 2025Q2: per-value target overrides.
			"LH,B1,2025Q2,90,95,", "LH,B2,2025Q2,80,80,", "LH,B3,2025Q2,79.99,80,", "DL,B3,2025Q2,15,15,"),
	}
	s := c.load(t)
	assertMatchesRef(t, s, c.ref())

	// Hand-computed earned points (W = 10 each).
	for _, e := range []struct {
		unit, period, ind string
		want              float64
		missing           bool
	}{
		{"B1", "2025Q1", "LH", 5, false},            // (90-80)/(100-80) = 0.5
		{"B1", "2025Q1", "LL", 5, false},            // (40-25)/(40-10) = 0.5
		{"B1", "2025Q1", "DL", 8, false},            // (15-3)/(15-0) = 0.8
		{"B1", "2025Q1", "DH", 6, false},            // deadline ignores direction: (10-4)/(10-0) = 0.6
		{"B1", "2025Q1", "TH", 10, false},           // 95 ≥ 95
		{"B1", "2025Q1", "TL", 10, false},           // 5 ≤ 5
		{"B1", "2025Q1", "EH", 10, false},           // T = F = 50, 50 ≥ 50
		{"B1", "2025Q1", "EL", 10, false},           // T = F = 50, 50 ≤ 50
		{"B2", "2025Q1", "LH", 10, false},           // (120-80)/20 = 2, clamped to 1
		{"B2", "2025Q1", "LL", 0, false},            // (40-50)/30 < 0, clamped to 0
		{"B2", "2025Q1", "DL", 0, false},            // (15-20)/15 < 0
		{"B2", "2025Q1", "DH", 0, false},            // (10-12)/10 < 0
		{"B2", "2025Q1", "TH", 0, false},            // 94.99 < 95
		{"B2", "2025Q1", "TL", 0, false},            // 5.01 > 5
		{"B2", "2025Q1", "EH", 0, false},            // 49.9 < 50
		{"B2", "2025Q1", "EL", 0, false},            // 50.1 > 50
		{"B3", "2025Q1", "LH", 0, true},             // no value
		{"B3", "2025Q1", "LL", 10, false},           // (40-5)/30 > 1, clamped
		{"B3", "2025Q1", "DL", 10, false},           // (15-0)/15 = 1
		{"B3", "2025Q1", "EH", 10, false},           // 60 ≥ 50
		{"B3", "2025Q1", "EL", 10, false},           // 40 ≤ 50
		{"B1", "2025Q2", "LH", 10.0 * 2 / 3, false}, // target 95: (90-80)/(95-80) = 2/3
		{"B2", "2025Q2", "LH", 10, false},           // target 80 = floor: 80 ≥ 80
		{"B3", "2025Q2", "LH", 0, false},            // target 80 = floor: 79.99 < 80
		{"B3", "2025Q2", "DL", 10, false},           // target 15 = floor 15: 15 ≤ 15
		{"B1", "2025Q2", "TH", 0, true},
	} {
		got, missing, ok := earned(t, s, e.unit, e.period, e.ind)
		if !ok {
			t.Errorf("%s %s %s: not applicable", e.unit, e.period, e.ind)
			continue
		}
		if math.Abs(got-e.want) > 1e-9 || missing != e.missing {
			t.Errorf("%s %s %s: earned %v missing %v, want %v %v", e.unit, e.period, e.ind, got, missing, e.want, e.missing)
		}
	}
	checkWants(t, s, []want{
		{unit: "B1", period: "2025Q1", score: "80.00", rank: 2}, // 64 of 80
		{unit: "B2", period: "2025Q1", score: "12.50", rank: 3}, // 10 of 80
		{unit: "B3", period: "2025Q1", score: "87.50", rank: 1}, // 70 of 80, LH missing
		{unit: "B1", period: "2025Q2", score: "8.33", rank: 3},  // 6.667 of 80
		{unit: "B2", period: "2025Q2", score: "12.50", rank: 1}, // 10 of 80
		{unit: "B3", period: "2025Q2", score: "12.50", rank: 1}, // 10 of 80
	})
	if missing := missingOf(t, s, "2025Q1", "B3"); missing != 1 {
		t.Errorf("B3 2025Q1 missing: got %d want 1", missing)
	}
	// The bureaus have no execution indicator: no score at all.
	for _, u := range []string{"P", "K1"} {
		if hasScore(t, s, "2025Q1", u) {
			t.Errorf("%s has a score without an applicable indicator", u)
		}
	}
}

// TestRulesVersionsAndApplicability checks the indicator version valid in
// each quarter, tier and levels restrictions and normalisation to the
// weights that apply.
func TestRulesVersionsAndApplicability(t *testing.T) {
	c := ruleCase{
		units: csvOf(unitsHeader,
			"P,省局,,bureau,province,",
			"C1,市局1,P,bureau,city,",
			"C2,市局2,P,bureau,city,",
			"K1,县局1,C1,bureau,county,",
			"K2,县局2,C1,bureau,county,",
			"D1,省局办公室,P,department,province,"),
		indicators: csvOf(indHeader,
			"V,版本指标,taxsys,decision,,%,higher,linear,10,100,0,SZ,,desk,manual,false,,2024Q4",
			"V,版本指标,taxsys,decision,,%,higher,linear,30,50,0,SZ,,desk,manual,false,2025Q1,",
			"X,通用指标,service,decision,,%,higher,linear,10,100,0,NF,,desk,manual,false,,",
			`Y,市局指标,admin,decision,city,%,higher,linear,20,100,0,ZG,,desk,manual,false,,`,
			`Z,市县指标,law,decision,"city,county",%,higher,linear,10,100,0,FZ,,desk,manual,false,,2024Q4`,
			"E,分局指标,admin,execution,,%,higher,linear,50,100,0,ZG,,desk,manual,false,,"),
		values: csvOf(valsHeader,
			"V,P,2024Q4,100,,", "X,P,2024Q4,100,,",
			"V,C1,2024Q4,50,,", "X,C1,2024Q4,50,,", "Y,C1,2024Q4,100,,", "Z,C1,2024Q4,100,,",
			"V,K1,2024Q4,50,,", "X,K1,2024Q4,50,,", "Z,K1,2024Q4,0,,",
			"V,P,2025Q1,50,,", "X,P,2025Q1,0,,",
			"V,C1,2025Q1,50,,", "X,C1,2025Q1,50,,", "Y,C1,2025Q1,50,,",
			"V,K1,2025Q1,25,,", "X,K1,2025Q1,100,,"),
	}
	s := c.load(t)
	assertMatchesRef(t, s, c.ref())

	var w float64
	var v int
	for _, x := range []struct {
		period  string
		version int
		weight  float64
		earned  float64
	}{
		{"2024Q4", 1, 10, 5},  // version 1: 50 of target 100 → 0.5 × 10
		{"2025Q1", 2, 30, 30}, // version 2: 50 of target 50 → 1 × 30
	} {
		if err := s.DB().QueryRow("SELECT version, weight FROM results WHERE unit_code = 'C1' AND indicator_code = 'V' AND period = ?", x.period).Scan(&v, &w); err != nil {
			t.Fatal(err)
		}
		e, _, _ := earned(t, s, "C1", x.period, "V")
		if v != x.version || w != x.weight || e != x.earned {
			t.Errorf("C1 V %s: version %d weight %v earned %v; want %d %v %v", x.period, v, w, e, x.version, x.weight, x.earned)
		}
	}
	for _, na := range []struct{ unit, period, ind string }{
		{"K1", "2024Q4", "Y"}, // city only
		{"P", "2024Q4", "Y"},  // city only
		{"P", "2024Q4", "Z"},  // city and county
		{"K1", "2025Q1", "Z"}, // retired after 2024Q4
		{"C1", "2025Q1", "Z"},
		{"C1", "2025Q1", "E"}, // execution tier: branches only
	} {
		if _, _, ok := earned(t, s, na.unit, na.period, na.ind); ok {
			t.Errorf("%s applies to %s in %s", na.ind, na.unit, na.period)
		}
	}
	checkWants(t, s, []want{
		{unit: "P", period: "2024Q4", score: "100.00"},                        // (10 + 10) / (10 + 10); root: not ranked
		{unit: "C1", period: "2024Q4", score: "80.00", rank: 1},               // (5 + 5 + 20 + 10) / 50
		{unit: "C2", period: "2024Q4", score: "0.00", rank: 2},                // all four missing
		{unit: "K1", period: "2024Q4", score: "33.33", rank: 1},               // (5 + 5 + 0) / 30: Y left out
		{unit: "K2", period: "2024Q4", score: "0.00", rank: 2},                // V, X, Z missing
		{unit: "P", period: "2025Q1", score: "75.00"},                         // (30 + 0) / 40
		{unit: "C1", period: "2025Q1", score: "75.00", rank: 1},               // (30 + 5 + 10) / 60
		{unit: "C2", period: "2025Q1", score: "0.00", rank: 2, grade: "fail"}, // V, X, Y missing
		{unit: "K1", period: "2025Q1", score: "62.50", rank: 1},               // (15 + 10) / 40
		{unit: "C1", period: "2024", score: "80.00", rank: 1},                 // one quarter in 2024
		{unit: "C1", period: "2025", score: "75.00", rank: 1},                 // one quarter in 2025
		{unit: "P", period: "2025", score: "75.00"},                           // root: never ranked
	})
	if hasScore(t, s, "2025Q1", "D1") {
		t.Error("D1 (a department, no management indicator) has a score")
	}
}

// TestRulesAdjustments checks bonus, penalty (never below 0), veto and that
// a vetoed unit keeps score and rank but passes its excellent place down.
func TestRulesAdjustments(t *testing.T) {
	c := ruleCase{
		units:      countyBranches(5),
		indicators: oneIndicator,
		values: csvOf(valsHeader,
			"S,B1,2025Q1,80,,", "S,B2,2025Q1,8,,", "S,B3,2025Q1,95,,", "S,B4,2025Q1,92,,", "S,B5,2025Q1,91,,",
			"S,B1,2025Q2,100,,"),
		adjustments: csvOf(adjsHeader,
			"B1,2025Q1,bonus,2,获表彰,",
			"B1,2025Q1,bonus,1.5,专项工作,",
			"B1,2025Q1,penalty,0.5,舆情,S",
			"B2,2025Q1,penalty,10,重大舆情,",
			"B3,2025Q1,veto,5,一票否决事项,",
			"B1,2025Q2,bonus,3,获表彰,"),
	}
	s := c.load(t)
	assertMatchesRef(t, s, c.ref())
	// n = 5, quota = floor(5 × 0.2 + 0.5) = 1. B3 is vetoed: its excellent
	// place passes to B4 (92), the best non-vetoed unit.
	checkWants(t, s, []want{
		{unit: "B3", period: "2025Q1", score: "95.00", rank: 1, grade: "good", vetoed: true}, // veto points ignored
		{unit: "B4", period: "2025Q1", score: "92.00", rank: 2, grade: "excellent"},
		{unit: "B5", period: "2025Q1", score: "91.00", rank: 3, grade: "good"},
		{unit: "B1", period: "2025Q1", score: "83.00", rank: 4, grade: "good"}, // 80 + 2 + 1.5 − 0.5
		{unit: "B2", period: "2025Q1", score: "0.00", rank: 5, grade: "fail"},  // max(0, 8 − 10)
		{unit: "B1", period: "2025Q2", score: "103.00", rank: 1},               // 100 + 3: no cap in SPEC §3.2
		{unit: "B3", period: "2025", score: "47.50", rank: 2, vetoed: true},    // (95 + 0) / 2, vetoed in Q1; B1 (83 + 103) / 2 = 93 first
	})
	var base, bonus, penalty float64
	if err := s.DB().QueryRow("SELECT base::DOUBLE, bonus, penalty FROM scores WHERE period = '2025Q1' AND unit_code = 'B1'").Scan(&base, &bonus, &penalty); err != nil {
		t.Fatal(err)
	}
	if base != 80 || bonus != 3.5 || penalty != 0.5 {
		t.Errorf("B1 2025Q1 base/bonus/penalty: got %v/%v/%v want 80/3.5/0.5", base, bonus, penalty)
	}
}

// TestRulesRoundingHalfUp checks half-up rounding to 2 decimals of true
// x.xx5 scores, including ones a DOUBLE round gets wrong.
func TestRulesRoundingHalfUp(t *testing.T) {
	c := ruleCase{
		units: countyBranches(7),
		// Three indicators of weight 8, 8 and 24 (ΣW = 40) for B7.
		indicators: csvOf(indHeader,
			"S,得分,admin,execution,county,分,higher,linear,100,100,0,ZG,,desk,manual,false,,",
			"R1,辅助1,org,execution,city,分,higher,linear,8,100,0,RJ,,desk,manual,false,,",
			"R2,辅助2,org,execution,city,分,higher,linear,8,100,0,RJ,,desk,manual,false,,",
			"R3,辅助3,info,execution,city,分,higher,linear,24,100,0,XX,,desk,manual,false,,"),
		values: csvOf(valsHeader,
			"S,B1,2025Q1,87.125,,", // base 87.125 exactly → 87.13
			"S,B2,2025Q1,60.015,,", // computed in DOUBLE as 60.01499999999999: DOUBLE round gives 60.01, half-up 60.02
			"S,B3,2025Q1,87.12,,",  // + bonus 0.005 = 87.125 → 87.13
			"S,B4,2025Q1,87.1249,,",
			"S,B5,2025Q1,99.995,,",
			"S,B6,2025Q1,80.345,,",
			// B1 in 2025Q2: 87.12; the year is (87.13 + 87.12) / 2 = 87.125 → 87.13
			"S,B1,2025Q2,87.12,,"),
		adjustments: csvOf(adjsHeader, "B3,2025Q1,bonus,0.005,专项,"),
	}
	// B7 is a city-level branch: R1–R3 apply, S (county only) does not.
	// earned = 8 × 0.875 + 8 × 0.9 + 24 × 0.86125 = 7 + 7.2 + 20.67 = 34.87
	// base = 100 × 34.87 / 40 = 87.175 → 87.18
	c.units = strings.Replace(c.units, "B7,分局7,K1,branch,county,", "B7,分局7,K1,branch,city,", 1)
	c.values += "R1,B7,2025Q1,87.5,,\nR2,B7,2025Q1,90,,\nR3,B7,2025Q1,86.125,,\n"
	s := c.load(t)
	assertMatchesRef(t, s, c.ref())
	checkWants(t, s, []want{
		{unit: "B5", period: "2025Q1", score: "100.00", rank: 1},
		{unit: "B7", period: "2025Q1", score: "87.18", rank: 2},
		{unit: "B1", period: "2025Q1", score: "87.13", rank: 3},
		{unit: "B3", period: "2025Q1", score: "87.13", rank: 3},
		{unit: "B4", period: "2025Q1", score: "87.12", rank: 5},
		{unit: "B6", period: "2025Q1", score: "80.35", rank: 6},
		{unit: "B2", period: "2025Q1", score: "60.02", rank: 7},
		{unit: "B1", period: "2025", score: "87.13", rank: 1},
	})
	// The system sub-score of B2 (admin, all of S) is rounded the same way.
	if r := scoreOf(t, s, "2025Q1", "B2"); r.Systems["admin"] == nil || fmt.Sprintf("%.2f", *r.Systems["admin"]) != "60.02" {
		t.Errorf("B2 admin sub-score: got %v want 60.02", r.Systems["admin"])
	}
	// The trap is real: DuckDB's DOUBLE round of the same computation goes down.
	var naive float64
	if err := s.DB().QueryRow(`SELECT round(100 * sum(earned) / sum(weight), 2) FROM results WHERE unit_code = 'B2' AND period = '2025Q1'`).Scan(&naive); err != nil {
		t.Fatal(err)
	}
	if naive != 60.01 {
		t.Logf("note: DOUBLE round now gives %v; the case no longer exercises the trap", naive)
	}
}

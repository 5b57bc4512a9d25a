package queries

import (
	"fmt"
	"strings"
	"testing"

	"jixiao/queries/scoring"
)

// Tests of SPEC §3.3–3.5: annual scores, ranks, rank changes and grades.
// Every case uses the one indicator S (score = actual) so that the scores
// are chosen directly; refScore checks everything, the comments the key
// numbers by hand.

// branches returns unit lines for branches code+1…code+n under parent.
func branches(parent, prefix string, n int, level, peer string) []string {
	var out []string
	for i := 1; i <= n; i++ {
		out = append(out, fmt.Sprintf("%s%02d,分局%s%02d,%s,branch,%s,%s", prefix, i, prefix, i, parent, level, peer))
	}
	return out
}

// scoresOf returns value lines of indicator S for period, one per unit.
func scoresOf(period string, unitScores ...string) []string {
	var out []string
	for i := 0; i+1 < len(unitScores); i += 2 {
		out = append(out, fmt.Sprintf("S,%s,%s,%s,,", unitScores[i], period, unitScores[i+1]))
	}
	return out
}

// TestRankTiesQuotaAndVeto checks ranks 1, 2, 2, 4, the 20 % quota, ties at
// the quota boundary, a vetoed unit inside the quota and a quota of 0.
func TestRankTiesQuotaAndVeto(t *testing.T) {
	units := append([]string{"P,省局,,bureau,province,", "K1,县局1,P,bureau,county,", "K2,县局2,P,bureau,county,"},
		branches("K1", "A", 10, "county", "")...)
	units = append(units, branches("K2", "Z", 2, "county", "")...)
	var vals []string
	// 2025Q1: n = 10, quota = floor(10 × 0.2 + 0.5) = 2. The two 92s share
	// rank 2 (next rank 4); one eligible unit scores higher than them (1 < 2),
	// so both are excellent: three excellent units.
	vals = append(vals, scoresOf("2025Q1", "A01", "95", "A02", "92", "A03", "92", "A04", "88", "A05", "85",
		"A06", "80", "A07", "75", "A08", "70", "A09", "60", "A10", "59.99",
		// K2: n = 2, quota = floor(0.4 + 0.5) = 0: nobody is excellent.
		"Z01", "99", "Z02", "95")...)
	// 2025Q2: A01 (97) is vetoed; A02 and A03 take the two places.
	vals = append(vals, scoresOf("2025Q2", "A01", "97", "A02", "95", "A03", "93", "A04", "91", "A10", "90.5",
		"A05", "50", "A06", "50", "A07", "50", "A08", "50", "A09", "50", "Z01", "90", "Z02", "90")...)
	// 2025Q3: three units tie at the boundary.
	vals = append(vals, scoresOf("2025Q3", "A01", "96", "A02", "94", "A03", "94", "A04", "94", "A05", "90",
		"A06", "89.99", "A07", "10", "A08", "10", "A09", "10", "A10", "10", "Z01", "90", "Z02", "89")...)
	c := ruleCase{
		units:       csvOf(unitsHeader, units...),
		indicators:  oneIndicator,
		values:      csvOf(valsHeader, vals...),
		adjustments: csvOf(adjsHeader, "A01,2025Q2,veto,,重大违纪,"),
	}
	s := c.load(t)
	assertMatchesRef(t, s, c.ref())
	checkWants(t, s, []want{
		{unit: "A01", period: "2025Q1", score: "95.00", rank: 1, grade: "excellent"},
		{unit: "A02", period: "2025Q1", score: "92.00", rank: 2, grade: "excellent"},
		{unit: "A03", period: "2025Q1", score: "92.00", rank: 2, grade: "excellent"},
		{unit: "A04", period: "2025Q1", score: "88.00", rank: 4, grade: "good"},
		{unit: "A06", period: "2025Q1", score: "80.00", rank: 6, grade: "good"},
		{unit: "A07", period: "2025Q1", score: "75.00", rank: 7, grade: "pass"},
		{unit: "A09", period: "2025Q1", score: "60.00", rank: 9, grade: "pass"},
		{unit: "A10", period: "2025Q1", score: "59.99", rank: 10, grade: "fail"},
		{unit: "Z01", period: "2025Q1", score: "99.00", rank: 1, grade: "good"},
		{unit: "Z02", period: "2025Q1", score: "95.00", rank: 2, grade: "good"},

		{unit: "A01", period: "2025Q2", score: "97.00", rank: 1, grade: "good", vetoed: true},
		{unit: "A02", period: "2025Q2", score: "95.00", rank: 2, grade: "excellent"},
		{unit: "A03", period: "2025Q2", score: "93.00", rank: 3, grade: "excellent"},
		{unit: "A04", period: "2025Q2", score: "91.00", rank: 4, grade: "good"},
		{unit: "A10", period: "2025Q2", score: "90.50", rank: 5, grade: "good"},
		{unit: "A05", period: "2025Q2", score: "50.00", rank: 6, grade: "fail"},
		{unit: "A09", period: "2025Q2", score: "50.00", rank: 6, grade: "fail"},

		{unit: "A01", period: "2025Q3", score: "96.00", rank: 1, grade: "excellent"},
		{unit: "A02", period: "2025Q3", score: "94.00", rank: 2, grade: "excellent"},
		{unit: "A03", period: "2025Q3", score: "94.00", rank: 2, grade: "excellent"},
		{unit: "A04", period: "2025Q3", score: "94.00", rank: 2, grade: "excellent"},
		{unit: "A05", period: "2025Q3", score: "90.00", rank: 5, grade: "good"},
		{unit: "A06", period: "2025Q3", score: "89.99", rank: 6, grade: "good"},
	})
	// Rank changes, positive when moving up: A10 10 → 5 → 7, A05 5 → 6 → 5.
	checkRankChanges(t, s, []rankWant{
		{"2025Q1", "A01", nil}, // no earlier quarter
		{"2025Q2", "A10", ip(5)},
		{"2025Q2", "A05", ip(-1)},
		{"2025Q2", "A01", ip(0)},
		{"2025Q3", "A10", ip(-2)},
		{"2025Q3", "A05", ip(1)},
		{"2025Q3", "A04", ip(2)},
	})
	for _, p := range []string{"2025Q1", "2025Q2", "2025Q3"} {
		rows, err := s.Scores(t.Context(), Everything, p)
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != 12 {
			t.Errorf("%s: %d score rows, want 12 (one per branch)", p, len(rows))
		}
	}
}

// TestRankMatrixPeerGroup ranks branches of two county bureaus together
// through a shared peer_group, and the others by parent and kind.
func TestRankMatrixPeerGroup(t *testing.T) {
	c := ruleCase{
		units: csvOf(unitsHeader,
			"P,省局,,bureau,province,",
			"C1,市局,P,bureau,city,",
			"K1,县局1,C1,bureau,county,",
			"K2,县局2,C1,bureau,county,",
			"M1,分局M1,K1,branch,county,C1-matrix",
			"M2,分局M2,K1,branch,county,C1-matrix",
			"M3,分局M3,K2,branch,county,C1-matrix",
			"M4,分局M4,K2,branch,county,C1-matrix",
			"N1,分局N1,K2,branch,county,"),
		indicators: oneIndicator,
		values:     csvOf(valsHeader, scoresOf("2025Q1", "M1", "70", "M2", "95", "M3", "90", "M4", "80", "N1", "60")...),
	}
	s := c.load(t)
	assertMatchesRef(t, s, c.ref())
	// C1-matrix: n = 4, quota = floor(0.8 + 0.5) = 1. K2:branch: N1 alone, quota 0.
	checkWants(t, s, []want{
		{unit: "M2", period: "2025Q1", score: "95.00", rank: 1, grade: "excellent"},
		{unit: "M3", period: "2025Q1", score: "90.00", rank: 2, grade: "good"},
		{unit: "M4", period: "2025Q1", score: "80.00", rank: 3, grade: "good"},
		{unit: "M1", period: "2025Q1", score: "70.00", rank: 4, grade: "pass"},
		{unit: "N1", period: "2025Q1", score: "60.00", rank: 1, grade: "pass"},
	})
	for u, g := range map[string]string{"M1": "C1-matrix", "M3": "C1-matrix", "N1": "K2:branch"} {
		r := scoreOf(t, s, "2025Q1", u)
		wantSize := map[string]int{"C1-matrix": 4, "K2:branch": 1}[g]
		if r.Group == nil || *r.Group != g || r.Size == nil || *r.Size != wantSize {
			t.Errorf("%s: group %v size %v, want %s %d", u, strPtr(r.Group), r.Size, g, wantSize)
		}
	}
}

// TestAnnualScore checks the year as the mean of the rounded quarterly
// scores, a veto in one quarter vetoing the year, and the year's rank change.
func TestAnnualScore(t *testing.T) {
	var vals []string
	// B1 2024: 80.004, 85.125, 90, 87.126 round to 80.00, 85.13, 90.00, 87.13;
	// their mean is 342.26 / 4 = 85.565 → 85.57 (the mean of the unrounded
	// scores, 85.56375, would give 85.56).
	for i, v := range []string{"80.004", "85.125", "90", "87.126"} {
		vals = append(vals, scoresOf(fmt.Sprintf("2024Q%d", i+1), "B1", v, "B2", "95", "B3", "91")...)
	}
	vals = append(vals, scoresOf("2025Q1", "B1", "99", "B2", "50", "B3", "70")...)
	vals = append(vals, scoresOf("2025Q2", "B1", "97", "B2", "60")...) // B3 reports nothing: 0
	c := ruleCase{
		units:       countyBranches(3),
		indicators:  oneIndicator,
		values:      csvOf(valsHeader, vals...),
		adjustments: csvOf(adjsHeader, "B2,2024Q2,veto,,一票否决,"),
	}
	s := c.load(t)
	ref := c.ref()
	assertMatchesRef(t, s, ref)
	// 2024: n = 3, quota = floor(0.6 + 0.5) = 1; B2 (95) is vetoed for the
	// year, so B3 (91) is the excellent one.
	// 2025: B1 (99 + 97) / 2 = 98, B2 (50 + 60) / 2 = 55, B3 (70 + 0) / 2 = 35.
	checkWants(t, s, []want{
		{unit: "B2", period: "2024", score: "95.00", rank: 1, grade: "good", vetoed: true},
		{unit: "B3", period: "2024", score: "91.00", rank: 2, grade: "excellent"},
		{unit: "B1", period: "2024", score: "85.57", rank: 3, grade: "good"},
		{unit: "B2", period: "2024Q1", score: "95.00", rank: 1, grade: "excellent"},
		{unit: "B2", period: "2024Q2", score: "95.00", rank: 1, grade: "good", vetoed: true},
		{unit: "B1", period: "2025", score: "98.00", rank: 1, grade: "excellent"},
		{unit: "B2", period: "2025", score: "55.00", rank: 2, grade: "fail"},
		{unit: "B3", period: "2025", score: "35.00", rank: 3, grade: "fail"},
	})
	checkRankChanges(t, s, []rankWant{
		{"2024", "B1", nil},
		{"2025", "B1", ip(2)},  // 3 → 1
		{"2025", "B2", ip(-1)}, // 1 → 2
		{"2025", "B3", ip(-1)}, // 2 → 3
		{"2025Q1", "B1", ip(2)},
	})
	if missing := missingOf(t, s, "2025", "B3"); missing != 1 {
		t.Errorf("B3 2025 missing: got %d want 1", missing)
	}
}

// TestRankChangeNotRankedBefore: null where the unit was not ranked in the
// previous quarter (no score there, or no such period), across a year end.
func TestRankChangeNotRankedBefore(t *testing.T) {
	c := ruleCase{
		units: csvOf(unitsHeader,
			"P,省局,,bureau,province,",
			"C1,市局,P,bureau,city,",
			"K1,县局,C1,bureau,county,",
			"B1,分局1,K1,branch,county,G",
			"B2,分局2,K1,branch,county,G",
			"B3,市区分局,C1,branch,city,G"),
		indicators: csvOf(indHeader,
			"S,县级分局指标,admin,execution,county,分,higher,linear,100,100,0,ZG,,desk,manual,false,,",
			"T,市级分局指标,admin,execution,city,分,higher,linear,100,100,0,ZG,,desk,manual,false,2025Q2,"),
		values: csvOf(valsHeader,
			"S,B1,2024Q4,50,,", "S,B2,2024Q4,40,,",
			"S,B1,2025Q1,80,,", "S,B2,2025Q1,90,,",
			"S,B1,2025Q2,95,,", "S,B2,2025Q2,85,,", "T,B3,2025Q2,90,,",
			// no 2025Q3 at all
			"S,B1,2025Q4,70,,", "S,B2,2025Q4,60,,", "T,B3,2025Q4,80,,"),
	}
	s := c.load(t)
	assertMatchesRef(t, s, c.ref())
	checkRankChanges(t, s, []rankWant{
		{"2024Q4", "B1", nil},    // first quarter
		{"2025Q1", "B2", ip(1)},  // 2 → 1 across the year end
		{"2025Q1", "B1", ip(-1)}, // 1 → 2
		{"2025Q2", "B1", ip(1)},  // 2 → 1
		{"2025Q2", "B2", ip(-2)}, // 1 → 3
		{"2025Q2", "B3", nil},    // B3 had no applicable indicator in 2025Q1
		{"2025Q4", "B1", nil},    // 2025Q3 is no period: nobody was ranked
		{"2025Q4", "B3", nil},
		{"2024", "B1", nil},
		{"2025", "B1", ip(-1)}, // 2024: 1st (50); 2025: (80 + 95 + 70) / 3 = 81.67, 2nd
		{"2025", "B3", nil},    // (90 + 80) / 2 = 85, 1st, not ranked in 2024
	})
	if hasScore(t, s, "2025Q1", "B3") || hasScore(t, s, "2025Q3", "B1") {
		t.Error("score where no indicator applies or in a quarter that is no period")
	}
	checkWants(t, s, []want{{unit: "B1", period: "2025", score: "81.67", rank: 2}})
}

// TestGradingSettings changes the quota rounding, ratio and threshold in
// the settings table; the next write recomputes the grades.
func TestGradingSettings(t *testing.T) {
	c := ruleCase{
		units: csvOf(unitsHeader, append([]string{"P,省局,,bureau,province,", "K1,县局,P,bureau,county,"},
			branches("K1", "B", 6, "county", "")...)...),
		indicators: oneIndicator,
		values: csvOf(valsHeader, scoresOf("2025Q1", "B01", "99", "B02", "98", "B03", "97", "B04", "96",
			"B05", "95", "B06", "94")...),
	}
	s := c.load(t)
	in := parseRef(c.units, c.indicators, c.values, c.adjustments)
	excellent := func() []string {
		t.Helper()
		var out []string
		rows, err := s.Scores(t.Context(), Everything, "2025Q1")
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rows {
			if r.Grade != nil && *r.Grade == "excellent" {
				out = append(out, r.UnitCode)
			}
		}
		return out
	}
	valuesFile := writeFile(t, "values.csv", c.values)
	for _, step := range []struct {
		key, value string
		g          scoring.Grading
		want       string
	}{
		// n = 6: 6 × 0.2 = 1.2 → half-up 1
		{"", "", scoring.DefaultGrading, "B01"},
		// ceiling: 2
		{"grade.quota_rounding", "ceiling", scoring.Grading{Ratio: 0.2, Excellent: 90, Good: 80, Pass: 60, QuotaRounding: "ceiling"}, "B01 B02"},
		// floor with ratio 0.5: 3
		{"grade.quota_rounding", "floor", scoring.Grading{Ratio: 0.2, Excellent: 90, Good: 80, Pass: 60, QuotaRounding: "floor"}, "B01"},
		{"grade.ratio", "0.5", scoring.Grading{Ratio: 0.5, Excellent: 90, Good: 80, Pass: 60, QuotaRounding: "floor"}, "B01 B02 B03"},
		// excellent needs 97.5: only two units qualify within the quota of 3
		{"grade.excellent", "97.5", scoring.Grading{Ratio: 0.5, Excellent: 97.5, Good: 80, Pass: 60, QuotaRounding: "floor"}, "B01 B02"},
	} {
		if step.key != "" {
			if _, err := s.DB().Exec("INSERT OR REPLACE INTO settings VALUES (?, ?)", step.key, step.value); err != nil {
				t.Fatal(err)
			}
			mustImport(t, s, "values", valuesFile) // any write rescores
		}
		if got := strings.Join(excellent(), " "); got != step.want {
			t.Errorf("after %s = %s: excellent %q, want %q", step.key, step.value, got, step.want)
		}
		in.grading = step.g
		assertMatchesRef(t, s, refScore(in))
	}
	// B03 (97) is good once only 97.5 and above is excellent.
	checkWants(t, s, []want{{unit: "B03", period: "2025Q1", score: "97.00", rank: 3, grade: "good"}})
}

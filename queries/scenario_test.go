package queries

import (
	"database/sql"
	"fmt"
	"testing"

	"jixiao/queries/scoring"
)

// scenarioCase: three branches of one county bureau (one peer group) and
// two execution indicators, L (law, W 60) and V (service, W 40), both
// linear, higher, T 100, F 0, so r = A / 100.
var scenarioCase = ruleCase{
	units: csvOf(unitsHeader, "P,省局,,bureau,province,", "K1,县局,P,bureau,county,",
		"B1,分局1,K1,branch,county,", "B2,分局2,K1,branch,county,", "B3,分局3,K1,branch,county,"),
	indicators: csvOf(indHeader,
		"L,法治,law,execution,,分,higher,linear,60,100,0,FG,,desk,manual,false,,",
		"V,服务,service,execution,,分,higher,linear,40,100,0,NS,,desk,manual,false,,"),
	values: csvOf(valsHeader,
		"L,B1,2025Q1,100,,", "V,B1,2025Q1,50,,",
		"L,B2,2025Q1,50,,", "V,B2,2025Q1,100,,",
		"L,B3,2025Q1,90,,", "V,B3,2025Q1,90,,",
		"L,B1,2025Q2,10,,"),
	adjustments: csvOf(adjsHeader, "B2,2025Q1,bonus,5,获表彰,"),
}

func scenarioString(rows []ScenarioRow) string {
	out := ""
	for _, r := range rows {
		rank := "-"
		if r.Rank != nil {
			rank = fmt.Sprintf("%d/%d", *r.Rank, *r.Size)
		}
		out += fmt.Sprintf("%s %.2f %s %s; ", r.UnitCode, r.Score, rank, r.Grade)
	}
	return out
}

// TestScoreScenario checks what-if scores, ranks and grades worked out by
// hand, and that a scenario stores nothing.
func TestScoreScenario(t *testing.T) {
	s := scenarioCase.load(t)
	ctx := t.Context()
	var before string
	if err := s.DB().QueryRow(`SELECT (SELECT string_agg(unit_code || period || score || coalesce(grade, ''), ',' ORDER BY unit_code, period) FROM scores)
		|| (SELECT count(*) FROM result_rows)::VARCHAR`).Scan(&before); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name             string
		weights, systems map[string]float64
		want             string
	}{
		// Stored weights: B1 60 + 20 = 80, B2 30 + 40 + 5 = 75, B3 54 + 36 = 90.
		// n = 3, quota = floor(0.6 + 0.5) = 1: B3 (90) is excellent.
		{"as stored", nil, nil, "B1 80.00 2/3 good; B2 75.00 3/3 pass; B3 90.00 1/3 excellent; "},
		// L weighs 20: B1 (20 + 20) / 60 = 66.67, B2 (10 + 40) / 60 + 5 = 88.33, B3 (18 + 36) / 60 = 90.
		{"L 20", map[string]float64{"L": 20}, nil, "B1 66.67 3/3 pass; B2 88.33 2/3 good; B3 90.00 1/3 excellent; "},
		// and the service system dropped: B1 100, B2 50 + 5, B3 90.
		{"L 20, no service", map[string]float64{"L": 20}, map[string]float64{"service": 0}, "B1 100.00 1/3 excellent; B2 55.00 3/3 fail; B3 90.00 2/3 good; "},
		// a factor doubles V: B1 (60 + 40) / 140 = 71.43, B2 (30 + 80) / 140 + 5 = 83.57, B3 90.
		{"service × 2", nil, map[string]float64{"service": 2}, "B1 71.43 3/3 pass; B2 83.57 2/3 good; B3 90.00 1/3 excellent; "},
		// V weighs 0: only L, B1 100, B2 55, B3 90.
		{"V 0", map[string]float64{"V": 0}, nil, "B1 100.00 1/3 excellent; B2 55.00 3/3 fail; B3 90.00 2/3 good; "},
		// nothing left: no unit has a scenario score.
		{"nothing", nil, map[string]float64{"law": 0, "service": 0}, ""},
	} {
		rows, err := s.ScoreScenario(ctx, "2025Q1", c.weights, c.systems)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if got := scenarioString(rows); got != c.want {
			t.Errorf("%s:\n got %s\nwant %s", c.name, got, c.want)
		}
	}
	// Q2: B1's L only (10), V missing: (6 + 0) / 100 = 6; with V dropped 10.
	rows, err := s.ScoreScenario(ctx, "2025Q2", map[string]float64{"V": 0}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := scenarioString(rows), "B1 10.00 1/3 fail; B2 0.00 2/3 fail; B3 0.00 2/3 fail; "; got != want {
		t.Errorf("2025Q2:\n got %s\nwant %s", got, want)
	}
	if _, err := s.ScoreScenario(ctx, "2025Q1", nil, map[string]float64{"nosuch": 1}); err == nil {
		t.Error("unknown system: no error")
	}
	if _, err := s.ScoreScenario(ctx, "2025Q1", map[string]float64{"L": -1}, nil); err == nil {
		t.Error("negative weight: no error")
	}
	var after string
	if err := s.DB().QueryRow(`SELECT (SELECT string_agg(unit_code || period || score || coalesce(grade, ''), ',' ORDER BY unit_code, period) FROM scores)
		|| (SELECT count(*) FROM result_rows)::VARCHAR`).Scan(&after); err != nil {
		t.Fatal(err)
	}
	if after != before {
		t.Errorf("a scenario changed the stored scores or results:\n%s\n%s", before, after)
	}
}

// TestStoredResults checks the stored result rows of SPEC §3.1 against the
// values worked out by hand, and that rows of a final quarter are never
// rewritten by later scoring.
func TestStoredResults(t *testing.T) {
	s := scenarioCase.load(t)
	ctx := t.Context()
	got := ""
	rows, err := s.DB().Query(`SELECT unit_code, period, indicator_code, name, system, tier, lead_dept, weight, coalesce(actual::VARCHAR, '-'),
		target, target_from, floor, ratio, earned, lost, missing, coalesce(valid_from, '-'), coalesce(valid_to, '-'), decided, batch_id IS NOT NULL
		FROM results WHERE unit_code = 'B1' ORDER BY period, indicator_code`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var u, p, c, n, sys, tier, dept, a, tf, vf, vt string
		var w, tg, fl, r, e, l float64
		var m, d, b bool
		if err := rows.Scan(&u, &p, &c, &n, &sys, &tier, &dept, &w, &a, &tg, &tf, &fl, &r, &e, &l, &m, &vf, &vt, &d, &b); err != nil {
			t.Fatal(err)
		}
		got += fmt.Sprintf("%s %s %s %s %s %s %s w%g a%s t%g %s f%g r%g e%g l%g %v %s %s %v %v\n", u, p, c, n, sys, tier, dept, w, a, tg, tf, fl, r, e, l, m, vf, vt, d, b)
	}
	rows.Close()
	want := `B1 2025Q1 L 法治 law execution FG w60 a100.0 t100 indicator f0 r1 e60 l0 false - - false true
B1 2025Q1 V 服务 service execution NS w40 a50.0 t100 indicator f0 r0.5 e20 l20 false - - false true
B1 2025Q2 L 法治 law execution FG w60 a10.0 t100 indicator f0 r0.1 e6 l54 false - - false true
B1 2025Q2 V 服务 service execution NS w40 a- t100 indicator f0 r0 e0 l40 true - - false false
`
	if got != want {
		t.Errorf("results of B1:\n got %s\nwant %s", got, want)
	}
	// Q1 final: its rows are kept as they are (a ratio of -1 marks them) while
	// a later import rescores Q2.
	for _, st := range []string{"review", "final"} {
		if err := s.SetPeriodStatus(ctx, "test", "2025Q1", st); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.DB().Exec(`UPDATE result_rows SET ratio = -1 WHERE ord = (SELECT ord FROM periods WHERE period = '2025Q1')`); err != nil {
		t.Fatal(err)
	}
	mustImport(t, s, "values", writeFile(t, "v2.csv", csvOf(valsHeader, "V,B1,2025Q2,100,,")))
	var kept, q2 int
	if err := s.DB().QueryRow(`SELECT count(*) FILTER (WHERE period = '2025Q1' AND ratio = -1), count(*) FILTER (WHERE period = '2025Q2' AND NOT missing)
		FROM results`).Scan(&kept, &q2); err != nil {
		t.Fatal(err)
	}
	if kept != 6 || q2 != 2 {
		t.Errorf("after final: %d kept rows of 2025Q1 (want 6), %d values of 2025Q2 (want 2)", kept, q2)
	}
}

// TestAdjustmentsRescoreFromStoredBase imports adjustments into the
// reference province: the stored results are left as they are (a marked
// row stays marked), and scores, ranks and grades equal those of a full
// rescoring afterwards.
func TestAdjustmentsRescoreFromStoredBase(t *testing.T) {
	s := loadFixture(t)
	ctx := t.Context()
	if _, err := s.DB().Exec(`UPDATE result_rows SET ratio = -1`); err != nil {
		t.Fatal(err)
	}
	mustImport(t, s, "adjustments", writeFile(t, "adj.csv", csvOf(adjsHeader,
		"GX0101-B2,2025Q4,bonus,3,获表彰,", "GX0102,2025Q4,penalty,2.5,舆情,", "GX0103,2025Q3,veto,,一票否决事项,")))
	if _, err := s.AddAdjustment(ctx, actor("admin", "GX"), AdjustmentInput{UnitCode: "GX0104", Period: "2025Q4", Kind: "bonus", Points: 1.25, Reason: "专项"}); err != nil {
		t.Fatal(err)
	}
	var notKept int
	if err := s.DB().QueryRow(`SELECT count(*) FROM result_rows WHERE ratio <> -1`).Scan(&notKept); err != nil {
		t.Fatal(err)
	}
	if notKept != 0 {
		t.Errorf("adjustments rewrote %d stored result rows", notKept)
	}
	// Forget the signatures of the stored rows, so that the full rescoring
	// below rewrites the rows poisoned above instead of keeping them as
	// unchanged.
	if _, err := s.DB().Exec(`DELETE FROM result_sigs`); err != nil {
		t.Fatal(err)
	}
	dump := func() string {
		var out string
		if err := s.DB().QueryRow(`SELECT string_agg(concat_ws('|', period, unit_code, score, base, bonus, penalty, vetoed, rank, size, grade, rank_change, law, org),
			',' ORDER BY period, unit_code) FROM scores`).Scan(&out); err != nil {
			t.Fatal(err)
		}
		return out
	}
	got := dump()
	g, err := s.LoadGrading(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.inTx(ctx, func(tx *sql.Tx) error { return scoring.Rescore(ctx, tx, g, "") }); err != nil {
		t.Fatal(err)
	}
	if want := dump(); got != want {
		t.Errorf("scores after adjustments differ from a full rescoring")
	}
	// And independently of the store: the reference implementation of
	// SPEC §3 on the fixture's files with the four adjustments added.
	in, _ := refFixture(t)
	in.adjs = append(in.adjs, refAdj{"GX0101-B2", "2025Q4", "bonus", rat("3")}, refAdj{"GX0102", "2025Q4", "penalty", rat("2.5")},
		refAdj{"GX0103", "2025Q3", "veto", nil}, refAdj{"GX0104", "2025Q4", "bonus", rat("1.25")})
	assertMatchesRef(t, s, refScore(in))
	if r := scoreOf(t, s, "2025Q3", "GX0103"); !r.Vetoed {
		t.Error("GX0103 2025Q3: not vetoed")
	}
}

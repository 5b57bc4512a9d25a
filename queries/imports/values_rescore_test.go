package imports

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"jixiao/data"
	"jixiao/queries"
	"jixiao/queries/fixture"
)

// scoreRows is every score row of s, every column as text, keyed by
// period and unit; the full-precision sub-scores to 9 places (a year's is
// a mean of doubles, whose last bit depends on the order DuckDB sums in:
// two full scorings differ there too).
func scoreRows(t *testing.T, s *queries.Store) map[string]string {
	t.Helper()
	rows, err := s.DB().Query(`SELECT period || '/' || unit_code, concat_ws('|', is_year, ord, grp, score, base, bonus, penalty, vetoed,
		law, taxsys, service, admin, info, org, rank, size, grade, rank_change, missing,
		round(law_f, 9), round(taxsys_f, 9), round(service_f, 9), round(admin_f, 9), round(info_f, 9), round(org_f, 9), round(base_f, 9)) FROM scores`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			t.Fatal(err)
		}
		if _, dup := out[k]; dup {
			t.Fatalf("score row %s twice", k)
		}
		out[k] = v
	}
	return out
}

// changedPeriods are the periods of the rows that differ between a and b
// (a row in one only counts), and the rows that differ.
func changedPeriods(a, b map[string]string) (map[string]bool, []string) {
	periods := map[string]bool{}
	var diffs []string
	for k, v := range a {
		if b[k] != v {
			periods[strings.Split(k, "/")[0]] = true
			diffs = append(diffs, fmt.Sprintf("%s: %s / %s", k, v, b[k]))
		}
	}
	for k := range b {
		if _, ok := a[k]; !ok {
			periods[strings.Split(k, "/")[0]] = true
			diffs = append(diffs, k+": only in the second")
		}
	}
	return periods, diffs
}

// swapFile is a values file giving units a and b each other's values of
// period (the same indicators: one peer group).
func swapFile(t *testing.T, s *queries.Store, a, b, period string) string {
	t.Helper()
	rows, err := s.DB().Query(`SELECT indicator_code, unit_code, actual, coalesce(target::VARCHAR, '') FROM ledger
		WHERE period = ? AND unit_code IN (?, ?) ORDER BY indicator_code, unit_code`, period, a, b)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var lines []string
	for rows.Next() {
		var ind, unit, target string
		var actual float64
		if err := rows.Scan(&ind, &unit, &actual, &target); err != nil {
			t.Fatal(err)
		}
		other := a
		if unit == a {
			other = b
		}
		lines = append(lines, fmt.Sprintf("%s,%s,%s,%v,%s,", ind, other, period, actual, target))
	}
	if len(lines) < 4 {
		t.Fatalf("%s and %s have %d values in %s", a, b, len(lines), period)
	}
	return writeFile(t, "swap.csv", fixture.CSVOf(fixture.ValsHeader, lines...))
}

// TestValuesImportRescoresChangedPeriods: a values import writes the score
// rows of the periods whose result rows changed, the period after each
// (rank change) and their years, and leaves the others as they are; the
// rows it leaves equal what a full scoring computes. The import swaps the
// values of a quarter of the first and the last unit of a peer group, so
// that their ranks in the quarter, their rank changes in the next one,
// their year scores and their rank changes the year after move: a
// partial scoring that missed one of these periods, or scored a year from
// some of its quarters only, keeps a stale row, which the full scoring
// after it shows.
func TestValuesImportRescoresChangedPeriods(t *testing.T) {
	s := loadFixture(t)
	// the last quarter: its year is scored from three quarters the import
	// does not touch
	swapAndCompare(t, s, "2025Q4", "2025Q4", "2025")
	top, bottom, before := swapAndCompare(t, s, "2024Q3", "2024Q3", "2024Q4", "2024", "2025")

	// The rows of the other periods are not written again: a mark set on
	// the rows of 2025Q2 stays through the swap back, and the swap back
	// restores every other row.
	if _, err := s.DB().Exec(`UPDATE scores SET grade = 'kept' WHERE period = '2025Q2'`); err != nil {
		t.Fatal(err)
	}
	mustImport(t, s, data.KindValues, swapFile(t, s, top, bottom, "2024Q3"))
	back := scoreRows(t, s)
	var kept int
	if err := s.DB().QueryRow(`SELECT count(*) FROM scores WHERE grade = 'kept'`).Scan(&kept); err != nil {
		t.Fatal(err)
	}
	if kept == 0 || kept != strings.Count(strings.Join(keysOf(back), ","), "2025Q2/") {
		t.Errorf("%d rows of 2025Q2 kept their mark through an import of 2024Q3 values", kept)
	}
	for k, v := range back {
		if !strings.HasPrefix(k, "2025Q2/") && before[k] != v {
			t.Errorf("after swapping back, %s is %s, was %s", k, v, before[k])
		}
	}
}

func keysOf(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}

// swapAndCompare swaps the values of period of the first and the last
// unit of the largest peer group, and checks that the scores after the
// import equal a full scoring's and that the swap moved rows of exactly
// the periods moves. It returns the two units and the scores before.
func swapAndCompare(t *testing.T, s *queries.Store, period string, moves ...string) (string, string, map[string]string) {
	t.Helper()
	var grp, top, bottom string
	if err := s.DB().QueryRow(`SELECT grp, arg_min(unit_code, rank), arg_max(unit_code, rank) FROM scores
		WHERE period = ? AND rank IS NOT NULL GROUP BY grp ORDER BY count(*) DESC, grp LIMIT 1`, period).Scan(&grp, &top, &bottom); err != nil {
		t.Fatal(err)
	}
	before := scoreRows(t, s)
	n0 := fastImports.Load()
	mustImport(t, s, data.KindValues, swapFile(t, s, top, bottom, period))
	if fastImports.Load() != n0+1 {
		t.Fatal("the swap did not take the fast path")
	}
	partial := scoreRows(t, s)
	if err := s.WriteRescore(context.Background(), func(queries.Execer) error { return nil }); err != nil {
		t.Fatal(err)
	}
	full := scoreRows(t, s)
	if _, diffs := changedPeriods(partial, full); len(diffs) > 0 {
		t.Errorf("swapping %s: after the import, %d score rows differ from a full scoring's (import / full), e.g.\n%s",
			period, len(diffs), strings.Join(diffs[:min(len(diffs), 10)], "\n"))
	}
	// The swap moved rows of exactly these periods (the test would show
	// nothing if it did not).
	moved, _ := changedPeriods(before, full)
	for _, p := range moves {
		if !moved[p] {
			t.Errorf("swapping %s and %s (%s) in %s moved no score row of %s: the test checks nothing there", top, bottom, grp, period, p)
		}
		delete(moved, p)
	}
	for p := range moved {
		t.Errorf("swapping %s and %s in %s moved a score row of %s", top, bottom, period, p)
	}
	return top, bottom, before
}

// TestValuesImportScoresUnscoredQuarters: a quarter the import does not
// touch keeps its stored bases only when they are all there; one a write
// opened without scoring it (no score rows, no result signatures) is
// scored from the ledger, and the rows after the import equal a full
// scoring's.
func TestValuesImportScoresUnscoredQuarters(t *testing.T) {
	s := loadFixture(t)
	var top, bottom string
	if err := s.DB().QueryRow(`SELECT arg_min(unit_code, rank), arg_max(unit_code, rank) FROM scores
		WHERE period = '2024Q3' AND rank IS NOT NULL GROUP BY grp ORDER BY count(*) DESC, grp LIMIT 1`).Scan(&top, &bottom); err != nil {
		t.Fatal(err)
	}
	if _, err := s.DB().Exec(`DELETE FROM scores WHERE period = '2025Q1';
		DELETE FROM result_sigs WHERE ord = (SELECT ord FROM periods WHERE period = '2025Q1')`); err != nil {
		t.Fatal(err)
	}
	mustImport(t, s, data.KindValues, swapFile(t, s, top, bottom, "2024Q3"))
	partial := scoreRows(t, s)
	if !hasScore(t, s, "2025Q1", top) {
		t.Errorf("%s has no 2025Q1 score after the import", top)
	}
	if err := s.WriteRescore(context.Background(), func(queries.Execer) error { return nil }); err != nil {
		t.Fatal(err)
	}
	if _, diffs := changedPeriods(partial, scoreRows(t, s)); len(diffs) > 0 {
		t.Errorf("after the import, %d score rows differ from a full scoring's (import / full), e.g.\n%s",
			len(diffs), strings.Join(diffs[:min(len(diffs), 10)], "\n"))
	}
}

package imports

import (
	"strings"
	"testing"

	"jixiao/data"
	"jixiao/queries"
	"jixiao/queries/fixture"
)

// gappedBase is validBase loaded without values into a store whose unit
// and indicator ids were not handed out 1, 2, …: ids lost before the
// units (as a rolled-back import loses them) make the unit ids start at
// 71 and the indicator ids 125, 126 and 127 (past the first 64 ids, the
// last three bits of the second 64).
func gappedBase(t *testing.T) *queries.Store {
	t.Helper()
	s := mustOpen(t)
	if _, err := s.DB().Exec(`SELECT max(nextval('unit_key_ids')) FROM range(70);
		SELECT max(nextval('indicator_key_ids')) FROM range(124)`); err != nil {
		t.Fatal(err)
	}
	fixture.EachFile(t, validBase.units, validBase.indicators, "", "", func(k data.Kind, p string) { mustImport(t, s, k, p) })
	var ids string
	if err := s.DB().QueryRow(`SELECT (SELECT string_agg(id::VARCHAR, ',' ORDER BY id) FROM indicator_keys) || ' ' ||
		(SELECT min(id) FROM unit_keys)`).Scan(&ids); err != nil {
		t.Fatal(err)
	}
	if ids != "125,126,127 71" {
		t.Fatalf("ids %s, want 125,126,127 71", ids)
	}
	return s
}

// TestFastPathKeysWithLostIds: with ids not handed out 1, 2, … the fast
// path keys each value by its codes' ids (as the full path does), and its
// checks find a duplicate and an inapplicable value among indicators past
// the first 64 ids, leaving the file to the full path, which words them.
func TestFastPathKeysWithLostIds(t *testing.T) {
	clean := fixture.CSVOf(fixture.ValsHeader,
		"S,B1,2025Q1,80,,", "S,B2,2025Q1,90,95,复核", "D,C1,2025Q1,50,,", "V,C1,2024Q4,70,,", "S,B1,2024Q4,60.5,,")
	fast := gappedBase(t)
	n0 := fastImports.Load()
	mustImport(t, fast, data.KindValues, writeFile(t, "clean.csv", clean))
	if fastImports.Load() != n0+1 {
		t.Fatal("the clean file did not take the fast path")
	}
	// the same values through the full path ("2025q1" is not for the fast
	// path) into a store whose ids are 1, 2, …
	full := mustOpen(t)
	fixture.EachFile(t, validBase.units, validBase.indicators, "", "", func(k data.Kind, p string) { mustImport(t, full, k, p) })
	n1 := fastImports.Load()
	mustImport(t, full, data.KindValues, writeFile(t, "messy.csv", strings.ReplaceAll(clean, "2025Q1", "2025q1")))
	if fastImports.Load() != n1 {
		t.Fatal("the messy file took the fast path")
	}
	fl, fs := ledgerText(t, fast)
	gl, gs := ledgerText(t, full)
	if fl != gl || fs != gs {
		t.Errorf("fast path with lost ids:\n%s\n%s\nfull path:\n%s\n%s", fl, fs, gl, gs)
	}
	if want := "S|B2|2025Q1|90.0|95.0|复核|false"; !strings.Contains(fl, want) {
		t.Errorf("ledger %s lacks %s", fl, want)
	}

	for _, c := range []struct{ body, msg string }{
		// D twice for C1
		{fixture.CSVOf(fixture.ValsHeader, "D,C1,2025Q2,50,,", "S,B1,2025Q2,80,,", "D,C1,2025Q2,51,,"), "duplicates row 2"},
		// V ends with 2024Q4
		{fixture.CSVOf(fixture.ValsHeader, "D,C1,2025Q2,50,,", "V,C1,2025Q2,70,,"), "indicator V does not apply to unit C1"},
		// D is for cities, not branches
		{fixture.CSVOf(fixture.ValsHeader, "S,B1,2025Q2,80,,", "D,B1,2025Q2,70,,"), "indicator D does not apply to unit B1"},
	} {
		n := fastImports.Load()
		errs := mustReject(t, fast, data.KindValues, c.body, "en")
		if len(errs) != 1 || !strings.Contains(errs[0].Message, c.msg) {
			t.Errorf("%q: errors %+v, want one saying %q", c.body, errs, c.msg)
		}
		if fastImports.Load() != n {
			t.Errorf("%q took the fast path", c.body)
		}
	}
}

// TestFastPathNewQuarterReplacesNothing: a file of a quarter the ledger
// holds no value of adds its values and replaces none (also when it has no
// target and note columns); a file that also holds a value the ledger has
// replaces exactly that one.
func TestFastPathNewQuarterReplacesNothing(t *testing.T) {
	base := validBase
	base.values = ""
	s := base.load(t)
	count := func() (ledger, replaced string) {
		t.Helper()
		if err := s.DB().QueryRow(`SELECT (SELECT string_agg(concat_ws('|', indicator_code, unit_code, period, actual), ',' ORDER BY period, unit_code) FROM ledger),
			coalesce((SELECT string_agg(concat_ws('|', indicator_code, unit_code, period, actual), ',') FROM ledger_replaced), '')`).Scan(&ledger, &replaced); err != nil {
			t.Fatal(err)
		}
		return ledger, replaced
	}
	n0 := fastImports.Load()
	mustImport(t, s, data.KindValues, writeFile(t, "q1.csv", fixture.CSVOf(fixture.ValsHeader, "S,B1,2025Q1,80,,", "S,B2,2025Q1,90,,")))
	// without target and note columns: staged narrow at once
	mustImport(t, s, data.KindValues, writeFile(t, "q2.csv", "indicator_code,unit_code,period,actual\nS,B1,2025Q2,70\nS,B2,2025Q2,60\n"))
	if l, r := count(); l != "S|B1|2025Q1|80.0,S|B2|2025Q1|90.0,S|B1|2025Q2|70.0,S|B2|2025Q2|60.0" || r != "" {
		t.Errorf("after a new quarter: ledger %s, replaced %q", l, r)
	}
	mustImport(t, s, data.KindValues, writeFile(t, "q23.csv", fixture.CSVOf(fixture.ValsHeader, "S,B2,2025Q2,65,,", "S,B1,2025Q3,50,,")))
	if l, r := count(); l != "S|B1|2025Q1|80.0,S|B2|2025Q1|90.0,S|B1|2025Q2|70.0,S|B2|2025Q2|65.0,S|B1|2025Q3|50.0" || r != "S|B2|2025Q2|60.0" {
		t.Errorf("after a value replaced: ledger %s, replaced %q", l, r)
	}
	if fastImports.Load() != n0+3 {
		t.Errorf("%d of 3 files took the fast path", fastImports.Load()-n0)
	}
}

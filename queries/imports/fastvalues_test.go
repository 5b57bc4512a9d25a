package imports

import (
	"path/filepath"
	"testing"

	"jixiao/data"
	"jixiao/queries"
	"jixiao/queries/fixture"
)

// ledgerText is every ledger row and score of s as text, in key order.
func ledgerText(t *testing.T, s *queries.Store) (string, string) {
	t.Helper()
	var l, sc string
	if err := s.DB().QueryRow(`SELECT coalesce(string_agg(concat_ws('|', indicator_code, unit_code, period, actual, target, note, decided), ','
		ORDER BY indicator_code, unit_code, period), '') FROM ledger`).Scan(&l); err != nil {
		t.Fatal(err)
	}
	if err := s.DB().QueryRow(`SELECT coalesce(string_agg(concat_ws('|', period, unit_code, score, base, rank, size, grade, missing, law, org), ','
		ORDER BY period, unit_code), '') FROM scores`).Scan(&sc); err != nil {
		t.Fatal(err)
	}
	return l, sc
}

// TestFastPathMatchesFullPath imports the same values once as a clean file
// (the fast path must take it) and once written the way people type
// (spaces, "80%", "2025q1", Chinese headers in another order: only the
// full path accepts those), and expects the same ledger and scores.
func TestFastPathMatchesFullPath(t *testing.T) {
	base := validBase
	base.values = ""
	clean := fixture.CSVOf(fixture.ValsHeader,
		"S,B1,2025Q1,80,,", "S,B2,2025Q1,90,95,复核", "D,C1,2025Q1,50,,", "V,C1,2024Q4,70,,", "S,B1,2024Q4,60.5,,")
	messy := fixture.CSVOf("单位代码,指标代码,期间,实际值,目标值,备注\n",
		" B1 ,S,2025q1,80%,,", "B2,S,2025Q1,90,95 , 复核 ", "C1,D,2025Q1,50,,", "C1,V,2024Q4,70,  ,", "B1,S,2024Q4,60.5,,")

	fast := base.load(t)
	n0 := fastImports.Load()
	mustImport(t, fast, data.KindValues, writeFile(t, "clean.csv", clean))
	if fastImports.Load() != n0+1 {
		t.Fatal("the clean file did not take the fast path")
	}
	full := base.load(t)
	n1 := fastImports.Load()
	mustImport(t, full, data.KindValues, writeFile(t, "messy.csv", messy))
	if fastImports.Load() != n1 {
		t.Fatal("the messy file took the fast path")
	}
	var types int
	if err := fast.DB().QueryRow(`SELECT count(*) FROM duckdb_types() WHERE type_name LIKE 'jx_fast_%'`).Scan(&types); err != nil || types != 0 {
		t.Errorf("%d fast import types left behind (%v)", types, err)
	}
	// Types a crash left behind go when the store opens.
	path := filepath.Join(t.TempDir(), "stray.duckdb")
	stray, err := queries.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := stray.DB().Exec(`CREATE TYPE jx_fast_1_1_u AS ENUM ('x')`); err != nil {
		t.Fatal(err)
	}
	stray.Close()
	stray = fixture.Open(t, path, queries.Open)
	if err := stray.DB().QueryRow(`SELECT count(*) FROM duckdb_types() WHERE type_name LIKE 'jx_fast_%'`).Scan(&types); err != nil || types != 0 {
		t.Errorf("%d stray types after the store opened again (%v)", types, err)
	}
	fl, fs := ledgerText(t, fast)
	gl, gs := ledgerText(t, full)
	if fl != gl {
		t.Errorf("ledger differs:\nfast %s\nfull %s", fl, gl)
	}
	if fs != gs {
		t.Errorf("scores differ:\nfast %s\nfull %s", fs, gs)
	}
	// The ruling by hand: B1 S 2025Q1 scored 80 of 100, B2 90 of 95.
	if want := "S|B1|2025Q1|80.0|false"; !contains(fl, want) {
		t.Errorf("ledger %s lacks %s", fl, want)
	}

	// Re-importing a quarter over the fast path replaces values and records
	// the replaced ones, like the full path.
	mustImport(t, fast, data.KindValues, writeFile(t, "again.csv", fixture.CSVOf(fixture.ValsHeader, "S,B1,2025Q1,85,,")))
	mustImport(t, full, data.KindValues, writeFile(t, "again.csv", fixture.CSVOf("单位代码,指标代码,期间,实际值\n", "B1,S,2025q1,85")))
	fl, fs = ledgerText(t, fast)
	gl, gs = ledgerText(t, full)
	if fl != gl || fs != gs {
		t.Errorf("after a second batch:\nfast %s\n%s\nfull %s\n%s", fl, fs, gl, gs)
	}
	for _, s := range []*queries.Store{fast, full} {
		var replaced string
		if err := s.DB().QueryRow(`SELECT string_agg(concat_ws('|', indicator_code, unit_code, period, actual), ',') FROM ledger_replaced`).Scan(&replaced); err != nil {
			t.Fatal(err)
		}
		if replaced != "S|B1|2025Q1|80.0" {
			t.Errorf("replaced %q, want S|B1|2025Q1|80.0", replaced)
		}
	}
}

// TestFastPathLeavesErrorsToFullPath: a file with a bad row is worded by
// the full path (row and column) whatever the fast path saw.
func TestFastPathLeavesErrorsToFullPath(t *testing.T) {
	s := validBase.load(t)
	for _, c := range []struct{ body, col, key string }{
		{fixture.CSVOf(fixture.ValsHeader, "S,B1,2025Q2,80,,", "S,B1,2025Q2,81,,"), "indicator_code", "dup"},
		{fixture.CSVOf(fixture.ValsHeader, "S,B1,2025Q2,80,,", "S,B9,2025Q2,81,,"), "unit_code", "B9"},
		{fixture.CSVOf(fixture.ValsHeader, "S,B1,2025Q2,inf,,"), "actual", "inf"},
		{fixture.CSVOf(fixture.ValsHeader, "S,B1,2050Q2,80,,"), "period", "2050Q2"},
	} {
		errs := mustReject(t, s, data.KindValues, c.body, "en")
		if len(errs) == 0 || errs[0].Column != c.col {
			t.Errorf("%q: errors %+v, want one in column %s", c.body, errs, c.col)
		}
	}
}

func contains(s, sub string) bool {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return true
		}
	}
	return false
}

// TestFastPathFindsDuplicatesOfEveryIndicator: the fast path's duplicate
// check (a bit per indicator id, as many bits as the largest id) sees two
// rows of one key for the indicator of the largest id and of the
// smallest, and leaves the file to the full path, which words the
// duplicate; the same rows once each take the fast path.
func TestFastPathFindsDuplicatesOfEveryIndicator(t *testing.T) {
	base := validBase
	base.values = ""
	s := base.load(t)
	for _, order := range []string{"DESC", "ASC"} {
		var ind, unit string
		if err := s.DB().QueryRow(`SELECT ik.code, min(a.unit_code) FROM indicator_keys ik
			JOIN applicable a ON a.indicator_code = ik.code AND 2025 * 4 BETWEEN a.from_ord AND a.to_ord
			GROUP BY ik.id, ik.code ORDER BY ik.id `+order+` LIMIT 1`).Scan(&ind, &unit); err != nil {
			t.Fatal(err)
		}
		row := ind + "," + unit + ",2025Q1,"
		n0 := fastImports.Load()
		errs := mustReject(t, s, data.KindValues, fixture.CSVOf(fixture.ValsHeader, row+"80,,", row+"81,,"), "en")
		if len(errs) != 1 || errs[0].Row != 3 || errs[0].Column != "indicator_code" || !contains(errs[0].Message, "duplicate") {
			t.Errorf("%s %s twice: errors %+v, want the second row's duplicate", ind, unit, errs)
		}
		if fastImports.Load() != n0 {
			t.Errorf("%s %s twice took the fast path", ind, unit)
		}
		mustImport(t, s, data.KindValues, writeFile(t, "once.csv", fixture.CSVOf(fixture.ValsHeader, row+"80,,")))
		if fastImports.Load() != n0+1 {
			t.Errorf("%s %s once did not take the fast path", ind, unit)
		}
	}
}

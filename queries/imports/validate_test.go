package imports

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"jixiao/data"
	"jixiao/queries"
	"jixiao/queries/fixture"
)

// validBase is a small valid province the rejected files are tried against.
var validBase = ruleCase{
	units: fixture.CSVOf(fixture.UnitsHeader,
		"P,省局,,bureau,province,",
		"C1,市局,P,bureau,city,",
		"K1,县局,C1,bureau,county,",
		"B1,分局1,K1,branch,county,",
		"B2,分局2,K1,branch,county,"),
	indicators: fixture.CSVOf(fixture.IndHeader,
		"S,分局指标,admin,execution,,分,higher,linear,100,100,0,ZG,,desk,manual,false,,",
		"D,市局指标,admin,decision,city,%,higher,linear,10,100,0,ZG,,desk,manual,false,,",
		"V,旧指标,law,decision,,%,higher,linear,10,100,0,FZ,,desk,manual,false,,2024Q4"),
	values: fixture.CSVOf(fixture.ValsHeader,
		"S,B1,2025Q1,80,,", "S,B2,2025Q1,90,,", "D,C1,2025Q1,50,,", "V,C1,2024Q4,70,,", "S,B1,2024Q4,60,,"),
	adjustments: fixture.CSVOf(fixture.AdjsHeader, "B1,2025Q1,bonus,1,表彰,"),
}

// snapshot is everything a rejected file must leave as it was.
type snapshot struct {
	Scores []string
	Counts string
}

func takeSnapshot(t *testing.T, s *queries.Store) snapshot {
	t.Helper()
	rows, err := s.Scores(context.Background(), queries.Everything, "")
	if err != nil {
		t.Fatal(err)
	}
	var sn snapshot
	for _, r := range rows {
		b, err := json.Marshal(r)
		if err != nil {
			t.Fatal(err)
		}
		sn.Scores = append(sn.Scores, string(b))
	}
	var counts []string
	for _, q := range []string{
		"SELECT count(*) FROM ledger", "SELECT count(*) FROM units", "SELECT count(*) FROM indicators",
		"SELECT count(*) FROM batches", "SELECT count(*) FROM adjustments", "SELECT count(*) FROM periods",
		"SELECT count(*) FROM ledger_replaced", "SELECT count(*) FROM scores",
		"SELECT coalesce(sum(actual), 0)::VARCHAR || '/' || coalesce(sum(target), 0)::VARCHAR FROM ledger",
		"SELECT coalesce(string_agg(code || ':' || coalesce(parent_code, '') || ':' || kind || ':' || level, ' ' ORDER BY code), '') FROM units",
		"SELECT coalesce(string_agg(period || ':' || status, ' ' ORDER BY period), '') FROM periods",
		"SELECT v::VARCHAR FROM data_version",
	} {
		var v string
		if err := s.DB().QueryRow(q).Scan(&v); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		counts = append(counts, v)
	}
	sn.Counts = strings.Join(counts, " | ")
	return sn
}

// mustReject imports body as kind, expects a *RejectedError and an
// unchanged store, and returns the errors.
func mustReject(t *testing.T, s *queries.Store, kind data.Kind, body, lang string) []data.RowError {
	t.Helper()
	before := takeSnapshot(t, s)
	_, err := Import(context.Background(), s, kind, writeFile(t, "bad.csv", body), Options{User: "test", Lang: lang})
	var rej *RejectedError
	if !errors.As(err, &rej) {
		t.Fatalf("import %s: got %v, want *RejectedError", kind, err)
	}
	if len(rej.Errors) == 0 {
		t.Fatal("rejected without errors")
	}
	if after := takeSnapshot(t, s); !reflect.DeepEqual(before, after) {
		t.Errorf("a rejected file changed the store:\nbefore %v\nafter  %v", before.Counts, after.Counts)
	}
	return rej.Errors
}

// loc is where an error is expected, with a piece of its message.
type loc struct {
	row    int
	column string
	msg    string
}

// expectErrors checks that errs are exactly the expected locations, in row
// order (errors of one row and column in any order), and that each message
// contains the expected text.
func expectErrors(t *testing.T, errs []data.RowError, want ...loc) {
	t.Helper()
	if len(errs) != len(want) {
		t.Errorf("got %d errors, want %d: %+v", len(errs), len(want), errs)
	}
	used := make([]bool, len(errs))
	for _, w := range want {
		found := false
		for i, e := range errs {
			if !used[i] && e.Row == w.row && e.Column == w.column && strings.Contains(e.Message, w.msg) {
				used[i], found = true, true
				break
			}
		}
		if !found {
			t.Errorf("no error at row %d column %q containing %q in %+v", w.row, w.column, w.msg, errs)
		}
	}
	for i := 1; i < len(errs); i++ {
		if errs[i].Row < errs[i-1].Row {
			t.Errorf("errors not in row order: %+v", errs)
			break
		}
	}
}

// TestValidateRejects feeds one bad file per rule of SPEC §2 and checks
// the error locations and messages, and that nothing changed.
func TestValidateRejects(t *testing.T) {
	s := validBase.load(t)
	cases := []struct {
		name string
		kind data.Kind
		body string
		lang string
		want []loc
	}{
		{"required column missing", data.KindValues,
			"indicator_code,unit_code,period,target,note\nS,B1,2025Q1,,\n", "en",
			[]loc{{1, "actual", "required column actual (实际值) is missing"}}},
		{"required column missing (Chinese)", data.KindValues,
			"指标代码,单位代码,考核期,目标值\nS,B1,2025Q1,\n", "",
			[]loc{{1, "actual", "缺少必需的列 actual（实际值）"}}},
		{"column twice", data.KindValues,
			"indicator_code,unit_code,period,actual,实际值\nS,B1,2025Q1,1,2\n", "en",
			[]loc{{1, "实际值", "the column appears twice"}}},
		{"required field empty", data.KindValues,
			fixture.ValsHeader + "S,B1,2025Q1,80,,\nS,B2,2025Q1,,,\nS,,2025Q1,3,,\n", "en",
			[]loc{{3, "actual", "this field is required"}, {4, "unit_code", "this field is required"}}},
		{"bad enum", data.KindUnits,
			fixture.UnitsHeader + "X1,新单位,P,bureau,town,\nX2,新单位,P,office,city,\n", "en",
			[]loc{{2, "level", `"town" is not valid; expected one of: province, city, county`},
				{3, "kind", `"office" is not valid`}}},
		{"bad enum in indicators", data.KindIndicators,
			fixture.IndHeader + "N,新指标,tax,execution,,%,up,linear,10,100,0,ZG,,desk,manual,false,,\n", "en",
			[]loc{{2, "direction", `"up" is not valid`}, {2, "system", `"tax" is not valid`}}},
		{"not a number", data.KindValues,
			fixture.ValsHeader + "S,B1,2025Q1,abc,,\nS,B2,2025Q1,1,1.2.3,\nS,B1,2025Q2,nan,,\nS,B2,2025Q2,1,inf,\n", "en",
			[]loc{{2, "actual", `"abc" is not a number`}, {3, "target", `"1.2.3" is not a number`},
				{4, "actual", `"nan" is not a number`}, {5, "target", `"inf" is not a number`}}},
		{"weight not a number", data.KindIndicators,
			fixture.IndHeader + "N,新指标,admin,execution,,%,higher,linear,Infinity,100,0,ZG,,desk,manual,false,,\n", "en",
			[]loc{{2, "weight", `"Infinity" is not a number`}}},
		{"malformed period", data.KindValues,
			fixture.ValsHeader + "S,B1,2025Q5,1,,\nS,B1,2025-Q1,1,,\nS,B1,25Q1,1,,\nS,B1,2025,1,,\n", "en",
			[]loc{{2, "period", `"2025Q5" is not a period`}, {3, "period", `"2025-Q1"`}, {4, "period", `"25Q1"`}, {5, "period", `"2025"`}}},
		{"unknown unit", data.KindValues,
			fixture.ValsHeader + "S,B1,2025Q1,1,,\nS,NOPE,2025Q1,1,,\n", "en",
			[]loc{{3, "unit_code", `unit "NOPE" does not exist`}}},
		{"unknown unit in Chinese", data.KindValues,
			fixture.ValsHeader + "S,NOPE,2025Q1,1,,\n", "",
			[]loc{{2, "unit_code", `单位 "NOPE" 不存在`}}},
		{"unknown indicator", data.KindValues,
			fixture.ValsHeader + "NOPE,B1,2025Q1,1,,\n", "en",
			[]loc{{2, "indicator_code", `indicator "NOPE" does not exist`}}},
		{"unknown indicator in adjustments", data.KindAdjustments,
			fixture.AdjsHeader + "B1,2025Q1,penalty,1,扣分,NOPE\n", "en",
			[]loc{{2, "indicator_code", `indicator "NOPE" does not exist`}}},
		{"unknown parent", data.KindUnits,
			fixture.UnitsHeader + "X1,新单位,NOPE,bureau,city,\n", "en",
			[]loc{{2, "parent_code", `parent unit "NOPE" does not exist`}}},
		{"not applicable", data.KindValues,
			fixture.ValsHeader + "D,B1,2025Q1,1,,\nD,K1,2025Q1,1,,\nV,C1,2025Q1,1,,\nD,C1,2025Q1,1,,\n", "en",
			[]loc{{2, "indicator_code", "indicator D does not apply to unit B1 (branch/county) in 2025Q1"}, // wrong tier
				{3, "indicator_code", "indicator D does not apply to unit K1 (bureau/county)"},           // levels: city only
				{4, "indicator_code", "indicator V does not apply to unit C1 (bureau/city) in 2025Q1"}}}, // valid to 2024Q4
		{"duplicate key", data.KindValues,
			fixture.ValsHeader + "S,B1,2025Q2,1,,\nS,B2,2025Q2,1,,\nS,B1,2025q2,2,,\nS,B1,2025Q2,3,,\n", "en",
			[]loc{{4, "indicator_code", "duplicates row 2"}, {5, "indicator_code", "duplicates row 2"}}},
		{"duplicate unit", data.KindUnits,
			fixture.UnitsHeader + "X1,新单位,P,bureau,city,\nX1,新单位,P,bureau,city,\n", "en",
			[]loc{{3, "code", "duplicates row 2"}}},
		{"cycle", data.KindUnits,
			fixture.UnitsHeader + "C1,市局,K1,bureau,city,\n", "en",
			[]loc{{2, "parent_code", "the parent chain forms a cycle: C1 → K1 → C1"}}},
		{"cycle within the file", data.KindUnits,
			fixture.UnitsHeader + "X1,新单位,X2,bureau,city,\nX2,新单位,X1,bureau,city,\n", "en",
			[]loc{{2, "parent_code", "cycle: X1 → X2 → X1"}, {3, "parent_code", "cycle: X2 → X1 → X2"}}},
		{"a cycle among units that reach the root", data.KindUnits,
			// row 4 leads into the cycle without being on it; row 6
			// reaches the root through row 2, checked before it
			fixture.UnitsHeader + "X0,新单位,P,bureau,city,\nX1,新单位,X2,bureau,city,\nX3,新单位,X1,bureau,city,\nX2,新单位,X1,bureau,city,\nX4,新单位,X0,bureau,city,\n", "en",
			[]loc{{3, "parent_code", "cycle: X1 → X2 → X1"}, {5, "parent_code", "cycle: X2 → X1 → X2"}}},
		{"own parent", data.KindUnits,
			fixture.UnitsHeader + "X1,新单位,X1,bureau,city,\n", "en",
			[]loc{{2, "parent_code", "a unit cannot be its own parent"}}},
		{"two roots", data.KindUnits,
			fixture.UnitsHeader + "Q,另一省局,,bureau,province,\n", "en",
			[]loc{{2, "parent_code", `only one root unit (empty parent) is allowed; "P" is one already`}}},
		{"several errors, all listed", data.KindValues,
			fixture.ValsHeader + "S,B1,2025Q9,1,,\nS,B1,2025Q1,80,,\nS,NOPE,2025Q1,1,,\nS,B2,2025Q1,,,\n", "en",
			[]loc{{2, "period", "is not a period"}, {4, "unit_code", "does not exist"}, {5, "actual", "required"}}},
		{"negative points", data.KindAdjustments,
			fixture.AdjsHeader + "B1,2025Q1,bonus,-1,表彰,\nB1,2025Q1,penalty,,扣分,\n", "en",
			[]loc{{2, "points", "points must be a number ≥ 0"}, {3, "points", "bonus and penalty need points"}}},
		{"quoted newline keeps rows as a spreadsheet shows them", data.KindValues,
			fixture.ValsHeader + "S,B1,2025Q1,80,,\"第一行\n第二行\"\nS,NOPE,2025Q1,1,,\n", "en",
			[]loc{{3, "unit_code", `unit "NOPE" does not exist`}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			expectErrors(t, mustReject(t, s, c.kind, c.body, c.lang), c.want...)
		})
	}
}

// TestValidateChineseHeadersNameTheColumn: errors name the column as the
// user wrote it.
func TestValidateChineseHeadersNameTheColumn(t *testing.T) {
	s := validBase.load(t)
	errs := mustReject(t, s, data.KindValues, "指标代码,单位代码,考核期,实际值,目标值,备注\nS,B1,2025Q1,八十,,\nS,无此单位,2025Q1,1,,\n", "")
	expectErrors(t, errs,
		loc{2, "实际值", `"八十" 不是数字`},
		loc{3, "单位代码", "只能包含英文字母"}, // not an ASCII code
		loc{3, "单位代码", "不存在"},
	)
}

// TestValidatePercentAccepted: a trailing % is dropped and the number kept.
func TestValidatePercentAccepted(t *testing.T) {
	s := validBase.load(t)
	mustImport(t, s, data.KindValues, writeFile(t, "v.csv", fixture.ValsHeader+"S,B1,2025Q2,98.5%,95%,\nS,B2,2025Q2,97.5％,,\n"))
	for _, x := range []struct {
		unit   string
		actual float64
		target any
	}{{"B1", 98.5, 95.0}, {"B2", 97.5, nil}} {
		var a float64
		var tg any
		if err := s.DB().QueryRow("SELECT actual, target FROM ledger WHERE unit_code = ? AND period = '2025Q2'", x.unit).Scan(&a, &tg); err != nil {
			t.Fatal(err)
		}
		if a != x.actual || !reflect.DeepEqual(tg, x.target) {
			t.Errorf("%s: actual %v target %v, want %v %v", x.unit, a, tg, x.actual, x.target)
		}
	}
	// B1: r = (98.5 − 0) / (95 − 0) > 1 → 100.00; B2: 97.5 of 100.
	checkWants(t, s, []want{
		{unit: "B1", period: "2025Q2", score: "100.00", rank: 1},
		{unit: "B2", period: "2025Q2", score: "97.50", rank: 2},
	})
}

// TestValidateFinalPeriod: no import touches a final period.
func TestValidateFinalPeriod(t *testing.T) {
	s := validBase.load(t)
	ctx := context.Background()
	for _, st := range []string{"review", "final"} {
		if err := s.SetPeriodStatus(ctx, "test", "2025Q1", st); err != nil {
			t.Fatalf("→ %s: %v", st, err)
		}
	}
	if err := s.SetPeriodStatus(ctx, "test", "2025Q1", "open"); queries.KindOf(err) != queries.Conflict {
		t.Errorf("final → open: got %v, want a queries.Conflict", err)
	}
	expectErrors(t, mustReject(t, s, data.KindValues, fixture.ValsHeader+"S,B1,2025Q2,1,,\nS,B1,2025q1,1,,\n", "en"),
		loc{3, "period", "period 2025Q1 is final and cannot be changed"})
	expectErrors(t, mustReject(t, s, data.KindAdjustments, fixture.AdjsHeader+"B2,2025Q1,veto,,否决,\n", ""),
		loc{2, "period", "考核期 2025Q1 已定稿"})
	// Other periods still accept values.
	mustImport(t, s, data.KindValues, writeFile(t, "v.csv", fixture.ValsHeader+"S,B1,2025Q2,1,,\n"))
}

// TestValidateAppealDecided: a value decided by an upheld appeal cannot be
// overwritten by an import.
func TestValidateAppealDecided(t *testing.T) {
	s := validBase.load(t)
	if _, err := s.DB().Exec("UPDATE ledger_k SET decided = true, original_actual = actual WHERE k = (SELECT k FROM ledger WHERE indicator_code = 'S' AND unit_code = 'B1' AND period = '2025Q1')"); err != nil {
		t.Fatal(err)
	}
	expectErrors(t, mustReject(t, s, data.KindValues, fixture.ValsHeader+"S,B2,2025Q1,99,,\nS,B1,2025q1,99,,\n", "en"),
		loc{3, "actual", "this value was decided by an upheld appeal"})
	var a float64
	if err := s.DB().QueryRow("SELECT actual FROM ledger WHERE unit_code = 'B2' AND period = '2025Q1'").Scan(&a); err != nil || a != 90 {
		t.Errorf("B2 2025Q1: %v %v, want the old 90 (the whole file is refused)", a, err)
	}
}

// TestValidateErrorCap: at most 1,000 errors, in row order.
func TestValidateErrorCap(t *testing.T) {
	s := validBase.load(t)
	var b strings.Builder
	b.WriteString(fixture.ValsHeader)
	for i := 0; i < 1500; i++ {
		fmt.Fprintf(&b, "S,U%d,2025Q1,abc,,\n", i) // two errors a row: unit, actual
	}
	errs := mustReject(t, s, data.KindValues, b.String(), "en")
	if len(errs) != queries.MaxErrors || queries.MaxErrors != 1000 {
		t.Fatalf("got %d errors, want 1000", len(errs))
	}
	for i, e := range errs {
		if e.Row != 2+i/2 {
			t.Fatalf("error %d at row %d, want %d", i, e.Row, 2+i/2)
		}
	}
	if errs[0].Column != "actual" || errs[1].Column != "unit_code" {
		t.Errorf("first row's errors: %+v", errs[:2])
	}
}

// TestValidateRoots: the unit tree has exactly one root.
func TestValidateRoots(t *testing.T) {
	s := mustOpen(t)
	expectErrors(t, mustReject(t, s, data.KindUnits, fixture.UnitsHeader+"A,甲,B,bureau,province,\nB,乙,A,bureau,city,\n", "en"),
		loc{1, "parent_code", "the units file has no root unit"},
		loc{2, "parent_code", "cycle: A → B → A"},
		loc{3, "parent_code", "cycle: B → A → B"})
	expectErrors(t, mustReject(t, s, data.KindUnits, fixture.UnitsHeader+"A,甲,,bureau,province,\nB,乙,,bureau,province,\nC,丙,A,bureau,city,\n", "en"),
		loc{3, "parent_code", `only one root unit (empty parent) is allowed; "A" is one already`})
}

// TestValidateRowsCountBlankLines: a spreadsheet shows a blank line of a
// CSV as an empty row, so errors after it name the row it shows, also
// inside messages; a newline inside a quoted note is not a new row.
func TestValidateRowsCountBlankLines(t *testing.T) {
	s := validBase.load(t)
	body := fixture.ValsHeader + "S,B1,2025Q2,80,,\n\n\r\nS,B2,2025Q2,81,,\"two\nlines\"\n,,,,,\nS,B1,2025Q2,82,,\nS,B2,2025Q2,abc,,\n"
	// rows: 1 header, 2 B1, 3 and 4 blank, 5 B2 (its note keeps its
	// newline in one cell), 6 empty cells, 7 B1 again, 8 the bad number
	expectErrors(t, mustReject(t, s, data.KindValues, body, "en"),
		loc{7, "indicator_code", "duplicates row 2"},
		loc{8, "actual", `"abc" is not a number`},
		loc{8, "indicator_code", "duplicates row 5"})
	// Without the bad rows the file imports: blank lines and the row of
	// empty cells are no rows.
	good := fixture.ValsHeader + "S,B1,2025Q2,80,,\n\n\r\nS,B2,2025Q2,81,,\"two\nlines\"\n,,,,,\n"
	if b := mustImport(t, s, data.KindValues, writeFile(t, "good.csv", good)); b.Rows != 2 {
		t.Errorf("%d rows imported, want 2", b.Rows)
	}
}

// TestValidateVersionOverlapNamesTheRow: overlapping versions of one
// indicator name the other row as a number.
func TestValidateVersionOverlapNamesTheRow(t *testing.T) {
	s := mustOpen(t)
	mustImport(t, s, data.KindUnits, writeFile(t, "u.csv", validBase.units))
	body := fixture.CSVOf(fixture.IndHeader,
		"S,分局指标,admin,execution,,分,higher,linear,100,100,0,ZG,,desk,manual,false,,2025Q2",
		"S,分局指标,admin,execution,,分,higher,linear,90,100,0,ZG,,desk,manual,false,2025Q1,")
	expectErrors(t, mustReject(t, s, data.KindIndicators, body, "en"),
		loc{3, "valid_from", "the validity of indicator S overlaps row 2"})
}

// TestValidateXLSXEmptyRows: an empty row of a sheet is skipped like a
// blank CSV line, and rows after it keep the numbers the sheet shows.
func TestValidateXLSXEmptyRows(t *testing.T) {
	s := validBase.load(t)
	f := excelize.NewFile()
	defer f.Close()
	for r, row := range [][]any{
		{"indicator_code", "unit_code", "period", "actual", "target", "note"},
		{"S", "B1", "2025Q2", 80},
		nil,                          // row 3 empty
		{"", " ", nil, nil},          // row 4: cells written but blank
		{"S", "B2", "2025Q2", "abc"}, // row 5
	} {
		if row != nil {
			if err := f.SetSheetRow("Sheet1", fmt.Sprintf("A%d", r+1), &row); err != nil {
				t.Fatal(err)
			}
		}
	}
	path := filepath.Join(t.TempDir(), "gap.xlsx")
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	before := takeSnapshot(t, s)
	_, err := Import(context.Background(), s, data.KindValues, path, Options{Lang: "en"})
	var rej *RejectedError
	if !errors.As(err, &rej) {
		t.Fatalf("got %v, want a rejection", err)
	}
	expectErrors(t, rej.Errors, loc{5, "actual", `"abc" is not a number`})
	if after := takeSnapshot(t, s); !reflect.DeepEqual(before, after) {
		t.Error("a rejected file changed the store")
	}
	// Without the bad row the file imports, empty rows and all.
	if err := f.SetSheetRow("Sheet1", "A5", &[]any{"S", "B2", "2025Q2", 85}); err != nil {
		t.Fatal(err)
	}
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	b := mustImport(t, s, data.KindValues, path)
	if b.Rows != 2 {
		t.Errorf("%d rows imported, want 2", b.Rows)
	}
}

// TestValueMagnitudeRefused: a number no real indicator has (1e308 overflows
// the scores to ±Inf) is refused with its row and column, whether the file
// would take the fast path (a clean CSV) or the full path ("95%" sends it
// there), in every numeric column; the bound is a setting.
func TestValueMagnitudeRefused(t *testing.T) {
	s := validBase.load(t)
	for _, c := range []struct {
		name, body string
		want       []loc
	}{
		{"fast path", fixture.CSVOf(fixture.ValsHeader, "S,B1,2025Q2,80,,", "S,B2,2025Q2,1e308,,", "S,B1,2025Q3,-1e308,,"),
			[]loc{{3, "actual", "1e308 is out of range"}, {4, "actual", "-1e308 is out of range"}}},
		{"fast path target", fixture.CSVOf(fixture.ValsHeader, "S,B1,2025Q2,80,-2e12,"),
			[]loc{{2, "target", "-2e12 is out of range (the magnitude may not exceed 1e12)"}}},
		{"full path", fixture.CSVOf(fixture.ValsHeader, "S,B1,2025Q2,95%,,", "S,B2,2025Q2,1e308,,", "S,B1,2025Q3,80,1e13%,"),
			[]loc{{3, "actual", "1e308 is out of range"}, {4, "target", "1e13% is out of range"}}},
	} {
		t.Run(c.name, func(t *testing.T) {
			expectErrors(t, mustReject(t, s, data.KindValues, c.body, "en"), c.want...)
		})
	}
	errs := mustReject(t, s, data.KindIndicators,
		fixture.IndHeader+"N,新指标,admin,execution,,%,higher,linear,1e15,100,0,ZG,,desk,manual,false,,\n", "")
	expectErrors(t, errs, loc{2, "weight", "数值 1e15 超出允许范围"})

	// Up to the bound is accepted; a lower bound set by the office applies.
	mustImport(t, s, data.KindValues, writeFile(t, "ok.csv", fixture.CSVOf(fixture.ValsHeader, "S,B1,2025Q2,1e12,,")))
	if err := s.SetSetting(context.Background(), "admin", queries.SettingMaxValue, "1000"); err != nil {
		t.Fatal(err)
	}
	expectErrors(t, mustReject(t, s, data.KindValues, fixture.CSVOf(fixture.ValsHeader, "S,B1,2025Q2,1001,,"), "en"),
		loc{2, "actual", "1001 is out of range (the magnitude may not exceed 1000)"})
}

package imports

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"

	"jixiao/data"
	"jixiao/queries"
	"jixiao/queries/fixture"
)

// rejectPath imports the file at path, expects a rejection that changed
// nothing, and checks that every error is in plain words: a row (never 0),
// no server path, no DuckDB or Go error text.
func rejectPath(t *testing.T, s *queries.Store, kind data.Kind, path, lang string) []data.RowError {
	t.Helper()
	before := takeSnapshot(t, s)
	_, err := Import(context.Background(), s, kind, path, Options{User: "test", Lang: lang})
	var rej *RejectedError
	if !errors.As(err, &rej) || len(rej.Errors) == 0 {
		t.Fatalf("got %v, want a rejection", err)
	}
	if after := takeSnapshot(t, s); !reflect.DeepEqual(before, after) {
		t.Error("a rejected file changed the store")
	}
	for _, e := range rej.Errors {
		if e.Row < 1 {
			t.Errorf("error at row %d: %+v", e.Row, e)
		}
		for _, bad := range []string{os.TempDir(), filepath.Dir(path), "Error", "error:", "zip:", "duckdb", "Line:"} {
			if strings.Contains(e.Message, bad) {
				t.Errorf("message %q shows internal text %q", e.Message, bad)
			}
		}
	}
	return rej.Errors
}

func writeRaw(t *testing.T, name string, b []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestImportErrorsInPlainWords: encoding problems, damaged workbooks and
// Parquet files, over-long CSV lines and oversized cells are refused at a
// row and column in words a user reads, never DuckDB's text or a temp path.
func TestImportErrorsInPlainWords(t *testing.T) {
	s := validBase.load(t)
	le := func(text string) []byte {
		out := []byte{0xFF, 0xFE}
		for _, u := range utf16.Encode([]rune(text)) {
			out = append(out, byte(u), byte(u>>8))
		}
		return out
	}
	noBOM := le(fixture.ValsHeader + "S,B1,2025Q2,80,,\n")[2:]
	cases := []struct {
		name string
		path string
		lang string
		want []loc
	}{
		{"invalid bytes", writeRaw(t, "bad.csv", []byte(fixture.ValsHeader+"S,B1,2025Q2,80,,\nS,B2,2025Q2,8\xff0,,\n")), "en",
			[]loc{{3, "actual", "holds the byte 0xFF, which is neither UTF-8 nor GB18030"}}},
		{"invalid bytes after Chinese", writeRaw(t, "bad.csv", append(gbBytes(t, "指标代码,单位代码,考核期,实际值\nS,B1,2025Q2,80\n"), []byte("S,B2,2025Q2,\x80\n")...)), "",
			[]loc{{3, "实际值", "0x80"}}},
		{"UTF-16 with BOM", writeRaw(t, "u16.csv", le(fixture.ValsHeader+"S,B1,2025Q2,80,,\n")), "",
			[]loc{{1, "", "UTF-16"}}},
		{"UTF-16 without BOM", writeRaw(t, "u16.csv", noBOM), "en",
			[]loc{{1, "", "save it as a UTF-8 or GB18030"}}},
		{"damaged Parquet", writeRaw(t, "v.parquet", []byte("PAR1 not really")), "en",
			[]loc{{1, "", "not a readable Parquet file"}}},
		{"damaged workbook", writeRaw(t, "v.xlsx", []byte("PK\x03\x04 not really")), "en",
			[]loc{{1, "", "not a readable XLSX workbook"}}},
		{"CSV line too long", writeRaw(t, "long.csv", []byte(fixture.ValsHeader+"S,B1,2025Q2,80,,\nS,B2,2025Q2,80,,"+strings.Repeat("x", 3<<20)+"\n")), "en",
			[]loc{{3, "", "cannot be read as CSV"}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			expectErrors(t, rejectPath(t, s, data.KindValues, c.path, c.lang), c.want...)
		})
	}
	// A cell over the limit set by the office (Excel itself stops at 32,767 characters).
	if err := s.SetSetting(context.Background(), "admin", queries.SettingXLSXCellBytes, "2048"); err != nil {
		t.Fatal(err)
	}
	big := xlsxOf(t, [][]any{{"indicator_code", "unit_code", "period", "actual"}, {"S", "B1", "2025Q2", 80}, {"S", "B2", "2025Q2", strings.Repeat("9", 3000)}})
	expectErrors(t, rejectPath(t, s, data.KindValues, big, "en"), loc{3, "actual", "larger than 2 KiB"})
}

func gbBytes(t *testing.T, s string) []byte {
	t.Helper()
	b, err := simplifiedchinese.GB18030.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func xlsxOf(t *testing.T, rows [][]any) string {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for r, row := range rows {
		if err := f.SetSheetRow("Sheet1", fmt.Sprintf("A%d", r+1), &row); err != nil {
			t.Fatal(err)
		}
	}
	p := filepath.Join(t.TempDir(), "v.xlsx")
	if err := f.SaveAs(p); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestImportedNamesRefuseControlCharacters: a unit, indicator or user name
// carrying a control character (an ANSI escape, a line break inside a
// tab, C1) is refused at its row and column; nothing is stored.
func TestImportedNamesRefuseControlCharacters(t *testing.T) {
	s := validBase.load(t)
	units := fixture.CSVOf(fixture.UnitsHeader,
		"P,省局,,bureau,province,",
		"C1,\x1b[31m市局\x1b[0m,P,bureau,city,",
		"K1,县局\t,C1,bureau,county,",
		"B1,分局\u00851,K1,branch,county,",
		"B2,分局2,K1,branch,county,g\x07")
	errs := rejectPath(t, s, data.KindUnits, writeRaw(t, "units.csv", []byte(units)), "zh")
	want := map[int]string{3: "name", 4: "name", 5: "name", 6: "peer_group"}
	got := map[int]string{}
	for _, e := range errs {
		if strings.Contains(e.Message, "控制字符") {
			got[e.Row] = e.Column
		}
	}
	if len(got) != 4 || got[3] != "name" || got[4] != "name" || got[5] != "name" || got[6] != "peer_group" {
		t.Fatalf("control character errors %+v, want rows %v (all errors %+v)", got, want, errs)
	}
	users := "username,name,unit_code,role,password\nu1,\x1b]0;pwn\x07,P,staff,Secret-2025x\n"
	errs = rejectPath(t, s, data.KindUsers, writeRaw(t, "users.csv", []byte(users)), "en")
	if len(errs) != 1 || errs[0].Row != 2 || errs[0].Column != "name" || !strings.Contains(errs[0].Message, "control characters") {
		t.Errorf("users: %+v", errs)
	}
	ind := fixture.CSVOf(fixture.IndHeader, "S2,分局\x1b指标,admin,execution,,分,higher,linear,100,100,0,ZG,,desk,manual,false,,")
	errs = rejectPath(t, s, data.KindIndicators, writeRaw(t, "indicators.csv", []byte(ind)), "en")
	if len(errs) != 1 || errs[0].Row != 2 || errs[0].Column != "name" {
		t.Errorf("indicators: %+v", errs)
	}
	// Ordinary Chinese names, full-width punctuation and spaces pass.
	ok := fixture.CSVOf(fixture.UnitsHeader, "P,省局（本级） 一,,bureau,province,")
	if _, err := Import(context.Background(), s, data.KindUnits, writeRaw(t, "ok.csv", []byte(ok)), Options{User: "test"}); err != nil {
		t.Errorf("a plain name: %v", err)
	}
}

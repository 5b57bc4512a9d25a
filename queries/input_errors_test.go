package queries

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
)

// rejectPath imports the file at path, expects a rejection that changed
// nothing, and checks that every error is in plain words: a row (never 0),
// no server path, no DuckDB or Go error text.
func rejectPath(t *testing.T, s *Store, kind data.Kind, path, lang string) []data.RowError {
	t.Helper()
	before := takeSnapshot(t, s)
	_, err := s.Import(context.Background(), kind, path, ImportOptions{User: "test", Lang: lang})
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
	noBOM := le(valsHeader + "S,B1,2025Q2,80,,\n")[2:]
	cases := []struct {
		name string
		path string
		lang string
		want []loc
	}{
		{"invalid bytes", writeRaw(t, "bad.csv", []byte(valsHeader+"S,B1,2025Q2,80,,\nS,B2,2025Q2,8\xff0,,\n")), "en",
			[]loc{{3, "actual", "holds the byte 0xFF, which is neither UTF-8 nor GB18030"}}},
		{"invalid bytes after Chinese", writeRaw(t, "bad.csv", append(gbBytes(t, "指标代码,单位代码,考核期,实际值\nS,B1,2025Q2,80\n"), []byte("S,B2,2025Q2,\x80\n")...)), "",
			[]loc{{3, "实际值", "0x80"}}},
		{"UTF-16 with BOM", writeRaw(t, "u16.csv", le(valsHeader+"S,B1,2025Q2,80,,\n")), "",
			[]loc{{1, "", "UTF-16"}}},
		{"UTF-16 without BOM", writeRaw(t, "u16.csv", noBOM), "en",
			[]loc{{1, "", "save it as a UTF-8 or GB18030"}}},
		{"damaged Parquet", writeRaw(t, "v.parquet", []byte("PAR1 not really")), "en",
			[]loc{{1, "", "not a readable Parquet file"}}},
		{"damaged workbook", writeRaw(t, "v.xlsx", []byte("PK\x03\x04 not really")), "en",
			[]loc{{1, "", "not a readable XLSX workbook"}}},
		{"CSV line too long", writeRaw(t, "long.csv", []byte(valsHeader+"S,B1,2025Q2,80,,\nS,B2,2025Q2,80,,"+strings.Repeat("x", 3<<20)+"\n")), "en",
			[]loc{{3, "", "cannot be read as CSV"}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			expectErrors(t, rejectPath(t, s, data.KindValues, c.path, c.lang), c.want...)
		})
	}
	// A cell over the limit set by the office (Excel itself stops at 32,767 characters).
	if err := s.SetSetting(context.Background(), "admin", SettingXLSXCellBytes, "2048"); err != nil {
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

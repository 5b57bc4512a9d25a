package data

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"
)

const sample = 256 << 10 // DetectEncoding's chunk

func writeTemp(t *testing.T, name string, b []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func gb(t *testing.T, s string) []byte {
	t.Helper()
	b, err := simplifiedchinese.GB18030.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// asciiRows returns CSV rows of ASCII text of exactly n bytes.
func asciiRows(n int) []byte {
	row := []byte("S,B1,2025Q1,98.5,,\n")
	out := bytes.Repeat(row, n/len(row)+1)[:n]
	return out
}

// cutAt places the multibyte character c so that its first k bytes end the
// first sample and the rest starts the next: ASCII, then c, then more text.
func cutAt(c []byte, k int, tail []byte) []byte {
	b := asciiRows(sample - k)
	b = append(b, c...)
	return append(b, tail...)
}

func TestDetectEncoding(t *testing.T) {
	utf8Zh := []byte("代码,名称\nGX,国家税务总局广西壮族自治区税务局\n")
	gbZh := gb(t, string(utf8Zh))
	cases := []struct {
		name string
		body []byte
		want Encoding
	}{
		{"empty", nil, UTF8},
		{"ascii", []byte("code,name\nGX,x\n"), UTF8},
		{"utf-8", utf8Zh, UTF8},
		{"utf-8 with BOM", append([]byte("\uFEFF"), utf8Zh...), UTF8BOM},
		{"BOM only", []byte("\uFEFF"), UTF8BOM},
		{"gb18030", gbZh, GB18030},
		{"gb18030 4-byte character", gb(t, "名称\n𠀀\n"), GB18030},
		{"utf-8 longer than a sample", append(append([]byte{}, utf8Zh...), asciiRows(3*sample)...), UTF8},
		{"utf-8 exactly one sample", append(asciiRows(sample-3), []byte("税")...), UTF8},
		{"gb18030 after a sample of ASCII", append(asciiRows(sample+100), gb(t, "备注：税收\n")...), GB18030},
		{"gb18030 after two samples of ASCII", append(asciiRows(2*sample+7), gb(t, "备注\n")...), GB18030},
		{"invalid utf-8 in the first sample", append([]byte("a,b\n\xb0\xa1\n"), asciiRows(sample)...), GB18030},
	}
	// A UTF-8 character cut at the end of a sample, after 1, 2 or 3 of its bytes.
	for _, c := range []string{"税", "é", "😀"} {
		for k := 1; k < len(c); k++ {
			cases = append(cases, struct {
				name string
				body []byte
				want Encoding
			}{"utf-8 " + c + " cut after " + string(rune('0'+k)), cutAt([]byte(c), k, []byte("\n税收,1\n")), UTF8})
		}
	}
	// A GB18030 character cut at the end of a sample: with Chinese before it
	// (the usual file: Chinese headers) and with only ASCII before it.
	for _, c := range []string{"税", "收", "中", "𠀀"} {
		g := gb(t, c)
		for k := 1; k < len(g); k++ {
			head := append(gb(t, "代码,名称\n"), asciiRows(sample-k-len(gb(t, "代码,名称\n")))...)
			body := append(append(head, g...), gb(t, "\n税务局\n")...)
			cases = append(cases, struct {
				name string
				body []byte
				want Encoding
			}{"gb18030 " + c + " cut, Chinese header", body, GB18030},
				struct {
					name string
					body []byte
					want Encoding
				}{"gb18030 " + c + " cut, ASCII before", cutAt(g, k, gb(t, "\n税务局\n")), GB18030})
		}
	}
	for _, c := range cases {
		got, err := DetectEncoding(writeTemp(t, "f.csv", c.body))
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if got != c.want {
			t.Errorf("%s: got %s want %s", c.name, got, c.want)
		}
	}
	if _, err := DetectEncoding(filepath.Join(t.TempDir(), "missing.csv")); err == nil {
		t.Error("no error for a missing file")
	}
}

func TestConvertToUTF8(t *testing.T) {
	want := "代码,名称\r\nGX,国家税务总局广西壮族自治区税务局\r\nA,𠀀\r\n"
	var out bytes.Buffer
	if err := ConvertToUTF8(writeTemp(t, "gb.csv", gb(t, want)), &out); err != nil {
		t.Fatal(err)
	}
	if out.String() != want {
		t.Errorf("got %q want %q", out.String(), want)
	}
}

func TestDetectFormat(t *testing.T) {
	x := excelize.NewFile()
	if err := x.SetCellValue("Sheet1", "A1", "代码"); err != nil {
		t.Fatal(err)
	}
	xlsx := filepath.Join(t.TempDir(), "book.xlsx")
	if err := x.SaveAs(xlsx); err != nil {
		t.Fatal(err)
	}
	x.Close()
	xb, err := os.ReadFile(xlsx)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		body []byte
		want Format
	}{
		{"csv", []byte("code,name\n"), FormatCSV},
		{"gb18030 csv", gb(t, "代码,名称\n"), FormatCSV},
		{"empty", nil, FormatCSV},
		{"two bytes", []byte("PA"), FormatCSV},
		{"PAR without 1", []byte("PARX rest"), FormatCSV},
		{"parquet magic", []byte("PAR1\x15\x04..."), FormatParquet},
		{"zip magic", []byte("PK\x03\x04rest"), FormatXLSX},
		{"xlsx renamed .csv", xb, FormatXLSX},
	} {
		got, err := DetectFormat(writeTemp(t, "upload.csv", c.body))
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if got != c.want {
			t.Errorf("%s: got %s want %s", c.name, got, c.want)
		}
	}
	if _, err := DetectFormat(filepath.Join(t.TempDir(), "missing")); err == nil {
		t.Error("no error for a missing file")
	}
}

// TestMapHeaderChinese maps every table's template (Chinese) header.
func TestMapHeaderChinese(t *testing.T) {
	for _, k := range Kinds {
		fields := Tables[k]
		header := make([]string, len(fields))
		for i, f := range fields {
			header[i] = f.ChineseHeader()
		}
		// reversed, so that a match by position would show
		rev := make([]string, len(header))
		for i := range header {
			rev[len(header)-1-i] = header[i]
		}
		idx, errs := MapHeader(k, rev)
		if len(errs) > 0 {
			t.Errorf("%s: %+v", k, errs)
		}
		for i, f := range fields {
			if idx[i] != len(header)-1-i {
				t.Errorf("%s %s (%s): column %d, want %d", k, f.Name, f.ChineseHeader(), idx[i], len(header)-1-i)
			}
		}
	}
}

// TestMapHeaderAliases: every alias names exactly one column of its table.
func TestMapHeaderAliases(t *testing.T) {
	for _, k := range Kinds {
		owner := map[string]string{}
		for _, f := range Tables[k] {
			for _, a := range append([]string{f.Name}, f.Aliases...) {
				if o, dup := owner[a]; dup {
					t.Errorf("%s: header %q names both %s and %s", k, a, o, f.Name)
				}
				owner[a] = f.Name
			}
		}
		for a, name := range owner {
			idx, _ := MapHeader(k, []string{"无关列", a})
			for i, f := range Tables[k] {
				want := -1
				if f.Name == name {
					want = 1
				}
				if idx[i] != want {
					t.Errorf("%s: header %q maps %s to %d, want %d", k, a, f.Name, idx[i], want)
				}
			}
		}
	}
	// The SPEC's names for the values table.
	idx, errs := MapHeader(KindValues, []string{"指标代码", "单位代码", "考核期", "实际值", "目标值", "备注"})
	if len(errs) > 0 || !reflect.DeepEqual(idx, []int{0, 1, 2, 3, 4, 5}) {
		t.Errorf("values: %v %+v", idx, errs)
	}
	idx, errs = MapHeader(KindIndicators, []string{"指标代码", "指标名称", "体系", "考核层级", "方向", "计分规则", "分值", "目标值"})
	if len(errs) > 0 || idx[8] != 6 || idx[9] != 7 || idx[10] != -1 {
		t.Errorf("indicators with 分值: %v %+v", idx, errs)
	}
}

func TestMapHeaderProblems(t *testing.T) {
	// English is case-insensitive and tolerates a BOM and spaces; extra columns are ignored.
	idx, errs := MapHeader(KindUnits, []string{"\uFEFFCode", " NAME ", "extra", "Kind", "level"})
	if len(errs) > 0 || !reflect.DeepEqual(idx, []int{0, 1, -1, 3, 4, -1, -1}) {
		t.Errorf("units: %v %+v", idx, errs)
	}
	// Missing required columns are named; missing optional ones are not errors.
	_, errs = MapHeader(KindValues, []string{"指标代码", "期间"})
	var missing []string
	for _, e := range errs {
		if e.Message.Key != "missing_column" {
			t.Errorf("unexpected %+v", e)
		}
		missing = append(missing, e.Column)
	}
	if !reflect.DeepEqual(missing, []string{"unit_code", "actual"}) {
		t.Errorf("missing columns: %v", missing)
	}
	if got := errs[1].Message.Text("zh"); got != "缺少必需的列 actual（实际值）" {
		t.Errorf("zh: %q", got)
	}
	if got := errs[1].Message.Text("en"); got != "required column actual (实际值) is missing" {
		t.Errorf("en: %q", got)
	}
	// One column twice, in English and in Chinese.
	_, errs = MapHeader(KindUnits, []string{"code", "name", "kind", "level", "代码"})
	if len(errs) != 1 || errs[0].Column != "代码" || errs[0].Message.Key != "dup_column" {
		t.Errorf("duplicate column: %+v", errs)
	}
}

func TestReadCSVHeader(t *testing.T) {
	for in, want := range map[string][]string{
		"\uFEFF代码,名称\r\nGX,x\r\n":    {"代码", "名称"},
		"a,\"b,c\",\"d\"\"e\"\nrest": {"a", "b,c", `d"e`},
		"only":                       {"only"},
	} {
		got, err := ReadCSVHeader(strings.NewReader(in))
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("%q: got %q %v want %q", in, got, err, want)
		}
	}
	if _, err := ReadCSVHeader(strings.NewReader("")); err == nil {
		t.Error("no error for an empty file")
	}
}

// TestXLSXRows reads numbers as stored, not as formatted.
func TestXLSXRows(t *testing.T) {
	x := excelize.NewFile()
	for cell, v := range map[string]any{"A1": "实际值", "B1": "期间", "A2": 96.11, "B2": "2025Q1", "A3": 87.125, "B3": "2025Q2"} {
		if err := x.SetCellValue("Sheet1", cell, v); err != nil {
			t.Fatal(err)
		}
	}
	style, _ := x.NewStyle(&excelize.Style{NumFmt: 10}) // 0.00%
	x.SetCellStyle("Sheet1", "A2", "A2", style)
	p := filepath.Join(t.TempDir(), "b.xlsx")
	if err := x.SaveAs(p); err != nil {
		t.Fatal(err)
	}
	var rows [][]string
	if err := XLSXRows(p, testLimits, func(r []string) error { rows = append(rows, r); return nil }); err != nil {
		t.Fatal(err)
	}
	want := [][]string{{"实际值", "期间"}, {"96.11", "2025Q1"}, {"87.125", "2025Q2"}}
	if !reflect.DeepEqual(rows, want) {
		t.Errorf("got %q want %q", rows, want)
	}
	if err := XLSXRows(writeTemp(t, "x.xlsx", []byte("PK\x03\x04 not a zip")), testLimits, func([]string) error { return nil }); err == nil {
		t.Error("no error for a broken workbook")
	}
}

package data

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

// Fuzz targets of the file readers and parsers (issue 10). Their seed
// corpus is testdata/fuzz/FuzzXxx plus the f.Add seeds; .ci/run runs each
// for a few seconds after the tests.

// FuzzParsePeriod: a parsed period prints back as it was read, and
// IsQuarter agrees with the parser.
func FuzzParsePeriod(f *testing.F) {
	for _, s := range []string{"2025Q4", "2025", "1000Q1", "2047Q4", "2025q1", "2025Q5", "", "９９９９Q1", "2025Q1\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := ParsePeriod(s)
		if IsQuarter(s) != (err == nil && !p.IsYear()) {
			t.Fatalf("IsQuarter(%q) = %v but ParsePeriod gives %+v, %v", s, IsQuarter(s), p, err)
		}
		if err != nil {
			return
		}
		if p.String() != s {
			t.Fatalf("ParsePeriod(%q).String() = %q", s, p.String())
		}
		if p.Year > 1000 {
			if q, err := ParsePeriod(p.Prev().String()); err != nil || q == p {
				t.Fatalf("Prev of %q: %+v %v", s, q, err)
			}
		}
	})
}

// FuzzDetectEncoding: any bytes get an encoding or an EncodingError, never
// another failure; what is called UTF-8 is valid UTF-8, and what is called
// GB18030 converts to valid UTF-8 without replacement characters it did
// not hold.
func FuzzDetectEncoding(f *testing.F) {
	for _, b := range [][]byte{
		[]byte("code,name\nGX,广西\n"), []byte("\uFEFFcode,name\n"), []byte("a,b\n\xb0\xa1\n"),
		[]byte("a,b\n\xff\n"), {0xFF, 0xFE, 'a', 0}, {'a', 0, 'b', 0, ',', 0}, []byte("a,\"b\nc\",\x81\x30\x81\x30\n"),
	} {
		f.Add(b)
	}
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, b []byte) {
		p := filepath.Join(dir, "f.csv")
		if err := os.WriteFile(p, b, 0o600); err != nil {
			t.Fatal(err)
		}
		enc, err := DetectEncoding(p)
		var ee *EncodingError
		if errors.As(err, &ee) {
			if ee.Row < 0 || ee.Field < 0 || ee.Msg().Text("zh") == "" {
				t.Fatalf("bad EncodingError %+v", ee)
			}
			return
		}
		if err != nil {
			t.Fatalf("DetectEncoding: %v", err)
		}
		switch enc {
		case UTF8, UTF8BOM:
			if enc == UTF8 && !utf8.Valid(b) {
				t.Fatalf("invalid UTF-8 called UTF-8: %q", b)
			}
		case GB18030:
			var out bytes.Buffer
			if err := ConvertToUTF8(p, &out); err != nil {
				t.Fatal(err)
			}
			if !utf8.Valid(out.Bytes()) {
				t.Fatalf("GB18030 conversion gave invalid UTF-8 from %q", b)
			}
			if strings.ContainsRune(out.String(), utf8.RuneError) && !bytes.Contains(b, []byte{0x84, 0x31, 0xA4, 0x37}) {
				t.Fatalf("%q passed the GB18030 check but does not decode", b)
			}
		default:
			t.Fatalf("unknown encoding %q", enc)
		}
	})
}

// FuzzHeader: any header line maps to distinct in-range cells or errors
// naming a column; the blank-line scan and the CSV header reader never fail
// on text.
func FuzzHeader(f *testing.F) {
	f.Add("indicator_code,unit_code,period,actual,target,note")
	f.Add("指标代码,单位代码,考核期,实际值")
	f.Add("\uFEFF\"code\",\"na,me\",parent_code\r")
	f.Add("actual,actual,实际值")
	f.Fuzz(func(t *testing.T, line string) {
		cells, err := ReadCSVHeader(strings.NewReader(line + "\nx\n"))
		if err != nil {
			t.Fatal(err)
		}
		for _, k := range Kinds {
			idx, herrs := MapHeader(k, cells)
			seen := map[int]bool{}
			for _, i := range idx {
				if i < -1 || i >= len(cells) || i >= 0 && seen[i] {
					t.Fatalf("%s: index %d of %d cells (%v)", k, i, len(cells), idx)
				}
				seen[i] = true
			}
			for _, h := range herrs {
				if h.Message.Text("en") == "" {
					t.Fatal("header error without a message")
				}
			}
		}
		p := filepath.Join(t.TempDir(), "h.csv")
		os.WriteFile(p, []byte(line+"\n\na,b\n"), 0o600)
		if _, err := CSVBlankRecords(p); err != nil {
			t.Fatal(err)
		}
	})
}

// FuzzXLSXRows: any bytes starting like a zip are read or refused with a
// FileError (a row ≥ 0 and a message), never a panic or another error, in
// bounded time.
func FuzzXLSXRows(f *testing.F) {
	f.Add(plainXLSX(f))
	f.Add([]byte("PK\x03\x04"))
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, b []byte) {
		p := filepath.Join(dir, "f.xlsx")
		if err := os.WriteFile(p, b, 0o600); err != nil {
			t.Fatal(err)
		}
		err := XLSXRows(p, XLSXLimits{SheetBytes: 1 << 20, CellBytes: 1 << 10}, func(row []string) error {
			for _, c := range row {
				if len(c) > 1<<10 {
					t.Fatalf("a cell of %d bytes passed the limit", len(c))
				}
			}
			return nil
		})
		var fe *FileError
		if err != nil && (!errors.As(err, &fe) || fe.Row < 0 || fe.Msg.Text("en") == "") {
			t.Fatalf("XLSXRows: %v", err)
		}
	})
}

// plainXLSX is a small valid workbook, the seed the fuzzer mutates.
func plainXLSX(f *testing.F) []byte {
	p := writeXLSX(f, func(w io.Writer) {
		sheetRows(w, []string{"indicator_code", "unit_code", "period", "actual"}, []string{"S", "B1", "2025Q1", "98.5"})
	}, 0)
	b, err := os.ReadFile(p)
	if err != nil {
		f.Fatal(err)
	}
	return b
}

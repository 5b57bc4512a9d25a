package data

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"errors"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
	"unicode/utf16"
)

var testLimits = XLSXLimits{SheetBytes: 256 << 20, CellBytes: 32 << 10}

func utf16Bytes(s string, bigEndian, bom bool) []byte {
	var out []byte
	units := utf16.Encode([]rune(s))
	if bom {
		units = append([]uint16{0xFEFF}, units...)
	}
	for _, u := range units {
		if bigEndian {
			out = append(out, byte(u>>8), byte(u))
		} else {
			out = append(out, byte(u), byte(u>>8))
		}
	}
	return out
}

// TestDetectEncodingRefusesUTF16: Excel's "Unicode text" is UTF-16, with or
// without a BOM; it is named, not read as GB18030 into "missing columns".
func TestDetectEncodingRefusesUTF16(t *testing.T) {
	text := "指标代码,单位代码,考核期,实际值\nS,B1,2025Q1,98.5\nS,B2,2025Q1,97\n"
	for _, c := range []struct {
		name     string
		be, bom  bool
		ascii    bool
		override []byte
	}{
		{name: "LE with BOM", bom: true}, {name: "BE with BOM", be: true, bom: true},
		{name: "LE without BOM"}, {name: "BE without BOM", be: true},
	} {
		_, err := DetectEncoding(writeTemp(t, "u.csv", utf16Bytes(text, c.be, c.bom)))
		var ee *EncodingError
		if !errors.As(err, &ee) || !ee.UTF16 {
			t.Errorf("%s: got %v, want a UTF-16 EncodingError", c.name, err)
			continue
		}
		if m := ee.Msg().Text("zh"); !strings.Contains(m, "UTF-16") || !strings.Contains(m, "UTF-8 或 GB18030") {
			t.Errorf("%s: message %q does not name UTF-16 and the way out", c.name, m)
		}
	}
}

// TestDetectEncodingRefusesInvalidBytes: bytes that are neither UTF-8 nor
// GB18030 are refused at their row and cell, where a GB18030 file is read.
func TestDetectEncodingRefusesInvalidBytes(t *testing.T) {
	head := gb(t, "代码,名称\nGX,广西\n")
	for _, c := range []struct {
		name       string
		body       []byte
		row, field int
		b          byte
	}{
		{"0xFF in the second cell", append(append([]byte{}, head...), []byte("GY,a\xffb\n")...), 3, 1, 0xFF},
		{"0x80 lead byte", append(append([]byte{}, head...), []byte("G\x80,x\n")...), 3, 0, 0x80},
		{"bad trail byte", append(append([]byte{}, head...), []byte("GY,x,\xb0\x20\n")...), 3, 2, 0xB0},
		{"lead byte cut at the end", append(append([]byte{}, head...), []byte("GY,\xb0")...), 3, 1, 0xB0},
		{"bad 4-byte sequence", append(append([]byte{}, head...), []byte("GY,\x81\x30\x20\x30\n")...), 3, 1, 0x81},
		{"quoted newline before", append(append([]byte{}, head...), []byte("GY,\"a\nb\",\xff\n")...), 3, 2, 0xFF},
		{"no Chinese before", []byte("code,name\nGY,\xfe\xff\n"), 2, 1, 0xFE},
	} {
		_, err := DetectEncoding(writeTemp(t, "bad.csv", c.body))
		var ee *EncodingError
		if !errors.As(err, &ee) || ee.UTF16 {
			t.Errorf("%s: got %v, want an EncodingError", c.name, err)
			continue
		}
		if ee.Row != c.row || ee.Field != c.field || ee.Byte != c.b {
			t.Errorf("%s: row %d field %d byte %#x, want row %d field %d byte %#x", c.name, ee.Row, ee.Field, ee.Byte, c.row, c.field, c.b)
		}
	}
	// Every GB18030 form stays accepted: 2-byte, 4-byte BMP, 4-byte supplementary.
	for _, s := range []string{"税务局", "€·•", "𠀀𪚥"} {
		body := append(append([]byte{}, head...), gb(t, "GY,"+s+"\n")...)
		if enc, err := DetectEncoding(writeTemp(t, "ok.csv", body)); err != nil || enc != GB18030 {
			t.Errorf("%q: got %s, %v, want gb18030", s, enc, err)
		}
	}
}

// writeXLSX writes a minimal workbook whose first sheet's XML is written by
// sheet (compressed at the fastest level); declared, when not 0, replaces
// the unpacked size its zip header states.
func writeXLSX(t testing.TB, sheet func(w io.Writer), declared uint64) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "h.xlsx")
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	z := zip.NewWriter(f)
	z.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) { return flate.NewWriter(w, flate.BestSpeed) })
	parts := map[string]string{
		"[Content_Types].xml":        `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`,
		"_rels/.rels":                `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
		"xl/workbook.xml":            `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>`,
		"xl/_rels/workbook.xml.rels": `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
	}
	for _, name := range []string{"[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels"} {
		w, _ := z.Create(name)
		io.WriteString(w, parts[name])
	}
	if declared == 0 {
		w, _ := z.Create("xl/worksheets/sheet1.xml")
		sheet(w)
	} else {
		var buf bytes.Buffer
		fw, _ := flate.NewWriter(&buf, flate.BestSpeed)
		sheet(fw)
		fw.Close()
		w, err := z.CreateRaw(&zip.FileHeader{Name: "xl/worksheets/sheet1.xml", Method: zip.Deflate,
			CompressedSize64: uint64(buf.Len()), UncompressedSize64: declared})
		if err != nil {
			t.Fatal(err)
		}
		w.Write(buf.Bytes())
	}
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
	return p
}

const sheetHead = `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`
const sheetTail = `</sheetData></worksheet>`

// sheetRows writes rows of inline-string cells.
func sheetRows(w io.Writer, rows ...[]string) {
	io.WriteString(w, sheetHead)
	for _, r := range rows {
		io.WriteString(w, "<row>")
		for _, c := range r {
			io.WriteString(w, `<c t="inlineStr"><is><t>`+c+`</t></is></c>`)
		}
		io.WriteString(w, "</row>")
	}
	io.WriteString(w, sheetTail)
}

// repeatWriter writes n bytes of b in 1 MiB chunks.
func repeatWriter(w io.Writer, b byte, n int64) {
	chunk := bytes.Repeat([]byte{b}, 1<<20)
	for ; n > 0; n -= int64(len(chunk)) {
		if n < int64(len(chunk)) {
			chunk = chunk[:n]
		}
		w.Write(chunk)
	}
}

func xlsxRefusal(t *testing.T, p string, lim XLSXLimits) *FileError {
	t.Helper()
	var m0, m1 runtime.MemStats
	runtime.ReadMemStats(&m0)
	t0 := time.Now()
	err := XLSXRows(p, lim, func([]string) error { return nil })
	d := time.Since(t0)
	runtime.ReadMemStats(&m1)
	var fe *FileError
	if !errors.As(err, &fe) {
		t.Fatalf("got %v, want a *FileError", err)
	}
	if d > 5*time.Second {
		t.Errorf("refused after %v; a hostile workbook must be refused fast", d)
	}
	// Bounded memory: the Go heap allocated while refusing (excelize and
	// the checks run in Go; the process's peak RSS follows it).
	if alloc := m1.TotalAlloc - m0.TotalAlloc; alloc > 64<<20 {
		t.Errorf("refusing allocated %d MiB; it must stay bounded", alloc>>20)
	}
	return fe
}

// TestXLSXHostileRefusedFast: workbooks that unpack to gigabytes (one
// 1 GiB cell), hold a cell over the limit, a sheet of whitespace, more rows
// than a sheet may have, or lie about their size, are refused within
// seconds with the limit named, before excelize unpacks them.
func TestXLSXHostileRefusedFast(t *testing.T) {
	t.Run("1 GiB cell", func(t *testing.T) {
		p := writeXLSX(t, func(w io.Writer) {
			io.WriteString(w, sheetHead+`<row><c t="inlineStr"><is><t>`)
			repeatWriter(w, 'a', 1<<30)
			io.WriteString(w, `</t></is></c></row>`+sheetTail)
		}, 0)
		if st, _ := os.Stat(p); st.Size() > 8<<20 {
			t.Fatalf("the hostile file is %d bytes; it should compress to a few MB", st.Size())
		}
		fe := xlsxRefusal(t, p, testLimits)
		if fe.Msg.Key != "sheet_too_large" || !strings.Contains(fe.Msg.Text("en"), "256 MiB") {
			t.Errorf("got %q, want the 256 MiB sheet limit", fe.Msg.Text("en"))
		}
	})
	t.Run("cell over the limit", func(t *testing.T) {
		p := writeXLSX(t, func(w io.Writer) {
			sheetRows(w, []string{"actual", "period"}, []string{"1", "2025Q1"}, []string{"2", strings.Repeat("x", 33<<10)})
		}, 0)
		fe := xlsxRefusal(t, p, testLimits)
		if fe.Msg.Key != "cell_too_large" || fe.Row != 3 || fe.Column != 1 {
			t.Errorf("got %+v (%s), want cell_too_large at row 3, cell 1", fe, fe.Msg.Text("en"))
		}
	})
	for _, c := range []struct {
		name     string
		body     func(w io.Writer) // the sheet before its tail
		declared uint64            // the zip's declared size (0: true)
		want     string
	}{
		{"whitespace", func(w io.Writer) {
			io.WriteString(w, sheetHead+`<row><c t="inlineStr"><is><t>a</t></is></c></row>`)
			repeatWriter(w, ' ', 200<<20)
		}, 0, "cell_too_large"},
		{"too many rows", func(w io.Writer) { io.WriteString(w, sheetHead+strings.Repeat("<row/>", MaxSheetRows+1)) }, 0, "too_many_rows"},
		{"declared size lies", func(w io.Writer) { io.WriteString(w, sheetHead); repeatWriter(w, 'a', 64<<20) }, 1000, "bad_xlsx"},
	} {
		t.Run(c.name, func(t *testing.T) {
			p := writeXLSX(t, func(w io.Writer) { c.body(w); io.WriteString(w, sheetTail) }, c.declared)
			if fe := xlsxRefusal(t, p, testLimits); fe.Msg.Key != c.want {
				t.Errorf("got %s, want %s", fe.Msg.Text("en"), c.want)
			}
		})
	}
	t.Run("lower limit from settings", func(t *testing.T) {
		p := writeXLSX(t, func(w io.Writer) { sheetRows(w, []string{"actual"}, []string{strings.Repeat("9", 2000)}) }, 0)
		if fe := xlsxRefusal(t, p, XLSXLimits{SheetBytes: 1 << 20, CellBytes: 1 << 10}); fe.Msg.Key != "cell_too_large" || fe.Row != 2 {
			t.Errorf("got %+v, want cell_too_large at row 2", fe)
		}
	})
	// A plain workbook within the limits reads.
	p := writeXLSX(t, func(w io.Writer) { sheetRows(w, []string{"actual"}, []string{"98.5"}) }, 0)
	var got [][]string
	if err := XLSXRows(p, testLimits, func(r []string) error { got = append(got, r); return nil }); err != nil || len(got) != 2 || got[1][0] != "98.5" {
		t.Errorf("plain workbook: %v %q", err, got)
	}
}

package data

import (
	"archive/zip"
	"bufio"
	"bytes"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// XLSXLimits bound what reading a workbook may cost: the unpacked size of
// the whole workbook, of one cell, and (fixed) a part other than sheets and
// shared strings, which excelize holds in memory.
type XLSXLimits struct {
	SheetBytes int64
	CellBytes  int64
}

// MaxSheetRows is the most rows a worksheet holds (Excel's limit).
const MaxSheetRows = 1 << 20

// maxOtherPart bounds styles, workbook, relations and the like: real ones
// are well under a megabyte.
const maxOtherPart = 32 << 20

// FileError is a file refused before or while it is read, at a row (0 when
// the whole file is concerned) and column, with a message.
type FileError struct {
	Row    int
	Column int // 0-based cell in the row; -1 when unknown
	Msg    Msg
}

func (e *FileError) Error() string { return e.Msg.Text("en") }

// XLSXRows streams the first sheet of a workbook: fn gets the header first,
// then every row as raw cell values (numbers unformatted, as stored). The
// zip entries' unpacked sizes are checked before anything is unpacked, and
// the sheets are scanned for oversized cells and rows before excelize
// parses them, so that a hostile file is refused in bounded memory and time
// (a zip entry cannot unpack past the size it declares: archive/zip
// refuses it). Problems are *FileError.
func XLSXRows(path string, lim XLSXLimits, fn func(row []string) error) error {
	if err := precheckXLSX(path, lim); err != nil {
		return err
	}
	f, err := excelize.OpenFile(path, excelize.Options{RawCellValue: true, UnzipSizeLimit: lim.SheetBytes + maxOtherPart})
	if err != nil {
		return &FileError{Column: -1, Msg: Msg{Key: "bad_xlsx"}}
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return &FileError{Column: -1, Msg: Msg{Key: "no_sheet"}}
	}
	rows, err := f.Rows(sheets[0])
	if err != nil {
		return &FileError{Column: -1, Msg: Msg{Key: "bad_xlsx"}}
	}
	defer rows.Close()
	for n := 1; rows.Next(); n++ {
		cols, err := rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return &FileError{Row: n, Column: -1, Msg: Msg{Key: "bad_xlsx"}}
		}
		for i, c := range cols {
			if int64(len(c)) > lim.CellBytes {
				return &FileError{Row: n, Column: i, Msg: Msg{Key: "cell_too_large", Args: []any{lim.CellBytes >> 10}}}
			}
			if !utf8.ValidString(c) {
				return &FileError{Row: n, Column: i, Msg: Msg{Key: "bad_cell"}}
			}
		}
		if err := fn(cols); err != nil {
			return err
		}
	}
	if rows.Error() != nil {
		return &FileError{Column: -1, Msg: Msg{Key: "bad_xlsx"}}
	}
	return nil
}

// precheckXLSX refuses a workbook whose declared unpacked size passes the
// limits, then streams its sheets and shared strings (constant memory)
// refusing a text run longer than a cell may be (entities counted at their
// longest, 6 bytes a character) or a sheet of more rows than Excel allows.
func precheckXLSX(path string, lim XLSXLimits) error {
	z, err := zip.OpenReader(path)
	if err != nil {
		return &FileError{Column: -1, Msg: Msg{Key: "bad_xlsx"}}
	}
	defer z.Close()
	tooLarge := &FileError{Column: -1, Msg: Msg{Key: "sheet_too_large", Args: []any{lim.SheetBytes >> 20}}}
	var total uint64
	var scan []*zip.File
	for _, e := range z.File {
		total += e.UncompressedSize64
		name := strings.ToLower(e.Name)
		isSheet := strings.HasPrefix(name, "xl/worksheets/")
		isStrings := name == "xl/sharedstrings.xml"
		if total > uint64(lim.SheetBytes) || (!isSheet && !isStrings && e.UncompressedSize64 > maxOtherPart) {
			return tooLarge
		}
		if isSheet || isStrings {
			scan = append(scan, e)
		}
	}
	for _, e := range scan {
		r, err := e.Open()
		if err != nil {
			return &FileError{Column: -1, Msg: Msg{Key: "bad_xlsx"}}
		}
		err = scanSheetXML(r, lim.CellBytes*6+64, strings.HasPrefix(strings.ToLower(e.Name), "xl/worksheets/"))
		r.Close()
		if err != nil {
			return err
		}
	}
	return nil
}

var rowAttr = regexp.MustCompile(`^row\b[^>]*?\sr="([0-9]{1,7})"`)

// scanSheetXML counts rows and measures the text between tags of one part.
func scanSheetXML(r io.Reader, maxRun int64, sheet bool) error {
	br := bufio.NewReaderSize(r, 256<<10)
	var run int64
	rows, count := 0, 0
	for {
		b, err := br.ReadByte()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			// zip.ErrFormat (more bytes than declared), ErrChecksum, a bad deflate stream.
			return &FileError{Column: -1, Msg: Msg{Key: "bad_xlsx"}}
		}
		if b != '<' {
			if run++; run > maxRun {
				return &FileError{Row: rows, Column: -1, Msg: Msg{Key: "cell_too_large", Args: []any{(maxRun - 64) / 6 >> 10}}}
			}
			continue
		}
		run = 0
		if !sheet {
			continue
		}
		if p, _ := br.Peek(4); len(p) == 4 && bytes.Equal(p[:3], []byte("row")) && (p[3] == ' ' || p[3] == '>' || p[3] == '/') {
			if count++; count > MaxSheetRows {
				return &FileError{Row: rows + 1, Column: -1, Msg: Msg{Key: "too_many_rows", Args: []any{MaxSheetRows}}}
			}
			// The row's number is its r attribute when given, else the next.
			rows++
			if p, _ := br.Peek(64); len(p) > 0 {
				if m := rowAttr.FindSubmatch(p); m != nil {
					if n, err := strconv.Atoi(string(m[1])); err == nil {
						rows = n
					}
				}
			}
		}
	}
}

// String words a FileError for logs and tests.
func (e *FileError) String() string {
	return fmt.Sprintf("row %d column %d: %s", e.Row, e.Column, e.Error())
}

package data

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/transform"
)

// Format is the detected file format of an import.
type Format string

// Import file formats.
const (
	FormatCSV     Format = "csv"
	FormatXLSX    Format = "xlsx"
	FormatParquet Format = "parquet"
)

// DetectFormat looks at the first bytes of a file, not at its name:
// users rename files, and a .csv saved by Excel may be a workbook.
func DetectFormat(path string) (Format, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	head := make([]byte, 4)
	n, _ := io.ReadFull(f, head)
	head = head[:n]
	switch {
	case bytes.HasPrefix(head, []byte("PAR1")):
		return FormatParquet, nil
	case bytes.HasPrefix(head, []byte("PK\x03\x04")):
		return FormatXLSX, nil
	}
	return FormatCSV, nil
}

// Encoding is a detected CSV text encoding.
type Encoding string

// CSV encodings jixiao detects.
const (
	UTF8    Encoding = "utf-8"
	UTF8BOM Encoding = "utf-8-bom"
	GB18030 Encoding = "gb18030"
)

// DetectEncoding sniffs a CSV: a BOM, else valid UTF-8 throughout, else
// GB18030 (a superset of GBK, which Excel on Chinese Windows writes). The
// whole file is checked, streaming: its first Chinese character may come
// after any number of ASCII rows. UTF-16, and bytes that are neither UTF-8
// nor GB18030, are an *EncodingError.
func DetectEncoding(path string) (Encoding, error) {
	enc, err := sniffEncoding(path)
	if err == nil && enc == GB18030 {
		err = checkGB18030(path)
	}
	return enc, err
}

func sniffEncoding(path string) (Encoding, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	buf := make([]byte, 256<<10)
	carry := 0 // bytes of a character cut at the end of the previous chunk
	for first := true; ; first = false {
		n, err := io.ReadFull(f, buf[carry:])
		if err != nil && err != io.ErrUnexpectedEOF && err != io.EOF {
			return "", err
		}
		chunk := buf[:carry+n]
		if first && utf16Head(chunk) {
			return "", &EncodingError{UTF16: true}
		}
		if first && bytes.HasPrefix(chunk, []byte{0xEF, 0xBB, 0xBF}) {
			return UTF8BOM, nil
		}
		more := err == nil
		// A multi-byte character may be cut at the end of the chunk.
		valid := trimPartialRune(chunk, more)
		if !utf8.Valid(valid) {
			return GB18030, nil
		}
		if !more {
			return UTF8, nil
		}
		carry = copy(buf, chunk[len(valid):])
	}
}

func trimPartialRune(b []byte, truncated bool) []byte {
	if !truncated {
		return b
	}
	for i := 0; i < utf8.UTFMax && len(b) > 0; i++ {
		if utf8.Valid(b) {
			return b
		}
		b = b[:len(b)-1]
	}
	return b
}

// ConvertToUTF8 copies a GB18030 CSV to w as UTF-8, streaming.
func ConvertToUTF8(path string, w io.Writer) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	r := transform.NewReader(bufio.NewReaderSize(f, 1<<20), simplifiedchinese.GB18030.NewDecoder())
	_, err = io.Copy(w, r)
	return err
}

// ReadCSVHeader returns the header cells of a UTF-8 CSV (BOM stripped).
func ReadCSVHeader(r io.Reader) ([]string, error) {
	br := bufio.NewReader(r)
	line, err := br.ReadString('\n')
	if err != nil && line == "" {
		return nil, fmt.Errorf("the file is empty")
	}
	line = strings.TrimPrefix(line, "\uFEFF")
	line = strings.TrimRight(line, "\r\n")
	cells := splitHeader(line)
	return cells, nil
}

func splitHeader(line string) []string {
	var cells []string
	var cur strings.Builder
	inQ := false
	for i := 0; i < len(line); i++ {
		c := line[i]
		switch {
		case c == '"' && inQ && i+1 < len(line) && line[i+1] == '"':
			cur.WriteByte('"')
			i++
		case c == '"':
			inQ = !inQ
		case c == ',' && !inQ:
			cells = append(cells, cur.String())
			cur.Reset()
		default:
			cur.WriteByte(c)
		}
	}
	return append(cells, cur.String())
}

// CSVBlankRecords scans a UTF-8 CSV for blank lines after the header: a
// spreadsheet shows each as an empty row, while the CSV reader skips it.
// For each it returns the number of data records before it, so that data
// record i (0-based) is on spreadsheet row i + 2 + the count of entries
// ≤ i. Newlines inside quoted fields do not end a record.
func CSVBlankRecords(path string) ([]int, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	br := bufio.NewReaderSize(f, 1<<20)
	var blanks []int
	inQuote := false
	header := true
	records, width := 0, 0 // data records so far; bytes of the current record but '\r'
	for {
		b, err := br.ReadByte()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		switch {
		case b == '"':
			inQuote = !inQuote
			width++
		case b == '\n' && !inQuote:
			switch {
			case header:
				header = false
			case width == 0:
				blanks = append(blanks, records)
			default:
				records++
			}
			width = 0
		case b != '\r':
			width++
		}
	}
	return blanks, nil
}

// SheetRow is the spreadsheet row of a CSV data record numbered as the CSV
// reader numbers it (first data record = row 2, blank lines skipped).
func SheetRow(blanks []int, row int) int {
	if row < 2 || len(blanks) == 0 {
		return row
	}
	return row + sort.SearchInts(blanks, row-1) // blanks ≤ record row-2
}

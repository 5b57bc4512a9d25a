package data

import (
	"bufio"
	"bytes"
	"io"
	"os"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/simplifiedchinese"
)

// EncodingError is a CSV whose bytes jixiao cannot read as text: UTF-16
// (Excel's "Unicode text"), or bytes valid neither as UTF-8 nor as GB18030.
// Row is the line of the first bad byte as a spreadsheet numbers it (0 for
// UTF-16, a property of the whole file), Field its 0-based cell in that line.
type EncodingError struct {
	UTF16 bool
	Row   int
	Field int
	Byte  byte
}

func (e *EncodingError) Error() string { return e.Msg().Text("en") }

// Msg words the problem for the user.
func (e *EncodingError) Msg() Msg {
	if e.UTF16 {
		return Msg{Key: "utf16"}
	}
	return Msg{Key: "bad_encoding", Args: []any{e.Byte}}
}

// utf16Head reports whether the start of a file is UTF-16: a BOM, or NUL
// bytes (which no text CSV holds) on one side of the byte pairs, where
// UTF-16 writes the high byte of each ASCII character.
func utf16Head(head []byte) bool {
	if bytes.HasPrefix(head, []byte{0xFF, 0xFE}) || bytes.HasPrefix(head, []byte{0xFE, 0xFF}) {
		return true
	}
	var nul [2]int
	for i, b := range head {
		if b == 0 {
			nul[i%2]++
		}
	}
	hi, lo := max(nul[0], nul[1]), min(nul[0], nul[1])
	return hi >= 2 && lo <= hi/8
}

// checkGB18030 streams the file and returns the first sequence that is not
// GB18030 (one byte 00–7F; two bytes 81–FE, 40–7E|80–FE; four bytes 81–84
// or 90–E3, 30–39, 81–FE, 30–39) or that the decoder does not map to a
// character, or nil.
func checkGB18030(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	br := bufio.NewReaderSize(f, 1<<20)
	dec := simplifiedchinese.GB18030.NewDecoder()
	row, field, inQuote := 1, 0, false
	var seq [4]byte
	for {
		b, err := br.ReadByte()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if b < 0x80 {
			switch {
			case b == '"':
				inQuote = !inQuote
			case b == '\n' && !inQuote:
				row, field = row+1, 0
			case b == ',' && !inQuote:
				field++
			}
			continue
		}
		bad := &EncodingError{Row: row, Field: field, Byte: b}
		if b == 0x80 || b == 0xFF {
			return bad
		}
		seq[0] = b
		n, _ := io.ReadFull(br, seq[1:2])
		switch {
		case n == 1 && (seq[1] >= 0x40 && seq[1] <= 0x7E || seq[1] >= 0x80 && seq[1] <= 0xFE):
			if decodesGB(dec, seq[:2]) {
				continue
			}
		case n == 1 && seq[1] >= 0x30 && seq[1] <= 0x39 && (b <= 0x84 || b >= 0x90 && b <= 0xE3):
			m, _ := io.ReadFull(br, seq[2:4])
			if m == 2 && seq[2] >= 0x81 && seq[2] <= 0xFE && seq[3] >= 0x30 && seq[3] <= 0x39 && decodesGB(dec, seq[:4]) {
				continue
			}
		}
		return bad
	}
}

// gbReplacement is U+FFFD encoded in GB18030: the one sequence that
// decodes to the replacement character legitimately.
var gbReplacement = []byte{0x84, 0x31, 0xA4, 0x37}

// decodesGB reports whether one well-formed GB18030 sequence stands for a
// character (the decoder gives U+FFFD for codes it does not map, such as
// the user-defined areas).
func decodesGB(dec *encoding.Decoder, seq []byte) bool {
	var buf [8]byte
	dec.Reset()
	n, _, err := dec.Transform(buf[:], seq, true)
	if err != nil || n == 0 {
		return false
	}
	r, _ := utf8.DecodeRune(buf[:n])
	return r != utf8.RuneError || bytes.Equal(seq, gbReplacement)
}

// HeaderCells reads the first line of a CSV in enc (GB18030 decoded, bytes
// it cannot decode replaced), for naming a column before the file is read.
func HeaderCells(path string, enc Encoding) []string {
	f, err := os.Open(path)
	if err != nil {
		return nil
	}
	defer f.Close()
	line, _ := bufio.NewReader(io.LimitReader(f, 64<<10)).ReadString('\n')
	if enc == GB18030 {
		if d, err := simplifiedchinese.GB18030.NewDecoder().String(line); err == nil {
			line = d
		}
	}
	h, _ := ReadCSVHeader(strings.NewReader(line))
	return h
}

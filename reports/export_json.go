package reports

import (
	"bufio"
	"encoding/json"
	"io"
	"math"
	"sort"
	"strconv"
	"unicode/utf8"

	"jixiao/queries"
)

// The JSON export of SPEC §7 written row by row: the bytes of
// json.Marshal indented by json.Indent (two spaces), without building the
// whole document twice through reflection (a 2 M-value province exports
// 160,000 rows). Rows holding a number that is not finite take the
// generic path (data.MarshalJSON), which writes it as null.

// scoresFinite reports whether every number of rows is finite.
func scoresFinite(rows []queries.ScoreRow) bool {
	for _, r := range rows {
		if !finite(r.Score) {
			return false
		}
		for _, v := range r.Systems {
			if v != nil && !finite(*v) {
				return false
			}
		}
	}
	return true
}

func finite(f float64) bool { return !math.IsNaN(f) && !math.IsInf(f, 0) }

// writeScoresJSONRows writes rows (every number finite) as
// WriteScoresJSON's generic path does, newline included.
func writeScoresJSONRows(w io.Writer, rows []queries.ScoreRow) error {
	jw := newJSONRows(w)
	for i := range rows {
		if err := jw.row(&rows[i]); err != nil {
			return err
		}
	}
	return jw.end()
}

// jsonRows writes score rows one by one as writeScoresJSONRows does: the
// export of the command line streams them (ExportScoresFile).
type jsonRows struct {
	bw   *bufio.Writer
	b    []byte
	keys []string
	n    int
}

func newJSONRows(w io.Writer) *jsonRows {
	return &jsonRows{bw: bufio.NewWriterSize(w, 1<<16), b: make([]byte, 0, 1024)}
}

// row writes r; a number that is not finite is written null.
func (jw *jsonRows) row(r *queries.ScoreRow) error {
	b := jw.b[:0]
	if jw.n == 0 {
		b = append(b, "[\n"...)
	} else {
		b = append(b, ",\n"...)
	}
	jw.n++
	b = append(b, "  {"...)
	for _, f := range scoreFields {
		b = append(b, f.key...)
		b = f.put(b, r)
	}
	b = append(b, ",\n    \"systems\": "...)
	switch {
	case r.Systems == nil:
		b = append(b, "null"...)
	case len(r.Systems) == 0:
		b = append(b, "{}"...)
	default:
		// encoding/json writes a map's keys sorted
		keys := jw.keys[:0]
		if systemsOnly(r.Systems) {
			keys = append(keys, sortedSystems...)
		} else {
			for k := range r.Systems {
				keys = append(keys, k)
			}
			sort.Strings(keys)
		}
		jw.keys = keys
		b = append(b, "{\n"...)
		for j, k := range keys {
			if j > 0 {
				b = append(b, ",\n"...)
			}
			b = append(b, "      "...)
			b = appendJSONString(b, k)
			b = append(b, ": "...)
			if v := r.Systems[k]; v != nil {
				b = appendJSONFloat(b, *v)
			} else {
				b = append(b, "null"...)
			}
		}
		b = append(b, "\n    }"...)
	}
	b = append(b, "\n  }"...)
	jw.b = b
	_, err := jw.bw.Write(b)
	return err
}

// sortedSystems are queries.SystemCols sorted, as encoding/json writes
// the keys of a row's systems.
var sortedSystems = func() []string {
	k := append([]string(nil), queries.SystemCols...)
	sort.Strings(k)
	return k
}()

// systemsOnly reports whether the keys of m are the six systems (the rows
// of the store): their sorted order is then sortedSystems.
func systemsOnly(m map[string]*float64) bool {
	if len(m) != len(sortedSystems) {
		return false
	}
	for _, k := range sortedSystems {
		if _, ok := m[k]; !ok {
			return false
		}
	}
	return true
}

// end closes the array (an empty one is written []) and flushes.
func (jw *jsonRows) end() error {
	end := "\n]\n"
	if jw.n == 0 {
		end = "[]\n"
	}
	if _, err := jw.bw.WriteString(end); err != nil {
		return err
	}
	return jw.bw.Flush()
}

// scoreFields are the fields of a row before its systems, in
// queries.ScoreRow's order: the key as the indented JSON writes it (the
// comma before it included) and how the value is written.
var scoreFields = []struct {
	key string
	put func([]byte, *queries.ScoreRow) []byte
}{
	{"\n    \"period\": ", func(b []byte, r *queries.ScoreRow) []byte { return appendJSONString(b, r.Period) }},
	{",\n    \"unit_code\": ", func(b []byte, r *queries.ScoreRow) []byte { return appendJSONString(b, r.UnitCode) }},
	{",\n    \"unit_name\": ", func(b []byte, r *queries.ScoreRow) []byte { return appendJSONString(b, r.UnitName) }},
	{",\n    \"group\": ", func(b []byte, r *queries.ScoreRow) []byte { return appendJSONStringPtr(b, r.Group) }},
	{",\n    \"score\": ", func(b []byte, r *queries.ScoreRow) []byte { return appendJSONFloat(b, r.Score) }},
	{",\n    \"rank\": ", func(b []byte, r *queries.ScoreRow) []byte { return appendJSONIntPtr(b, r.Rank) }},
	{",\n    \"size\": ", func(b []byte, r *queries.ScoreRow) []byte { return appendJSONIntPtr(b, r.Size) }},
	{",\n    \"grade\": ", func(b []byte, r *queries.ScoreRow) []byte { return appendJSONStringPtr(b, r.Grade) }},
	{",\n    \"vetoed\": ", func(b []byte, r *queries.ScoreRow) []byte { return strconv.AppendBool(b, r.Vetoed) }},
}

// appendJSONFloat is encoding/json's float64: the shortest decimal, in
// exponent form below 1e-6 and from 1e21 on, with e-07 written e-7; null
// for a number that is not finite (data.MarshalJSON).
func appendJSONFloat(b []byte, f float64) []byte {
	// A number of cents (the store's DECIMAL(10,2) scores): the shortest
	// decimal of n/100 with at most 15 digits is n/100 itself, written
	// without converting the float.
	if n := math.Round(f * 100); f != 0 && math.Abs(n) < 1e15 && n/100 == f {
		return appendCents(b, int64(n))
	}
	if !finite(f) {
		return append(b, "null"...)
	}
	format := byte('f')
	if abs := math.Abs(f); abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	b = strconv.AppendFloat(b, f, format, -1, 64)
	if format == 'e' {
		if n := len(b); n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
			b[n-2] = b[n-1]
			b = b[:n-1]
		}
	}
	return b
}

// appendCents writes n/100 as its shortest decimal: 87.1, 87.13, 87.
func appendCents(b []byte, n int64) []byte {
	if n < 0 {
		b = append(b, '-')
		n = -n
	}
	b = strconv.AppendInt(b, n/100, 10)
	switch c := n % 100; {
	case c == 0:
	case c%10 == 0:
		b = append(b, '.', byte('0'+c/10))
	default:
		b = append(b, '.', byte('0'+c/10), byte('0'+c%10))
	}
	return b
}

// appendJSONString writes s as encoding/json does. Plain text (valid
// UTF-8 without control characters, quotes, backslashes, <, >, & or the
// line separators U+2028/U+2029) is copied; anything else is left to
// json.Marshal.
func appendJSONString(b []byte, s string) []byte {
	if plainJSON(s) {
		b = append(b, '"')
		b = append(b, s...)
		return append(b, '"')
	}
	q, _ := json.Marshal(s) // a string always marshals
	return append(b, q...)
}

func plainJSON(s string) bool {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c < 0x20 || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
				return false
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError || r == '\u2028' || r == '\u2029' {
			return false
		}
		i += n
	}
	return true
}

func appendJSONStringPtr(b []byte, s *string) []byte {
	if s == nil {
		return append(b, "null"...)
	}
	return appendJSONString(b, *s)
}

func appendJSONIntPtr(b []byte, n *int) []byte {
	if n == nil {
		return append(b, "null"...)
	}
	return strconv.AppendInt(b, int64(*n), 10)
}

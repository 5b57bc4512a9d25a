package reports

import (
	"bytes"
	"encoding/json"
	"math"
	"math/rand"
	"testing"

	"jixiao/queries"
)

// indentedJSON is the JSON export as encoding/json writes it: the rows
// marshalled and indented by two spaces (the oracle of the row writer).
func indentedJSON(t *testing.T, rows []queries.ScoreRow) []byte {
	t.Helper()
	if rows == nil {
		rows = []queries.ScoreRow{}
	}
	b, err := json.Marshal(rows)
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := json.Indent(&out, b, "", "  "); err != nil {
		t.Fatal(err)
	}
	out.WriteByte('\n')
	return out.Bytes()
}

// TestScoresJSONRowsAsEncodingJSON: the JSON export written row by row is
// byte for byte what encoding/json writes, for text that needs escaping
// (quotes, <>&, control characters, U+2028, invalid UTF-8, Chinese),
// numbers in every notation (1e-7, 1e21, -0, 0.1+0.2), nulls and maps
// of every size, and no rows at all.
func TestScoresJSONRowsAsEncodingJSON(t *testing.T) {
	texts := []string{"", "2025Q1", "市税务局第一分局", "a\"b\\c", "<script>&amp;</script>", "a<b", "a>b", "a&b", "tab\there\nline\r",
		"\x01\x1f", "sep\u2028\u2029", "a\u2028b", "a\u2029b", "bad\xff\xfeutf8", "emoji 😀", "é", "\uFFFD", "a\xe2\x80", "\xe2\x80\xa8x", "'=SUM(1)"}
	floats := []float64{0, math.Copysign(0, -1), 87.13, 100, 1e-7, -1e-7, 1e-6, 1e21, 9.99e20, 0.1 + 0.2, 123456789.123, -3.5, 5e-324, math.MaxFloat64}
	rng := rand.New(rand.NewSource(18))
	pick := func() string { return texts[rng.Intn(len(texts))] }
	num := func() float64 { return floats[rng.Intn(len(floats))] }
	var rows []queries.ScoreRow
	for i := 0; i < 400; i++ {
		r := queries.ScoreRow{Period: pick(), UnitCode: pick(), UnitName: pick(), Score: num(), Vetoed: rng.Intn(2) == 0}
		if rng.Intn(3) > 0 {
			g := pick()
			r.Group = &g
		}
		if rng.Intn(3) > 0 {
			k := rng.Intn(1000) - 10
			r.Rank = &k
		}
		if rng.Intn(3) > 0 {
			k := rng.Intn(1000)
			r.Size = &k
		}
		if rng.Intn(3) > 0 {
			g := pick()
			r.Grade = &g
		}
		switch rng.Intn(4) {
		case 0: // nil map
		case 1:
			r.Systems = map[string]*float64{}
		default:
			r.Systems = map[string]*float64{}
			for _, c := range append(queries.SystemCols, pick()) {
				if rng.Intn(4) > 0 {
					v := num()
					r.Systems[c] = &v
				} else {
					r.Systems[c] = nil
				}
			}
		}
		rows = append(rows, r)
	}
	for _, rs := range [][]queries.ScoreRow{nil, {}, rows[:1], rows} {
		var buf bytes.Buffer
		if err := WriteScoresJSON(&buf, rs); err != nil {
			t.Fatal(err)
		}
		want := indentedJSON(t, rs)
		if !bytes.Equal(buf.Bytes(), want) {
			i := 0
			for i < len(want) && i < buf.Len() && want[i] == buf.Bytes()[i] {
				i++
			}
			lo := max(0, i-80)
			t.Fatalf("%d rows: differs from encoding/json at byte %d:\n got …%q\nwant …%q", len(rs), i,
				buf.Bytes()[lo:min(buf.Len(), i+80)], want[lo:min(len(want), i+80)])
		}
	}
}

// TestJSONFloatCents: numbers of cents (every score the store exports)
// and others near them are written as encoding/json writes them.
func TestJSONFloatCents(t *testing.T) {
	rng := rand.New(rand.NewSource(6))
	var fs []float64
	for _, n := range []int64{1, -1, 5, 10, 99, 100, 101, 110, 8713, -8713, 999999999999999, -999999999999999, 1000000000000000, 123456789012345, 9007199254740993} {
		fs = append(fs, float64(n)/100, float64(n)/100+1e-9, math.Nextafter(float64(n)/100, 0), float64(n)/1000, float64(n)/10)
	}
	for i := 0; i < 100000; i++ {
		n := rng.Int63n(2000000) - 1000000 // ±10,000.00
		if i%3 == 0 {
			n = rng.Int63n(2e15) - 1e15
		}
		fs = append(fs, float64(n)/100, float64(n)*0.01, rng.NormFloat64()*100)
	}
	for _, f := range fs {
		want, err := json.Marshal(f)
		if err != nil {
			t.Fatal(err)
		}
		if got := appendJSONFloat(nil, f); string(got) != string(want) {
			t.Fatalf("%v (%b): %s, encoding/json %s", f, math.Float64bits(f), got, want)
		}
	}
}

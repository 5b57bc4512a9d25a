package imports

import (
	"context"
	"errors"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode/utf16"

	"golang.org/x/text/encoding/simplifiedchinese"

	"jixiao/data"
	"jixiao/queries"
	"jixiao/queries/fixture"
)

// Fuzz targets of the import path (issue 10): any file is imported or
// refused in plain words, never another error, a panic or a partial
// change. The seed corpus is testdata/fuzz/FuzzXxx plus the f.Add seeds;
// .ci/run runs each for a few seconds after the tests.

// fuzzStore is the small province loaded once for a fuzz target.
func fuzzStore(f *testing.F) *queries.Store { return loadFixture(f) }

// fuzzImport imports b as kind and checks the outcome.
func fuzzImport(t *testing.T, s *queries.Store, kind data.Kind, path string, b []byte) {
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	var before int64
	s.DB().QueryRow("SELECT v FROM data_version").Scan(&before)
	_, err := Import(context.Background(), s, kind, path, Options{User: "fuzz", Lang: "en"})
	var rej *RejectedError
	if err == nil {
		return
	}
	if !errors.As(err, &rej) {
		t.Fatalf("import of %q: %v (want success or a rejection)", b, err)
	}
	for _, e := range rej.Errors {
		if e.Row < 1 || e.Message == "" {
			t.Fatalf("error without row or message: %+v", e)
		}
	}
	var after int64
	s.DB().QueryRow("SELECT v FROM data_version").Scan(&after)
	if after != before {
		t.Fatalf("a rejected file changed the data version %d → %d", before, after)
	}
}

func utf16LE(s string) []byte {
	out := []byte{0xFF, 0xFE}
	for _, u := range utf16.Encode([]rune(s)) {
		out = append(out, byte(u), byte(u>>8))
	}
	return out
}

// FuzzImportValuesCSV: values files in every encoding, valid or not.
func FuzzImportValuesCSV(f *testing.F) {
	good := fixture.CSVOf(fixture.ValsHeader, "S,B1,2025Q2,80,,", "S,B2,2025Q2,95%,,备注")
	gbk, _ := simplifiedchinese.GB18030.NewEncoder().Bytes([]byte("指标代码,单位代码,考核期,实际值\nS,B1,2025Q2,80\n"))
	for _, b := range [][]byte{[]byte(good), append([]byte("\uFEFF"), good...), gbk, utf16LE(good),
		[]byte(fixture.CSVOf(fixture.ValsHeader, "S,B1,2025Q2,1e308,,")), []byte(fixture.CSVOf(fixture.ValsHeader, "S,B9,2025q2,\"8,0\",x,")), []byte("a,b\n\xff\n")} {
		f.Add(b)
	}
	s := fuzzStore(f)
	path := filepath.Join(f.TempDir(), "v.csv")
	f.Fuzz(func(t *testing.T, b []byte) { fuzzImport(t, s, data.KindValues, path, b) })
}

// FuzzImportUnitsCSV: the units reader and its tree checks.
func FuzzImportUnitsCSV(f *testing.F) {
	f.Add([]byte(fixture.CSVOf(fixture.UnitsHeader, "X1,新单位,P,bureau,city,")))
	f.Add([]byte(fixture.CSVOf(fixture.UnitsHeader, "X1,新单位,X2,bureau,city,", "X2,新单位,X1,bureau,city,")))
	f.Add([]byte("代码,名称,上级代码,类型,层级\nX1,新,P,branch,county\n"))
	s := fuzzStore(f)
	path := filepath.Join(f.TempDir(), "u.csv")
	f.Fuzz(func(t *testing.T, b []byte) { fuzzImport(t, s, data.KindUnits, path, b) })
}

// FuzzImportParquet: damaged or odd Parquet files are refused in words.
func FuzzImportParquet(f *testing.F) {
	s := fuzzStore(f)
	dir := f.TempDir()
	ledger, err := os.ReadFile(filepath.Join(fixtureDir(f), "values.csv"))
	if err != nil {
		f.Fatal(err)
	}
	head := strings.Join(strings.SplitN(string(ledger), "\n", 40)[:39], "\n") + "\n"
	for i, body := range []string{head, "indicator_code,unit_code,period,actual\nD01,GX01,2025Q2,abc\n"} {
		src := filepath.Join(dir, strconv.Itoa(i)+".csv")
		dst := filepath.Join(dir, strconv.Itoa(i)+".parquet")
		os.WriteFile(src, []byte(body), 0o600)
		if _, err := s.DB().Exec("COPY (SELECT * FROM read_csv(" + queries.QuoteLit(src) + ", all_varchar = true)) TO " + queries.QuoteLit(dst) + " (FORMAT PARQUET)"); err != nil {
			f.Fatal(err)
		}
		b, _ := os.ReadFile(dst)
		f.Add(b)
	}
	f.Add([]byte("PAR1"))
	path := filepath.Join(f.TempDir(), "v.parquet")
	f.Fuzz(func(t *testing.T, b []byte) { fuzzImport(t, s, data.KindValues, path, b) })
}

var plainDecimal = regexp.MustCompile(`^[+-]?[0-9]{1,15}(\.[0-9]{1,15})?([eE][+-]?[0-9]{1,3})?$`)

// FuzzNumber: the number parser of imports (numExpr) gives a finite number
// or nothing; on a plain decimal it agrees with Go's parser, and a
// trailing % keeps the number.
func FuzzNumber(f *testing.F) {
	for _, s := range []string{"98.5", "-1e308", "1e400", "95%", "1,234.5", "nan", "inf", " 7 ", "0x10", "1_000", "", "９８"} {
		f.Add(s)
	}
	s := fuzzStore(f)
	q := "WITH v AS (SELECT ?::VARCHAR AS x) SELECT " + queries.NumExpr("x") + " FROM v"
	f.Fuzz(func(t *testing.T, in string) {
		var got, pct *float64
		if err := s.DB().QueryRow(q, in).Scan(&got); err != nil {
			return // not text DuckDB takes as VARCHAR (invalid UTF-8): refused before
		}
		if got != nil && (math.IsInf(*got, 0) || math.IsNaN(*got)) {
			t.Fatalf("queries.NumExpr(%q) = %v", in, *got)
		}
		if plainDecimal.MatchString(in) {
			want, err := strconv.ParseFloat(in, 64)
			if err == nil && !math.IsInf(want, 0) && (got == nil || *got != want) {
				t.Fatalf("queries.NumExpr(%q) = %v, want %v", in, got, want)
			}
			if err := s.DB().QueryRow(q, in+"%").Scan(&pct); err != nil || (pct == nil) != (got == nil) || got != nil && *pct != *got {
				t.Fatalf("queries.NumExpr(%q%%) = %v, want %v (%v)", in, pct, got, err)
			}
		}
	})
}

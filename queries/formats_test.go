package queries

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"

	"jixiao/data"
	"jixiao/queries/fixture"
)

var fixtureKinds = []data.Kind{data.KindUnits, data.KindIndicators, data.KindValues, data.KindAdjustments}

// readFixture returns the header and rows of one small-province file.
func readFixture(t *testing.T, kind data.Kind) ([]string, [][]string) {
	t.Helper()
	recs := fixture.Records(t, string(kind)+".csv")
	return recs[0], recs[1:]
}

func fieldOf(t *testing.T, kind data.Kind, name string) data.Field {
	for _, f := range data.Tables[kind] {
		if f.Name == name {
			return f
		}
	}
	t.Fatalf("%s has no column %s", kind, name)
	return data.Field{}
}

func chineseHeader(t *testing.T, kind data.Kind, header []string) []string {
	out := make([]string, len(header))
	for i, h := range header {
		out[i] = fieldOf(t, kind, h).ChineseHeader()
	}
	return out
}

func csvBytes(t *testing.T, header []string, rows [][]string, crlf bool) []byte {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.UseCRLF = crlf
	if err := w.Write(header); err != nil {
		t.Fatal(err)
	}
	if err := w.WriteAll(rows); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// A format writes one fixture table to a file and returns its path. The
// files are named .dat: the format is detected from the content.
type format struct {
	name  string
	write func(t *testing.T, dir string, kind data.Kind) string
}

var formats = []format{
	{"utf8", func(t *testing.T, dir string, kind data.Kind) string {
		h, rows := readFixture(t, kind)
		return writeBytes(t, dir, kind, csvBytes(t, h, rows, false))
	}},
	{"utf8-bom", func(t *testing.T, dir string, kind data.Kind) string {
		h, rows := readFixture(t, kind)
		return writeBytes(t, dir, kind, append([]byte("\uFEFF"), csvBytes(t, h, rows, false)...))
	}},
	{"gb18030-chinese-headers", func(t *testing.T, dir string, kind data.Kind) string {
		h, rows := readFixture(t, kind)
		b, err := simplifiedchinese.GB18030.NewEncoder().Bytes(csvBytes(t, chineseHeader(t, kind, h), rows, true))
		if err != nil {
			t.Fatal(err)
		}
		return writeBytes(t, dir, kind, b)
	}},
	{"xlsx-chinese-headers", writeXLSX},
	{"parquet", writeParquet},
}

func writeBytes(t *testing.T, dir string, kind data.Kind, b []byte) string {
	p := filepath.Join(dir, string(kind)+".dat")
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// writeXLSX writes numbers as numeric cells and key_task as booleans.
func writeXLSX(t *testing.T, dir string, kind data.Kind) string {
	h, rows := readFixture(t, kind)
	f := excelize.NewFile()
	defer f.Close()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		t.Fatal(err)
	}
	cells := make([]any, len(h))
	for i, c := range chineseHeader(t, kind, h) {
		cells[i] = c
	}
	if err := sw.SetRow("A1", cells); err != nil {
		t.Fatal(err)
	}
	numeric := 0
	for r, row := range rows {
		cells := make([]any, len(h))
		for i, v := range row {
			switch ft := fieldOf(t, kind, h[i]).Type; {
			case v == "":
				cells[i] = nil
			case ft == data.TNumber:
				x, err := strconv.ParseFloat(v, 64)
				if err != nil {
					t.Fatal(err)
				}
				cells[i] = x
				numeric++
			case ft == data.TBool:
				cells[i] = v == "true"
			default:
				cells[i] = v
			}
		}
		if err := sw.SetRow(fmt.Sprintf("A%d", r+2), cells); err != nil {
			t.Fatal(err)
		}
	}
	if err := sw.Flush(); err != nil {
		t.Fatal(err)
	}
	if numeric == 0 && kind != data.KindUnits {
		t.Fatalf("%s: no numeric cell written", kind)
	}
	// excelize insists on the extension; the importer does not look at it.
	x := filepath.Join(dir, string(kind)+".xlsx")
	if err := f.SaveAs(x); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, string(kind)+".dat")
	if err := os.Rename(x, p); err != nil {
		t.Fatal(err)
	}
	return p
}

// writeParquet converts the CSV with DuckDB in a separate store, numbers as
// DOUBLE and key_task as BOOLEAN.
func writeParquet(t *testing.T, dir string, kind data.Kind) string {
	h, _ := readFixture(t, kind)
	exprs := make([]string, len(h))
	for i, c := range h {
		switch fieldOf(t, kind, c).Type {
		case data.TNumber:
			exprs[i] = fmt.Sprintf("CAST(%s AS DOUBLE) AS %s", quoteIdent(c), quoteIdent(c))
		case data.TBool:
			exprs[i] = fmt.Sprintf("CAST(%s AS BOOLEAN) AS %s", quoteIdent(c), quoteIdent(c))
		default:
			exprs[i] = quoteIdent(c)
		}
	}
	p := filepath.Join(dir, string(kind)+".dat")
	conv, err := Open("")
	if err != nil {
		t.Fatal(err)
	}
	defer conv.Close()
	q := fmt.Sprintf("COPY (SELECT %s FROM read_csv(%s, header = true, all_varchar = true)) TO %s (FORMAT parquet)",
		strings.Join(exprs, ", "), quoteLit(filepath.Join(fixtureDir(t), string(kind)+".csv")), quoteLit(p))
	if _, err := conv.DB().Exec(q); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestFormatsGiveIdenticalScores imports the small province in every
// format and compares the scores and the ledger with the plain UTF-8 CSV.
func TestFormatsGiveIdenticalScores(t *testing.T) {
	ctx := context.Background()
	var baseScores []ScoreRow
	var baseLedger string
	for _, fm := range formats {
		t.Run(fm.name, func(t *testing.T) {
			s := mustOpen(t)
			dir := t.TempDir()
			for _, k := range fixtureKinds {
				b := mustImport(t, s, k, fm.write(t, dir, k))
				_, rows := readFixture(t, k)
				if b.Rows != int64(len(rows)) {
					t.Errorf("%s: batch of %d rows, want %d", k, b.Rows, len(rows))
				}
				wantFormat := map[string]string{"xlsx-chinese-headers": "xlsx", "parquet": "parquet"}[fm.name]
				if wantFormat == "" {
					wantFormat = "csv"
				}
				if b.Format != wantFormat {
					t.Errorf("%s: detected %s, want %s", k, b.Format, wantFormat)
				}
			}
			got, err := s.Scores(ctx, Everything, "")
			if err != nil {
				t.Fatal(err)
			}
			var ledger string
			if err := s.DB().QueryRow(`SELECT concat_ws(' ', count(*),
				md5(string_agg(concat_ws('|', indicator_code, unit_code, period, actual, target, note), ',' ORDER BY indicator_code, unit_code, period)),
				(SELECT string_agg(concat_ws('|', code, name, parent_code, kind, level, peer_group), ',' ORDER BY code) FROM units),
				(SELECT string_agg(concat_ws('|', code, version, name, system, tier, levels, unit, direction, rule, weight, target, floor,
				   lead_dept, coop_depts, method, source, key_task, valid_from, valid_to), ',' ORDER BY code, version) FROM indicators),
				(SELECT string_agg(concat_ws('|', unit_code, period, kind, points, reason, indicator_code), ',' ORDER BY unit_code, period, kind, reason) FROM adjustments))
				FROM ledger`).Scan(&ledger); err != nil {
				t.Fatal(err)
			}
			if baseScores == nil {
				baseScores, baseLedger = got, ledger
				if len(got) != 1820 {
					t.Errorf("%d score rows, want the fixture's 1820", len(got))
				}
				return
			}
			if ledger != baseLedger {
				t.Errorf("stored data differs from the UTF-8 CSV import:\n got %.300s\nwant %.300s", ledger, baseLedger)
			}
			if len(got) != len(baseScores) {
				t.Fatalf("%d score rows, want %d", len(got), len(baseScores))
			}
			bad := 0
			for i := range got {
				if !reflect.DeepEqual(scoreRowCells(got[i]), scoreRowCells(baseScores[i])) || got[i].UnitName != baseScores[i].UnitName {
					if bad++; bad < 10 {
						t.Errorf("row %d: got %v want %v", i, scoreRowCells(got[i]), scoreRowCells(baseScores[i]))
					}
				}
			}
		})
	}
}

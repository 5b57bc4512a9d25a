package reports

import (
	"bytes"
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"jixiao/queries"
	"jixiao/queries/fixture"
)

// TestReportNamesEveryUnitItShows: a unit whose name or code appears in the
// page or the workbook is in Names (what the report centre checks against
// each reader's scope), found from units.csv, not from the report.
func TestReportNamesEveryUnitItShows(t *testing.T) {
	s := loadFixture(t)
	for _, c := range []struct {
		unit string
		sc   queries.Scope
	}{{"GX01", officeScope("GX01")}, {"GX0101", officeScope("GX0101")}, {"GX", queries.Everything}} {
		q, err := build(context.Background(), s, c.sc, "2025Q4", c.unit, "报告中心")
		if err != nil {
			t.Fatal(err)
		}
		var page, book bytes.Buffer
		if err := q.WriteHTML(&page); err != nil {
			t.Fatal(err)
		}
		if err := q.WriteXLSX(&book); err != nil {
			t.Fatal(err)
		}
		names := q.Names()
		if !slices.IsSorted(names) || !slices.Contains(names, c.unit) {
			t.Errorf("%s: names %v not sorted or without the unit", c.unit, names)
		}
		text := page.String() + xlsxText(t, book.Bytes())
		for _, r := range fixture.Records(t, "units.csv")[1:] {
			code, name := r[0], r[1]
			shown := bytes.Contains([]byte(text), []byte(">"+code+"<")) || bytes.Contains([]byte(text), []byte(name))
			if shown && !slices.Contains(names, code) {
				t.Errorf("%s's report shows %s (%s) but does not name it", c.unit, code, name)
			}
		}
	}
}

// xlsxText is every cell of every sheet of a workbook, each between > and <
// as the page would show it.
func xlsxText(t *testing.T, b []byte) string {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out strings.Builder
	for _, sh := range f.GetSheetList() {
		rows, err := f.GetRows(sh)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rows {
			for _, cell := range r {
				out.WriteString(">" + cell + "<")
			}
		}
	}
	return out.String()
}

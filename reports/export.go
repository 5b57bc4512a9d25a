// Package reports writes what leaves jixiao as a file: score exports and the
// quarterly analysis report, in HTML, XLSX, CSV, JSON and PDF.
package reports

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"

	"github.com/xuri/excelize/v2"

	"jixiao/data"
	"jixiao/queries"
)

// ScoreColumns are the export columns of SPEC §7, in order.
var ScoreColumns = []string{"period", "unit_code", "unit_name", "group", "score", "rank", "size", "grade", "vetoed",
	"law", "taxsys", "service", "admin", "info", "org"}

var scoreColumnsZH = withSystems("zh", "考核期", "单位代码", "单位名称", "对比组", "得分", "排名", "组内单位数", "等次", "一票否决")

// withSystems is head followed by the six systems' names in lang.
func withSystems(lang string, head ...string) []string {
	for _, c := range queries.SystemCols {
		head = append(head, data.SystemName(lang, c))
	}
	return head
}

// WriteScoresJSON writes the rows as the JSON array of SPEC §7.
func WriteScoresJSON(w io.Writer, rows []queries.ScoreRow) error {
	if scoresFinite(rows) {
		return writeScoresJSONRows(w, rows)
	}
	b, err := data.MarshalJSON(rows) // a score that is no finite number is null
	if err != nil {
		return err
	}
	var out bytes.Buffer
	if err := json.Indent(&out, b, "", "  "); err != nil {
		return err
	}
	out.WriteByte('\n')
	_, err = w.Write(out.Bytes())
	return err
}

// WriteScoresCSV writes UTF-8 CSV with a BOM, so that Excel reads the Chinese.
func WriteScoresCSV(w io.Writer, rows []queries.ScoreRow) error {
	cr := newCSVRows(w)
	for i := range rows {
		if err := cr.row(&rows[i]); err != nil {
			return err
		}
	}
	return cr.end()
}

// csvRows writes the rows of WriteScoresCSV one by one (the command
// line's export streams them): the BOM and the header first.
type csvRows struct {
	cw  *csv.Writer
	err error
}

func newCSVRows(w io.Writer) *csvRows {
	cr := &csvRows{cw: csv.NewWriter(w)}
	if _, cr.err = w.Write([]byte{0xEF, 0xBB, 0xBF}); cr.err == nil {
		cr.err = cr.cw.Write(ScoreColumns)
	}
	return cr
}

func (cr *csvRows) row(r *queries.ScoreRow) error {
	if cr.err != nil {
		return cr.err
	}
	return cr.cw.Write(scoreCells(*r))
}

func (cr *csvRows) end() error {
	if cr.err != nil {
		return cr.err
	}
	cr.cw.Flush()
	return cr.cw.Error()
}

func scoreCells(r queries.ScoreRow) []string {
	text := data.SafeCSVCell // imported names and codes may start like a formula; numbers stay numbers
	cells := []string{text(r.Period), text(r.UnitCode), text(r.UnitName), text(strOr(r.Group)), fmt2(r.Score), intOr(r.Rank), intOr(r.Size),
		text(strOr(r.Grade)), strconv.FormatBool(r.Vetoed)}
	for _, c := range queries.SystemCols {
		if v := r.Systems[c]; v != nil {
			cells = append(cells, fmt2(*v))
		} else {
			cells = append(cells, "")
		}
	}
	return cells
}

func fmt2(f float64) string { return strconv.FormatFloat(f, 'f', 2, 64) }

func strOr(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

func intOr(p *int) string {
	if p == nil {
		return ""
	}
	return strconv.Itoa(*p)
}

// WriteScoresXLSX writes one sheet with Chinese headers, numeric cells with
// number formats, codes as text and a frozen header row.
func WriteScoresXLSX(w io.Writer, rows []queries.ScoreRow) error {
	f := excelize.NewFile()
	defer f.Close()
	sheet := "得分"
	f.SetSheetName("Sheet1", sheet)
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	st, err := newSheetStyles(f)
	if err != nil {
		return err
	}
	head := make([]any, len(scoreColumnsZH))
	for i, h := range scoreColumnsZH {
		head[i] = excelize.Cell{StyleID: st.header, Value: h}
	}
	_ = sw.SetColWidth(3, 3, 36)
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	if err := sw.SetRow("A1", head); err != nil {
		return err
	}
	for i, r := range rows {
		vals := []any{
			excelize.Cell{StyleID: st.text, Value: r.Period},
			excelize.Cell{StyleID: st.text, Value: r.UnitCode},
			r.UnitName, strOr(r.Group),
			excelize.Cell{StyleID: st.num2, Value: r.Score},
			optInt(r.Rank, st.int0), optInt(r.Size, st.int0),
			gradeName(r.Grade), boolZH(r.Vetoed),
		}
		for _, c := range queries.SystemCols {
			if v := r.Systems[c]; v != nil {
				vals = append(vals, excelize.Cell{StyleID: st.num2, Value: *v})
			} else {
				vals = append(vals, nil)
			}
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := sw.SetRow(cell, vals); err != nil {
			return err
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	return f.Write(w)
}

func optInt(p *int, style int) any {
	if p == nil {
		return nil
	}
	return excelize.Cell{StyleID: style, Value: *p}
}

func gradeName(g *string) string {
	if g == nil {
		return ""
	}
	return data.GradeNames[*g]
}

func boolZH(b bool) string {
	if b {
		return "是"
	}
	return "否"
}

// sheetStyles are the cell styles every jixiao workbook uses.
type sheetStyles struct{ header, text, num2, int0, pct int }

func newSheetStyles(f *excelize.File) (sheetStyles, error) {
	var s sheetStyles
	var err error
	two := "0.00"
	if s.header, err = f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Fill: excelize.Fill{Type: "pattern", Color: []string{"DCE6F1"}, Pattern: 1}}); err != nil {
		return s, err
	}
	if s.text, err = f.NewStyle(&excelize.Style{NumFmt: 49}); err != nil {
		return s, err
	}
	if s.num2, err = f.NewStyle(&excelize.Style{CustomNumFmt: &two}); err != nil {
		return s, err
	}
	if s.int0, err = f.NewStyle(&excelize.Style{NumFmt: 1}); err != nil {
		return s, err
	}
	s.pct, err = f.NewStyle(&excelize.Style{NumFmt: 10})
	return s, err
}

// WriteScores writes rows in format csv, xlsx or json.
func WriteScores(w io.Writer, format string, rows []queries.ScoreRow) error {
	switch format {
	case "csv":
		return WriteScoresCSV(w, rows)
	case "xlsx":
		return WriteScoresXLSX(w, rows)
	case "json":
		return WriteScoresJSON(w, rows)
	}
	return fmt.Errorf("unknown format %q (csv, xlsx or json)", format)
}

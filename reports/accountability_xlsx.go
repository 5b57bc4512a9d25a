package reports

import (
	"io"

	"github.com/xuri/excelize/v2"

	"jixiao/queries"
)

// The export of SPEC §13 that goes to cadre management (干部考核): one
// sheet with a row per person, bureau and role, one with a row per
// indicator of each; Chinese headers (English for a reader in English),
// numbers as numeric cells with number formats, codes as text, frozen
// header rows.

var (
	dutyPeopleZH = []string{"考核期", "姓名", "用户名", "单位代码", "单位", "身份", "负责指标数", "分值", "得分", "失分", "缺报项数", "单位得分", "单位排名", "参评单位数", "单位等次"}
	dutyPeopleEN = []string{"Period", "Name", "Username", "Bureau code", "Bureau", "Role", "Indicators", "Weight", "Earned", "Lost", "Missing values", "Bureau score", "Bureau rank", "Bureaus ranked", "Bureau grade"}
	dutyIndsZH   = []string{"考核期", "姓名", "用户名", "单位代码", "单位", "身份", "指标代码", "指标名称", "分值", "得分", "失分", "缺报项数"}
	dutyIndsEN   = []string{"Period", "Name", "Username", "Bureau code", "Bureau", "Role", "Indicator code", "Indicator", "Weight", "Earned", "Lost", "Missing values"}
	dutySheets   = map[string][2]string{"zh": {"责任人", "指标明细"}, "en": {"People", "Indicators"}}
	dutyRoles    = map[string]map[string]string{"zh": {"leader": "分管领导", "owner": "责任人"}, "en": {"leader": "Leader in charge", "owner": "Responsible person"}}
)

// WriteAccountabilityXLSX writes the accountability of period as a workbook.
func WriteAccountabilityXLSX(w io.Writer, lang, period string, rows []queries.DutyRow) error {
	if lang != "en" {
		lang = "zh"
	}
	f := excelize.NewFile()
	defer f.Close()
	st, err := newSheetStyles(f)
	if err != nil {
		return err
	}
	people, inds := dutyPeopleZH, dutyIndsZH
	if lang == "en" {
		people, inds = dutyPeopleEN, dutyIndsEN
	}
	names := dutySheets[lang]
	f.SetSheetName("Sheet1", names[0])
	if _, err := f.NewSheet(names[1]); err != nil {
		return err
	}
	// The identifying cells of a person's rows on both sheets.
	who := func(r queries.DutyRow) []any {
		return []any{excelize.Cell{StyleID: st.text, Value: period}, r.Name, excelize.Cell{StyleID: st.text, Value: r.Username},
			excelize.Cell{StyleID: st.text, Value: r.UnitCode}, r.UnitName, dutyRoles[lang][r.As]}
	}
	num := func(v float64) any { return excelize.Cell{StyleID: st.num2, Value: v} }
	count := func(v int) any { return excelize.Cell{StyleID: st.int0, Value: v} }
	var first, second [][]any
	for _, r := range rows {
		grade := ""
		if r.UnitGrade != nil {
			grade = localGrade(lang, r.UnitGrade)
		}
		var score any
		if r.UnitScore != nil {
			score = num(*r.UnitScore)
		}
		first = append(first, append(who(r), count(len(r.Indicators)), num(r.Weight), num(r.Earned), num(r.Lost), count(r.Missing),
			score, optInt(r.UnitRank, st.int0), optInt(r.UnitSize, st.int0), grade))
		for _, in := range r.Indicators {
			second = append(second, append(who(r), excelize.Cell{StyleID: st.text, Value: in.IndicatorCode}, in.Name,
				num(in.Weight), num(in.Earned), num(in.Lost), count(in.Missing)))
		}
	}
	if err := writeDutySheet(f, st, names[0], people, first, [][2]int{{2, 12}, {5, 30}}); err != nil {
		return err
	}
	if err := writeDutySheet(f, st, names[1], inds, second, [][2]int{{2, 12}, {5, 30}, {8, 30}}); err != nil {
		return err
	}
	return f.Write(w)
}

// writeDutySheet streams a header row (frozen) and rows into sheet; widths
// are (1-based column, width) in column order.
func writeDutySheet(f *excelize.File, st sheetStyles, sheet string, head []string, rows [][]any, widths [][2]int) error {
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	for _, cw := range widths {
		if err := sw.SetColWidth(cw[0], cw[0], float64(cw[1])); err != nil {
			return err
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	cells := make([]any, len(head))
	for i, h := range head {
		cells[i] = excelize.Cell{StyleID: st.header, Value: h}
	}
	if err := sw.SetRow("A1", cells); err != nil {
		return err
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := sw.SetRow(cell, r); err != nil {
			return err
		}
	}
	return sw.Flush()
}

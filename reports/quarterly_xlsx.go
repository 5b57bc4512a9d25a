package reports

import (
	"fmt"
	"io"
	"time"

	"github.com/xuri/excelize/v2"

	"jixiao/data"
	"jixiao/queries"
)

// colKind says how a column's cells are typed and formatted.
type colKind int

const (
	colText colKind = iota // free text
	colCode                // codes and periods: text, never numbers
	colNum2                // numbers with 2 decimals
	colInt                 // whole numbers
	colDate                // dates
	colTime                // date and time
)

type column struct {
	Head  string
	Kind  colKind
	Width float64
}

type sheet struct {
	Name string
	Cols []column
	Rows [][]any
}

// WriteXLSX writes the report as a workbook, one sheet per section: Chinese
// headers, frozen header rows, numbers as numeric cells with number
// formats, codes and periods as text.
func (q *Quarterly) WriteXLSX(w io.Writer) error {
	f := excelize.NewFile()
	defer f.Close()
	st, err := newSheetStyles(f)
	if err != nil {
		return err
	}
	date, err := f.NewStyle(&excelize.Style{NumFmt: 14})
	if err != nil {
		return err
	}
	stamp := "yyyy-mm-dd hh:mm"
	dateTime, err := f.NewStyle(&excelize.Style{CustomNumFmt: &stamp})
	if err != nil {
		return err
	}
	styles := map[colKind]int{colCode: st.text, colNum2: st.num2, colInt: st.int0, colDate: date, colTime: dateTime}
	for i, sh := range q.sheets() {
		if i == 0 {
			if err := f.SetSheetName("Sheet1", sh.Name); err != nil {
				return err
			}
		} else if _, err := f.NewSheet(sh.Name); err != nil {
			return err
		}
		if err := writeSheet(f, sh, st.header, styles); err != nil {
			return fmt.Errorf("sheet %s: %w", sh.Name, err)
		}
	}
	return f.Write(w)
}

func writeSheet(f *excelize.File, sh sheet, header int, styles map[colKind]int) error {
	sw, err := f.NewStreamWriter(sh.Name)
	if err != nil {
		return err
	}
	for i, c := range sh.Cols {
		if c.Width > 0 {
			if err := sw.SetColWidth(i+1, i+1, c.Width); err != nil {
				return err
			}
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	head := make([]any, len(sh.Cols))
	for i, c := range sh.Cols {
		head[i] = excelize.Cell{StyleID: header, Value: c.Head}
	}
	if err := sw.SetRow("A1", head); err != nil {
		return err
	}
	for r, row := range sh.Rows {
		cells := make([]any, len(row))
		for i, v := range row {
			cells[i] = typedCell(v, styles[sh.Cols[i].Kind])
		}
		cell, _ := excelize.CoordinatesToCellName(1, r+2)
		if err := sw.SetRow(cell, cells); err != nil {
			return err
		}
	}
	return sw.Flush()
}

// typedCell drops empty values (nil pointers) and unwraps the others.
func typedCell(v any, style int) any {
	switch x := v.(type) {
	case nil:
		return nil
	case *float64:
		if x == nil {
			return nil
		}
		v = *x
	case *int:
		if x == nil {
			return nil
		}
		v = *x
	case *string:
		if x == nil {
			return nil
		}
		v = *x
	case *time.Time:
		if x == nil {
			return nil
		}
		v = *x
	}
	if style == 0 {
		return v
	}
	return excelize.Cell{StyleID: style, Value: v}
}

func (q *Quarterly) sheets() []sheet {
	return []sheet{q.summarySheet(), q.rankingSheet(), q.systemsSheet(), q.lossSheet(true), q.lossSheet(false),
		q.trendSheet(), q.appealSheet(), q.rectSheet(), q.meetingSheet(), q.notesSheet()}
}

func (q *Quarterly) summarySheet() sheet {
	sh := sheet{Name: "概况", Cols: []column{{"项目", colText, 24}, {"数值", colNum2, 14}, {"说明", colText, 80}}}
	add := func(k string, v any, note string) { sh.Rows = append(sh.Rows, []any{k, v, note}) }
	add("单位", nil, q.Unit.Code+" "+q.Unit.Name)
	add("考核期", nil, q.PeriodLabel+"（"+data.StatusNames[q.Status]+"）")
	if s := q.Self; s != nil {
		add("本单位得分", s.Score, "")
		add("排名", intAsFloat(s.Rank), changeMark(q.SelfChange))
		add("组内单位数", intAsFloat(s.Size), "")
		add("等次", nil, gradeName(s.Grade))
	}
	sm := q.Summary
	add("下辖考核单位", float64(sm.Units), "")
	add("平均得分", sm.Mean, "")
	add("最高分", sm.Max, "")
	add("最低分", sm.Min, "")
	for _, g := range data.Grades {
		add(data.GradeNames[g]+"单位数", float64(sm.Grades[g]), "")
	}
	add("被一票否决单位", float64(sm.Vetoed), "")
	add("缺报指标数", float64(sm.Missing), "")
	add("逾期整改事项", float64(sm.Rects.Overdue), "")
	for i, p := range q.Points {
		add(fmt.Sprintf("要点 %d", i+1), nil, p)
	}
	return sh
}

func intAsFloat(p *int) any {
	if p == nil {
		return nil
	}
	return float64(*p)
}

func (q *Quarterly) rankingSheet() sheet {
	// The group by its readers' name ("百色市局 · 下属税务局"), never the
	// internal id (GX01:bureau).
	cols := []column{{"对比组", colText, 30}, {"组内单位数", colInt, 10}, {"排名", colInt, 6}, {"名次变化", colInt, 9},
		{"单位代码", colCode, 14}, {"单位名称", colText, 36}, {"得分", colNum2, 9}, {"等次", colText, 8}, {"一票否决", colText, 9}}
	for _, c := range queries.SystemCols {
		cols = append(cols, column{data.SystemNames[c], colNum2, 10})
	}
	sh := sheet{Name: "排名", Cols: cols}
	for _, g := range q.Groups {
		for _, r := range g.Ranking.Rows {
			row := []any{g.Title, g.Ranking.Size, r.Rank, r.RankChange, r.UnitCode, r.UnitName, r.Score, data.GradeNames[r.Grade], boolZH(r.Vetoed)}
			if r.UnitCode == nil {
				row[5] = "（匿名）"
			}
			for _, c := range queries.SystemCols {
				row = append(row, r.Systems[c])
			}
			sh.Rows = append(sh.Rows, row)
		}
	}
	return sh
}

func (q *Quarterly) systemsSheet() sheet {
	sh := sheet{Name: "体系分析", Cols: []column{{"体系代码", colCode, 10}, {"体系", colText, 12}, {"本单位", colNum2, 10}, {"下辖平均", colNum2, 10},
		{"最高单位", colText, 24}, {"最高分", colNum2, 10}, {"最低单位", colText, 24}, {"最低分", colNum2, 10}}}
	for _, s := range q.Systems {
		sh.Rows = append(sh.Rows, []any{s.System, s.Name, s.Self, s.Avg, s.Best, s.BestScore, s.Worst, s.WorstScr})
	}
	return sh
}

func (q *Quarterly) lossSheet(byIndicator bool) sheet {
	if byIndicator {
		sh := sheet{Name: "失分-指标", Cols: []column{{"指标代码", colCode, 10}, {"指标名称", colText, 30}, {"失分合计", colNum2, 10}, {"涉及单位", colInt, 10}, {"缺报", colInt, 8}}}
		for _, l := range q.LossesInd {
			sh.Rows = append(sh.Rows, []any{l.Code, l.Name, l.Lost, l.Units, l.Missing})
		}
		return sh
	}
	sh := sheet{Name: "失分-部门", Cols: []column{{"部门代码", colCode, 10}, {"牵头部门", colText, 16}, {"失分合计", colNum2, 10}, {"涉及单位", colInt, 10}, {"缺报", colInt, 8}}}
	for _, l := range q.LossesDept {
		sh.Rows = append(sh.Rows, []any{l.Code, deptName(l.Code), l.Lost, l.Units, l.Missing})
	}
	return sh
}

func (q *Quarterly) trendSheet() sheet {
	cols := []column{{"单位代码", colCode, 14}, {"单位名称", colText, 36}}
	for _, p := range q.Trend.Periods {
		cols = append(cols, column{p + " 得分", colNum2, 12}, column{p + " 排名", colInt, 10})
	}
	sh := sheet{Name: "走势", Cols: cols}
	for _, r := range q.Trend.Rows {
		row := []any{r.Code, r.Name}
		for i := range r.Scores {
			row = append(row, r.Scores[i], r.Ranks[i])
		}
		sh.Rows = append(sh.Rows, row)
	}
	return sh
}

func (q *Quarterly) appealSheet() sheet {
	sh := sheet{Name: "申诉", Cols: []column{{"编号", colInt, 6}, {"单位代码", colCode, 14}, {"单位名称", colText, 30}, {"指标代码", colCode, 9},
		{"指标名称", colText, 20}, {"考核期", colCode, 8}, {"原值", colNum2, 10}, {"申诉值", colNum2, 10}, {"裁定值", colNum2, 10},
		{"状态", colText, 9}, {"申诉理由", colText, 30}, {"提出人", colText, 12}, {"提出时间", colTime, 17},
		{"审核人", colText, 12}, {"审核时间", colTime, 17}, {"审核意见", colText, 24}, {"裁定人", colText, 12}, {"裁定时间", colTime, 17}, {"裁定意见", colText, 24}}}
	for _, a := range q.Appeals {
		sh.Rows = append(sh.Rows, []any{a.ID, a.UnitCode, a.UnitName, a.IndicatorCode, a.IndicatorName, a.Period, a.OldActual, a.ClaimedActual,
			a.DecidedActual, queries.AppealStatusName(a.Status), a.Reason, a.FiledBy, a.FiledAt, a.ReviewedBy, a.ReviewedAt, a.ReviewComment,
			a.DecidedBy, a.DecidedAt, a.DecideComment})
	}
	return sh
}

func (q *Quarterly) rectSheet() sheet {
	sh := sheet{Name: "整改", Cols: []column{{"编号", colInt, 6}, {"责任单位代码", colCode, 14}, {"责任单位", colText, 30}, {"来源", colText, 9},
		{"整改事项", colText, 30}, {"整改措施", colText, 30}, {"整改期限", colDate, 12}, {"状态", colText, 8}, {"逾期天数", colInt, 9},
		{"考核期", colCode, 8}, {"销号佐证", colText, 30}}}
	for _, r := range q.Rects {
		var deadline any
		if t, err := time.Parse("2006-01-02", r.Deadline); err == nil {
			deadline = t
		}
		sh.Rows = append(sh.Rows, []any{r.ID, r.UnitCode, r.UnitName, sourceZH(r.Source), r.Title, r.Measures, deadline,
			rectStatusZH(r.Status), r.DaysOverdue, r.Period, r.Evidence})
	}
	return sh
}

func (q *Quarterly) meetingSheet() sheet {
	sh := sheet{Name: "讲评会", Cols: []column{{"编号", colInt, 6}, {"单位代码", colCode, 14}, {"单位", colText, 30}, {"考核期", colCode, 8},
		{"会议名称", colText, 36}, {"日期", colDate, 12}, {"议定事项", colText, 50}, {"纪要", colText, 80}}}
	for _, m := range q.Meetings {
		var held any
		if t, err := time.Parse("2006-01-02", m.HeldOn); err == nil {
			held = t
		}
		sh.Rows = append(sh.Rows, []any{m.ID, m.UnitCode, m.UnitName, m.Period, m.Title, held, m.Decisions, m.Minutes})
	}
	return sh
}

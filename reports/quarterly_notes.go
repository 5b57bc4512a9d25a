package reports

import (
	"context"

	"jixiao/queries"
)

// readNotes reads the quarter's accepted explanations of the units of the
// subtree the reader sees named (an anonymised peer's never appear: the
// scope's read returns only named units' accepted explanations).
func (q *Quarterly) readNotes(ctx context.Context, src Source) error {
	notes, err := src.Explanations(ctx, queries.NoteFilter{Period: q.Period, AcceptedOnly: true})
	if err != nil {
		return err
	}
	for _, n := range notes {
		if _, under := q.dist[n.UnitCode]; under {
			q.Notes = append(q.Notes, n)
		}
	}
	return nil
}

func (q *Quarterly) notesSheet() sheet {
	sh := sheet{Name: "情况说明", Cols: []column{{"编号", colInt, 6}, {"单位代码", colCode, 14}, {"单位", colText, 30}, {"考核期", colCode, 8},
		{"指标代码", colCode, 9}, {"指标名称", colText, 20}, {"原因分析", colText, 50}, {"改进措施", colText, 50}, {"撰写人", colText, 12},
		{"审核人", colText, 12}}}
	for _, n := range q.Notes {
		sh.Rows = append(sh.Rows, []any{n.ID, n.UnitCode, n.UnitName, n.Period, n.IndicatorCode, n.IndicatorName, n.Cause, n.Measures, n.By, n.DecidedBy})
	}
	return sh
}

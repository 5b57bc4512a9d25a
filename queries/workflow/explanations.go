package workflow

import (
	"context"
	"fmt"
	"strings"

	"jixiao/queries"
)

// Explanations (情况说明, SPEC §12.2): the unit writes one on a quarter in
// review or final; an office above it accepts or returns it.

// AddExplanation records the unit's explanation of a quarter in review or
// final (an open quarter has no results to explain: 409).
func (d *Desk) AddExplanation(ctx context.Context, a queries.Actor, in queries.NoteInput) (*queries.Note, error) {
	in.Period = strings.ToUpper(strings.TrimSpace(in.Period))
	in.Cause, in.Measures = strings.TrimSpace(in.Cause), strings.TrimSpace(in.Measures)
	ord, err := queries.QuarterOrd(in.Period)
	if err != nil {
		return nil, err
	}
	var probs []queries.ParamProblem
	for _, f := range []struct{ key, v string }{{"cause", in.Cause}, {"measures", in.Measures}} {
		if f.v == "" || longer(queries.MaxText, f.v) {
			probs = append(probs, queries.ParamProblem{Key: f.key, Message: fmt.Sprintf("required, at most %d characters / 必填，不超过 %d 字", queries.MaxText, queries.MaxText)})
		}
	}
	if len(probs) > 0 {
		return nil, &queries.ParamError{Problems: probs}
	}
	if in.IndicatorCode != nil && strings.TrimSpace(*in.IndicatorCode) == "" {
		in.IndicatorCode = nil
	}
	var id int64
	return step(ctx, a, d.st.WriteFlow, d.st.Explanation, &id, func(x queries.Execer) error {
		if err := d.st.MustSeeFlow(ctx, x, a.Scope, in.UnitCode); err != nil {
			return err
		}
		if err := queries.MustSeePeriod(ctx, d.st, a.Scope, in.Period); err != nil {
			return err
		}
		if ok, err := a.May(ctx, x, queries.ActExplain, in.UnitCode); err != nil || !ok {
			return orErr(err, forbidden("只有本单位的用户可以撰写情况说明", "only the unit's own users may write its explanation"))
		}
		st, err := queries.StatusOfPeriod(ctx, x, in.Period)
		if err != nil {
			return err
		}
		if st == "open" {
			return conflict(fmt.Sprintf("考核期 %s 尚未公示，公示或定稿后才能撰写情况说明", in.Period), fmt.Sprintf("period %s is open: explanations are written in review or final", in.Period))
		}
		if in.IndicatorCode != nil {
			if err := mustApply(ctx, x, in.UnitCode, *in.IndicatorCode, in.Period, ord); err != nil {
				return err
			}
		}
		if err := x.QueryRowContext(ctx, `INSERT INTO explanations (unit_code, period, indicator_code, cause, measures, written_by)
			VALUES (?, ?, ?, ?, ?, ?) RETURNING id`, in.UnitCode, in.Period, in.IndicatorCode, in.Cause, in.Measures, a.Username).Scan(&id); err != nil {
			return err
		}
		return a.AuditIn(ctx, x, "explanation_add", fmt.Sprintf("explanation %d", id), fmt.Sprintf("%s %s", in.UnitCode, in.Period))
	})
}

// mustApply is a ParamError on indicator_code unless the indicator
// applies to the unit in the quarter ord.
func mustApply(ctx context.Context, x queries.Execer, unit, indicator, period string, ord int) error {
	var ok bool
	if err := x.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM applicable WHERE unit_code = ? AND indicator_code = ? AND ? BETWEEN from_ord AND to_ord)`,
		unit, indicator, ord).Scan(&ok); err != nil {
		return err
	}
	if !ok {
		return notApplying(indicator, unit, period)
	}
	return nil
}

func notApplying(indicator, unit, period string) error {
	return queries.ParamErr("indicator_code", fmt.Sprintf("%s does not apply to %s in %s / 该指标不适用于该单位", indicator, unit, period))
}

// DecideExplanation is the office above accepting (decision "accept") or
// returning ("return", with a comment) a submitted explanation.
func (d *Desk) DecideExplanation(ctx context.Context, a queries.Actor, id int64, decision, comment string) (*queries.Note, error) {
	next := map[string]string{"accept": queries.ExplanationAccepted, "return": queries.ExplanationReturned}[decision]
	comment = strings.TrimSpace(comment)
	if next == queries.ExplanationReturned && comment == "" {
		return nil, queries.ParamErr("comment", "a return needs a comment / 退回须说明理由")
	}
	return step(ctx, a, d.st.WriteFlow, d.st.Explanation, &id, func(x queries.Execer) error {
		var status string
		unit, err := d.visibleItem(ctx, x, a, "explanations", id, "status", &status)
		if err != nil {
			return err
		}
		if ok, err := a.May(ctx, x, queries.ActExplainAccept, unit); err != nil || !ok {
			return orErr(err, forbidden("只有该单位上级的绩效办可以审核情况说明", "only a performance office above the unit may accept or return its explanation"))
		}
		if status != queries.ExplanationSubmitted {
			return conflict("该情况说明已审核", fmt.Sprintf("the explanation is %s already", status))
		}
		if _, err := x.ExecContext(ctx, `UPDATE explanations SET status = ?, decided_by = ?, decided_at = current_timestamp, comment = nullif(?, '') WHERE id = ?`,
			next, a.Username, comment, id); err != nil {
			return err
		}
		return a.AuditIn(ctx, x, "explanation_"+decision, fmt.Sprintf("explanation %d", id), comment)
	})
}

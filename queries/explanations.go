package queries

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"
)

// Explanation statuses (SPEC §12.2).
const (
	ExplanationSubmitted = "submitted"
	ExplanationAccepted  = "accepted"
	ExplanationReturned  = "returned"
)

// Note is an explanation (情况说明): why a unit lost points or fell in a
// quarter and what it will do.
type Note struct {
	ID            int64      `json:"id"`
	UnitCode      string     `json:"unit_code"`
	UnitName      string     `json:"unit_name"`
	Period        string     `json:"period"`
	IndicatorCode *string    `json:"indicator_code"`
	IndicatorName *string    `json:"indicator_name"`
	Cause         string     `json:"cause"`
	Measures      string     `json:"measures"`
	Status        string     `json:"status"`
	By            string     `json:"by"`
	At            time.Time  `json:"at"`
	DecidedBy     *string    `json:"decided_by"`
	DecidedAt     *time.Time `json:"decided_at"`
	Comment       *string    `json:"comment"`
}

// NoteInput is what the unit writes.
type NoteInput struct {
	UnitCode      string  `json:"unit_code"`
	Period        string  `json:"period"`
	IndicatorCode *string `json:"indicator_code"`
	Cause         string  `json:"cause"`
	Measures      string  `json:"measures"`
}

// AddExplanation records the unit's explanation of a quarter in review or
// final (an open quarter has no results to explain: 409).
func (s *Store) AddExplanation(ctx context.Context, a Actor, in NoteInput) (*Note, error) {
	in.Period = strings.ToUpper(strings.TrimSpace(in.Period))
	in.Cause, in.Measures = strings.TrimSpace(in.Cause), strings.TrimSpace(in.Measures)
	ord, err := quarterOrdOf(in.Period)
	if err != nil {
		return nil, err
	}
	var probs []ParamProblem
	for _, f := range []struct{ key, v string }{{"cause", in.Cause}, {"measures", in.Measures}} {
		if f.v == "" || len([]rune(f.v)) > maxText {
			probs = append(probs, ParamProblem{Key: f.key, Message: fmt.Sprintf("required, at most %d characters / 必填，不超过 %d 字", maxText, maxText)})
		}
	}
	if len(probs) > 0 {
		return nil, &ParamError{Problems: probs}
	}
	if in.IndicatorCode != nil && strings.TrimSpace(*in.IndicatorCode) == "" {
		in.IndicatorCode = nil
	}
	var id int64
	err = s.writeFlow(ctx, func(x sqlExecer) error {
		if err := s.mustSeeFlow(ctx, x, a.Scope, in.UnitCode); err != nil {
			return err
		}
		if err := s.mustSeePeriod(ctx, a.Scope, in.Period); err != nil {
			return err
		}
		if ok, err := a.may(ctx, x, ActExplain, in.UnitCode); err != nil || !ok {
			return orErr(err, forbidden("只有本单位的用户可以撰写情况说明", "only the unit's own users may write its explanation"))
		}
		st, err := periodStatus(ctx, x, in.Period)
		if err != nil {
			return err
		}
		if st == "open" {
			return conflict(fmt.Sprintf("考核期 %s 尚未公示，公示或定稿后才能撰写情况说明", in.Period), fmt.Sprintf("period %s is open: explanations are written in review or final", in.Period))
		}
		if in.IndicatorCode != nil {
			var ok bool
			if err := x.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM applicable WHERE unit_code = ? AND indicator_code = ? AND ? BETWEEN from_ord AND to_ord)`,
				in.UnitCode, *in.IndicatorCode, ord).Scan(&ok); err != nil {
				return err
			}
			if !ok {
				return paramErr("indicator_code", fmt.Sprintf("%s does not apply to %s in %s / 该指标不适用于该单位", *in.IndicatorCode, in.UnitCode, in.Period))
			}
		}
		if err := x.QueryRowContext(ctx, `INSERT INTO explanations (unit_code, period, indicator_code, cause, measures, written_by)
			VALUES (?, ?, ?, ?, ?, ?) RETURNING id`, in.UnitCode, in.Period, in.IndicatorCode, in.Cause, in.Measures, a.Username).Scan(&id); err != nil {
			return err
		}
		return a.audit(ctx, x, "explanation_add", fmt.Sprintf("explanation %d", id), fmt.Sprintf("%s %s", in.UnitCode, in.Period))
	})
	if err != nil {
		return nil, err
	}
	return s.Explanation(ctx, a.Scope, id)
}

// DecideExplanation is the office above accepting ("accept") or returning
// ("return", with a comment) a submitted explanation.
func (s *Store) DecideExplanation(ctx context.Context, a Actor, id int64, step, comment string) (*Note, error) {
	next := map[string]string{"accept": ExplanationAccepted, "return": ExplanationReturned}[step]
	comment = strings.TrimSpace(comment)
	if next == ExplanationReturned && comment == "" {
		return nil, paramErr("comment", "a return needs a comment / 退回须说明理由")
	}
	err := s.writeFlow(ctx, func(x sqlExecer) error {
		var unit, status string
		if err := x.QueryRowContext(ctx, "SELECT unit_code, status FROM explanations WHERE id = ?", id).Scan(&unit, &status); err != nil {
			if err == sql.ErrNoRows {
				return ErrNotFound
			}
			return err
		}
		if err := s.mustSeeFlow(ctx, x, a.Scope, unit); err != nil {
			return err
		}
		if ok, err := a.may(ctx, x, ActExplainAccept, unit); err != nil || !ok {
			return orErr(err, forbidden("只有该单位上级的绩效办可以审核情况说明", "only a performance office above the unit may accept or return its explanation"))
		}
		if status != ExplanationSubmitted {
			return conflict("该情况说明已审核", fmt.Sprintf("the explanation is %s already", status))
		}
		if _, err := x.ExecContext(ctx, `UPDATE explanations SET status = ?, decided_by = ?, decided_at = current_timestamp, comment = nullif(?, '') WHERE id = ?`,
			next, a.Username, comment, id); err != nil {
			return err
		}
		return a.audit(ctx, x, "explanation_"+step, fmt.Sprintf("explanation %d", id), comment)
	})
	if err != nil {
		return nil, err
	}
	return s.Explanation(ctx, a.Scope, id)
}

// NoteFilter narrows Explanations; empty fields match everything.
type NoteFilter struct {
	Period, Unit, Indicator string
	AcceptedOnly            bool
}

// Explanation returns one visible explanation, or ErrNotFound.
func (s *Store) Explanation(ctx context.Context, sc Scope, id int64) (*Note, error) {
	out, err := s.explanations(ctx, sc, NoteFilter{}, id)
	if err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, ErrNotFound
	}
	return &out[0], nil
}

// Explanations lists the explanations the scope sees, newest first: every
// one of the units whose workflow items it sees, and the accepted ones of
// every unit it sees named — never an anonymised peer's — in visible periods.
func (s *Store) Explanations(ctx context.Context, sc Scope, f NoteFilter) ([]Note, error) {
	return s.explanations(ctx, sc, f, 0)
}

func (s *Store) explanations(ctx context.Context, sc Scope, f NoteFilter, id int64) ([]Note, error) {
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	fl, fa := sc.sees("e.unit_code", "", seeFlow)
	nm, na := sc.sees("e.unit_code", "", seeNamed)
	pc, pa := sc.periodCond("e.period")
	q := `SELECT e.id, e.unit_code, u.name, e.period, e.indicator_code,
	       (SELECT any_value(name) FROM indicators i WHERE i.code = e.indicator_code),
	       e.cause, e.measures, e.status, e.written_by, e.written_at, e.decided_by, e.decided_at, e.comment
	FROM explanations e JOIN units u ON u.code = e.unit_code
	WHERE ((` + fl + `) OR (e.status = 'accepted' AND ` + nm + `)) AND ` + pc + `
	  AND (? = 0 OR e.id = ?) AND (? = '' OR e.period = ?) AND (? = '' OR e.unit_code = ?)
	  AND (? = '' OR e.indicator_code = ?) AND (NOT ? OR e.status = 'accepted')
	ORDER BY e.id DESC LIMIT 10000`
	args := append(append(append(fa, na...), pa...), id, id, f.Period, f.Period, f.Unit, f.Unit, f.Indicator, f.Indicator, f.AcceptedOnly)
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("explanations: %w", err)
	}
	defer rows.Close()
	out := []Note{}
	for rows.Next() {
		var n Note
		var ind, iname, by, com sql.NullString
		var at sql.NullTime
		if err := rows.Scan(&n.ID, &n.UnitCode, &n.UnitName, &n.Period, &ind, &iname, &n.Cause, &n.Measures, &n.Status,
			&n.By, &n.At, &by, &at, &com); err != nil {
			return nil, err
		}
		n.IndicatorCode, n.IndicatorName, n.DecidedBy, n.Comment, n.DecidedAt = nullStr(ind), nullStr(iname), nullStr(by), nullStr(com), nullTime(at)
		out = append(out, n)
	}
	return out, rows.Err()
}

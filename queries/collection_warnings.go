package queries

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// SubmissionDueDays is how many days before the deadline a unit that has
// not submitted is warned (SPEC §12: 0–3 days left).
const SubmissionDueDays = 3

// submissionWarnings are SPEC §12's warnings of an open quarter over the
// units whose workflow items the scope sees (the unit itself, the offices
// and leaders above): submission_due, submission_overdue (a deadline is
// set, nothing submitted yet) and submission_returned.
func (s *Store) submissionWarnings(ctx context.Context, sc Scope, period, lang string, now time.Time) ([]Warning, error) {
	st, err := collectStatus(ctx, s.db, period)
	if err != nil || st != "open" {
		return nil, nil // a quarter not collected now warns of nothing
	}
	rows, err := s.CollectionProgress(ctx, sc, period)
	if err != nil {
		return nil, err
	}
	ends, hasDL, err := deadlineOf(ctx, s.db, period)
	if err != nil {
		return nil, err
	}
	var out []Warning
	for _, r := range rows {
		if r.Status == SubmissionReturned {
			out = append(out, Warning{Kind: "submission_returned", Severity: "medium", UnitCode: r.UnitCode, UnitName: r.UnitName,
				ItemID: r.ID, Message: tr(lang, fmt.Sprintf("%s 的数据报送被退回，请修改后重新提交", period),
					fmt.Sprintf("the %s declaration was returned: correct it and submit again", period))})
		}
		if r.Submitted || !hasDL {
			continue
		}
		day := ends.AddDate(0, 0, -1).Format("2006-01-02")
		if !now.Before(ends) {
			out = append(out, Warning{Kind: "submission_overdue", Severity: "high", UnitCode: r.UnitCode, UnitName: r.UnitName,
				Message: tr(lang, fmt.Sprintf("%s 数据报送已逾期（截止 %s），%d 项指标未报送", period, day, r.Owed),
					fmt.Sprintf("the %s declaration is overdue (deadline %s): %d indicators not submitted", period, day, r.Owed))})
		} else if d := daysLeft(ends, now); d >= 0 && d <= SubmissionDueDays {
			out = append(out, Warning{Kind: "submission_due", Severity: "medium", UnitCode: r.UnitCode, UnitName: r.UnitName,
				Message: tr(lang, fmt.Sprintf("%s 数据报送将于 %s 截止（剩 %d 天），%d 项指标未报送", period, day, d, r.Owed),
					fmt.Sprintf("the %s declaration is due on %s (%d days left): %d indicators not submitted", period, day, d, r.Owed))})
		}
	}
	return out, nil
}

// checkMu makes CheckCollection's look-then-record one step.
var checkMu sync.Mutex

// CheckCollection emits submission_due and submission_overdue events
// (SPEC §14) for the units that have not submitted, once per unit, quarter
// and kind; the server calls it periodically. It returns how many it emitted.
func (s *Store) CheckCollection(ctx context.Context, now time.Time) (int, error) {
	// Two periodic callers (the server's, the notifier's) never emit twice.
	checkMu.Lock()
	defer checkMu.Unlock()
	rows, err := s.db.QueryContext(ctx, `SELECT d.period FROM collection_deadlines d
		LEFT JOIN periods p ON p.period = d.period WHERE coalesce(p.status, 'open') = 'open'`)
	if err != nil {
		return 0, err
	}
	var periods []string
	for rows.Next() {
		var p string
		if rows.Scan(&p) == nil {
			periods = append(periods, p)
		}
	}
	rows.Close()
	n := 0
	for _, p := range periods {
		ws, err := s.submissionWarnings(ctx, Everything, p, "zh", now)
		if err != nil {
			return n, err
		}
		wsEn, err := s.submissionWarnings(ctx, Everything, p, "en", now)
		if err != nil || len(wsEn) != len(ws) {
			return n, err
		}
		for i, w := range ws {
			if w.Kind == "submission_returned" {
				continue // emitted when it happened
			}
			var seen bool
			if err := s.db.QueryRowContext(ctx, "SELECT EXISTS (SELECT 1 FROM submission_notices WHERE unit_code = ? AND period = ? AND kind = ?)",
				w.UnitCode, p, w.Kind).Scan(&seen); err != nil {
				return n, err
			}
			if seen {
				continue
			}
			if _, err := s.db.ExecContext(ctx, "INSERT INTO submission_notices (unit_code, period, kind) VALUES (?, ?, ?)", w.UnitCode, p, w.Kind); err != nil {
				return n, err
			}
			s.emitSubmission(ctx, w.Kind, 0, w.UnitCode, p, w.UnitName+"："+w.Message, w.UnitName+": "+wsEn[i].Message)
			n++
		}
	}
	return n, nil
}

// SubmissionWarnings are the collection warnings of a quarter over the
// scope (in an open quarter, for dept and staff too: the period rule
// limits results, not collection), in lang.
func (s *Store) SubmissionWarnings(ctx context.Context, sc Scope, period, lang string) ([]Warning, error) {
	if _, err := quarterOrdOf(period); err != nil {
		return nil, err
	}
	return s.submissionWarnings(ctx, sc, period, lang, time.Now())
}

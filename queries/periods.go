package queries

import (
	"context"
	"database/sql"
	"fmt"
)

// PeriodStatus is one quarter or year and its status.
type PeriodStatus struct {
	Period string `json:"period"`
	Status string `json:"status"`
}

// Periods lists the periods the scope may see, newest first, years after their quarters.
func (s *Store) Periods(ctx context.Context, sc Scope) ([]PeriodStatus, error) {
	_, hs, err := s.heldScope(ctx, sc)
	if err != nil {
		return nil, err
	}
	return append([]PeriodStatus(nil), hs.periods...), nil
}

// SetPeriodStatus moves a quarter open ⇄ review → final (final is permanent).
func (s *Store) SetPeriodStatus(ctx context.Context, user, period, status string) error {
	return s.writeConn(ctx, func(tx sqlExecer) error {
		var cur string
		if err := tx.QueryRowContext(ctx, "SELECT status FROM periods WHERE period = ?", period).Scan(&cur); err != nil {
			return ErrNotFound
		}
		ok := (cur == "open" && status == "review") || (cur == "review" && (status == "open" || status == "final"))
		if !ok {
			return &Error{Kind: Conflict, Msg: fmt.Sprintf("期间 %s 不能从 %s 改为 %s（open ⇄ review → final，final 不可更改）/ period %s cannot go from %s to %s", period, cur, status, period, cur, status)}
		}
		if status == "final" {
			if err := refusePendingAppeals(ctx, tx, period); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE periods SET status = ?, changed_by = ?, changed_at = current_timestamp,
			review_at = CASE WHEN ? = 'review' THEN current_timestamp ELSE review_at END WHERE period = ?`, status, user, status, period); err != nil {
			return err
		}
		// The report centre follows: a quarter going to review queues the
		// reports of its bureaus in this same transaction (a crash cannot
		// lose the request); one going back to open stops its run.
		switch status {
		case "review":
			if err := queueReportRun(ctx, tx, period, user); err != nil {
				return err
			}
		case "open":
			if err := cancelReportRuns(ctx, tx, period); err != nil {
				return err
			}
		}
		return auditX(ctx, tx, user, "period_status", period, cur+" → "+status)
	})
}

// DemoPeriodStatuses publishes the demo's history: every quarter final but
// the last, which is in review so that appeals can be tried.
func (s *Store) DemoPeriodStatuses(ctx context.Context) error {
	return s.writeConn(ctx, func(tx sqlExecer) error {
		_, err := tx.ExecContext(ctx, `UPDATE periods SET
			status = CASE WHEN ord = (SELECT max(ord) FROM periods) THEN 'review' ELSE 'final' END,
			changed_by = 'demo', changed_at = current_timestamp, review_at = current_timestamp`)
		if err != nil {
			return err
		}
		var review string
		err = tx.QueryRowContext(ctx, "SELECT period FROM periods ORDER BY ord DESC LIMIT 1").Scan(&review)
		if err == sql.ErrNoRows {
			return nil
		}
		if err != nil {
			return err
		}
		return queueReportRun(ctx, tx, review, "demo")
	})
}

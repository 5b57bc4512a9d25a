package queries

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// PeriodInfo is a quarter's publication state: its status, who set it and
// when, and the appeal window that publication (公示) opened.
type PeriodInfo struct {
	Period      string     `json:"period"`
	Status      string     `json:"status"`
	ChangedBy   *string    `json:"changed_by"`
	ChangedAt   *time.Time `json:"changed_at"`
	ReviewAt    *time.Time `json:"review_at"`
	AppealUntil *time.Time `json:"appeal_until"` // end of the appeal window, while in review
	AppealsOpen bool       `json:"appeals_open"`
	WindowDays  int        `json:"window_days"`
	Pending     int        `json:"pending_appeals"` // visible appeals not yet decided
}

// PeriodInfos lists the visible quarters, newest first, with their publication state.
func (s *Store) PeriodInfos(ctx context.Context, sc Scope) ([]PeriodInfo, error) {
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	days := windowDays(ctx, s.db)
	w, args := sc.with()
	fv, fargs := sc.flowVisSQL()
	q := w + `, fv AS (` + fv + `)
		SELECT p.period, p.status, p.changed_by, p.changed_at, p.review_at,
		       CASE WHEN p.status = 'review' THEN p.review_at + to_days(?::INTEGER) END,
		       p.status = 'review' AND coalesce(p.review_at + to_days(?::INTEGER) >= current_timestamp::TIMESTAMP, true),
		       (SELECT count(*) FROM appeals a WHERE a.period = p.period AND a.status IN ('submitted', 'forwarded')
		          AND a.unit_code IN (SELECT unit_code FROM fv))
		FROM periods p JOIN vp ON vp.period = p.period ORDER BY p.ord DESC`
	rows, err := s.db.QueryContext(ctx, q, append(append(args, fargs...), days, days)...)
	if err != nil {
		return nil, fmt.Errorf("period infos: %w", err)
	}
	defer rows.Close()
	out := []PeriodInfo{}
	for rows.Next() {
		p := PeriodInfo{WindowDays: days}
		var by sql.NullString
		var at, rev, until sql.NullTime
		if err := rows.Scan(&p.Period, &p.Status, &by, &at, &rev, &until, &p.AppealsOpen, &p.Pending); err != nil {
			return nil, err
		}
		p.ChangedBy, p.ChangedAt, p.ReviewAt, p.AppealUntil = nullStr(by), nullTime(at), nullTime(rev), nullTime(until)
		out = append(out, p)
	}
	return out, rows.Err()
}

// PeriodInfo returns one visible quarter's publication state, or ErrNotFound.
func (s *Store) PeriodInfo(ctx context.Context, sc Scope, period string) (*PeriodInfo, error) {
	all, err := s.PeriodInfos(ctx, sc)
	if err != nil {
		return nil, err
	}
	for i := range all {
		if all[i].Period == period {
			return &all[i], nil
		}
	}
	return nil, ErrNotFound
}

// refusePendingAppeals keeps a quarter from becoming final while appeals on
// it are still pending: a final period could never decide them.
func refusePendingAppeals(ctx context.Context, x sqlExecer, period string) error {
	var n int
	if err := x.QueryRowContext(ctx, "SELECT count(*) FROM appeals WHERE period = ? AND status IN ('submitted', 'forwarded')", period).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return conflict(fmt.Sprintf("考核期 %s 还有 %d 件申诉未办结，办结后才能定稿", period, n),
			fmt.Sprintf("period %s still has %d pending appeal(s): decide them before making it final", period, n))
	}
	return nil
}

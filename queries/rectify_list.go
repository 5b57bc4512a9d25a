package queries

import (
	"context"
	"database/sql"
	"strconv"
)

// rectOverdueSQL and rectDueSQL are the one rule of an overdue item of
// rectifications r (not done, its deadline before today in the database's
// time zone) and of a due one (not done, its deadline within
// RectificationDueDays or past): lists, warnings, reports and the
// notifier all read them.
var (
	rectOverdueSQL = "(r.status <> 'done' AND r.deadline < current_date)"
	rectDueSQL     = "(r.status <> 'done' AND r.deadline <= current_date + to_days(" + strconv.Itoa(RectificationDueDays) + "))"
)

// rectifications lists items the scope sees (owner in the user's subtree;
// items tied to a period only when the period is visible); id > 0 picks one.
func (s *Store) rectifications(ctx context.Context, x sqlExecer, sc Scope, f RectFilter, id int64) ([]Rectification, error) {
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	l := sc.flowList("r", true).eq("id", id).eq("unit_code", f.Unit).eq("period", f.Period).eq("status", f.Status).eq("meeting_id", f.MeetingID).
		under(f.Under).search(f.Query, "title", "detail", "measures")
	if f.OverdueOnly {
		l.is(rectOverdueSQL)
	}
	if f.Current != "" {
		l.is("(r.status <> 'done' OR r.period = ?)", f.Current)
	}
	q, args := l.sql(`SELECT r.id, r.unit_code, u.name, r.source, r.title, r.detail, r.measures, strftime(r.deadline, '%Y-%m-%d'), r.status, r.evidence,
		       r.period, r.meeting_id, r.indicator_code,
		       `+rectOverdueSQL+` AS overdue, `+rectDueSQL+`,
		       CASE WHEN `+rectOverdueSQL+` THEN current_date - r.deadline ELSE 0 END,
		       r.deadline - current_date,
		       r.created_by, r.created_at, r.updated_by, r.updated_at, r.closed_by, r.closed_at
		FROM rectifications r JOIN units u ON u.code = r.unit_code`, `ORDER BY overdue DESC, r.status = 'done', r.deadline, r.id LIMIT 10000`)
	out, err := listOf(ctx, x, "rectifications", q, args, func(rows *sql.Rows) (Rectification, error) {
		var r Rectification
		err := rows.Scan(append(append([]any{&r.ID, &r.UnitCode, &r.UnitName, &r.Source, &r.Title, &r.Detail, &r.Measures, &r.Deadline, &r.Status, &r.Evidence,
			&r.Period, &r.MeetingID, &r.IndicatorCode, &r.Overdue, &r.Due, &r.DaysOverdue, &r.DaysLeft}, r.Recorded.dest()...), &r.ClosedBy, &r.ClosedAt)...)
		r.Files = []Attachment{}
		return r, err
	})
	if err != nil {
		return nil, err
	}
	return out, s.withFiles(ctx, "rectification", len(out), func(i int) int64 { return out[i].ID }, func(i int) *[]Attachment { return &out[i].Files })
}

// RectCounts summarises the visible items under root: by status, and overdue.
type RectCounts struct {
	Open       int `json:"open"`
	InProgress int `json:"in_progress"`
	Done       int `json:"done"`
	Overdue    int `json:"overdue"`
}

// RectificationCounts counts the visible items f selects by status, and
// the overdue ones (as the SQL of the list flags them: the one rule).
func (s *Store) RectificationCounts(ctx context.Context, sc Scope, f RectFilter) (RectCounts, error) {
	rs, err := s.Rectifications(ctx, sc, f)
	var c RectCounts
	for _, r := range rs {
		switch r.Status {
		case RectOpen:
			c.Open++
		case RectInProgress:
			c.InProgress++
		case RectDone:
			c.Done++
		}
		if r.Overdue {
			c.Overdue++
		}
	}
	return c, err
}

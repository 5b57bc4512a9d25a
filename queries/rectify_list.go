package queries

import (
	"context"
	"database/sql"
	"fmt"
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
	v, args := sc.flowVisSQL()
	p, pargs := sc.periodSQL()
	q := "WITH fv AS (" + v + "), vp AS (" + p + `)
		SELECT r.id, r.unit_code, u.name, r.source, r.title, r.detail, r.measures, strftime(r.deadline, '%Y-%m-%d'), r.status, r.evidence,
		       r.period, r.meeting_id, r.indicator_code,
		       ` + rectOverdueSQL + ` AS overdue, ` + rectDueSQL + `,
		       CASE WHEN ` + rectOverdueSQL + ` THEN current_date - r.deadline ELSE 0 END,
		       r.deadline - current_date,
		       r.created_by, r.created_at, r.updated_by, r.updated_at, r.closed_by, r.closed_at
		FROM rectifications r JOIN units u ON u.code = r.unit_code
		WHERE r.unit_code IN (SELECT unit_code FROM fv) AND (r.period IS NULL OR r.period IN (SELECT period FROM vp))
		  AND (? = 0 OR r.id = ?) AND (? = '' OR r.unit_code = ?) AND (? = '' OR r.period = ?) AND (? = '' OR r.status = ?)
		  AND (? = 0 OR r.meeting_id = ?) AND (NOT ? OR ` + rectOverdueSQL + `)
		  AND (? = '' OR r.unit_code IN (SELECT descendant FROM unit_tree WHERE ancestor = ?))
		  AND (? = '' OR r.title ILIKE ? ESCAPE '\' OR r.detail ILIKE ? ESCAPE '\' OR r.measures ILIKE ? ESCAPE '\')
		  AND (? = '' OR r.status <> 'done' OR r.period = ?)
		ORDER BY overdue DESC, r.status = 'done', r.deadline, r.id LIMIT 10000`
	like := likePattern(f.Query)
	args = append(append(args, pargs...), id, id, f.Unit, f.Unit, f.Period, f.Period, f.Status, f.Status, f.MeetingID, f.MeetingID,
		f.OverdueOnly, f.Under, f.Under, f.Query, like, like, like, f.Current, f.Current)
	rows, err := x.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("rectifications: %w", err)
	}
	defer rows.Close()
	out := []Rectification{}
	for rows.Next() {
		var r Rectification
		var period, ind, uBy, cBy sql.NullString
		var meeting sql.NullInt64
		var uAt, cAt sql.NullTime
		if err := rows.Scan(&r.ID, &r.UnitCode, &r.UnitName, &r.Source, &r.Title, &r.Detail, &r.Measures, &r.Deadline, &r.Status, &r.Evidence,
			&period, &meeting, &ind, &r.Overdue, &r.Due, &r.DaysOverdue, &r.DaysLeft, &r.CreatedBy, &r.CreatedAt, &uBy, &uAt, &cBy, &cAt); err != nil {
			return nil, err
		}
		r.Period, r.IndicatorCode, r.UpdatedBy, r.ClosedBy = nullStr(period), nullStr(ind), nullStr(uBy), nullStr(cBy)
		r.UpdatedAt, r.ClosedAt = nullTime(uAt), nullTime(cAt)
		if meeting.Valid {
			r.MeetingID = &meeting.Int64
		}
		r.Files = []Attachment{}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return out, s.rectFiles(ctx, out)
}

func (s *Store) rectFiles(ctx context.Context, rs []Rectification) error {
	if len(rs) == 0 {
		return nil
	}
	ids := make([]int64, len(rs))
	at := map[int64]int{}
	for i, r := range rs {
		ids[i], at[r.ID] = r.ID, i
	}
	files, err := s.attachmentsOf(ctx, "rectification", ids)
	for _, f := range files {
		rs[at[f.OwnerID]].Files = append(rs[at[f.OwnerID]].Files, f)
	}
	return err
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

package queries

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"
)

// Deadline is a quarter's collection deadline (SPEC §12): the end of
// Date in the server's time zone.
type Deadline struct {
	Period string    `json:"period"`
	Date   string    `json:"deadline"` // YYYY-MM-DD
	Ends   time.Time `json:"ends_at"`  // the first instant after the deadline
	SetBy  string    `json:"set_by"`
	SetAt  time.Time `json:"set_at"`
}

// endOfDay is the first instant after day d in the server's time zone.
func endOfDay(d time.Time) time.Time {
	return time.Date(d.Year(), d.Month(), d.Day()+1, 0, 0, 0, 0, time.Local)
}

// SetDeadline sets (or replaces) the deadline of an open quarter.
func (s *Store) SetDeadline(ctx context.Context, a Actor, period, date string) (*Deadline, error) {
	period = strings.ToUpper(strings.TrimSpace(period))
	d, err := time.Parse("2006-01-02", strings.TrimSpace(date))
	if err != nil {
		return nil, paramErr("deadline", fmt.Sprintf("%q is not a date YYYY-MM-DD / 日期格式应为 YYYY-MM-DD", date))
	}
	if _, err := quarterOrdOf(period); err != nil {
		return nil, err
	}
	err = s.writeFlow(ctx, func(x sqlExecer) error {
		if err := mustBeOpen(ctx, x, period); err != nil {
			return err
		}
		if _, err := x.ExecContext(ctx, "DELETE FROM collection_deadlines WHERE period = ?", period); err != nil {
			return err
		}
		if _, err := x.ExecContext(ctx, "INSERT INTO collection_deadlines (period, deadline, set_by) VALUES (?, ?::DATE, ?)", period, d.Format("2006-01-02"), a.Username); err != nil {
			return err
		}
		// The due and overdue events of the old deadline no longer hold.
		if _, err := x.ExecContext(ctx, "DELETE FROM submission_notices WHERE period = ?", period); err != nil {
			return err
		}
		return a.audit(ctx, x, "collection_deadline", period, d.Format("2006-01-02"))
	})
	if err != nil {
		return nil, err
	}
	return s.Deadline(ctx, period)
}

// Deadline is the quarter's deadline, nil when none is set.
func (s *Store) Deadline(ctx context.Context, period string) (*Deadline, error) {
	var dl Deadline
	var d time.Time
	err := s.db.QueryRowContext(ctx, "SELECT period, deadline, set_by, set_at FROM collection_deadlines WHERE period = ?", period).
		Scan(&dl.Period, &d, &dl.SetBy, &dl.SetAt)
	if err == sql.ErrNoRows {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	dl.Date, dl.Ends = d.Format("2006-01-02"), endOfDay(d)
	return &dl, nil
}

// deadlineOf is the end of the quarter's deadline day; ok false when none.
func deadlineOf(ctx context.Context, x sqlExecer, period string) (time.Time, bool, error) {
	var d time.Time
	err := x.QueryRowContext(ctx, "SELECT deadline FROM collection_deadlines WHERE period = ?", period).Scan(&d)
	if err == sql.ErrNoRows {
		return time.Time{}, false, nil
	}
	if err != nil {
		return time.Time{}, false, err
	}
	return endOfDay(d), true, nil
}

// Left is the number of days from now's day to the deadline day (0 on the
// day itself) and whether the deadline has passed.
func (d *Deadline) Left(now time.Time) (days int, overdue bool) {
	return daysLeft(d.Ends, now), !now.Before(d.Ends)
}

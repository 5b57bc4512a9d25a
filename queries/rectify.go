package queries

import (
	"context"
	"time"
)

// Rectification statuses.
const (
	RectOpen       = "open"
	RectInProgress = "in_progress"
	RectDone       = "done"
)

// Rectification is one 整改 item: a problem found by a review meeting or in
// social feedback, owned by a unit, with measures, a deadline and closing evidence.
type Rectification struct {
	ID            int64   `json:"id"`
	UnitCode      string  `json:"unit_code"`
	UnitName      string  `json:"unit_name"`
	Source        string  `json:"source"` // meeting | feedback
	Title         string  `json:"title"`
	Detail        string  `json:"detail"`
	Measures      string  `json:"measures"`
	Deadline      string  `json:"deadline"` // YYYY-MM-DD
	Status        string  `json:"status"`
	Evidence      string  `json:"evidence"`
	Period        *string `json:"period"`
	MeetingID     *int64  `json:"meeting_id"`
	IndicatorCode *string `json:"indicator_code"`
	Overdue       bool    `json:"overdue"`
	// Due is an item not done whose deadline is past or within
	// RectificationDueDays (rectDueSQL; Overdue is rectOverdueSQL).
	Due         bool `json:"due"`
	DaysOverdue int  `json:"days_overdue"`
	// DaysLeft is the days from today to the deadline (negative past it),
	// today in the database's time zone, like Overdue.
	DaysLeft int `json:"days_left"`
	Recorded
	ClosedBy *string      `json:"closed_by"`
	ClosedAt *time.Time   `json:"closed_at"`
	Files    []Attachment `json:"files"`
}

// RectificationInput is what the office writes; the owner unit may change
// only measures, status and evidence.
type RectificationInput struct {
	UnitCode      string `json:"unit_code"`
	Source        string `json:"source"`
	Title         string `json:"title"`
	Detail        string `json:"detail"`
	Measures      string `json:"measures"`
	Deadline      string `json:"deadline"`
	Status        string `json:"status"`
	Evidence      string `json:"evidence"`
	Period        string `json:"period"`
	MeetingID     *int64 `json:"meeting_id"`
	IndicatorCode string `json:"indicator_code"`
}

// RectFilter narrows Rectifications; empty fields match everything.
type RectFilter struct {
	Unit        string
	Under       string
	Period      string
	Status      string
	MeetingID   int64
	OverdueOnly bool
	Query       string // words in the title, detail or measures
	// Current, a period, keeps the items still not done and those of
	// that period (a quarterly report's).
	Current string
}

// Rectification returns one visible item, or ErrNotFound.
func (s *Store) Rectification(ctx context.Context, sc Scope, id int64) (*Rectification, error) {
	return s.rectification(ctx, s.db, sc, id)
}

func (s *Store) rectification(ctx context.Context, x sqlExecer, sc Scope, id int64) (*Rectification, error) {
	return one(s.rectifications(ctx, x, sc, RectFilter{}, id))
}

// Rectifications lists the visible items, overdue first, then by deadline.
func (s *Store) Rectifications(ctx context.Context, sc Scope, f RectFilter) ([]Rectification, error) {
	return s.rectifications(ctx, s.db, sc, f, 0)
}

// OverdueRectifications lists the visible items past their deadline and
// not done, most overdue first: for the overview and the meeting slides.
func (s *Store) OverdueRectifications(ctx context.Context, sc Scope) ([]Rectification, error) {
	return s.Rectifications(ctx, sc, RectFilter{OverdueOnly: true})
}

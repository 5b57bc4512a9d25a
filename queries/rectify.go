package queries

import (
	"context"
	"fmt"
	"strings"
	"time"

	"jixiao/data"
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
	DaysLeft  int          `json:"days_left"`
	CreatedBy string       `json:"created_by"`
	CreatedAt time.Time    `json:"created_at"`
	UpdatedBy *string      `json:"updated_by"`
	UpdatedAt *time.Time   `json:"updated_at"`
	ClosedBy  *string      `json:"closed_by"`
	ClosedAt  *time.Time   `json:"closed_at"`
	Files     []Attachment `json:"files"`
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

func (in *RectificationInput) check() error {
	in.Title, in.Period = strings.TrimSpace(in.Title), strings.ToUpper(strings.TrimSpace(in.Period))
	if in.Status == "" {
		in.Status = RectOpen
	}
	if in.Source == "" {
		in.Source = "meeting"
	}
	switch {
	case in.UnitCode == "" || in.Title == "":
		return invalid("请填写责任单位和整改事项", "unit_code and title are required")
	case in.Source != "meeting" && in.Source != "feedback":
		return invalid("来源须为 meeting（讲评会）或 feedback（社会反馈）", `source must be "meeting" or "feedback"`)
	case in.Status != RectOpen && in.Status != RectInProgress && in.Status != RectDone:
		return invalid("状态须为 open、in_progress 或 done", "status must be open, in_progress or done")
	case in.Period != "" && !data.IsQuarter(in.Period):
		return invalid("考核期格式应为 YYYYQn", "period must be YYYYQn")
	case len([]rune(in.Title)) > 200 || len([]rune(in.Detail)) > maxText || len([]rune(in.Measures)) > maxText || len([]rune(in.Evidence)) > maxText:
		return invalid("内容过长", "a field is too long")
	}
	if _, err := time.Parse("2006-01-02", in.Deadline); err != nil {
		return invalid("整改期限格式应为 YYYY-MM-DD", "deadline must be YYYY-MM-DD")
	}
	return nil
}

// mayWorkOn: whoever may set the unit's items or report their progress.
func mayWorkOn(ctx context.Context, x sqlExecer, a Actor, unit string) (bool, error) {
	if ok, err := a.may(ctx, x, ActRectify, unit); err != nil || ok {
		return ok, err
	}
	return a.may(ctx, x, ActRectifyProgress, unit)
}

// AddRectification records a new item (office or admin).
func (s *Store) AddRectification(ctx context.Context, a Actor, in RectificationInput) (*Rectification, error) {
	if err := in.check(); err != nil {
		return nil, err
	}
	var id int64
	err := s.writeFlow(ctx, func(x sqlExecer) error {
		if err := s.rectRefs(ctx, x, a, in); err != nil {
			return err
		}
		if ok, err := a.may(ctx, x, ActRectify, in.UnitCode); err != nil || !ok {
			return orErr(err, forbidden("只有该单位上级的绩效办可以下达整改事项", "only a performance office above the unit may set its rectification items"))
		}
		if in.Status == RectDone && strings.TrimSpace(in.Evidence) == "" {
			return invalid("完成整改须附销号佐证", "closing an item needs evidence")
		}
		if err := x.QueryRowContext(ctx, `INSERT INTO rectifications (unit_code, source, title, detail, measures, deadline, status, evidence,
			period, meeting_id, indicator_code, created_by, closed_by, closed_at)
			VALUES (?, ?, ?, ?, ?, ?::DATE, ?, ?, nullif(?, ''), ?, nullif(?, ''), ?, CASE WHEN ? = 'done' THEN ? END, CASE WHEN ? = 'done' THEN current_timestamp END)
			RETURNING id`, in.UnitCode, in.Source, in.Title, in.Detail, in.Measures, in.Deadline, in.Status, in.Evidence,
			in.Period, in.MeetingID, in.IndicatorCode, a.Username, in.Status, a.Username, in.Status).Scan(&id); err != nil {
			return err
		}
		return a.audit(ctx, x, "rectification_add", fmt.Sprintf("rectification %d", id), in.UnitCode+": "+in.Title+" (期限 "+in.Deadline+")")
	})
	if err != nil {
		return nil, err
	}
	return s.Rectification(ctx, a.Scope, id)
}

// rectRefs checks that the unit, meeting and indicator of an item exist and are visible.
func (s *Store) rectRefs(ctx context.Context, x sqlExecer, a Actor, in RectificationInput) error {
	if err := s.mustSeeFlow(ctx, x, a.Scope, in.UnitCode); err != nil {
		return err
	}
	if in.MeetingID != nil {
		var unit string
		if err := x.QueryRowContext(ctx, "SELECT unit_code FROM meetings WHERE id = ?", *in.MeetingID).Scan(&unit); err != nil {
			return invalid("讲评会不存在", "no such meeting")
		}
		if err := s.mustSeeFlow(ctx, x, a.Scope, unit); err != nil {
			return invalid("讲评会不存在", "no such meeting")
		}
	}
	if in.IndicatorCode != "" {
		var n int
		if err := x.QueryRowContext(ctx, "SELECT count(*) FROM indicators WHERE code = ?", in.IndicatorCode).Scan(&n); err != nil || n == 0 {
			return orErr(err, invalid("指标不存在", "no such indicator"))
		}
	}
	return nil
}

// UpdateRectification changes an item. The office covering the owner may
// change everything; the owner unit's users only measures, status and evidence.
func (s *Store) UpdateRectification(ctx context.Context, a Actor, id int64, in RectificationInput) (*Rectification, error) {
	err := s.writeFlow(ctx, func(x sqlExecer) error {
		cur, err := s.rectForWrite(ctx, x, a, id)
		if err != nil {
			return err
		}
		office, err := a.mayChange(ctx, x, ActRectify, cur.UnitCode, cur.CreatedBy)
		if err != nil {
			return err
		}
		if ok, err := a.may(ctx, x, ActRectifyProgress, cur.UnitCode); err != nil || !(ok || office) {
			return orErr(err, forbidden("无权修改此整改事项", "you may not change this item"))
		}
		if !office { // the owner: only its own progress
			measures, status, evidence := in.Measures, in.Status, in.Evidence
			in = rectInputOf(cur)
			in.Measures, in.Evidence = measures, evidence
			if status != "" {
				in.Status = status
			}
		}
		if err := in.check(); err != nil {
			return err
		}
		if in.UnitCode != cur.UnitCode || !sameID(in.MeetingID, cur.MeetingID) || in.IndicatorCode != deref(cur.IndicatorCode) {
			if err := s.rectRefs(ctx, x, a, in); err != nil {
				return err
			}
			if ok, err := a.may(ctx, x, ActRectify, in.UnitCode); err != nil || !ok {
				return orErr(err, forbidden("只有该单位上级的绩效办可以下达整改事项", "only a performance office above the unit may set its rectification items"))
			}
		}
		if in.Status == RectDone && strings.TrimSpace(in.Evidence) == "" && len(cur.Files) == 0 {
			return invalid("完成整改须附销号佐证（说明或文件）", "closing an item needs evidence (text or a file)")
		}
		if _, err := x.ExecContext(ctx, `UPDATE rectifications SET unit_code = ?, source = ?, title = ?, detail = ?, measures = ?, deadline = ?::DATE,
			evidence = ?, period = nullif(?, ''), meeting_id = ?, indicator_code = nullif(?, ''), updated_by = ?, updated_at = current_timestamp,
			closed_by = CASE WHEN ? <> 'done' THEN NULL WHEN status = 'done' THEN closed_by ELSE ? END,
			closed_at = CASE WHEN ? <> 'done' THEN NULL WHEN status = 'done' THEN closed_at ELSE current_timestamp END,
			status = ? WHERE id = ?`,
			in.UnitCode, in.Source, in.Title, in.Detail, in.Measures, in.Deadline, in.Evidence, in.Period, in.MeetingID, in.IndicatorCode,
			a.Username, in.Status, a.Username, in.Status, in.Status, id); err != nil {
			return err
		}
		return a.audit(ctx, x, "rectification_update", fmt.Sprintf("rectification %d", id), cur.Status+" → "+in.Status+": "+in.Title)
	})
	if err != nil {
		return nil, err
	}
	return s.Rectification(ctx, a.Scope, id)
}

func rectInputOf(r *Rectification) RectificationInput {
	in := RectificationInput{UnitCode: r.UnitCode, Source: r.Source, Title: r.Title, Detail: r.Detail, Measures: r.Measures,
		Deadline: r.Deadline, Status: r.Status, Evidence: r.Evidence, MeetingID: r.MeetingID}
	if r.Period != nil {
		in.Period = *r.Period
	}
	if r.IndicatorCode != nil {
		in.IndicatorCode = *r.IndicatorCode
	}
	return in
}

// rectForWrite loads an item the actor sees, or ErrNotFound.
func (s *Store) rectForWrite(ctx context.Context, x sqlExecer, a Actor, id int64) (*Rectification, error) {
	var unit string
	if err := x.QueryRowContext(ctx, "SELECT unit_code FROM rectifications WHERE id = ?", id).Scan(&unit); err != nil {
		return nil, ErrNotFound
	}
	if err := s.mustSeeFlow(ctx, x, a.Scope, unit); err != nil {
		return nil, err
	}
	return s.rectification(ctx, x, Everything, id)
}

// DeleteRectification removes an item and its evidence (office or admin).
func (s *Store) DeleteRectification(ctx context.Context, a Actor, id int64) error {
	return s.writeFlow(ctx, func(x sqlExecer) error {
		cur, err := s.rectForWrite(ctx, x, a, id)
		if err != nil {
			return err
		}
		if ok, err := a.mayChange(ctx, x, ActRectify, cur.UnitCode, cur.CreatedBy); err != nil || !ok {
			return orErr(err, forbidden("只有该单位上级、且不低于下达者的绩效办可以删除整改事项", "only a performance office above the unit, and not below the one that set the item, may delete it"))
		}
		for _, q := range []string{"DELETE FROM attachments WHERE owner_kind = 'rectification' AND owner_id = ?", "DELETE FROM rectifications WHERE id = ?"} {
			if _, err := x.ExecContext(ctx, q, id); err != nil {
				return err
			}
		}
		return a.audit(ctx, x, "rectification_delete", fmt.Sprintf("rectification %d", id), cur.UnitCode+": "+cur.Title)
	})
}

// Rectification returns one visible item, or ErrNotFound.
func (s *Store) Rectification(ctx context.Context, sc Scope, id int64) (*Rectification, error) {
	return s.rectification(ctx, s.db, sc, id)
}

func (s *Store) rectification(ctx context.Context, x sqlExecer, sc Scope, id int64) (*Rectification, error) {
	rs, err := s.rectifications(ctx, x, sc, RectFilter{}, id)
	if err != nil {
		return nil, err
	}
	if len(rs) == 0 {
		return nil, ErrNotFound
	}
	return &rs[0], nil
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

func sameID(a, b *int64) bool { return (a == nil) == (b == nil) && (a == nil || *a == *b) }

func deref(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

package queries

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"jixiao/data"
)

// Meeting is one quarterly review meeting (讲评会) of a bureau, with its
// minutes (纪要), decisions and the rectification items it set.
type Meeting struct {
	ID             int64           `json:"id"`
	UnitCode       string          `json:"unit_code"`
	UnitName       string          `json:"unit_name"`
	Period         string          `json:"period"`
	Title          string          `json:"title"`
	HeldOn         string          `json:"held_on"` // YYYY-MM-DD
	Location       string          `json:"location"`
	Attendees      string          `json:"attendees"`
	Minutes        string          `json:"minutes"`
	Decisions      string          `json:"decisions"`
	CreatedBy      string          `json:"created_by"`
	CreatedAt      time.Time       `json:"created_at"`
	UpdatedBy      *string         `json:"updated_by"`
	UpdatedAt      *time.Time      `json:"updated_at"`
	Rectifications []Rectification `json:"rectifications,omitempty"`
}

// MeetingInput is what the office records.
type MeetingInput struct {
	UnitCode  string `json:"unit_code"`
	Period    string `json:"period"`
	Title     string `json:"title"`
	HeldOn    string `json:"held_on"`
	Location  string `json:"location"`
	Attendees string `json:"attendees"`
	Minutes   string `json:"minutes"`
	Decisions string `json:"decisions"`
}

// MeetingFilter narrows Meetings; Query searches title, minutes and decisions.
type MeetingFilter struct {
	Unit   string
	Under  string // this unit and its subtree
	Period string
	Query  string
}

const maxMinutes = 100000

func (in *MeetingInput) check() error {
	in.Title, in.Period = strings.TrimSpace(in.Title), strings.ToUpper(strings.TrimSpace(in.Period))
	switch {
	case in.UnitCode == "" || in.Title == "" || in.Period == "":
		return invalid("请填写单位、考核期和会议名称", "unit_code, period and title are required")
	case !data.IsQuarter(in.Period):
		return invalid("考核期格式应为 YYYYQn", "period must be YYYYQn")
	case len([]rune(in.Title)) > 200 || len([]rune(in.Location)) > 200 || len([]rune(in.Attendees)) > maxText:
		return invalid("内容过长", "a field is too long")
	case len([]rune(in.Minutes)) > maxMinutes || len([]rune(in.Decisions)) > maxMinutes:
		return invalid(fmt.Sprintf("纪要不能超过 %d 字", maxMinutes), fmt.Sprintf("minutes are limited to %d characters", maxMinutes))
	}
	if _, err := time.Parse("2006-01-02", in.HeldOn); err != nil {
		return invalid("会议日期格式应为 YYYY-MM-DD", "held_on must be YYYY-MM-DD")
	}
	return nil
}

// AddMeeting archives a meeting (an office of the unit or above, or admin).
func (s *Store) AddMeeting(ctx context.Context, a Actor, in MeetingInput) (*Meeting, error) {
	if err := in.check(); err != nil {
		return nil, err
	}
	var id int64
	err := s.writeFlow(ctx, func(x sqlExecer) error {
		if err := s.meetingRules(ctx, x, a, in.UnitCode, in.Period); err != nil {
			return err
		}
		if err := x.QueryRowContext(ctx, `INSERT INTO meetings (unit_code, period, title, held_on, location, attendees, minutes, decisions, created_by)
			VALUES (?, ?, ?, ?::DATE, ?, ?, ?, ?, ?) RETURNING id`, in.UnitCode, in.Period, in.Title, in.HeldOn, in.Location, in.Attendees,
			in.Minutes, in.Decisions, a.Username).Scan(&id); err != nil {
			return err
		}
		return a.audit(ctx, x, "meeting_add", fmt.Sprintf("meeting %d", id), in.UnitCode+" "+in.Period+": "+in.Title)
	})
	if err != nil {
		return nil, err
	}
	return s.Meeting(ctx, a.Scope, id)
}

func (s *Store) meetingRules(ctx context.Context, x sqlExecer, a Actor, unit, period string) error {
	if err := s.mustSeeFlow(ctx, x, a.Scope, unit); err != nil {
		return err
	}
	if _, err := periodStatus(ctx, x, period); err != nil {
		return invalid("考核期不存在", "no such period")
	}
	if ok, err := a.may(ctx, x, ActMinutes, unit); err != nil || !ok {
		return orErr(err, forbidden("只有本单位或上级绩效办可以记录讲评会", "only the unit's own office or one above may record its meetings"))
	}
	return nil
}

// UpdateMeeting replaces a meeting's record.
func (s *Store) UpdateMeeting(ctx context.Context, a Actor, id int64, in MeetingInput) (*Meeting, error) {
	if err := in.check(); err != nil {
		return nil, err
	}
	err := s.writeFlow(ctx, func(x sqlExecer) error {
		cur, creator, err := s.meetingForWrite(ctx, x, a, id)
		if err != nil {
			return err
		}
		if err := meetingOwner(ctx, x, a, creator); err != nil {
			return err
		}
		if err := s.meetingRules(ctx, x, a, cur, in.Period); err != nil {
			return err
		}
		if err := s.meetingRules(ctx, x, a, in.UnitCode, in.Period); err != nil {
			return err
		}
		if _, err := x.ExecContext(ctx, `UPDATE meetings SET unit_code = ?, period = ?, title = ?, held_on = ?::DATE, location = ?, attendees = ?,
			minutes = ?, decisions = ?, updated_by = ?, updated_at = current_timestamp WHERE id = ?`, in.UnitCode, in.Period, in.Title, in.HeldOn,
			in.Location, in.Attendees, in.Minutes, in.Decisions, a.Username, id); err != nil {
			return err
		}
		return a.audit(ctx, x, "meeting_update", fmt.Sprintf("meeting %d", id), in.UnitCode+" "+in.Period+": "+in.Title)
	})
	if err != nil {
		return nil, err
	}
	return s.Meeting(ctx, a.Scope, id)
}

func (s *Store) meetingForWrite(ctx context.Context, x sqlExecer, a Actor, id int64) (unit, creator string, err error) {
	if err := x.QueryRowContext(ctx, "SELECT unit_code, created_by FROM meetings WHERE id = ?", id).Scan(&unit, &creator); err != nil {
		return "", "", ErrNotFound
	}
	return unit, creator, s.mustSeeFlow(ctx, x, a.Scope, unit)
}

// meetingOwner refuses a change to the record of an office above the actor's.
func meetingOwner(ctx context.Context, x sqlExecer, a Actor, creator string) error {
	if ok, err := a.outranks(ctx, x, ActMinutes, creator); err != nil || !ok {
		return orErr(err, forbidden("此记录由上级绩效办录入，只有该办或更上级可以修改", "a higher office recorded this meeting: only that office or one above may change it"))
	}
	return nil
}

// DeleteMeeting removes a meeting; its rectification items stay, unlinked.
func (s *Store) DeleteMeeting(ctx context.Context, a Actor, id int64) error {
	return s.writeFlow(ctx, func(x sqlExecer) error {
		unit, creator, err := s.meetingForWrite(ctx, x, a, id)
		if err != nil {
			return err
		}
		if err := meetingOwner(ctx, x, a, creator); err != nil {
			return err
		}
		if ok, err := a.may(ctx, x, ActMinutes, unit); err != nil || !ok {
			return orErr(err, forbidden("只有本单位或上级绩效办可以删除讲评会记录", "only the unit's own office or one above may delete its meetings"))
		}
		for _, q := range []string{"UPDATE rectifications SET meeting_id = NULL WHERE meeting_id = ?", "DELETE FROM meetings WHERE id = ?"} {
			if _, err := x.ExecContext(ctx, q, id); err != nil {
				return err
			}
		}
		return a.audit(ctx, x, "meeting_delete", fmt.Sprintf("meeting %d", id), unit)
	})
}

// Meeting returns one visible meeting with its rectification items.
func (s *Store) Meeting(ctx context.Context, sc Scope, id int64) (*Meeting, error) {
	ms, err := s.meetings(ctx, sc, MeetingFilter{}, id)
	if err != nil {
		return nil, err
	}
	if len(ms) == 0 {
		return nil, ErrNotFound
	}
	m := &ms[0]
	m.Rectifications, err = s.Rectifications(ctx, sc, RectFilter{MeetingID: id})
	return m, err
}

// Meetings lists (and searches) the visible meetings, newest first.
func (s *Store) Meetings(ctx context.Context, sc Scope, f MeetingFilter) ([]Meeting, error) {
	return s.meetings(ctx, sc, f, 0)
}

func (s *Store) meetings(ctx context.Context, sc Scope, f MeetingFilter, id int64) ([]Meeting, error) {
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	with, args := sc.flowWith()
	like := likePattern(f.Query)
	q := with + `
		SELECT m.id, m.unit_code, u.name, m.period, m.title, strftime(m.held_on, '%Y-%m-%d'), coalesce(m.location, ''), coalesce(m.attendees, ''),
		       m.minutes, m.decisions, m.created_by, m.created_at, m.updated_by, m.updated_at
		FROM meetings m JOIN units u ON u.code = m.unit_code
		WHERE m.unit_code IN (SELECT unit_code FROM fv) AND m.period IN (SELECT period FROM vp)
		  AND (? = 0 OR m.id = ?) AND (? = '' OR m.unit_code = ?) AND (? = '' OR m.period = ?)
		  AND (? = '' OR m.unit_code IN (SELECT descendant FROM unit_tree WHERE ancestor = ?))
		  AND (? = '' OR m.title ILIKE ? ESCAPE '\' OR m.minutes ILIKE ? ESCAPE '\' OR m.decisions ILIKE ? ESCAPE '\')
		ORDER BY m.held_on DESC, m.id DESC LIMIT 5000`
	args = append(args, id, id, f.Unit, f.Unit, f.Period, f.Period, f.Under, f.Under, f.Query, like, like, like)
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("meetings: %w", err)
	}
	defer rows.Close()
	out := []Meeting{}
	for rows.Next() {
		var m Meeting
		var uBy sql.NullString
		var uAt sql.NullTime
		if err := rows.Scan(&m.ID, &m.UnitCode, &m.UnitName, &m.Period, &m.Title, &m.HeldOn, &m.Location, &m.Attendees,
			&m.Minutes, &m.Decisions, &m.CreatedBy, &m.CreatedAt, &uBy, &uAt); err != nil {
			return nil, err
		}
		m.UpdatedBy, m.UpdatedAt = nullStr(uBy), nullTime(uAt)
		out = append(out, m)
	}
	return out, rows.Err()
}

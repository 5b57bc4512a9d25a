package queries

import (
	"context"
	"database/sql"
)

// Meeting is one quarterly review meeting (讲评会) of a bureau, with its
// minutes (纪要), decisions and the rectification items it set.
type Meeting struct {
	ID        int64  `json:"id"`
	UnitCode  string `json:"unit_code"`
	UnitName  string `json:"unit_name"`
	Period    string `json:"period"`
	Title     string `json:"title"`
	HeldOn    string `json:"held_on"` // YYYY-MM-DD
	Location  string `json:"location"`
	Attendees string `json:"attendees"`
	Minutes   string `json:"minutes"`
	Decisions string `json:"decisions"`
	Recorded
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

// Meeting returns one visible meeting with its rectification items.
func (s *Store) Meeting(ctx context.Context, sc Scope, id int64) (*Meeting, error) {
	m, err := one(s.meetings(ctx, sc, MeetingFilter{}, id))
	if err != nil {
		return nil, err
	}
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
	q, args := sc.flowList("m", false).eq("id", id).eq("unit_code", f.Unit).eq("period", f.Period).under(f.Under).
		search(f.Query, "title", "minutes", "decisions").
		sql(`SELECT m.id, m.unit_code, u.name, m.period, m.title, strftime(m.held_on, '%Y-%m-%d'), coalesce(m.location, ''), coalesce(m.attendees, ''),
		       m.minutes, m.decisions, m.created_by, m.created_at, m.updated_by, m.updated_at
		FROM meetings m JOIN units u ON u.code = m.unit_code`, `ORDER BY m.held_on DESC, m.id DESC LIMIT 5000`)
	return listOf(ctx, s.db, "meetings", q, args, func(rows *sql.Rows) (Meeting, error) {
		var m Meeting
		err := rows.Scan(append([]any{&m.ID, &m.UnitCode, &m.UnitName, &m.Period, &m.Title, &m.HeldOn, &m.Location, &m.Attendees,
			&m.Minutes, &m.Decisions}, m.Recorded.dest()...)...)
		return m, err
	})
}

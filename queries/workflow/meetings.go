package workflow

import (
	"context"
	"fmt"
	"strings"

	"jixiao/data"
	"jixiao/queries"
)

// Review meetings (讲评会): an office of the unit or above records them;
// a record of a higher office is changed only by that office or one above.

const maxMinutes = 100000

// checkMeeting refuses an incomplete or malformed record.
func checkMeeting(in *queries.MeetingInput) error {
	in.Title, in.Period = strings.TrimSpace(in.Title), strings.ToUpper(strings.TrimSpace(in.Period))
	switch {
	case in.UnitCode == "" || in.Title == "" || in.Period == "":
		return invalid("请填写单位、考核期和会议名称", "unit_code, period and title are required")
	case !data.IsQuarter(in.Period):
		return invalid("考核期格式应为 YYYYQn", "period must be YYYYQn")
	case longer(maxTitle, in.Title, in.Location) || longer(queries.MaxText, in.Attendees):
		return invalid("内容过长", "a field is too long")
	case longer(maxMinutes, in.Minutes, in.Decisions):
		return invalid(fmt.Sprintf("纪要不能超过 %d 字", maxMinutes), fmt.Sprintf("minutes are limited to %d characters", maxMinutes))
	}
	if !isDate(in.HeldOn) {
		return invalid("会议日期格式应为 YYYY-MM-DD", "held_on must be YYYY-MM-DD")
	}
	return nil
}

// AddMeeting archives a meeting (an office of the unit or above, or admin).
func (d *Desk) AddMeeting(ctx context.Context, a queries.Actor, in queries.MeetingInput) (*queries.Meeting, error) {
	if err := checkMeeting(&in); err != nil {
		return nil, err
	}
	var id int64
	return step(ctx, a, d.st.WriteFlow, d.st.Meeting, &id, func(x queries.Execer) error {
		if err := d.meetingRules(ctx, x, a, in.UnitCode, in.Period); err != nil {
			return err
		}
		if err := x.QueryRowContext(ctx, `INSERT INTO meetings (unit_code, period, title, held_on, location, attendees, minutes, decisions, created_by)
			VALUES (?, ?, ?, ?::DATE, ?, ?, ?, ?, ?) RETURNING id`, in.UnitCode, in.Period, in.Title, in.HeldOn, in.Location, in.Attendees,
			in.Minutes, in.Decisions, a.Username).Scan(&id); err != nil {
			return err
		}
		return a.AuditIn(ctx, x, "meeting_add", fmt.Sprintf("meeting %d", id), in.UnitCode+" "+in.Period+": "+in.Title)
	})
}

func (d *Desk) meetingRules(ctx context.Context, x queries.Execer, a queries.Actor, unit, period string) error {
	if err := d.st.MustSeeFlow(ctx, x, a.Scope, unit); err != nil {
		return err
	}
	if _, err := queries.StatusOfPeriod(ctx, x, period); err != nil {
		return invalid("考核期不存在", "no such period")
	}
	if ok, err := a.May(ctx, x, queries.ActMinutes, unit); err != nil || !ok {
		return orErr(err, forbidden("只有本单位或上级绩效办可以记录讲评会", "only the unit's own office or one above may record its meetings"))
	}
	return nil
}

// UpdateMeeting replaces a meeting's record.
func (d *Desk) UpdateMeeting(ctx context.Context, a queries.Actor, id int64, in queries.MeetingInput) (*queries.Meeting, error) {
	if err := checkMeeting(&in); err != nil {
		return nil, err
	}
	return step(ctx, a, d.st.WriteFlow, d.st.Meeting, &id, func(x queries.Execer) error {
		cur, creator, err := d.meetingForWrite(ctx, x, a, id)
		if err != nil {
			return err
		}
		if err := meetingOwner(ctx, x, a, creator); err != nil {
			return err
		}
		if err := d.meetingRules(ctx, x, a, cur, in.Period); err != nil {
			return err
		}
		if err := d.meetingRules(ctx, x, a, in.UnitCode, in.Period); err != nil {
			return err
		}
		if _, err := x.ExecContext(ctx, `UPDATE meetings SET unit_code = ?, period = ?, title = ?, held_on = ?::DATE, location = ?, attendees = ?,
			minutes = ?, decisions = ?, updated_by = ?, updated_at = current_timestamp WHERE id = ?`, in.UnitCode, in.Period, in.Title, in.HeldOn,
			in.Location, in.Attendees, in.Minutes, in.Decisions, a.Username, id); err != nil {
			return err
		}
		return a.AuditIn(ctx, x, "meeting_update", fmt.Sprintf("meeting %d", id), in.UnitCode+" "+in.Period+": "+in.Title)
	})
}

func (d *Desk) meetingForWrite(ctx context.Context, x queries.Execer, a queries.Actor, id int64) (unit, creator string, err error) {
	unit, err = d.visibleItem(ctx, x, a, "meetings", id, "created_by", &creator)
	return unit, creator, err
}

// meetingOwner refuses a change to the record of an office above the actor's.
func meetingOwner(ctx context.Context, x queries.Execer, a queries.Actor, creator string) error {
	if ok, err := a.Outranks(ctx, x, queries.ActMinutes, creator); err != nil || !ok {
		return orErr(err, forbidden("此记录由上级绩效办录入，只有该办或更上级可以修改", "a higher office recorded this meeting: only that office or one above may change it"))
	}
	return nil
}

// DeleteMeeting removes a meeting; its rectification items stay, unlinked.
func (d *Desk) DeleteMeeting(ctx context.Context, a queries.Actor, id int64) error {
	return d.st.WriteFlow(ctx, func(x queries.Execer) error {
		unit, creator, err := d.meetingForWrite(ctx, x, a, id)
		if err != nil {
			return err
		}
		if err := meetingOwner(ctx, x, a, creator); err != nil {
			return err
		}
		if ok, err := a.May(ctx, x, queries.ActMinutes, unit); err != nil || !ok {
			return orErr(err, forbidden("只有本单位或上级绩效办可以删除讲评会记录", "only the unit's own office or one above may delete its meetings"))
		}
		for _, q := range []string{"UPDATE rectifications SET meeting_id = NULL WHERE meeting_id = ?", "DELETE FROM meetings WHERE id = ?"} {
			if _, err := x.ExecContext(ctx, q, id); err != nil {
				return err
			}
		}
		return a.AuditIn(ctx, x, "meeting_delete", fmt.Sprintf("meeting %d", id), unit)
	})
}

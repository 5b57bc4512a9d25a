package workflow

import (
	"context"
	"fmt"
	"strings"

	"jixiao/data"
	"jixiao/queries"
)

// Rectification items (整改, SPEC §5): an office above the unit sets them
// and may change everything; the owner unit reports its measures and
// closes an item with evidence.

// checkRect refuses an incomplete or malformed item, and fills the
// defaults (status open, source meeting).
func checkRect(in *queries.RectificationInput) error {
	in.Title, in.Period = strings.TrimSpace(in.Title), strings.ToUpper(strings.TrimSpace(in.Period))
	if in.Status == "" {
		in.Status = queries.RectOpen
	}
	if in.Source == "" {
		in.Source = "meeting"
	}
	switch {
	case in.UnitCode == "" || in.Title == "":
		return invalid("请填写责任单位和整改事项", "unit_code and title are required")
	case in.Source != "meeting" && in.Source != "feedback":
		return invalid("来源须为 meeting（讲评会）或 feedback（社会反馈）", `source must be "meeting" or "feedback"`)
	case in.Status != queries.RectOpen && in.Status != queries.RectInProgress && in.Status != queries.RectDone:
		return invalid("状态须为 open、in_progress 或 done", "status must be open, in_progress or done")
	case in.Period != "" && !data.IsQuarter(in.Period):
		return invalid("考核期格式应为 YYYYQn", "period must be YYYYQn")
	case longer(maxTitle, in.Title) || longer(queries.MaxText, in.Detail, in.Measures, in.Evidence):
		return invalid("内容过长", "a field is too long")
	}
	if !isDate(in.Deadline) {
		return invalid("整改期限格式应为 YYYY-MM-DD", "deadline must be YYYY-MM-DD")
	}
	return nil
}

// AddRectification records a new item (office or admin).
func (d *Desk) AddRectification(ctx context.Context, a queries.Actor, in queries.RectificationInput) (*queries.Rectification, error) {
	if err := checkRect(&in); err != nil {
		return nil, err
	}
	var id int64
	return step(ctx, a, d.st.WriteFlow, d.st.Rectification, &id, func(x queries.Execer) error {
		if err := d.rectRefs(ctx, x, a, in); err != nil {
			return err
		}
		if ok, err := a.May(ctx, x, queries.ActRectify, in.UnitCode); err != nil || !ok {
			return orErr(err, forbidden("只有该单位上级的绩效办可以下达整改事项", "only a performance office above the unit may set its rectification items"))
		}
		if in.Status == queries.RectDone && strings.TrimSpace(in.Evidence) == "" {
			return invalid("完成整改须附销号佐证", "closing an item needs evidence")
		}
		if err := x.QueryRowContext(ctx, `INSERT INTO rectifications (unit_code, source, title, detail, measures, deadline, status, evidence,
			period, meeting_id, indicator_code, created_by, closed_by, closed_at)
			VALUES (?, ?, ?, ?, ?, ?::DATE, ?, ?, nullif(?, ''), ?, nullif(?, ''), ?, CASE WHEN ? = 'done' THEN ? END, CASE WHEN ? = 'done' THEN current_timestamp END)
			RETURNING id`, in.UnitCode, in.Source, in.Title, in.Detail, in.Measures, in.Deadline, in.Status, in.Evidence,
			in.Period, in.MeetingID, in.IndicatorCode, a.Username, in.Status, a.Username, in.Status).Scan(&id); err != nil {
			return err
		}
		return a.AuditIn(ctx, x, "rectification_add", fmt.Sprintf("rectification %d", id), in.UnitCode+": "+in.Title+" (期限 "+in.Deadline+")")
	})
}

// rectRefs checks that the unit, meeting and indicator of an item exist and are visible.
func (d *Desk) rectRefs(ctx context.Context, x queries.Execer, a queries.Actor, in queries.RectificationInput) error {
	if err := d.st.MustSeeFlow(ctx, x, a.Scope, in.UnitCode); err != nil {
		return err
	}
	if in.MeetingID != nil {
		var unit string
		if err := x.QueryRowContext(ctx, "SELECT unit_code FROM meetings WHERE id = ?", *in.MeetingID).Scan(&unit); err != nil {
			return invalid("讲评会不存在", "no such meeting")
		}
		if err := d.st.MustSeeFlow(ctx, x, a.Scope, unit); err != nil {
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
func (d *Desk) UpdateRectification(ctx context.Context, a queries.Actor, id int64, in queries.RectificationInput) (*queries.Rectification, error) {
	return step(ctx, a, d.st.WriteFlow, d.st.Rectification, &id, func(x queries.Execer) error {
		cur, err := d.rectForWrite(ctx, x, a, id)
		if err != nil {
			return err
		}
		office, err := a.MayChange(ctx, x, queries.ActRectify, cur.UnitCode, cur.CreatedBy)
		if err != nil {
			return err
		}
		if ok, err := a.May(ctx, x, queries.ActRectifyProgress, cur.UnitCode); err != nil || !(ok || office) {
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
		if err := checkRect(&in); err != nil {
			return err
		}
		if in.UnitCode != cur.UnitCode || !sameID(in.MeetingID, cur.MeetingID) || in.IndicatorCode != deref(cur.IndicatorCode) {
			if err := d.rectRefs(ctx, x, a, in); err != nil {
				return err
			}
			if ok, err := a.May(ctx, x, queries.ActRectify, in.UnitCode); err != nil || !ok {
				return orErr(err, forbidden("只有该单位上级的绩效办可以下达整改事项", "only a performance office above the unit may set its rectification items"))
			}
		}
		if in.Status == queries.RectDone && strings.TrimSpace(in.Evidence) == "" && len(cur.Files) == 0 {
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
		return a.AuditIn(ctx, x, "rectification_update", fmt.Sprintf("rectification %d", id), cur.Status+" → "+in.Status+": "+in.Title)
	})
}

func rectInputOf(r *queries.Rectification) queries.RectificationInput {
	in := queries.RectificationInput{UnitCode: r.UnitCode, Source: r.Source, Title: r.Title, Detail: r.Detail, Measures: r.Measures,
		Deadline: r.Deadline, Status: r.Status, Evidence: r.Evidence, MeetingID: r.MeetingID}
	if r.Period != nil {
		in.Period = *r.Period
	}
	if r.IndicatorCode != nil {
		in.IndicatorCode = *r.IndicatorCode
	}
	return in
}

// rectForWrite loads an item the actor sees, or queries.ErrNotFound.
func (d *Desk) rectForWrite(ctx context.Context, x queries.Execer, a queries.Actor, id int64) (*queries.Rectification, error) {
	if _, err := d.visibleItem(ctx, x, a, "rectifications", id, ""); err != nil {
		return nil, err
	}
	return d.st.RectificationIn(ctx, x, id)
}

// DeleteRectification removes an item and its evidence (office or admin).
func (d *Desk) DeleteRectification(ctx context.Context, a queries.Actor, id int64) error {
	return d.st.WriteFlow(ctx, func(x queries.Execer) error {
		cur, err := d.rectForWrite(ctx, x, a, id)
		if err != nil {
			return err
		}
		if ok, err := a.MayChange(ctx, x, queries.ActRectify, cur.UnitCode, cur.CreatedBy); err != nil || !ok {
			return orErr(err, forbidden("只有该单位上级、且不低于下达者的绩效办可以删除整改事项", "only a performance office above the unit, and not below the one that set the item, may delete it"))
		}
		for _, q := range []string{"DELETE FROM attachments WHERE owner_kind = 'rectification' AND owner_id = ?", "DELETE FROM rectifications WHERE id = ?"} {
			if _, err := x.ExecContext(ctx, q, id); err != nil {
				return err
			}
		}
		return a.AuditIn(ctx, x, "rectification_delete", fmt.Sprintf("rectification %d", id), cur.UnitCode+": "+cur.Title)
	})
}

func sameID(a, b *int64) bool { return (a == nil) == (b == nil) && (a == nil || *a == *b) }

func deref(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

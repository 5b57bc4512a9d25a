package workflow

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"jixiao/queries"
)

// Submissions (数据报送, SPEC §12): draft → submitted → accepted, or
// submitted → returned (editable again) → submitted. The unit's own users
// write and submit; an office above it returns or accepts, and an accepted
// declaration becomes one values batch (submissions_accept.go).

// subHead is what a step needs to know of a submission.
type subHead struct {
	id                   int64
	unit, period, status string
}

// CreateSubmission starts the unit's draft for an open quarter: one per
// unit and quarter (a second is a conflict).
func (d *Desk) CreateSubmission(ctx context.Context, a queries.Actor, in queries.SubmissionInput) (*queries.Submission, error) {
	in.Period = strings.ToUpper(strings.TrimSpace(in.Period))
	in.UnitCode = strings.TrimSpace(in.UnitCode)
	if in.UnitCode == "" {
		return nil, queries.ParamErr("unit_code", "unit_code is required / 请填写单位")
	}
	if _, err := queries.QuarterOrd(in.Period); err != nil {
		return nil, err
	}
	var id int64
	return step(ctx, a, d.st.WriteFlow, d.st.Submission, &id, func(x queries.Execer) error {
		if err := d.st.MustSeeFlow(ctx, x, a.Scope, in.UnitCode); err != nil {
			return err
		}
		if ok, err := a.May(ctx, x, queries.ActSubmit, in.UnitCode); err != nil || !ok {
			return orErr(err, forbidden("只有本单位的用户可以报送本单位的数据", "only the unit's own users may declare its values"))
		}
		var root bool
		if err := x.QueryRowContext(ctx, "SELECT coalesce(parent_code, '') = '' FROM units WHERE code = ?", in.UnitCode).Scan(&root); err != nil {
			return err
		}
		if root {
			return queries.ParamErr("unit_code", "the root bureau has no office above it and declares nothing / 根单位无上级，不报送数据")
		}
		if err := queries.MustBeOpen(ctx, x, in.Period); err != nil {
			return err
		}
		var n int
		if err := x.QueryRowContext(ctx, "SELECT count(*) FROM submissions WHERE unit_code = ? AND period = ?", in.UnitCode, in.Period).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return conflict(fmt.Sprintf("单位 %s 在 %s 已有一份报送", in.UnitCode, in.Period), fmt.Sprintf("unit %s already has a submission for %s", in.UnitCode, in.Period))
		}
		items, err := d.st.CheckItems(ctx, x, in.UnitCode, in.Period, in.Items)
		if err != nil {
			return err
		}
		if err := x.QueryRowContext(ctx, "INSERT INTO submissions (unit_code, period, created_by) VALUES (?, ?, ?) RETURNING id",
			in.UnitCode, in.Period, a.Username).Scan(&id); err != nil {
			return err
		}
		if err := writeItems(ctx, x, id, items); err != nil {
			return err
		}
		if err := addStep(ctx, x, id, "created", a.Username, ""); err != nil {
			return err
		}
		return a.AuditIn(ctx, x, "submission_create", fmt.Sprintf("submission %d", id), fmt.Sprintf("%s %s: %d items", in.UnitCode, in.Period, len(items)))
	})
}

func writeItems(ctx context.Context, x queries.Execer, id int64, items []queries.DeclaredValue) error {
	if _, err := x.ExecContext(ctx, "DELETE FROM submission_items WHERE submission_id = ?", id); err != nil {
		return err
	}
	for i, it := range items {
		if _, err := x.ExecContext(ctx, "INSERT INTO submission_items (submission_id, pos, indicator_code, actual, note) VALUES (?, ?, ?, ?, nullif(?, ''))",
			id, i, it.Code, it.Actual, it.Note); err != nil {
			return err
		}
	}
	return nil
}

func addStep(ctx context.Context, x queries.Execer, id int64, step, by, comment string) error {
	_, err := x.ExecContext(ctx, "INSERT INTO submission_steps (submission_id, step, username, comment) VALUES (?, ?, ?, nullif(?, ''))",
		id, step, by, comment)
	if err == nil {
		_, err = x.ExecContext(ctx, "UPDATE submissions SET updated_at = current_timestamp WHERE id = ?", id)
	}
	return err
}

// stepOf reads a submission the actor sees (else ErrNotFound) and checks
// the actor's right act on it, the open quarter and that the submission is
// in one of the statuses from.
func (d *Desk) stepOf(ctx context.Context, x queries.Execer, a queries.Actor, id int64, act string, from ...string) (*subHead, error) {
	cond, args := queries.SubmissionVisible(a.Scope, "s")
	h := subHead{id: id}
	err := x.QueryRowContext(ctx, "SELECT s.unit_code, s.period, s.status FROM submissions s WHERE s.id = ? AND "+cond,
		append([]any{id}, args...)...).Scan(&h.unit, &h.period, &h.status)
	if err == sql.ErrNoRows {
		return nil, queries.ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	if ok, err := a.May(ctx, x, act, h.unit); err != nil || !ok {
		if act == queries.ActSubmit {
			return nil, orErr(err, forbidden("只有本单位的用户可以修改和提交本单位的报送", "only the unit's own users may change or submit its declaration"))
		}
		return nil, orErr(err, forbidden("只有该单位上级的绩效办可以审核报送", "only a performance office above the unit may accept or return its declaration"))
	}
	if err := queries.MustBeOpen(ctx, x, h.period); err != nil {
		return nil, err
	}
	for _, f := range from {
		if h.status == f {
			return &h, nil
		}
	}
	return nil, conflict(fmt.Sprintf("报送当前状态为“%s”，不能进行此操作", queries.SubmissionStatusName(h.status)),
		fmt.Sprintf("the submission is %s: this step is not allowed now", h.status))
}

// UpdateSubmission replaces the items of a draft or returned submission.
func (d *Desk) UpdateSubmission(ctx context.Context, a queries.Actor, id int64, in []queries.SubmissionItemInput) (*queries.Submission, error) {
	return step(ctx, a, d.st.WriteFlow, d.st.Submission, &id, func(x queries.Execer) error {
		h, err := d.stepOf(ctx, x, a, id, queries.ActSubmit, queries.SubmissionDraft, queries.SubmissionReturned)
		if err != nil {
			return err
		}
		items, err := d.st.CheckItems(ctx, x, h.unit, h.period, in)
		if err != nil {
			return err
		}
		if err := writeItems(ctx, x, id, items); err != nil {
			return err
		}
		if err := addStep(ctx, x, id, "edited", a.Username, ""); err != nil {
			return err
		}
		return a.AuditIn(ctx, x, "submission_edit", fmt.Sprintf("submission %d", id), fmt.Sprintf("%d items", len(items)))
	})
}

// SubmitSubmission hands a draft or returned submission to the office
// above; the first submit fixes late against the quarter's deadline.
func (d *Desk) SubmitSubmission(ctx context.Context, a queries.Actor, id int64) (*queries.Submission, error) {
	return step(ctx, a, d.st.WriteFlow, d.st.Submission, &id, func(x queries.Execer) error {
		h, err := d.stepOf(ctx, x, a, id, queries.ActSubmit, queries.SubmissionDraft, queries.SubmissionReturned)
		if err != nil {
			return err
		}
		var n int
		if err := x.QueryRowContext(ctx, "SELECT count(*) FROM submission_items WHERE submission_id = ?", id).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return queries.ParamErr("items", "a submission without items cannot be submitted / 报送没有填写任何指标")
		}
		late := false
		if dl, ok, err := queries.DeadlineOf(ctx, x, h.period); err != nil {
			return err
		} else if ok {
			late = !time.Now().Before(dl)
		}
		if _, err := x.ExecContext(ctx, `UPDATE submissions SET status = 'submitted',
			late = CASE WHEN first_submitted_at IS NULL THEN ? ELSE late END,
			first_submitted_at = coalesce(first_submitted_at, current_timestamp) WHERE id = ?`, late, id); err != nil {
			return err
		}
		if err := addStep(ctx, x, id, "submitted", a.Username, ""); err != nil {
			return err
		}
		return a.AuditIn(ctx, x, "submission_submit", fmt.Sprintf("submission %d", id), fmt.Sprintf("%s %s", h.unit, h.period))
	})
}

// ReturnSubmission sends a submitted declaration back with a comment.
func (d *Desk) ReturnSubmission(ctx context.Context, a queries.Actor, id int64, comment string) (*queries.Submission, error) {
	comment = strings.TrimSpace(comment)
	if comment == "" {
		return nil, queries.ParamErr("comment", "a return needs a comment / 退回须说明理由")
	}
	if longer(queries.MaxText, comment) {
		return nil, queries.ParamErr("comment", fmt.Sprintf("the comment is longer than %d characters / 意见过长", queries.MaxText))
	}
	var h *subHead
	err := d.st.WriteFlow(ctx, func(x queries.Execer) error {
		var err error
		if h, err = d.stepOf(ctx, x, a, id, queries.ActSubmitAccept, queries.SubmissionSubmitted); err != nil {
			return err
		}
		if _, err := x.ExecContext(ctx, "UPDATE submissions SET status = 'returned' WHERE id = ?", id); err != nil {
			return err
		}
		if err := addStep(ctx, x, id, "returned", a.Username, comment); err != nil {
			return err
		}
		return a.AuditIn(ctx, x, "submission_return", fmt.Sprintf("submission %d", id), comment)
	})
	if err != nil {
		return nil, err
	}
	name := d.unitLabel(ctx, h.unit)
	d.emitSubmission(ctx, "submission_returned", h,
		fmt.Sprintf("%s %s 数据报送被退回：%s", name, h.period, comment), fmt.Sprintf("The %s declaration of %s was returned: %s", h.period, name, comment))
	return d.st.Submission(ctx, a.Scope, id)
}

package queries

import (
	"context"
	"database/sql"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"jixiao/data"
)

// Submission statuses (SPEC §12): draft → submitted → accepted, or
// submitted → returned (editable again) → submitted.
const (
	SubmissionDraft     = "draft"
	SubmissionSubmitted = "submitted"
	SubmissionReturned  = "returned"
	SubmissionAccepted  = "accepted"
)

// SubmissionInput is a declaration as the unit writes it.
type SubmissionInput struct {
	UnitCode string                `json:"unit_code"`
	Period   string                `json:"period"`
	Items    []SubmissionItemInput `json:"items"`
}

// subHead is what a step needs to know of a submission.
type subHead struct {
	id                   int64
	unit, period, status string
}

// CreateSubmission starts the unit's draft for an open quarter: one per
// unit and quarter (a second is a conflict).
func (s *Store) CreateSubmission(ctx context.Context, a Actor, in SubmissionInput) (*Submission, error) {
	in.Period = strings.ToUpper(strings.TrimSpace(in.Period))
	in.UnitCode = strings.TrimSpace(in.UnitCode)
	if in.UnitCode == "" {
		return nil, paramErr("unit_code", "unit_code is required / 请填写单位")
	}
	if _, err := quarterOrdOf(in.Period); err != nil {
		return nil, err
	}
	var id int64
	err := s.writeFlow(ctx, func(x sqlExecer) error {
		if err := s.mustSeeFlow(ctx, x, a.Scope, in.UnitCode); err != nil {
			return err
		}
		if ok, err := a.may(ctx, x, ActSubmit, in.UnitCode); err != nil || !ok {
			return orErr(err, forbidden("只有本单位的用户可以报送本单位的数据", "only the unit's own users may declare its values"))
		}
		var root bool
		if err := x.QueryRowContext(ctx, "SELECT coalesce(parent_code, '') = '' FROM units WHERE code = ?", in.UnitCode).Scan(&root); err != nil {
			return err
		}
		if root {
			return paramErr("unit_code", "the root bureau has no office above it and declares nothing / 根单位无上级，不报送数据")
		}
		if err := mustBeOpen(ctx, x, in.Period); err != nil {
			return err
		}
		var n int
		if err := x.QueryRowContext(ctx, "SELECT count(*) FROM submissions WHERE unit_code = ? AND period = ?", in.UnitCode, in.Period).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return conflict(fmt.Sprintf("单位 %s 在 %s 已有一份报送", in.UnitCode, in.Period), fmt.Sprintf("unit %s already has a submission for %s", in.UnitCode, in.Period))
		}
		items, err := s.checkItems(ctx, x, in.UnitCode, in.Period, in.Items)
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
		return a.audit(ctx, x, "submission_create", fmt.Sprintf("submission %d", id), fmt.Sprintf("%s %s: %d items", in.UnitCode, in.Period, len(items)))
	})
	if err != nil {
		return nil, err
	}
	return s.Submission(ctx, a.Scope, id)
}

func writeItems(ctx context.Context, x sqlExecer, id int64, items []item) error {
	if _, err := x.ExecContext(ctx, "DELETE FROM submission_items WHERE submission_id = ?", id); err != nil {
		return err
	}
	for i, it := range items {
		if _, err := x.ExecContext(ctx, "INSERT INTO submission_items (submission_id, pos, indicator_code, actual, note) VALUES (?, ?, ?, ?, nullif(?, ''))",
			id, i, it.code, it.actual, it.note); err != nil {
			return err
		}
	}
	return nil
}

func addStep(ctx context.Context, x sqlExecer, id int64, step, by, comment string) error {
	_, err := x.ExecContext(ctx, "INSERT INTO submission_steps (submission_id, step, username, comment) VALUES (?, ?, ?, nullif(?, ''))",
		id, step, by, comment)
	if err == nil {
		_, err = x.ExecContext(ctx, "UPDATE submissions SET updated_at = current_timestamp WHERE id = ?", id)
	}
	return err
}

// visibleHead reads a submission the actor sees (else ErrNotFound).
func (s *Store) visibleHead(ctx context.Context, x sqlExecer, a Actor, id int64) (*subHead, error) {
	cond, args := subVisible(a.Scope, "s")
	var h subHead
	err := x.QueryRowContext(ctx, "SELECT s.id, s.unit_code, s.period, s.status FROM submissions s WHERE s.id = ? AND "+cond,
		append([]any{id}, args...)...).Scan(&h.id, &h.unit, &h.period, &h.status)
	if err == sql.ErrNoRows {
		return nil, ErrNotFound
	}
	return &h, err
}

// stepOf checks the actor's right act on the submission, the open quarter
// and that the submission is in one of the statuses from.
func (s *Store) stepOf(ctx context.Context, x sqlExecer, a Actor, id int64, act string, from ...string) (*subHead, error) {
	h, err := s.visibleHead(ctx, x, a, id)
	if err != nil {
		return nil, err
	}
	if ok, err := a.may(ctx, x, act, h.unit); err != nil || !ok {
		if act == ActSubmit {
			return nil, orErr(err, forbidden("只有本单位的用户可以修改和提交本单位的报送", "only the unit's own users may change or submit its declaration"))
		}
		return nil, orErr(err, forbidden("只有该单位上级的绩效办可以审核报送", "only a performance office above the unit may accept or return its declaration"))
	}
	if err := mustBeOpen(ctx, x, h.period); err != nil {
		return nil, err
	}
	for _, f := range from {
		if h.status == f {
			return h, nil
		}
	}
	return nil, conflict(fmt.Sprintf("报送当前状态为“%s”，不能进行此操作", SubmissionStatusName(h.status)),
		fmt.Sprintf("the submission is %s: this step is not allowed now", h.status))
}

// UpdateSubmission replaces the items of a draft or returned submission.
func (s *Store) UpdateSubmission(ctx context.Context, a Actor, id int64, in []SubmissionItemInput) (*Submission, error) {
	err := s.writeFlow(ctx, func(x sqlExecer) error {
		h, err := s.stepOf(ctx, x, a, id, ActSubmit, SubmissionDraft, SubmissionReturned)
		if err != nil {
			return err
		}
		items, err := s.checkItems(ctx, x, h.unit, h.period, in)
		if err != nil {
			return err
		}
		if err := writeItems(ctx, x, id, items); err != nil {
			return err
		}
		if err := addStep(ctx, x, id, "edited", a.Username, ""); err != nil {
			return err
		}
		return a.audit(ctx, x, "submission_edit", fmt.Sprintf("submission %d", id), fmt.Sprintf("%d items", len(items)))
	})
	if err != nil {
		return nil, err
	}
	return s.Submission(ctx, a.Scope, id)
}

// SubmitSubmission hands a draft or returned submission to the office
// above; the first submit fixes late against the quarter's deadline.
func (s *Store) SubmitSubmission(ctx context.Context, a Actor, id int64) (*Submission, error) {
	err := s.writeFlow(ctx, func(x sqlExecer) error {
		h, err := s.stepOf(ctx, x, a, id, ActSubmit, SubmissionDraft, SubmissionReturned)
		if err != nil {
			return err
		}
		var n int
		if err := x.QueryRowContext(ctx, "SELECT count(*) FROM submission_items WHERE submission_id = ?", id).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return paramErr("items", "a submission without items cannot be submitted / 报送没有填写任何指标")
		}
		late := false
		if dl, ok, err := deadlineOf(ctx, x, h.period); err != nil {
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
		return a.audit(ctx, x, "submission_submit", fmt.Sprintf("submission %d", id), fmt.Sprintf("%s %s", h.unit, h.period))
	})
	if err != nil {
		return nil, err
	}
	return s.Submission(ctx, a.Scope, id)
}

// ReturnSubmission sends a submitted declaration back with a comment.
func (s *Store) ReturnSubmission(ctx context.Context, a Actor, id int64, comment string) (*Submission, error) {
	comment = strings.TrimSpace(comment)
	if comment == "" {
		return nil, paramErr("comment", "a return needs a comment / 退回须说明理由")
	}
	if len([]rune(comment)) > maxText {
		return nil, paramErr("comment", fmt.Sprintf("the comment is longer than %d characters / 意见过长", maxText))
	}
	var h *subHead
	err := s.writeFlow(ctx, func(x sqlExecer) error {
		var err error
		if h, err = s.stepOf(ctx, x, a, id, ActSubmitAccept, SubmissionSubmitted); err != nil {
			return err
		}
		if _, err := x.ExecContext(ctx, "UPDATE submissions SET status = 'returned' WHERE id = ?", id); err != nil {
			return err
		}
		if err := addStep(ctx, x, id, "returned", a.Username, comment); err != nil {
			return err
		}
		return a.audit(ctx, x, "submission_return", fmt.Sprintf("submission %d", id), comment)
	})
	if err != nil {
		return nil, err
	}
	name := s.unitLabel(ctx, h.unit)
	s.emitSubmission(ctx, "submission_returned", h,
		fmt.Sprintf("%s %s 数据报送被退回：%s", name, h.period, comment), fmt.Sprintf("The %s declaration of %s was returned: %s", h.period, name, comment))
	return s.Submission(ctx, a.Scope, id)
}

// AcceptSubmission writes the items as one values batch (source
// "submission:<id>", the accepting user as importer) and marks the
// submission accepted in the same transaction: scores recompute at once,
// and a failure of either leaves the submission submitted and no batch.
// imp is the imports room's import (imports.Within), passed in by the caller.
func (s *Store) AcceptSubmission(ctx context.Context, a Actor, id int64, imp ImportWithin) (*Submission, error) {
	var h *subHead
	var items []item
	err := func() error {
		var err error
		if h, err = s.stepOf(ctx, s.db, a, id, ActSubmitAccept, SubmissionSubmitted); err != nil {
			return err
		}
		items, err = submissionItems(ctx, s.db, id)
		return err
	}()
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "jixiao-submission-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, fmt.Sprintf("submission-%d.csv", id))
	if err := writeValuesCSV(path, h, items); err != nil {
		return nil, err
	}
	ctx = WithAddr(ctx, a.Addr)
	_, err = imp(ctx, data.KindValues, path, a.Username, fmt.Sprintf("submission %d", id), fmt.Sprintf("submission:%d", id),
		func(x sqlExecer, batch int64) error {
			// Checked again inside the batch's transaction: another step may have come first.
			if _, err := s.stepOf(ctx, x, a, id, ActSubmitAccept, SubmissionSubmitted); err != nil {
				return err
			}
			if _, err := x.ExecContext(ctx, "UPDATE submissions SET status = 'accepted', batch_id = ? WHERE id = ?", batch, id); err != nil {
				return err
			}
			if err := addStep(ctx, x, id, "accepted", a.Username, ""); err != nil {
				return err
			}
			return a.audit(ctx, x, "submission_accept", fmt.Sprintf("submission %d", id), fmt.Sprintf("batch %d", batch))
		})
	if err != nil {
		return nil, err
	}
	name := s.unitLabel(ctx, h.unit)
	s.emitSubmission(ctx, "submission_accepted", h,
		fmt.Sprintf("%s %s 数据报送已审核通过", name, h.period), fmt.Sprintf("The %s declaration of %s was accepted", h.period, name))
	return s.Submission(ctx, a.Scope, id)
}

func submissionItems(ctx context.Context, x sqlExecer, id int64) ([]item, error) {
	rows, err := x.QueryContext(ctx, "SELECT indicator_code, actual, coalesce(note, '') FROM submission_items WHERE submission_id = ? ORDER BY pos", id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []item
	for rows.Next() {
		var it item
		if err := rows.Scan(&it.code, &it.actual, &it.note); err != nil {
			return nil, err
		}
		out = append(out, it)
	}
	return out, rows.Err()
}

// writeValuesCSV writes the items as a values file for the ordinary import.
func writeValuesCSV(path string, h *subHead, items []item) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := csv.NewWriter(f)
	w.Write([]string{"indicator_code", "unit_code", "period", "actual", "note"})
	for _, it := range items {
		w.Write([]string{it.code, h.unit, h.period, strconv.FormatFloat(it.actual, 'f', -1, 64), it.note})
	}
	w.Flush()
	if err := w.Error(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// emitSubmission tells the unit's users of a step (SPEC §14).
// unitLabel is a unit's name for a notification's text (its recipients
// are the unit's own users, who see it named), else its code.
func (s *Store) unitLabel(ctx context.Context, code string) string {
	var name string
	if err := s.db.QueryRowContext(ctx, "SELECT name FROM units WHERE code = ?", code).Scan(&name); err != nil || name == "" {
		return code
	}
	return name
}

func (s *Store) emitSubmission(ctx context.Context, kind string, h *subHead, zh, en string) {
	users := []string{}
	if rows, err := s.db.QueryContext(ctx, "SELECT username FROM users WHERE unit_code = ? ORDER BY username", h.unit); err == nil {
		for rows.Next() {
			var u string
			if rows.Scan(&u) == nil {
				users = append(users, u)
			}
		}
		rows.Close()
	}
	s.Emit(Event{Kind: kind, Period: h.period, Unit: h.unit, Users: users, Text: zh, TextEn: en,
		Link: "/submissions?period=" + h.period, Ref: strconv.FormatInt(h.id, 10)})
}

var subStatusZH = map[string]string{SubmissionDraft: "草稿", SubmissionSubmitted: "已提交", SubmissionReturned: "已退回", SubmissionAccepted: "已通过"}

// SubmissionStatusName is the Chinese name of a submission status.
func SubmissionStatusName(st string) string { return subStatusZH[st] }

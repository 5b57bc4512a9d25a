package workflow

import (
	"context"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"strconv"

	"jixiao/data"
	"jixiao/queries"
	"jixiao/queries/imports"
)

// AcceptSubmission writes the items as one values batch (source
// "submission:<id>", the accepting user as importer) and marks the
// submission accepted in the same transaction: scores recompute at once,
// and a failure of either leaves the submission submitted and no batch.
func (d *Desk) AcceptSubmission(ctx context.Context, a queries.Actor, id int64) (*queries.Submission, error) {
	h, err := d.stepOf(ctx, d.st.DB(), a, id, queries.ActSubmitAccept, queries.SubmissionSubmitted)
	if err != nil {
		return nil, err
	}
	items, err := submissionItems(ctx, d.st.DB(), id)
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
	ctx = queries.WithAddr(ctx, a.Addr)
	_, err = imports.Within(d.st)(ctx, data.KindValues, path, a.Username, fmt.Sprintf("submission %d", id), fmt.Sprintf("submission:%d", id),
		func(x queries.Execer, batch int64) error {
			// Checked again inside the batch's transaction: another step may have come first.
			if _, err := d.stepOf(ctx, x, a, id, queries.ActSubmitAccept, queries.SubmissionSubmitted); err != nil {
				return err
			}
			if _, err := x.ExecContext(ctx, "UPDATE submissions SET status = 'accepted', batch_id = ? WHERE id = ?", batch, id); err != nil {
				return err
			}
			if err := addStep(ctx, x, id, "accepted", a.Username, ""); err != nil {
				return err
			}
			return a.AuditIn(ctx, x, "submission_accept", fmt.Sprintf("submission %d", id), fmt.Sprintf("batch %d", batch))
		})
	if err != nil {
		return nil, err
	}
	name := d.unitLabel(ctx, h.unit)
	d.emitSubmission(ctx, "submission_accepted", h,
		fmt.Sprintf("%s %s 数据报送已审核通过", name, h.period), fmt.Sprintf("The %s declaration of %s was accepted", h.period, name))
	return d.st.Submission(ctx, a.Scope, id)
}

func submissionItems(ctx context.Context, x queries.Execer, id int64) ([]queries.DeclaredValue, error) {
	rows, err := x.QueryContext(ctx, "SELECT indicator_code, actual, coalesce(note, '') FROM submission_items WHERE submission_id = ? ORDER BY pos", id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []queries.DeclaredValue
	for rows.Next() {
		var it queries.DeclaredValue
		if err := rows.Scan(&it.Code, &it.Actual, &it.Note); err != nil {
			return nil, err
		}
		out = append(out, it)
	}
	return out, rows.Err()
}

// writeValuesCSV writes the items as a values file for the ordinary import.
func writeValuesCSV(path string, h *subHead, items []queries.DeclaredValue) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := csv.NewWriter(f)
	w.Write([]string{"indicator_code", "unit_code", "period", "actual", "note"})
	for _, it := range items {
		w.Write([]string{it.Code, h.unit, h.period, strconv.FormatFloat(it.Actual, 'f', -1, 64), it.Note})
	}
	w.Flush()
	if err := w.Error(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// unitLabel is a unit's name for a notification's text (its recipients
// are the unit's own users, who see it named), else its code.
func (d *Desk) unitLabel(ctx context.Context, code string) string {
	var name string
	if err := d.st.DB().QueryRowContext(ctx, "SELECT name FROM units WHERE code = ?", code).Scan(&name); err != nil || name == "" {
		return code
	}
	return name
}

// emitSubmission tells the unit's users of a step (SPEC §14).
func (d *Desk) emitSubmission(ctx context.Context, kind string, h *subHead, zh, en string) {
	d.st.EmitSubmission(ctx, kind, h.id, h.unit, h.period, zh, en)
}

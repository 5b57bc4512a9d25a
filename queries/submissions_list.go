package queries

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// Submission is one unit's declared values for one quarter (SPEC §12).
type Submission struct {
	ID          int64            `json:"id"`
	UnitCode    string           `json:"unit_code"`
	UnitName    string           `json:"unit_name"`
	Period      string           `json:"period"`
	Status      string           `json:"status"`
	Late        bool             `json:"late"`
	SubmittedAt *time.Time       `json:"submitted_at"` // the first submit
	Batch       *int64           `json:"batch"`        // the values batch of an accepted one
	Items       []SubmissionItem `json:"items"`
	History     []SubmissionStep `json:"history"`
}

// SubmissionItem is one declared value, beside the unit's value of the
// quarter before (the office's check of a declaration).
type SubmissionItem struct {
	IndicatorCode string   `json:"indicator_code"`
	IndicatorName string   `json:"indicator_name"`
	Actual        float64  `json:"actual"`
	Note          string   `json:"note"`
	Previous      *float64 `json:"previous"` // the ledger value of the quarter before (null: none)
	Change        *float64 `json:"change"`   // actual − previous
}

// SubmissionStep is one step of a submission's history; By is a username.
type SubmissionStep struct {
	Step    string    `json:"step"` // created, edited, submitted, returned, accepted
	By      string    `json:"by"`
	At      time.Time `json:"at"`
	Comment string    `json:"comment"`
}

// funcSQL is a department's function code (SPEC §1.1): its own, else the
// part of its code after the last '-'.
func funcSQL(alias string) string {
	return `coalesce(nullif(` + alias + `."function", ''), regexp_extract(` + alias + `.code, '-([^-]*)$', 1))`
}

// subVisible is the one visibility rule of submissions: the unit's own
// users (and the administrator) see all of theirs (drafts included); after the first submit, the
// scopes that see the unit's workflow items (its offices and leaders
// above) and the lead department, in the unit's parent bureau, of an
// indicator the submission holds. The period statuses of the scope do not
// limit collection.
func subVisible(sc Scope, alias string) (string, []any) {
	return subVisibleWide(sc, sc, alias)
}

// subVisibleWide is subVisible with the workflow rule asked of wide, the
// scope widened to every unit when it sees them all (Store.widest): the
// drafts stay those of sc.
func subVisibleWide(sc, wide Scope, alias string) (string, []any) {
	col := alias + ".unit_code"
	f, fa := wide.sees(col, "", seeFlow)
	// Both sets are read once (no correlation): the units beside the
	// department in its bureau, and the submissions holding its indicators.
	lead := col + ` IN (SELECT su.code FROM units d JOIN units su ON su.parent_code = d.parent_code WHERE d.code = ? AND d.kind = 'department')
		AND ` + alias + `.id IN (SELECT si.submission_id FROM submission_items si JOIN indicators i ON i.code = si.indicator_code
		  WHERE i.lead_dept = (SELECT ` + funcSQL("d") + ` FROM units d WHERE d.code = ? AND d.kind = 'department'))`
	q := "(((" + f + ") AND (" + alias + ".status <> 'draft' OR " + col + " = ? OR ?)) OR (" + alias + ".status <> 'draft' AND " + lead + "))"
	args := append(append(fa, sc.Unit, sc.All), sc.Unit, sc.Unit)
	return q, args
}

// Submission returns one visible submission, or ErrNotFound.
func (s *Store) Submission(ctx context.Context, sc Scope, id int64) (*Submission, error) {
	return one(s.submissions(ctx, sc, "s.id = ?", id))
}

// Submissions lists the visible submissions of a quarter: submitted first
// (the office's queue), then returned, drafts and accepted, in tree order.
func (s *Store) Submissions(ctx context.Context, sc Scope, period string) ([]Submission, error) {
	if _, err := quarterOrdOf(period); err != nil {
		return nil, err
	}
	return s.submissions(ctx, sc, "s.period = ?", period)
}

// submissions reads the visible submissions matching where (on s, one
// argument) with their items and history. Visibility is decided once, on
// the heads; items and history are read for the same where and kept for
// the visible heads only.
func (s *Store) submissions(ctx context.Context, sc Scope, where string, arg any) ([]Submission, error) {
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	wide, err := s.widest(ctx, sc)
	if err != nil {
		return nil, err
	}
	vis, va := subVisibleWide(sc, wide, "s")
	rows, err := s.db.QueryContext(ctx, `SELECT s.id, s.unit_code, u.name, s.period, s.status, s.late, s.first_submitted_at, s.batch_id
		FROM submissions s JOIN units u ON u.code = s.unit_code WHERE `+where+` AND `+vis+`
		ORDER BY CASE s.status WHEN 'submitted' THEN 0 WHEN 'returned' THEN 1 WHEN 'draft' THEN 2 ELSE 3 END, u.sort_key, s.period
		LIMIT 100000`, append([]any{arg}, va...)...)
	if err != nil {
		return nil, fmt.Errorf("submissions: %w", err)
	}
	out := []Submission{}
	at := map[int64]int{}
	for rows.Next() {
		var x Submission
		var batch sql.NullInt64
		if err := rows.Scan(&x.ID, &x.UnitCode, &x.UnitName, &x.Period, &x.Status, &x.Late, &x.SubmittedAt, &batch); err != nil {
			rows.Close()
			return nil, err
		}
		if batch.Valid {
			b := batch.Int64
			x.Batch = &b
		}
		x.Items, x.History = []SubmissionItem{}, []SubmissionStep{}
		at[x.ID] = len(out)
		out = append(out, x)
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(out) == 0 {
		return out, err
	}
	rows, err = s.db.QueryContext(ctx, `WITH v AS (SELECT s.id, s.unit_code, s.period FROM submissions s WHERE `+where+`)
		SELECT si.submission_id, si.indicator_code, coalesce(any_value(i.name), si.indicator_code), si.actual, coalesce(si.note, ''), any_value(l.actual)
		FROM v JOIN submission_items si ON si.submission_id = v.id
		LEFT JOIN indicators i ON i.code = si.indicator_code
		LEFT JOIN unit_keys uk ON uk.code = v.unit_code LEFT JOIN indicator_keys ik ON ik.code = si.indicator_code
		LEFT JOIN ledger_k l ON l.k = jx_key(uk.id, ik.id, `+periodOrd("v.period")+` - 1)
		GROUP BY si.submission_id, si.pos, si.indicator_code, si.actual, si.note
		ORDER BY si.submission_id, si.pos`, arg)
	if err != nil {
		return nil, fmt.Errorf("submission items: %w", err)
	}
	for rows.Next() {
		var id int64
		var it SubmissionItem
		var prev sql.NullFloat64
		if err := rows.Scan(&id, &it.IndicatorCode, &it.IndicatorName, &it.Actual, &it.Note, &prev); err != nil {
			rows.Close()
			return nil, err
		}
		if _, seen := at[id]; !seen {
			continue
		}
		if prev.Valid {
			p, c := prev.Float64, roundTo(it.Actual-prev.Float64, 6)
			it.Previous, it.Change = &p, &c
		}
		out[at[id]].Items = append(out[at[id]].Items, it)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows, err = s.db.QueryContext(ctx, `WITH v AS (SELECT s.id FROM submissions s WHERE `+where+`)
		SELECT st.submission_id, st.step, st.username, st.step_at, coalesce(st.comment, '')
		FROM v JOIN submission_steps st ON st.submission_id = v.id ORDER BY st.submission_id, st.step_at, st.rowid`, arg)
	if err != nil {
		return nil, fmt.Errorf("submission steps: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var st SubmissionStep
		if err := rows.Scan(&id, &st.Step, &st.By, &st.At, &st.Comment); err != nil {
			return nil, err
		}
		if _, seen := at[id]; !seen {
			continue
		}
		out[at[id]].History = append(out[at[id]].History, st)
	}
	return out, rows.Err()
}

package queries

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"time"
)

// Explanation is SPEC §10.3: one indicator of one unit in one quarter, with
// where its value came from and what else moved the score.
type Explanation struct {
	UnitCode      string          `json:"unit_code"`
	UnitName      string          `json:"unit_name"`
	Period        string          `json:"period"`
	IndicatorCode string          `json:"indicator_code"`
	Name          string          `json:"name"`
	System        string          `json:"system"`
	Rule          string          `json:"rule"`
	Direction     string          `json:"direction"`
	Weight        float64         `json:"weight"`
	Target        float64         `json:"target"`
	TargetFrom    string          `json:"target_from"` // value | indicator
	Floor         *float64        `json:"floor"`
	Actual        *float64        `json:"actual"`
	Ratio         float64         `json:"ratio"`
	Earned        float64         `json:"earned"`
	Lost          float64         `json:"lost"`
	Missing       bool            `json:"missing"`
	Formula       string          `json:"formula"`
	Version       ExplainVersion  `json:"version"`
	Batch         *ExplainBatch   `json:"batch"`
	Appeals       []ExplainAppeal `json:"appeals"`
	Adjustments   []ExplainAdjust `json:"adjustments"`
	// FieldCheck is the latest field check of the value (SPEC §12.1), nil when none.
	FieldCheck *ExplainFieldCheck `json:"field_check"`
	// Notes are the accepted explanations of the indicator (SPEC §12.2).
	Notes []Note `json:"explanations"`
}

// ExplainVersion is the validity of the indicator version in force; an open end is nil.
type ExplainVersion struct {
	ValidFrom *string `json:"valid_from"`
	ValidTo   *string `json:"valid_to"`
}

// ExplainBatch is the import batch that wrote the value in force.
type ExplainBatch struct {
	ID         int64     `json:"id"`
	ImportedBy string    `json:"imported_by"`
	ImportedAt time.Time `json:"imported_at"`
	SHA256     string    `json:"sha256"`
	Filename   string    `json:"filename"`
	// Source is the pull or submission that wrote the batch; null for a file.
	Source *string `json:"source"`
}

// ExplainAppeal is an appeal on the value; an upheld one carries the value it replaced.
type ExplainAppeal struct {
	ID            int64    `json:"id"`
	Status        string   `json:"status"`
	ClaimedActual float64  `json:"claimed_actual"`
	DecidedActual *float64 `json:"decided_actual"`
	OldActual     *float64 `json:"old_actual"`
}

// ExplainAdjust is one of the unit's adjustments of the quarter.
type ExplainAdjust struct {
	Kind          string  `json:"kind"`
	Points        float64 `json:"points"`
	Reason        string  `json:"reason"`
	IndicatorCode *string `json:"indicator_code"`
}

// Explain answers "why did we lose these points?" for a unit the scope sees
// named: the §3.1 computation with its numbers (formula in lang), the
// version in force, the batch of the value, its appeals and the unit's
// adjustments of the quarter. ErrNotFound when the unit, the quarter or the
// indicator (not applicable to the unit then) is not visible.
func (s *Store) Explain(ctx context.Context, sc Scope, unit, period, indicator, lang string) (*Explanation, error) {
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	if _, err := s.quarterOrd(ctx, sc, period); err != nil {
		return nil, err
	}
	if err := s.seen(ctx, sc, unit, seeNamed); err != nil {
		return nil, err
	}
	e := &Explanation{Appeals: []ExplainAppeal{}, Adjustments: []ExplainAdjust{}}
	var floor, actual sql.NullFloat64
	var from, to sql.NullString
	var batch sql.NullInt64
	q := `SELECT r.unit_code, u.name, r.period, r.indicator_code, r.name, r.system, r.rule, r.direction, r.weight, r.target, r.target_from,
	       r.floor, r.actual, r.ratio, r.earned, r.lost, r.missing, r.valid_from, r.valid_to, r.batch_id
	FROM (` + resultsSQL() + `) r JOIN units u ON u.code = r.unit_code
	WHERE r.unit_code = ? AND r.indicator_code = ?`
	err := s.db.QueryRowContext(ctx, q, period, unit, indicator).Scan(&e.UnitCode, &e.UnitName, &e.Period, &e.IndicatorCode, &e.Name, &e.System,
		&e.Rule, &e.Direction, &e.Weight, &e.Target, &e.TargetFrom, &floor, &actual, &e.Ratio, &e.Earned, &e.Lost, &e.Missing, &from, &to, &batch)
	if err == sql.ErrNoRows {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("explain: %w", err)
	}
	e.Floor, e.Actual = nullFloat(floor), nullFloat(actual)
	e.Version = ExplainVersion{ValidFrom: nullStr(from), ValidTo: nullStr(to)}
	e.Formula = Formula(e, lang)
	e.Ratio = roundTo(e.Ratio, 6)
	e.Earned, e.Lost = roundTo(e.Earned, 2), roundTo(e.Lost, 2)
	if batch.Valid {
		b := &ExplainBatch{ID: batch.Int64}
		var by, file sql.NullString
		err := s.db.QueryRowContext(ctx, `SELECT username, created_at, sha256, filename, source FROM batches WHERE id = ?`, batch.Int64).Scan(&by, &b.ImportedAt, &b.SHA256, &file, &b.Source)
		if err != nil && err != sql.ErrNoRows {
			return nil, fmt.Errorf("explain: %w", err)
		}
		if sc.All || sc.Subtree {
			// Who imported which file is the offices' business, not a
			// department's or a branch's (they see the batch and its hash).
			b.ImportedBy, b.Filename = by.String, file.String
		}
		if err == nil {
			e.Batch = b
		}
	}
	// The appeals are listed as the appeal routes show them: on units of
	// the user's own subtree only (a named peer's appeals are its bureau's).
	switch err := s.seen(ctx, sc, unit, seeFlow); {
	case err == nil:
		if err := s.explainAppeals(ctx, e); err != nil {
			return nil, err
		}
	case err != ErrNotFound:
		return nil, err
	}
	if err := s.explainCollection(ctx, sc, e); err != nil {
		return nil, err
	}
	return e, s.explainAdjustments(ctx, e)
}

func (s *Store) explainAppeals(ctx context.Context, e *Explanation) error {
	rows, err := s.db.QueryContext(ctx, `SELECT id, status, claimed_actual, decided_actual, old_actual FROM appeals
		WHERE unit_code = ? AND indicator_code = ? AND period = ? ORDER BY id LIMIT 1000`, e.UnitCode, e.IndicatorCode, e.Period)
	if err != nil {
		return fmt.Errorf("explain appeals: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var a ExplainAppeal
		var dec, old sql.NullFloat64
		if err := rows.Scan(&a.ID, &a.Status, &a.ClaimedActual, &dec, &old); err != nil {
			return err
		}
		a.DecidedActual, a.OldActual = nullFloat(dec), nullFloat(old)
		e.Appeals = append(e.Appeals, a)
	}
	return rows.Err()
}

func (s *Store) explainAdjustments(ctx context.Context, e *Explanation) error {
	rows, err := s.db.QueryContext(ctx, `SELECT kind, points, reason, indicator_code FROM adjustments
		WHERE unit_code = ? AND period = ? ORDER BY id LIMIT 1000`, e.UnitCode, e.Period)
	if err != nil {
		return fmt.Errorf("explain adjustments: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var a ExplainAdjust
		var ind sql.NullString
		if err := rows.Scan(&a.Kind, &a.Points, &a.Reason, &ind); err != nil {
			return err
		}
		a.IndicatorCode = nullStr(ind)
		e.Adjustments = append(e.Adjustments, a)
	}
	return rows.Err()
}

// Formula is the §3.1 computation of e with its numbers filled in, in lang
// ("zh" or "en"); e holds the unrounded ratio and earned points.
func Formula(e *Explanation, lang string) string {
	n := func(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }
	w, t := n(e.Weight), n(e.Target)
	earned, lost := strconv.FormatFloat(e.Earned, 'f', 2, 64), strconv.FormatFloat(e.Lost, 'f', 2, 64)
	if e.Missing || e.Actual == nil {
		return tr(lang, fmt.Sprintf("台账无该指标数据：完成比例 r = 0，得分 = %s × 0 = 0.00，失分 %s", w, lost),
			fmt.Sprintf("no value in the ledger: r = 0, earned = %s × 0 = 0.00, lost %s", w, lost))
	}
	a := n(*e.Actual)
	f := ""
	if e.Floor != nil {
		f = n(*e.Floor)
	}
	higher := e.Rule != "deadline" && e.Direction == "higher"
	cmp, notCmp := "≥", "<"
	if !higher {
		cmp, notCmp = "≤", ">"
	}
	tail := tr(lang, fmt.Sprintf("，得分 = %s × %s = %s，失分 %s", w, n(roundTo(e.Ratio, 6)), earned, lost),
		fmt.Sprintf(", earned = %s × %s = %s, lost %s", w, n(roundTo(e.Ratio, 6)), earned, lost))
	if e.Rule == "threshold" || (e.Floor != nil && *e.Floor == e.Target) {
		met, mark := e.Ratio == 1, cmp
		if !met {
			mark = notCmp
		}
		verdict := tr(lang, map[bool]string{true: "达到", false: "未达到"}[met], map[bool]string{true: "meets", false: "misses"}[met])
		return tr(lang, fmt.Sprintf("实际值 %s %s 目标值 %s（%s目标）：r = %s", a, mark, t, verdict, n(e.Ratio)),
			fmt.Sprintf("actual %s %s target %s (%s the target): r = %s", a, mark, t, verdict, n(e.Ratio))) + tail
	}
	var expr string
	if higher {
		expr = fmt.Sprintf("(%s − %s) / (%s − %s)", a, f, t, f)
	} else {
		expr = fmt.Sprintf("(%s − %s) / (%s − %s)", f, a, f, t)
	}
	return tr(lang, fmt.Sprintf("r = clamp(%s, 0, 1) = %s", expr, n(roundTo(e.Ratio, 6))),
		fmt.Sprintf("r = clamp(%s, 0, 1) = %s", expr, n(roundTo(e.Ratio, 6)))) + tail
}

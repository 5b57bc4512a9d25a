package queries

import (
	"context"
	"database/sql"
	"fmt"

	"jixiao/data"
)

// FormRow is one indicator a unit declares, beside last quarter's value
// and what its submission holds now.
type FormRow struct {
	IndicatorCode string   `json:"indicator_code"`
	Name          string   `json:"name"`
	Unit          string   `json:"unit"` // display unit (%, 分 …)
	Method        string   `json:"method"`
	Previous      *float64 `json:"previous"`
	Declared      *float64 `json:"declared"`
	Note          string   `json:"note"`
}

// CollectionForm is a unit's declaration form of a quarter: the indicators
// it declares and its submission (nil when none yet). Only for the unit's
// own users and those who see its workflow items (else ErrNotFound).
func (s *Store) CollectionForm(ctx context.Context, sc Scope, unit, period string) ([]FormRow, *Submission, error) {
	ord, err := quarterOrdOf(period)
	if err != nil {
		return nil, nil, err
	}
	if err := s.seen(ctx, sc, unit, seeFlow); err != nil {
		return nil, nil, err
	}
	coll, order, err := collectedOf(ctx, s.db, unit, ord)
	if err != nil {
		return nil, nil, err
	}
	var sub *Submission
	var id int64
	cond, args := subVisible(sc, "s")
	err = s.db.QueryRowContext(ctx, "SELECT s.id FROM submissions s WHERE s.unit_code = ? AND s.period = ? AND "+cond,
		append([]any{unit, period}, args...)...).Scan(&id)
	if err == nil {
		if sub, err = s.Submission(ctx, sc, id); err != nil {
			return nil, nil, err
		}
	} else if err != sql.ErrNoRows {
		return nil, nil, err
	}
	declared := map[string]SubmissionItem{}
	if sub != nil {
		for _, it := range sub.Items {
			declared[it.IndicatorCode] = it
		}
	}
	out := make([]FormRow, 0, len(order))
	for _, code := range order {
		c := coll[code]
		r := FormRow{IndicatorCode: code, Name: c.Name, Unit: c.Unit, Method: c.Method}
		var prev sql.NullFloat64
		err := s.db.QueryRowContext(ctx, `SELECT l.actual FROM ledger_k l, unit_keys uk, indicator_keys ik
			WHERE uk.code = ? AND ik.code = ? AND l.k = jx_key(uk.id, ik.id, ?)`, unit, code, ord-1).Scan(&prev)
		if err != nil && err != sql.ErrNoRows {
			return nil, nil, fmt.Errorf("collection form: %w", err)
		}
		r.Previous = nullFloat(prev)
		if it, ok := declared[code]; ok {
			v := it.Actual
			r.Declared, r.Note = &v, it.Note
		}
		out = append(out, r)
	}
	return out, sub, nil
}

// CollectionQuarter is the quarter being collected: the newest open
// quarter, else the quarter after the newest period ("" when there is none).
func (s *Store) CollectionQuarter(ctx context.Context) (string, error) {
	var open, last sql.NullString
	err := s.db.QueryRowContext(ctx, `SELECT (SELECT period FROM periods WHERE status = 'open' ORDER BY ord DESC LIMIT 1),
		(SELECT period FROM periods ORDER BY ord DESC LIMIT 1)`).Scan(&open, &last)
	if err != nil {
		return "", err
	}
	if open.Valid {
		return open.String, nil
	}
	if !last.Valid {
		return "", nil
	}
	p, err := data.ParsePeriod(last.String)
	if err != nil {
		return "", nil
	}
	if p.Quarter == 4 {
		return fmt.Sprintf("%dQ1", p.Year+1), nil
	}
	return fmt.Sprintf("%dQ%d", p.Year, p.Quarter+1), nil
}

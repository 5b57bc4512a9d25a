package queries

import (
	"context"
	"database/sql"
	"fmt"
)

// IndicatorResult is one applicable indicator of a unit in a quarter.
type IndicatorResult struct {
	Code     string   `json:"code"`
	Name     string   `json:"name"`
	System   string   `json:"system"`
	Unit     string   `json:"unit"`
	LeadDept string   `json:"lead_dept"`
	Weight   float64  `json:"weight"`
	Actual   *float64 `json:"actual"`
	Target   float64  `json:"target"`
	Earned   float64  `json:"earned"`
	Lost     float64  `json:"lost"`
	Missing  bool     `json:"missing"`
	Decided  bool     `json:"decided"`
	Note     string   `json:"note,omitempty"`
}

// Adjustment is one bonus, penalty or veto.
type Adjustment struct {
	ID            int64   `json:"id"`
	Kind          string  `json:"kind"`
	Points        float64 `json:"points"`
	Reason        string  `json:"reason"`
	IndicatorCode string  `json:"indicator_code,omitempty"`
	Evidence      string  `json:"evidence,omitempty"`
	CreatedBy     string  `json:"created_by,omitempty"`
}

// Breakdown is a unit's score in one quarter, indicator by indicator.
type Breakdown struct {
	UnitCode    string            `json:"unit_code"`
	UnitName    string            `json:"unit_name"`
	Period      string            `json:"period"`
	Score       float64           `json:"score"`
	Base        float64           `json:"base"`
	Bonus       float64           `json:"bonus"`
	Penalty     float64           `json:"penalty"`
	Vetoed      bool              `json:"vetoed"`
	Indicators  []IndicatorResult `json:"indicators"`
	Adjustments []Adjustment      `json:"adjustments"`
}

// Breakdown returns a named unit's quarter, indicator by indicator.
func (s *Store) Breakdown(ctx context.Context, sc Scope, unit, period string) (*Breakdown, error) {
	if err := s.mustSee(ctx, s.db, sc, unit, seeNamed); err != nil {
		return nil, err
	}
	if err := s.mustSeePeriod(ctx, sc, period); err != nil {
		return nil, err
	}
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	b := &Breakdown{UnitCode: unit, Period: period, Indicators: []IndicatorResult{}, Adjustments: []Adjustment{}}
	// One filter on the indexed unit_code only (DuckDB then reads the index);
	// the period is picked here.
	found := false
	srows, err := s.db.QueryContext(ctx, `SELECT period, is_year, score::DOUBLE, base::DOUBLE, bonus, penalty, vetoed
		FROM scores WHERE unit_code = ?`, unit)
	if err != nil {
		return nil, fmt.Errorf("breakdown: %w", err)
	}
	for srows.Next() {
		var p string
		var isYr bool
		var score, base, bonus, penalty sql.NullFloat64
		var vetoed bool
		if err := srows.Scan(&p, &isYr, &score, &base, &bonus, &penalty, &vetoed); err != nil {
			srows.Close()
			return nil, err
		}
		if p == period && !isYr {
			if !score.Valid || !base.Valid || !bonus.Valid || !penalty.Valid {
				srows.Close()
				return nil, fmt.Errorf("breakdown: %s %s: incomplete score", unit, period)
			}
			b.Score, b.Base, b.Bonus, b.Penalty, b.Vetoed = score.Float64, base.Float64, bonus.Float64, penalty.Float64, vetoed
			found = true
		}
	}
	srows.Close()
	if err := srows.Err(); err != nil {
		return nil, fmt.Errorf("breakdown: %w", err)
	}
	if !found {
		return nil, ErrNotFound
	}
	err = s.db.QueryRowContext(ctx, `SELECT name FROM units WHERE code = ?`, unit).Scan(&b.UnitName)
	if err == sql.ErrNoRows {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("breakdown: %w", err)
	}
	// On the unit's integer id: the scan of result_rows then skips the
	// row groups of other units.
	var uid int64
	if err := s.db.QueryRowContext(ctx, `SELECT id FROM unit_keys WHERE code = ?`, unit).Scan(&uid); err != nil {
		return nil, fmt.Errorf("breakdown: %w", err)
	}
	rows, err := s.db.QueryContext(ctx, `SELECT indicator_code, name, system, coalesce(display_unit, ''), coalesce(lead_dept, ''),
		weight, actual, target, `+half2("earned")+`, `+half2("lost")+`, missing, decided, coalesce(note, '')
		FROM results WHERE uid = ? AND period = ? ORDER BY system, indicator_code`, uid, period)
	if err != nil {
		return nil, fmt.Errorf("breakdown: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var r IndicatorResult
		var actual sql.NullFloat64
		if err := rows.Scan(&r.Code, &r.Name, &r.System, &r.Unit, &r.LeadDept, &r.Weight, &actual, &r.Target, &r.Earned, &r.Lost, &r.Missing, &r.Decided, &r.Note); err != nil {
			return nil, err
		}
		r.Actual = nullFloat(actual)
		b.Indicators = append(b.Indicators, r)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	b.Adjustments, err = s.adjustments(ctx, unit, period)
	return b, err
}

func (s *Store) adjustments(ctx context.Context, unit, period string) ([]Adjustment, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, kind, points, reason, coalesce(indicator_code, ''), coalesce(evidence, ''), coalesce(created_by, '')
		FROM adjustments WHERE unit_code = ? AND period = ? ORDER BY id`, unit, period)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Adjustment{}
	for rows.Next() {
		var a Adjustment
		if err := rows.Scan(&a.ID, &a.Kind, &a.Points, &a.Reason, &a.IndicatorCode, &a.Evidence, &a.CreatedBy); err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

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
	h, hs, err := s.heldScope(ctx, sc)
	if err != nil {
		return nil, err
	}
	u := h.units[unit]
	if u == nil || !hs.sees(unit, seeNamed) || !hs.visible[period] {
		return nil, ErrNotFound
	}
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	b := &Breakdown{UnitCode: unit, UnitName: u.name, Period: period, Indicators: []IndicatorResult{}, Adjustments: []Adjustment{}}
	var sr *heldScore
	for _, r := range h.byUnit[unit] {
		if r.period == period && !r.isYear {
			sr = r
		}
	}
	if sr == nil {
		return nil, ErrNotFound
	}
	if !sr.base.Valid || !sr.bonus.Valid || !sr.penalty.Valid {
		return nil, fmt.Errorf("breakdown: %s %s: incomplete score", unit, period)
	}
	b.Score, b.Base, b.Bonus, b.Penalty, b.Vetoed = sr.score, sr.base.Float64, sr.bonus.Float64, sr.penalty.Float64, sr.vetoed
	if b.Indicators, err = s.resultsOf(ctx, h, u.uid, sr.ord); err != nil {
		return nil, err
	}
	b.Adjustments = append(b.Adjustments, h.adjust[heldGroupKey{period: period, grp: unit}]...)
	return b, nil
}

// adjustmentsSQL is every adjustment with its unit and period, by id.
const adjustmentsSQL = `SELECT unit_code, period, id, kind, points, reason, coalesce(indicator_code, ''), coalesce(evidence, ''), coalesce(created_by, '')
	FROM adjustments ORDER BY id`

func scanAdjustment(rows *sql.Rows, unit, period *string) (Adjustment, error) {
	var a Adjustment
	err := rows.Scan(unit, period, &a.ID, &a.Kind, &a.Points, &a.Reason, &a.IndicatorCode, &a.Evidence, &a.CreatedBy)
	return a, err
}

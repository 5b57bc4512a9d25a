package queries

import (
	"context"
	"time"
)

// ExplainFieldCheck is the field check of an explained value.
type ExplainFieldCheck struct {
	VerifiedActual float64   `json:"verified_actual"`
	DeskActual     *float64  `json:"desk_actual"`
	Finding        string    `json:"finding"`
	By             string    `json:"by"`
	At             time.Time `json:"at"`
}

// explainCollection adds the value's latest field check and the accepted
// explanations of the indicator (the unit is seen named: Explain checked).
func (s *Store) explainCollection(ctx context.Context, sc Scope, e *Explanation) error {
	fc, err := s.fieldChecks(ctx, Everything, "f.unit_code = ? AND f.period = ? AND f.indicator_code = ?", e.UnitCode, e.Period, e.IndicatorCode)
	if err != nil {
		return err
	}
	if len(fc) > 0 {
		f := fc[0]
		e.FieldCheck = &ExplainFieldCheck{VerifiedActual: f.VerifiedActual, DeskActual: f.DeskActual, Finding: f.Finding, By: f.By, At: f.At}
	}
	e.Notes, err = s.Explanations(ctx, sc, NoteFilter{Period: e.Period, Unit: e.UnitCode, Indicator: e.IndicatorCode, AcceptedOnly: true})
	return err
}

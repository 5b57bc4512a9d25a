package queries

import (
	"context"
	"database/sql"
	"time"
)

// FieldCheck is a value verified on site (SPEC §12.1 实地核查).
type FieldCheck struct {
	ID             int64     `json:"id"`
	UnitCode       string    `json:"unit_code"`
	UnitName       string    `json:"unit_name"`
	Period         string    `json:"period"`
	IndicatorCode  string    `json:"indicator_code"`
	IndicatorName  string    `json:"indicator_name"`
	VerifiedActual float64   `json:"verified_actual"`
	DeskActual     *float64  `json:"desk_actual"`
	Finding        string    `json:"finding"`
	By             string    `json:"by"`
	At             time.Time `json:"at"`
}

// FieldCheckInput is what the office records.
type FieldCheckInput struct {
	UnitCode       string   `json:"unit_code"`
	Period         string   `json:"period"`
	IndicatorCode  string   `json:"indicator_code"`
	VerifiedActual *float64 `json:"verified_actual"`
	Finding        string   `json:"finding"`
}

// FieldCheck returns one field check the scope sees, or ErrNotFound.
func (s *Store) FieldCheck(ctx context.Context, sc Scope, id int64) (*FieldCheck, error) {
	return one(s.fieldChecks(ctx, sc, "f.id = ?", id))
}

// FieldChecks lists the field checks of a quarter on the units whose
// workflow items the scope sees, in periods it sees, newest first.
func (s *Store) FieldChecks(ctx context.Context, sc Scope, period string) ([]FieldCheck, error) {
	if _, err := quarterOrdOf(period); err != nil {
		return nil, err
	}
	return s.fieldChecks(ctx, sc, "f.period = ?", period)
}

// UnitFieldChecks lists the latest field check of each indicator of a unit
// the scope sees named in a quarter it sees, by indicator code.
func (s *Store) UnitFieldChecks(ctx context.Context, sc Scope, unit, period string) (map[string]FieldCheck, error) {
	if err := s.seen(ctx, sc, unit, seeNamed); err != nil {
		return nil, err
	}
	if err := s.mustSeePeriod(ctx, sc, period); err != nil {
		return nil, err
	}
	all, err := s.fieldChecks(ctx, Everything, "f.unit_code = ? AND f.period = ?", unit, period)
	if err != nil {
		return nil, err
	}
	out := map[string]FieldCheck{}
	for _, f := range all {
		if _, ok := out[f.IndicatorCode]; !ok {
			out[f.IndicatorCode] = f
		}
	}
	return out, nil
}

func (s *Store) fieldChecks(ctx context.Context, sc Scope, where string, arg ...any) ([]FieldCheck, error) {
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	q, args := sc.flowList("f", false).is(where, arg...).
		sql(`SELECT f.id, f.unit_code, u.name, f.period, f.indicator_code,
		       coalesce((SELECT any_value(name) FROM indicators i WHERE i.code = f.indicator_code), ''),
		       f.verified_actual, f.desk_actual, f.finding, f.checked_by, f.checked_at
		FROM field_checks f JOIN units u ON u.code = f.unit_code`, `ORDER BY f.id DESC LIMIT 100000`)
	return listOf(ctx, s.db, "field checks", q, args, func(rows *sql.Rows) (FieldCheck, error) {
		var f FieldCheck
		var desk sql.NullFloat64
		err := rows.Scan(&f.ID, &f.UnitCode, &f.UnitName, &f.Period, &f.IndicatorCode, &f.IndicatorName,
			&f.VerifiedActual, &desk, &f.Finding, &f.By, &f.At)
		f.DeskActual = nullFloat(desk)
		return f, err
	})
}

package queries

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"strings"
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

// AddFieldCheck records a field check by an office above the unit on an
// indicator checked in the field (method field or both) in an open or
// review quarter. A verified value that differs from the value in force
// becomes the value in force (the desk value kept, as an upheld appeal
// keeps it) and scores recompute in the same transaction.
func (s *Store) AddFieldCheck(ctx context.Context, a Actor, in FieldCheckInput) (*FieldCheck, error) {
	in.Period = strings.ToUpper(strings.TrimSpace(in.Period))
	in.Finding = strings.TrimSpace(in.Finding)
	ord, err := quarterOrdOf(in.Period)
	if err != nil {
		return nil, err
	}
	if in.VerifiedActual == nil || math.IsNaN(*in.VerifiedActual) || math.IsInf(*in.VerifiedActual, 0) {
		return nil, paramErr("verified_actual", "verified_actual must be a number / 核查值须为数字")
	}
	if in.Finding == "" || len([]rune(in.Finding)) > maxText {
		return nil, paramErr("finding", fmt.Sprintf("a finding of at most %d characters is required / 请填写核查结论", maxText))
	}
	if err := s.checkMagnitude(ctx, *in.VerifiedActual); err != nil {
		return nil, paramErr("verified_actual", MessageOf(err))
	}
	var id int64
	err = s.writeConn(ctx, func(x sqlExecer) error {
		if err := s.mustSeeFlow(ctx, x, a.Scope, in.UnitCode); err != nil {
			return err
		}
		if ok, err := a.may(ctx, x, ActFieldCheck, in.UnitCode); err != nil || !ok {
			return orErr(err, forbidden("只有该单位上级的绩效办可以实地核查", "only a performance office above the unit may record a field check"))
		}
		st, err := periodStatus(ctx, x, in.Period)
		if err != nil {
			return err
		}
		if st == "final" {
			return conflict(fmt.Sprintf("考核期 %s 已定稿，不能再核查", in.Period), fmt.Sprintf("period %s is final: no more field checks", in.Period))
		}
		var method string
		var k int64
		err = x.QueryRowContext(ctx, `SELECT coalesce(i.method, 'desk'), a.kbase + ? FROM applicable a
			JOIN indicators i ON i.code = a.indicator_code AND i.version = a.version
			WHERE a.unit_code = ? AND a.indicator_code = ? AND ? BETWEEN a.from_ord AND a.to_ord`, ord, in.UnitCode, in.IndicatorCode, ord).Scan(&method, &k)
		if err == sql.ErrNoRows {
			return paramErr("indicator_code", fmt.Sprintf("%s does not apply to %s in %s / 该指标不适用于该单位", in.IndicatorCode, in.UnitCode, in.Period))
		}
		if err != nil {
			return err
		}
		if method == "desk" {
			return paramErr("indicator_code", fmt.Sprintf("%s is assessed at the desk only (method desk) / 该指标为案头考评，不做实地核查", in.IndicatorCode))
		}
		var desk sql.NullFloat64
		err = x.QueryRowContext(ctx, "SELECT actual FROM ledger_k WHERE k = ?", k).Scan(&desk)
		v := *in.VerifiedActual
		switch {
		case err == sql.ErrNoRows:
			_, err = x.ExecContext(ctx, `INSERT INTO ledger_k (k, actual, note, decided) VALUES (?, ?, '实地核查', true)`, k, v)
		case err == nil && (!desk.Valid || desk.Float64 != v):
			_, err = x.ExecContext(ctx, `UPDATE ledger_k SET original_actual = coalesce(original_actual, actual), actual = ?, decided = true WHERE k = ?`, v, k)
		}
		if err != nil {
			return err
		}
		if err := x.QueryRowContext(ctx, `INSERT INTO field_checks (unit_code, period, indicator_code, verified_actual, desk_actual, finding, checked_by)
			VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`, in.UnitCode, in.Period, in.IndicatorCode, v, desk, in.Finding, a.Username).Scan(&id); err != nil {
			return err
		}
		return a.audit(ctx, x, "field_check", fmt.Sprintf("field check %d", id),
			fmt.Sprintf("%s %s %s: %s → %g; %s", in.UnitCode, in.IndicatorCode, in.Period, fmtOpt(desk), v, in.Finding))
	})
	if err != nil {
		return nil, err
	}
	out, err := s.fieldChecks(ctx, a.Scope, "f.id = ?", id)
	if err != nil || len(out) == 0 {
		return nil, orErr(err, ErrNotFound)
	}
	return &out[0], nil
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
	with, va := sc.flowWith()
	q := with + `
		SELECT f.id, f.unit_code, u.name, f.period, f.indicator_code,
		       coalesce((SELECT any_value(name) FROM indicators i WHERE i.code = f.indicator_code), ''),
		       f.verified_actual, f.desk_actual, f.finding, f.checked_by, f.checked_at
		FROM field_checks f JOIN units u ON u.code = f.unit_code
		WHERE ` + where + ` AND f.unit_code IN (SELECT unit_code FROM fv) AND f.period IN (SELECT period FROM vp)
		ORDER BY f.id DESC LIMIT 100000`
	rows, err := s.db.QueryContext(ctx, q, append(va, arg...)...)
	if err != nil {
		return nil, fmt.Errorf("field checks: %w", err)
	}
	defer rows.Close()
	out := []FieldCheck{}
	for rows.Next() {
		var f FieldCheck
		var desk sql.NullFloat64
		if err := rows.Scan(&f.ID, &f.UnitCode, &f.UnitName, &f.Period, &f.IndicatorCode, &f.IndicatorName,
			&f.VerifiedActual, &desk, &f.Finding, &f.By, &f.At); err != nil {
			return nil, err
		}
		f.DeskActual = nullFloat(desk)
		out = append(out, f)
	}
	return out, rows.Err()
}

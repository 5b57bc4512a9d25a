package workflow

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"strings"

	"jixiao/queries"
)

// AddFieldCheck records a field check (实地核查, SPEC §12.1) by an office
// above the unit on an indicator checked in the field (method field or
// both) in an open or review quarter. A verified value that differs from
// the value in force becomes the value in force (the desk value kept, as
// an upheld appeal keeps it) and scores recompute in the same transaction.
func (d *Desk) AddFieldCheck(ctx context.Context, a queries.Actor, in queries.FieldCheckInput) (*queries.FieldCheck, error) {
	in.Period = strings.ToUpper(strings.TrimSpace(in.Period))
	in.Finding = strings.TrimSpace(in.Finding)
	ord, err := queries.QuarterOrd(in.Period)
	if err != nil {
		return nil, err
	}
	if in.VerifiedActual == nil || math.IsNaN(*in.VerifiedActual) || math.IsInf(*in.VerifiedActual, 0) {
		return nil, queries.ParamErr("verified_actual", "verified_actual must be a number / 核查值须为数字")
	}
	if in.Finding == "" || longer(queries.MaxText, in.Finding) {
		return nil, queries.ParamErr("finding", fmt.Sprintf("a finding of at most %d characters is required / 请填写核查结论", queries.MaxText))
	}
	if err := d.st.CheckMagnitude(ctx, *in.VerifiedActual); err != nil {
		return nil, queries.ParamErr("verified_actual", queries.MessageOf(err))
	}
	var id int64
	return step(ctx, a, d.st.WriteRescore, d.st.FieldCheck, &id, func(x queries.Execer) error {
		if err := d.st.MustSeeFlow(ctx, x, a.Scope, in.UnitCode); err != nil {
			return err
		}
		if ok, err := a.May(ctx, x, queries.ActFieldCheck, in.UnitCode); err != nil || !ok {
			return orErr(err, forbidden("只有该单位上级的绩效办可以实地核查", "only a performance office above the unit may record a field check"))
		}
		st, err := queries.StatusOfPeriod(ctx, x, in.Period)
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
			return notApplying(in.IndicatorCode, in.UnitCode, in.Period)
		}
		if err != nil {
			return err
		}
		if method == "desk" {
			return queries.ParamErr("indicator_code", fmt.Sprintf("%s is assessed at the desk only (method desk) / 该指标为案头考评，不做实地核查", in.IndicatorCode))
		}
		v := *in.VerifiedActual
		desk, err := setLedger(ctx, x, k, v, "实地核查", false)
		if err != nil {
			return err
		}
		if err := x.QueryRowContext(ctx, `INSERT INTO field_checks (unit_code, period, indicator_code, verified_actual, desk_actual, finding, checked_by)
			VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`, in.UnitCode, in.Period, in.IndicatorCode, v, desk, in.Finding, a.Username).Scan(&id); err != nil {
			return err
		}
		return a.AuditIn(ctx, x, "field_check", fmt.Sprintf("field check %d", id),
			fmt.Sprintf("%s %s %s: %s → %g; %s", in.UnitCode, in.IndicatorCode, in.Period, queries.FormatNull(desk), v, in.Finding))
	})
}

// setLedger makes v the value in force of ledger key k, keeping the first
// original value, and returns the value it replaced (NULL when none was
// reported; note is the new row's). The row is written again even when the
// value is the same when always is set (a ruling is recorded as decided).
func setLedger(ctx context.Context, x queries.Execer, k int64, v float64, note string, always bool) (sql.NullFloat64, error) {
	var old sql.NullFloat64
	err := x.QueryRowContext(ctx, "SELECT actual FROM ledger_k WHERE k = ?", k).Scan(&old)
	switch {
	case err == sql.ErrNoRows:
		_, err = x.ExecContext(ctx, `INSERT INTO ledger_k (k, actual, note, decided) VALUES (?, ?, ?, true)`, k, v, note)
	case err == nil && (always || !old.Valid || old.Float64 != v):
		_, err = x.ExecContext(ctx, `UPDATE ledger_k SET original_actual = coalesce(original_actual, actual), actual = ?, decided = true WHERE k = ?`, v, k)
	}
	return old, err
}

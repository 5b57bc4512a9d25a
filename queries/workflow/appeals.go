package workflow

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"strings"

	"jixiao/data"
	"jixiao/queries"
)

// The appeal's steps (SPEC §5): a unit (or an office above it) files
// during the review window; an office above the unit forwards or rejects;
// a committee covering it upholds (the ledger changes and scores
// recompute in the same transaction) or dismisses.

// checkAppeal refuses an incomplete or malformed appeal.
func checkAppeal(in queries.AppealInput) error {
	if in.UnitCode == "" || in.IndicatorCode == "" || in.Period == "" {
		return invalid("请填写单位、指标和考核期", "unit_code, indicator_code and period are required")
	}
	if !data.IsQuarter(in.Period) {
		return invalid("申诉针对季度考核期，格式为 YYYYQn", "appeals are on a quarter: period must be YYYYQn")
	}
	if in.ClaimedActual == nil || math.IsNaN(*in.ClaimedActual) || math.IsInf(*in.ClaimedActual, 0) {
		return invalid("请填写申诉的数值", "claimed_actual must be a number")
	}
	if strings.TrimSpace(in.Reason) == "" {
		return invalid("请填写申诉理由", "a reason is required")
	}
	if longer(queries.MaxText, in.Reason) {
		return invalid(fmt.Sprintf("申诉理由不能超过 %d 字", queries.MaxText), fmt.Sprintf("the reason is longer than %d characters", queries.MaxText))
	}
	return nil
}

// FileAppeal files an appeal during the period's review (公示) window.
func (d *Desk) FileAppeal(ctx context.Context, a queries.Actor, in queries.AppealInput) (*queries.Appeal, error) {
	in.Period = strings.ToUpper(strings.TrimSpace(in.Period))
	if err := checkAppeal(in); err != nil {
		return nil, err
	}
	if err := d.st.CheckMagnitude(ctx, *in.ClaimedActual); err != nil {
		return nil, err
	}
	var id int64
	return step(ctx, a, d.st.WriteFlow, d.appealMoved, &id, func(x queries.Execer) error {
		if err := d.st.MustSeeFlow(ctx, x, a.Scope, in.UnitCode); err != nil {
			return err
		}
		if err := queries.MustSeePeriod(ctx, d.st, a.Scope, in.Period); err != nil {
			return err
		}
		if ok, err := a.May(ctx, x, queries.ActAppealFile, in.UnitCode); err != nil || !ok {
			return orErr(err, forbidden("只有本单位或其上级绩效办可以提出申诉", "only the unit itself or an office above it may file an appeal"))
		}
		if err := checkWindow(ctx, x, in.Period); err != nil {
			return err
		}
		var old sql.NullFloat64
		err := x.QueryRowContext(ctx, "SELECT actual FROM results WHERE unit_code = ? AND indicator_code = ? AND period = ?",
			in.UnitCode, in.IndicatorCode, in.Period).Scan(&old)
		if err == sql.ErrNoRows {
			return invalid(fmt.Sprintf("指标 %s 不适用于该单位在 %s 的考核", in.IndicatorCode, in.Period),
				fmt.Sprintf("indicator %s does not apply to this unit in %s", in.IndicatorCode, in.Period))
		}
		if err != nil {
			return err
		}
		if old.Valid && old.Float64 == *in.ClaimedActual {
			return invalid("申诉的数值与台账现值相同", "the claimed value equals the ledger value")
		}
		var pending int
		if err := x.QueryRowContext(ctx, `SELECT count(*) FROM appeals WHERE unit_code = ? AND indicator_code = ? AND period = ?
			AND status IN ('submitted', 'forwarded')`, in.UnitCode, in.IndicatorCode, in.Period).Scan(&pending); err != nil {
			return err
		}
		if pending > 0 {
			return conflict("该指标已有一件申诉正在办理", "an appeal on this value is already pending")
		}
		if err := x.QueryRowContext(ctx, `INSERT INTO appeals (unit_code, indicator_code, period, claimed_actual, reason, old_actual, filed_by)
			VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`, in.UnitCode, in.IndicatorCode, in.Period, *in.ClaimedActual,
			strings.TrimSpace(in.Reason), old, a.Username).Scan(&id); err != nil {
			return err
		}
		return a.AuditIn(ctx, x, "appeal_file", fmt.Sprintf("appeal %d", id),
			fmt.Sprintf("%s %s %s: %s → %g", in.UnitCode, in.IndicatorCode, in.Period, queries.FormatNull(old), *in.ClaimedActual))
	})
}

// checkWindow refuses filing outside the period's review window.
func checkWindow(ctx context.Context, x queries.Execer, period string) error {
	if err := queries.RefuseFinal(ctx, x, period, "申诉"); err != nil {
		return err
	}
	days := queries.AppealWindowDaysIn(ctx, x)
	var status string
	var open sql.NullBool
	if err := x.QueryRowContext(ctx, `SELECT status, review_at + to_days(?::INTEGER) >= current_timestamp::TIMESTAMP FROM periods WHERE period = ?`,
		days, period).Scan(&status, &open); err != nil {
		return err
	}
	if status != "review" {
		return conflict(fmt.Sprintf("考核期 %s 尚未公示，公示期间才能申诉", period), fmt.Sprintf("period %s is not published for review: appeals open during review", period))
	}
	if open.Valid && !open.Bool {
		return conflict(fmt.Sprintf("申诉期已过（公示后 %d 天内可以申诉）", days), fmt.Sprintf("the appeal window has closed (%d days after publication)", days))
	}
	return nil
}

// appealHead is what a step needs to know of an appeal.
type appealHead struct {
	unit, indicator, period, status string
	claimed                         float64
}

// stepHead loads the appeal a step by a acts on and checks what every
// step checks: a may take act on its unit (refused otherwise) and its
// period is not final.
func (d *Desk) stepHead(ctx context.Context, x queries.Execer, a queries.Actor, id int64, act string, refused error) (*appealHead, error) {
	var h appealHead
	unit, err := d.visibleItem(ctx, x, a, "appeals", id, "indicator_code period status claimed_actual", &h.indicator, &h.period, &h.status, &h.claimed)
	if err != nil {
		return nil, err
	}
	h.unit = unit
	if ok, err := a.May(ctx, x, act, h.unit); err != nil || !ok {
		return nil, orErr(err, refused)
	}
	if err := queries.RefuseFinal(ctx, x, h.period, "申诉"); err != nil {
		return nil, err
	}
	return &h, nil
}

// ReviewAppeal is the office's first review: decision "forward" (to the
// committee) or "reject". Only an office above the unit may take it, only
// on a submitted appeal, never in a final period.
func (d *Desk) ReviewAppeal(ctx context.Context, a queries.Actor, id int64, decision, comment string) (*queries.Appeal, error) {
	next := map[string]string{"forward": queries.AppealForwarded, "reject": queries.AppealRejected}[decision]
	if next == "" {
		return nil, invalid("审核意见须为 forward（转呈考评委员会）或 reject（驳回）", `decision must be "forward" or "reject"`)
	}
	return step(ctx, a, d.st.WriteFlow, d.appealMoved, &id, func(x queries.Execer) error {
		h, err := d.stepHead(ctx, x, a, id, queries.ActAppealReview,
			forbidden("只有该单位上级的绩效办可以审核申诉", "only a performance office above the unit may review its appeal"))
		if err != nil {
			return err
		}
		if h.status != queries.AppealSubmitted {
			return conflict(fmt.Sprintf("申诉当前状态为 %s，不能审核", queries.AppealStatusName(h.status)), fmt.Sprintf("the appeal is %s and cannot be reviewed", h.status))
		}
		if next == queries.AppealRejected && strings.TrimSpace(comment) == "" {
			return invalid("驳回申诉须说明理由", "a rejection needs a comment")
		}
		if _, err := x.ExecContext(ctx, `UPDATE appeals SET status = ?, reviewed_by = ?, reviewed_at = current_timestamp, review_comment = ? WHERE id = ?`,
			next, a.Username, strings.TrimSpace(comment), id); err != nil {
			return err
		}
		return a.AuditIn(ctx, x, "appeal_"+decision, fmt.Sprintf("appeal %d", id), comment)
	})
}

// DecideAppeal is the committee's ruling: "uphold" (the ledger value becomes
// actual, or the claimed value when actual is nil; the old value is kept and
// scores recompute in the same transaction) or "dismiss".
func (d *Desk) DecideAppeal(ctx context.Context, a queries.Actor, id int64, decision string, actual *float64, comment string) (*queries.Appeal, error) {
	next := map[string]string{"uphold": queries.AppealUpheld, "dismiss": queries.AppealDismissed}[decision]
	if next == "" {
		return nil, invalid("裁定须为 uphold（支持）或 dismiss（不支持）", `decision must be "uphold" or "dismiss"`)
	}
	if actual != nil && (math.IsNaN(*actual) || math.IsInf(*actual, 0)) {
		return nil, invalid("裁定的数值无效", "actual must be a number")
	}
	if actual != nil {
		if err := d.st.CheckMagnitude(ctx, *actual); err != nil {
			return nil, err
		}
	}
	write := d.st.WriteFlow
	if next == queries.AppealUpheld {
		write = d.st.WriteRescore // the ledger changes: rescore in the same transaction
	}
	return step(ctx, a, write, d.appealMoved, &id, func(x queries.Execer) error {
		h, err := d.stepHead(ctx, x, a, id, queries.ActAppealDecide,
			forbidden("只有覆盖该单位的考评委员会可以裁定申诉", "only an assessment committee covering the unit may decide its appeal"))
		if err != nil {
			return err
		}
		if h.status != queries.AppealForwarded {
			return conflict(fmt.Sprintf("申诉当前状态为 %s，须先经绩效办审核转呈", queries.AppealStatusName(h.status)), fmt.Sprintf("the appeal is %s: only a forwarded appeal can be decided", h.status))
		}
		if next == queries.AppealDismissed {
			if strings.TrimSpace(comment) == "" {
				return invalid("不支持申诉须说明理由", "a dismissal needs a comment")
			}
			if _, err := x.ExecContext(ctx, `UPDATE appeals SET status = ?, decided_by = ?, decided_at = current_timestamp, decide_comment = ? WHERE id = ?`,
				next, a.Username, strings.TrimSpace(comment), id); err != nil {
				return err
			}
			return a.AuditIn(ctx, x, "appeal_dismiss", fmt.Sprintf("appeal %d", id), comment)
		}
		v := h.claimed
		if actual != nil {
			v = *actual
		}
		old, err := applyRuling(ctx, x, h, v)
		if err != nil {
			return err
		}
		if _, err := x.ExecContext(ctx, `UPDATE appeals SET status = ?, decided_by = ?, decided_at = current_timestamp, decide_comment = ?,
			decided_actual = ?, old_actual = ? WHERE id = ?`, next, a.Username, strings.TrimSpace(comment), v, old, id); err != nil {
			return err
		}
		return a.AuditIn(ctx, x, "appeal_uphold", fmt.Sprintf("appeal %d", id),
			fmt.Sprintf("%s %s %s: %s → %g; %s", h.unit, h.indicator, h.period, queries.FormatNull(old), v, comment))
	})
}

// applyRuling writes the decided value into the ledger, keeping the first
// original value, and returns the value it replaced (NULL when none was reported).
func applyRuling(ctx context.Context, x queries.Execer, h *appealHead, v float64) (sql.NullFloat64, error) {
	var k int64
	err := x.QueryRowContext(ctx, `SELECT jx_key(uk.id, ik.id, p.ord)
		FROM unit_keys uk, indicator_keys ik, periods p WHERE uk.code = ? AND ik.code = ? AND p.period = ?`,
		h.unit, h.indicator, h.period).Scan(&k)
	if err != nil {
		return sql.NullFloat64{}, fmt.Errorf("ledger key of %s %s %s: %w", h.unit, h.indicator, h.period, err)
	}
	return setLedger(ctx, x, k, v, "申诉裁定", true)
}

// appealMoved tells the filer and whoever acts next of an appeal's step
// and answers the appeal as the actor then sees it.
func (d *Desk) appealMoved(ctx context.Context, sc queries.Scope, id int64) (*queries.Appeal, error) {
	d.st.EmitAppealMoved(ctx, id)
	return d.st.Appeal(ctx, sc, id)
}

package queries

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"jixiao/data"
)

// Appeal statuses (SPEC §5): submitted → forwarded | rejected (an office
// covering the unit) → upheld | dismissed (a committee covering the unit).
const (
	AppealSubmitted = "submitted"
	AppealForwarded = "forwarded"
	AppealRejected  = "rejected"
	AppealUpheld    = "upheld"
	AppealDismissed = "dismissed"
)

// DefaultAppealWindowDays is how long after publication (review) appeals
// are accepted, unless the setting appeal.window_days says otherwise.
const DefaultAppealWindowDays = 10

// AppealStep is one recorded step of an appeal's history.
type AppealStep struct {
	Step    string    `json:"step"` // filed, forwarded, rejected, upheld, dismissed
	By      string    `json:"by"`
	At      time.Time `json:"at"`
	Comment string    `json:"comment,omitempty"`
	Actual  *float64  `json:"actual,omitempty"`
}

// Appeal is one appeal on an (indicator, unit, quarter) value, with its history.
type Appeal struct {
	ID            int64        `json:"id"`
	Status        string       `json:"status"`
	UnitCode      string       `json:"unit_code"`
	UnitName      string       `json:"unit_name"`
	IndicatorCode string       `json:"indicator_code"`
	IndicatorName string       `json:"indicator_name"`
	Period        string       `json:"period"`
	ClaimedActual float64      `json:"claimed_actual"`
	OldActual     *float64     `json:"old_actual"`
	DecidedActual *float64     `json:"decided_actual"`
	Reason        string       `json:"reason"`
	FiledBy       string       `json:"filed_by"`
	FiledAt       time.Time    `json:"filed_at"`
	ReviewedBy    *string      `json:"reviewed_by"`
	ReviewedAt    *time.Time   `json:"reviewed_at"`
	ReviewComment *string      `json:"review_comment"`
	DecidedBy     *string      `json:"decided_by"`
	DecidedAt     *time.Time   `json:"decided_at"`
	DecideComment *string      `json:"decide_comment"`
	Files         []Attachment `json:"files"`
	History       []AppealStep `json:"history"`
}

// AppealInput is what a unit files.
type AppealInput struct {
	UnitCode      string   `json:"unit_code"`
	IndicatorCode string   `json:"indicator_code"`
	Period        string   `json:"period"`
	ClaimedActual *float64 `json:"claimed_actual"`
	Reason        string   `json:"reason"`
}

// AppealFilter narrows Appeals; empty fields match everything.
type AppealFilter struct {
	Unit      string // this unit only
	Under     string // this unit and its subtree
	Period    string
	Status    string
	Indicator string
}

const maxText = 4000

func (in AppealInput) check() error {
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
	if len([]rune(in.Reason)) > maxText {
		return invalid(fmt.Sprintf("申诉理由不能超过 %d 字", maxText), fmt.Sprintf("the reason is longer than %d characters", maxText))
	}
	return nil
}

// mayFile: whoever the policy lets file appeals for the unit.
func mayFile(ctx context.Context, x sqlExecer, a Actor, unit string) (bool, error) {
	return a.may(ctx, x, ActAppealFile, unit)
}

// AppealWindowDays is the setting appeal.window_days.
func (s *Store) AppealWindowDays(ctx context.Context) int {
	return windowDays(ctx, s.db)
}

func windowDays(ctx context.Context, x sqlExecer) int {
	var v string
	if err := x.QueryRowContext(ctx, "SELECT value FROM settings WHERE key = 'appeal.window_days'").Scan(&v); err == nil {
		if n, err := strconv.Atoi(strings.TrimSpace(v)); err == nil && n >= 0 {
			return n
		}
	}
	return DefaultAppealWindowDays
}

// FileAppeal files an appeal during the period's review (公示) window.
func (s *Store) FileAppeal(ctx context.Context, a Actor, in AppealInput) (*Appeal, error) {
	in.Period = strings.ToUpper(strings.TrimSpace(in.Period))
	if err := in.check(); err != nil {
		return nil, err
	}
	if err := s.checkMagnitude(ctx, *in.ClaimedActual); err != nil {
		return nil, err
	}
	var id int64
	err := s.writeFlow(ctx, func(x sqlExecer) error {
		if err := s.mustSeeFlow(ctx, x, a.Scope, in.UnitCode); err != nil {
			return err
		}
		if err := s.mustSeePeriod(ctx, a.Scope, in.Period); err != nil {
			return err
		}
		if ok, err := mayFile(ctx, x, a, in.UnitCode); err != nil || !ok {
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
		return a.audit(ctx, x, "appeal_file", fmt.Sprintf("appeal %d", id),
			fmt.Sprintf("%s %s %s: %s → %g", in.UnitCode, in.IndicatorCode, in.Period, fmtOpt(old), *in.ClaimedActual))
	})
	if err != nil {
		return nil, err
	}
	s.emitAppealMoved(ctx, id)
	return s.Appeal(ctx, a.Scope, id)
}

// checkWindow refuses filing outside the period's review window.
func checkWindow(ctx context.Context, x sqlExecer, period string) error {
	if err := refuseFinal(ctx, x, period, "申诉"); err != nil {
		return err
	}
	days := windowDays(ctx, x)
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

func fmtOpt(f sql.NullFloat64) string {
	if !f.Valid {
		return "（无）"
	}
	return strconv.FormatFloat(f.Float64, 'g', -1, 64)
}

// appealHead is what a step needs to know of an appeal.
type appealHead struct {
	unit, indicator, period, status string
	claimed                         float64
}

func (s *Store) stepHead(ctx context.Context, x sqlExecer, a Actor, id int64) (*appealHead, error) {
	var h appealHead
	err := x.QueryRowContext(ctx, "SELECT unit_code, indicator_code, period, status, claimed_actual FROM appeals WHERE id = ?", id).
		Scan(&h.unit, &h.indicator, &h.period, &h.status, &h.claimed)
	if err == sql.ErrNoRows {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	if err := s.mustSeeFlow(ctx, x, a.Scope, h.unit); err != nil {
		return nil, err
	}
	return &h, nil
}

// ReviewAppeal is the office's first review: decision "forward" (to the
// committee) or "reject". Only an office above the unit may take it, only
// on a submitted appeal, never in a final period.
func (s *Store) ReviewAppeal(ctx context.Context, a Actor, id int64, decision, comment string) (*Appeal, error) {
	next := map[string]string{"forward": AppealForwarded, "reject": AppealRejected}[decision]
	if next == "" {
		return nil, invalid("审核意见须为 forward（转呈考评委员会）或 reject（驳回）", `decision must be "forward" or "reject"`)
	}
	err := s.writeFlow(ctx, func(x sqlExecer) error {
		h, err := s.stepHead(ctx, x, a, id)
		if err != nil {
			return err
		}
		if ok, err := a.may(ctx, x, ActAppealReview, h.unit); err != nil || !ok {
			return orErr(err, forbidden("只有该单位上级的绩效办可以审核申诉", "only a performance office above the unit may review its appeal"))
		}
		if err := refuseFinal(ctx, x, h.period, "申诉"); err != nil {
			return err
		}
		if h.status != AppealSubmitted {
			return conflict(fmt.Sprintf("申诉当前状态为 %s，不能审核", statusZH[h.status]), fmt.Sprintf("the appeal is %s and cannot be reviewed", h.status))
		}
		if next == AppealRejected && strings.TrimSpace(comment) == "" {
			return invalid("驳回申诉须说明理由", "a rejection needs a comment")
		}
		if _, err := x.ExecContext(ctx, `UPDATE appeals SET status = ?, reviewed_by = ?, reviewed_at = current_timestamp, review_comment = ? WHERE id = ?`,
			next, a.Username, strings.TrimSpace(comment), id); err != nil {
			return err
		}
		return a.audit(ctx, x, "appeal_"+decision, fmt.Sprintf("appeal %d", id), comment)
	})
	if err != nil {
		return nil, err
	}
	s.emitAppealMoved(ctx, id)
	return s.Appeal(ctx, a.Scope, id)
}

// DecideAppeal is the committee's ruling: "uphold" (the ledger value becomes
// actual, or the claimed value when actual is nil; the old value is kept and
// scores recompute in the same transaction) or "dismiss".
func (s *Store) DecideAppeal(ctx context.Context, a Actor, id int64, decision string, actual *float64, comment string) (*Appeal, error) {
	next := map[string]string{"uphold": AppealUpheld, "dismiss": AppealDismissed}[decision]
	if next == "" {
		return nil, invalid("裁定须为 uphold（支持）或 dismiss（不支持）", `decision must be "uphold" or "dismiss"`)
	}
	if actual != nil && (math.IsNaN(*actual) || math.IsInf(*actual, 0)) {
		return nil, invalid("裁定的数值无效", "actual must be a number")
	}
	if actual != nil {
		if err := s.checkMagnitude(ctx, *actual); err != nil {
			return nil, err
		}
	}
	write := s.writeFlow
	if next == AppealUpheld {
		write = s.writeConn // the ledger changes: rescore in the same transaction
	}
	err := write(ctx, func(x sqlExecer) error {
		h, err := s.stepHead(ctx, x, a, id)
		if err != nil {
			return err
		}
		if ok, err := a.may(ctx, x, ActAppealDecide, h.unit); err != nil || !ok {
			return orErr(err, forbidden("只有覆盖该单位的考评委员会可以裁定申诉", "only an assessment committee covering the unit may decide its appeal"))
		}
		if err := refuseFinal(ctx, x, h.period, "申诉"); err != nil {
			return err
		}
		if h.status != AppealForwarded {
			return conflict(fmt.Sprintf("申诉当前状态为 %s，须先经绩效办审核转呈", statusZH[h.status]), fmt.Sprintf("the appeal is %s: only a forwarded appeal can be decided", h.status))
		}
		if next == AppealDismissed {
			if strings.TrimSpace(comment) == "" {
				return invalid("不支持申诉须说明理由", "a dismissal needs a comment")
			}
			if _, err := x.ExecContext(ctx, `UPDATE appeals SET status = ?, decided_by = ?, decided_at = current_timestamp, decide_comment = ? WHERE id = ?`,
				next, a.Username, strings.TrimSpace(comment), id); err != nil {
				return err
			}
			return a.audit(ctx, x, "appeal_dismiss", fmt.Sprintf("appeal %d", id), comment)
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
		return a.audit(ctx, x, "appeal_uphold", fmt.Sprintf("appeal %d", id),
			fmt.Sprintf("%s %s %s: %s → %g; %s", h.unit, h.indicator, h.period, fmtOpt(old), v, comment))
	})
	if err != nil {
		return nil, err
	}
	s.emitAppealMoved(ctx, id)
	return s.Appeal(ctx, a.Scope, id)
}

// applyRuling writes the decided value into the ledger, keeping the first
// original value, and returns the value it replaced (NULL when none was reported).
func applyRuling(ctx context.Context, x sqlExecer, h *appealHead, v float64) (sql.NullFloat64, error) {
	var old sql.NullFloat64
	var k int64
	err := x.QueryRowContext(ctx, `SELECT jx_key(uk.id, ik.id, p.ord)
		FROM unit_keys uk, indicator_keys ik, periods p WHERE uk.code = ? AND ik.code = ? AND p.period = ?`,
		h.unit, h.indicator, h.period).Scan(&k)
	if err != nil {
		return old, fmt.Errorf("ledger key of %s %s %s: %w", h.unit, h.indicator, h.period, err)
	}
	err = x.QueryRowContext(ctx, "SELECT actual FROM ledger_k WHERE k = ?", k).Scan(&old)
	switch {
	case err == sql.ErrNoRows:
		_, err = x.ExecContext(ctx, `INSERT INTO ledger_k (k, actual, note, decided) VALUES (?, ?, '申诉裁定', true)`, k, v)
	case err == nil:
		_, err = x.ExecContext(ctx, `UPDATE ledger_k SET original_actual = coalesce(original_actual, actual), actual = ?, decided = true
			WHERE k = ?`, v, k)
	}
	return old, err
}

var statusZH = map[string]string{
	AppealSubmitted: "已提交", AppealForwarded: "已转呈", AppealRejected: "已驳回", AppealUpheld: "已支持", AppealDismissed: "不予支持",
}

// AppealStatusName is the Chinese name of an appeal status.
func AppealStatusName(status string) string { return statusZH[status] }

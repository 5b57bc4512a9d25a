package queries

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"strings"
	"time"
)

// AdjustmentInput is one bonus (加分), penalty (扣分) or veto (一票否决) entered in the UI.
type AdjustmentInput struct {
	UnitCode      string  `json:"unit_code"`
	Period        string  `json:"period"`
	Kind          string  `json:"kind"`
	Points        float64 `json:"points"`
	Reason        string  `json:"reason"`
	IndicatorCode string  `json:"indicator_code"`
	Evidence      string  `json:"evidence"`
}

// AdjustmentRow is an adjustment as listed, with its unit, period and evidence files.
type AdjustmentRow struct {
	Adjustment
	UnitCode  string       `json:"unit_code"`
	UnitName  string       `json:"unit_name"`
	Period    string       `json:"period"`
	Batch     *int64       `json:"batch"`
	CreatedAt time.Time    `json:"created_at"`
	Files     []Attachment `json:"files"`
}

func (in *AdjustmentInput) check() error {
	in.Period, in.Kind, in.Reason = strings.ToUpper(strings.TrimSpace(in.Period)), strings.ToLower(strings.TrimSpace(in.Kind)), strings.TrimSpace(in.Reason)
	switch {
	case in.UnitCode == "" || in.Period == "" || in.Reason == "":
		return invalid("请填写单位、考核期和原因", "unit_code, period and reason are required")
	case in.Kind != "bonus" && in.Kind != "penalty" && in.Kind != "veto":
		return invalid("类别须为 bonus（加分）、penalty（扣分）或 veto（一票否决）", "kind must be bonus, penalty or veto")
	case math.IsNaN(in.Points) || math.IsInf(in.Points, 0) || in.Points < 0 || in.Points > 100:
		return invalid("分值须在 0 到 100 之间", "points must be between 0 and 100")
	case in.Kind != "veto" && in.Points == 0:
		return invalid("加分或扣分须填写分值", "a bonus or penalty needs points")
	case len([]rune(in.Reason)) > maxText || len([]rune(in.Evidence)) > maxText:
		return invalid("内容过长", "a field is too long")
	}
	if in.Kind == "veto" {
		in.Points = 0 // SPEC §1.4: a veto's points are ignored
	}
	return nil
}

// DefaultMaxPoints bounds the points of one adjustment unless the setting
// adjust.max_points says otherwise.
const DefaultMaxPoints = 10

// maxPointsSQL is the bound on the points of one adjustment.
const maxPointsSQL = `coalesce((SELECT TRY_CAST(value AS DOUBLE) FROM settings WHERE key = 'adjust.max_points'), 10)`

// MaxPoints is the setting adjust.max_points (default DefaultMaxPoints).
func (s *Store) MaxPoints(ctx context.Context) float64 {
	return maxPoints(ctx, s.db)
}

func maxPoints(ctx context.Context, x sqlExecer) float64 {
	var v float64
	if err := x.QueryRowContext(ctx, "SELECT "+maxPointsSQL).Scan(&v); err != nil {
		return DefaultMaxPoints
	}
	return v
}

// AddAdjustment records a bonus, penalty or veto (an office covering the
// unit, or admin), refused in a final period; scores recompute at once.
func (s *Store) AddAdjustment(ctx context.Context, a Actor, in AdjustmentInput) (*AdjustmentRow, error) {
	if err := in.check(); err != nil {
		return nil, err
	}
	var id int64
	err := s.writeAdjustmentsOf(ctx, in.UnitCode, func(x sqlExecer) error {
		if err := s.mustSeeFlow(ctx, x, a.Scope, in.UnitCode); err != nil {
			return err
		}
		if ok, err := a.may(ctx, x, ActAdjust, in.UnitCode); err != nil || !ok {
			return orErr(err, forbidden("只有该单位上级的绩效办可以加减分", "only a performance office above the unit may enter its adjustments"))
		}
		if _, err := periodStatus(ctx, x, in.Period); err != nil {
			return invalid("考核期不存在", "no such period")
		}
		if max := maxPoints(ctx, x); in.Points > max {
			return invalid(fmt.Sprintf("一项加减分不能超过 %g 分（设置 adjust.max_points）", max),
				fmt.Sprintf("one adjustment may not exceed %g points (setting adjust.max_points)", max))
		}
		if err := refuseFinal(ctx, x, in.Period, "调整加减分"); err != nil {
			return err
		}
		if in.IndicatorCode != "" {
			var n int
			if err := x.QueryRowContext(ctx, "SELECT count(*) FROM indicators WHERE code = ?", in.IndicatorCode).Scan(&n); err != nil || n == 0 {
				return orErr(err, invalid("指标不存在", "no such indicator"))
			}
		}
		if err := x.QueryRowContext(ctx, `INSERT INTO adjustments (unit_code, period, kind, points, reason, indicator_code, evidence, created_by)
			VALUES (?, ?, ?, ?, ?, nullif(?, ''), nullif(?, ''), ?) RETURNING id`, in.UnitCode, in.Period, in.Kind, in.Points, in.Reason,
			in.IndicatorCode, in.Evidence, a.Username).Scan(&id); err != nil {
			return err
		}
		return a.audit(ctx, x, "adjustment_add", fmt.Sprintf("adjustment %d", id),
			fmt.Sprintf("%s %s %s %g: %s", in.UnitCode, in.Period, in.Kind, in.Points, in.Reason))
	})
	if err != nil {
		return nil, err
	}
	return one(s.ListAdjustments(ctx, a.Scope, AdjustmentFilter{ID: id}))
}

// DeleteAdjustment removes one adjustment (imported or entered), refused in a final period.
func (s *Store) DeleteAdjustment(ctx context.Context, a Actor, id int64) error {
	// The unit whose group is scored again; an adjustment keeps its unit.
	var of string
	if err := s.db.QueryRowContext(ctx, "SELECT unit_code FROM adjustments WHERE id = ?", id).Scan(&of); err == sql.ErrNoRows {
		return ErrNotFound
	} else if err != nil {
		return err
	}
	return s.writeAdjustmentsOf(ctx, of, func(x sqlExecer) error {
		var unit, period, kind, reason, creator string
		err := x.QueryRowContext(ctx, "SELECT unit_code, period, kind, reason, coalesce(created_by, '') FROM adjustments WHERE id = ?", id).Scan(&unit, &period, &kind, &reason, &creator)
		if err == sql.ErrNoRows || err == nil && unit != of {
			return ErrNotFound
		}
		if err != nil {
			return err
		}
		if err := s.mustSeeFlow(ctx, x, a.Scope, unit); err != nil {
			return err
		}
		if ok, err := a.mayChange(ctx, x, ActAdjust, unit, creator); err != nil || !ok {
			return orErr(err, forbidden("只有该单位上级、且不低于录入者的绩效办可以删除加减分", "only a performance office above the unit, and not below the one that entered it, may delete an adjustment"))
		}
		if err := refuseFinal(ctx, x, period, "调整加减分"); err != nil {
			return err
		}
		for _, q := range []string{"DELETE FROM attachments WHERE owner_kind = 'adjustment' AND owner_id = ?", "DELETE FROM adjustments WHERE id = ?"} {
			if _, err := x.ExecContext(ctx, q, id); err != nil {
				return err
			}
		}
		return a.audit(ctx, x, "adjustment_delete", fmt.Sprintf("adjustment %d", id), fmt.Sprintf("%s %s %s: %s", unit, period, kind, reason))
	})
}

// AdjustmentFilter narrows ListAdjustments; empty fields match everything.
type AdjustmentFilter struct {
	ID     int64
	Unit   string
	Under  string
	Period string
}

// ListAdjustments lists the visible adjustments (units of the user's own
// subtree, visible periods), newest period first.
func (s *Store) ListAdjustments(ctx context.Context, sc Scope, f AdjustmentFilter) ([]AdjustmentRow, error) {
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	with, args := sc.flowWith()
	q := with + `
		SELECT j.id, j.kind, j.points, j.reason, coalesce(j.indicator_code, ''), coalesce(j.evidence, ''), coalesce(j.created_by, ''),
		       j.unit_code, u.name, j.period, j.batch_id, coalesce(j.created_at, TIMESTAMP '1970-01-01')
		FROM adjustments j JOIN units u ON u.code = j.unit_code
		WHERE j.unit_code IN (SELECT unit_code FROM fv) AND j.period IN (SELECT period FROM vp)
		  AND (? = 0 OR j.id = ?) AND (? = '' OR j.unit_code = ?) AND (? = '' OR j.period = ?)
		  AND (? = '' OR j.unit_code IN (SELECT descendant FROM unit_tree WHERE ancestor = ?))
		ORDER BY j.period DESC, u.sort_key, j.id LIMIT 10000`
	args = append(args, f.ID, f.ID, f.Unit, f.Unit, f.Period, f.Period, f.Under, f.Under)
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("adjustments: %w", err)
	}
	defer rows.Close()
	out := []AdjustmentRow{}
	at := map[int64]int{}
	var ids []int64
	for rows.Next() {
		var r AdjustmentRow
		var batch sql.NullInt64
		if err := rows.Scan(&r.ID, &r.Kind, &r.Points, &r.Reason, &r.IndicatorCode, &r.Evidence, &r.CreatedBy,
			&r.UnitCode, &r.UnitName, &r.Period, &batch, &r.CreatedAt); err != nil {
			return nil, err
		}
		if batch.Valid {
			r.Batch = &batch.Int64
		}
		r.Files = []Attachment{}
		at[r.ID] = len(out)
		ids = append(ids, r.ID)
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	files, err := s.attachmentsOf(ctx, "adjustment", ids)
	for _, f := range files {
		out[at[f.OwnerID]].Files = append(out[at[f.OwnerID]].Files, f)
	}
	return out, err
}

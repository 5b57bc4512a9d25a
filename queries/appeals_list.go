package queries

import (
	"context"
	"database/sql"
)

// Appeals lists the appeals the scope may see (on units of the user's own
// subtree, in visible periods), newest first.
func (s *Store) Appeals(ctx context.Context, sc Scope, f AppealFilter) ([]Appeal, error) {
	return s.appeals(ctx, sc, f, 0)
}

// appeals lists the visible appeals f selects; id > 0 picks one.
func (s *Store) appeals(ctx context.Context, sc Scope, f AppealFilter, id int64) ([]Appeal, error) {
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	q, args := sc.flowList("a", false).eq("id", id).eq("unit_code", f.Unit).eq("period", f.Period).eq("status", f.Status).eq("indicator_code", f.Indicator).
		under(f.Under).sql(`SELECT a.id, a.status, a.unit_code, u.name, a.indicator_code,
		       coalesce((SELECT any_value(name) FROM indicators i WHERE i.code = a.indicator_code), ''),
		       a.period, a.claimed_actual, a.old_actual, a.decided_actual, a.reason, a.filed_by, a.filed_at,
		       a.reviewed_by, a.reviewed_at, a.review_comment, a.decided_by, a.decided_at, a.decide_comment
		FROM appeals a JOIN units u ON u.code = a.unit_code`, `ORDER BY a.id DESC LIMIT 10000`)
	out, err := listOf(ctx, s.db, "appeals", q, args, scanAppeal)
	if err != nil {
		return nil, err
	}
	return out, s.withFiles(ctx, "appeal", len(out), func(i int) int64 { return out[i].ID }, func(i int) *[]Attachment { return &out[i].Files })
}

// Appeal returns one appeal the scope may see, or ErrNotFound.
func (s *Store) Appeal(ctx context.Context, sc Scope, id int64) (*Appeal, error) {
	return one(s.appeals(ctx, sc, AppealFilter{}, id))
}

func scanAppeal(rows *sql.Rows) (Appeal, error) {
	var a Appeal
	var old, decided sql.NullFloat64
	var rBy, rCom, dBy, dCom sql.NullString
	var rAt, dAt sql.NullTime
	if err := rows.Scan(&a.ID, &a.Status, &a.UnitCode, &a.UnitName, &a.IndicatorCode, &a.IndicatorName,
		&a.Period, &a.ClaimedActual, &old, &decided, &a.Reason, &a.FiledBy, &a.FiledAt,
		&rBy, &rAt, &rCom, &dBy, &dAt, &dCom); err != nil {
		return a, err
	}
	a.OldActual, a.DecidedActual = nullFloat(old), nullFloat(decided)
	a.ReviewedBy, a.ReviewComment, a.ReviewedAt = nullStr(rBy), nullStr(rCom), nullTime(rAt)
	a.DecidedBy, a.DecideComment, a.DecidedAt = nullStr(dBy), nullStr(dCom), nullTime(dAt)
	a.Files = []Attachment{}
	a.History = []AppealStep{{Step: "filed", By: a.FiledBy, At: a.FiledAt, Comment: a.Reason, Actual: &a.ClaimedActual}}
	if a.ReviewedBy != nil && a.ReviewedAt != nil {
		step := AppealForwarded
		if a.Status == AppealRejected {
			step = AppealRejected
		}
		a.History = append(a.History, AppealStep{Step: step, By: *a.ReviewedBy, At: *a.ReviewedAt, Comment: rCom.String})
	}
	if a.DecidedBy != nil && a.DecidedAt != nil {
		a.History = append(a.History, AppealStep{Step: a.Status, By: *a.DecidedBy, At: *a.DecidedAt, Comment: dCom.String, Actual: a.DecidedActual})
	}
	return a, nil
}

// AppealCounts counts the visible appeals of a period under root by status.
func (s *Store) AppealCounts(ctx context.Context, sc Scope, period, root string) (map[string]int, error) {
	as, err := s.Appeals(ctx, sc, AppealFilter{Period: period, Under: root})
	if err != nil {
		return nil, err
	}
	out := map[string]int{}
	for _, a := range as {
		out[a.Status]++
	}
	return out, nil
}

package queries

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// CompletenessRow is SPEC §10.5: how much of one indicator version's ledger
// of a quarter has arrived for the units in the caller's scope.
type CompletenessRow struct {
	IndicatorCode string     `json:"indicator_code"`
	Name          string     `json:"name"`
	LeadDept      string     `json:"lead_dept"`
	Expected      int        `json:"expected"`
	Received      int        `json:"received"`
	LastBatchAt   *time.Time `json:"last_batch_at"`
	// Source is where the newest value in force came from: a pull's name,
	// submission:<id>, or nil for a file (SPEC §11).
	Source *string `json:"source"`
}

// Completeness returns, for each indicator version valid in the quarter,
// the applicable units in scope (expected), how many have a value
// (received) and when the latest batch that wrote a value now in force was
// imported (nil when none), ordered by lead department and code.
func (s *Store) Completeness(ctx context.Context, sc Scope, period string) ([]CompletenessRow, error) {
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	ord, err := s.quarterOrd(ctx, sc, period)
	if err != nil {
		return nil, err
	}
	w, wa := sc.with()
	q := w + `, res AS (` + resultsSQL() + `)
	SELECT i.code, i.name, coalesce(i.lead_dept, ''), count(r.unit_code), count(r.actual), max(b.created_at), arg_max_null(b.source, b.id)
	FROM indicators i
	LEFT JOIN (SELECT * FROM res WHERE unit_code IN (SELECT unit_code FROM vis)) r
	  ON r.indicator_code = i.code AND r.version = i.version
	LEFT JOIN batches b ON b.id = r.batch_id
	WHERE coalesce(i.from_ord, -1) <= ? AND ? <= coalesce(i.to_ord, 1000000)
	GROUP BY i.code, i.version, i.name, i.lead_dept
	ORDER BY coalesce(i.lead_dept, ''), i.code
	LIMIT 100000`
	rows, err := s.db.QueryContext(ctx, q, append(wa, period, ord, ord)...)
	if err != nil {
		return nil, fmt.Errorf("completeness: %w", err)
	}
	defer rows.Close()
	out := []CompletenessRow{}
	for rows.Next() {
		var r CompletenessRow
		var at sql.NullTime
		if err := rows.Scan(&r.IndicatorCode, &r.Name, &r.LeadDept, &r.Expected, &r.Received, &at, &r.Source); err != nil {
			return nil, err
		}
		if at.Valid {
			t := at.Time
			r.LastBatchAt = &t
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// DataAsOf is the time of the latest values batch that wrote a value of the
// quarter now in force for a unit in scope ("数据截至 …"), nil when none.
func (s *Store) DataAsOf(ctx context.Context, sc Scope, period string) (*time.Time, error) {
	rows, err := s.Completeness(ctx, sc, period)
	if err != nil {
		return nil, err
	}
	var last *time.Time
	for _, r := range rows {
		if r.LastBatchAt != nil && (last == nil || r.LastBatchAt.After(*last)) {
			last = r.LastBatchAt
		}
	}
	return last, nil
}

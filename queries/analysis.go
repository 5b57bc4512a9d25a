package queries

import (
	"context"
	"fmt"

	"jixiao/data"
)

// quarterOrd checks that period is a quarter the scope sees and returns its
// ord (year*4 + quarter - 1). A year or a malformed period is a ParamError;
// an invisible or unknown quarter is ErrNotFound.
func (s *Store) quarterOrd(ctx context.Context, sc Scope, period string) (int, error) {
	p, err := data.ParsePeriod(period)
	if err != nil {
		return 0, paramErr("period", err.Error())
	}
	if p.IsYear() {
		return 0, paramErr("period", "period must be a quarter such as 2025Q3 / 期间须为季度")
	}
	if err := s.mustSeePeriod(ctx, sc, period); err != nil {
		return 0, err
	}
	var ord int
	if err := s.db.QueryRowContext(ctx, "SELECT ord FROM periods WHERE period = ?", period).Scan(&ord); err != nil {
		return 0, fmt.Errorf("period %s: %w", period, err)
	}
	return ord, nil
}

// resultsSQL is one quarter's per-indicator results (bind: the period):
// the stored results of SPEC §3.1 (view results), with version, rule and
// direction. Every analysis tool reads the results through it.
func resultsSQL() string {
	return `SELECT unit_code, period, indicator_code, name, system, tier, lead_dept, weight,
	       actual, target, target_from, floor, ratio, earned, lost, missing, valid_from, valid_to, decided, batch_id,
	       version, rule, direction
	FROM results WHERE period = ?`
}

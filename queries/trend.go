package queries

import (
	"context"
	"database/sql"
	"fmt"
)

// TrendPoint is a unit's result in one period.
type TrendPoint struct {
	Period string  `json:"period"`
	Score  float64 `json:"score"`
	Rank   *int    `json:"rank"`
	Size   *int    `json:"size"`
	Grade  *string `json:"grade"`
	Vetoed bool    `json:"vetoed"`
}

// Trend returns a named unit's quarters (or years, when from and to are
// years) between from and to inclusive; empty bounds are open.
func (s *Store) Trend(ctx context.Context, sc Scope, unit, from, to string) ([]TrendPoint, error) {
	if err := s.mustSee(ctx, s.db, sc, unit, seeNamed); err != nil {
		return nil, err
	}
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	years := isYear(from) || isYear(to)
	vis, err := s.visiblePeriods(ctx, sc)
	if err != nil {
		return nil, err
	}
	// One filter on the indexed unit_code only, so that DuckDB answers it
	// from the index; the other conditions are applied here.
	rows, err := s.db.QueryContext(ctx, `SELECT period, is_year, score::DOUBLE, rank, size, grade, vetoed
		FROM scores WHERE unit_code = ? ORDER BY ord, period`, unit)
	if err != nil {
		return nil, fmt.Errorf("trend: %w", err)
	}
	defer rows.Close()
	out := []TrendPoint{}
	for rows.Next() {
		var p TrendPoint
		var isYr bool
		var rank, size sql.NullInt64
		var grade sql.NullString
		if err := rows.Scan(&p.Period, &isYr, &p.Score, &rank, &size, &grade, &p.Vetoed); err != nil {
			return nil, err
		}
		if isYr != years || (from != "" && p.Period < from) || (to != "" && p.Period > to) || !vis[p.Period] || len(out) >= 1000 {
			continue
		}
		p.Rank, p.Size, p.Grade = nullInt(rank), nullInt(size), nullStr(grade)
		out = append(out, p)
	}
	return out, rows.Err()
}

// visiblePeriods is the set of periods (quarters and years) the scope sees.
func (s *Store) visiblePeriods(ctx context.Context, sc Scope) (map[string]bool, error) {
	p, args := sc.periodSQL()
	rows, err := s.db.QueryContext(ctx, p, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]bool{}
	for rows.Next() {
		var period, status string
		if err := rows.Scan(&period, &status); err != nil {
			return nil, err
		}
		out[period] = true
	}
	return out, rows.Err()
}

func isYear(p string) bool { return len(p) == 4 }

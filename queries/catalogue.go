package queries

import (
	"context"

	"jixiao/data"
)

// VersionAt is an indicator version valid in one quarter.
type VersionAt struct {
	Code, Name, Tier, System string
	Weight                   float64
}

// versionsAt returns the indicator versions valid in the quarter of ord, by code.
func (s *Store) versionsAt(ctx context.Context, ord int) (map[string]VersionAt, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT code, name, tier, system, weight FROM indicators
		WHERE coalesce(from_ord, -1) <= ? AND ? <= coalesce(to_ord, 1000000) LIMIT 100000`, ord, ord)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]VersionAt{}
	for rows.Next() {
		var v VersionAt
		if err := rows.Scan(&v.Code, &v.Name, &v.Tier, &v.System, &v.Weight); err != nil {
			return nil, err
		}
		out[v.Code] = v
	}
	return out, rows.Err()
}

// VersionsAt is the catalogue of one quarter: the versions valid in it, by code.
func (s *Store) VersionsAt(ctx context.Context, period string) (map[string]VersionAt, error) {
	p, err := data.ParsePeriod(period)
	if err != nil || p.IsYear() {
		return nil, paramErr("period", "period must be a quarter such as 2025Q3 / 期间须为季度")
	}
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	return s.versionsAt(ctx, p.Year*4+p.Quarter-1)
}

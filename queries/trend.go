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
	if err := s.mustSee(ctx, sc, unit); err != nil {
		return nil, err
	}
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	years := isYear(from) || isYear(to)
	w, args := sc.with()
	q := w + `SELECT s.period, s.score::DOUBLE, s.rank, s.size, s.grade, s.vetoed
		FROM scores s JOIN vp ON vp.period = s.period
		WHERE s.unit_code = ? AND s.is_year = ? AND (? = '' OR s.period >= ?) AND (? = '' OR s.period <= ?)
		ORDER BY s.ord LIMIT 1000`
	rows, err := s.db.QueryContext(ctx, q, append(args, unit, years, from, from, to, to)...)
	if err != nil {
		return nil, fmt.Errorf("trend: %w", err)
	}
	defer rows.Close()
	out := []TrendPoint{}
	for rows.Next() {
		var p TrendPoint
		var rank, size sql.NullInt64
		var grade sql.NullString
		if err := rows.Scan(&p.Period, &p.Score, &rank, &size, &grade, &p.Vetoed); err != nil {
			return nil, err
		}
		p.Rank, p.Size, p.Grade = nullInt(rank), nullInt(size), nullStr(grade)
		out = append(out, p)
	}
	return out, rows.Err()
}

func isYear(p string) bool { return len(p) == 4 }

// mustSee is ErrNotFound unless the scope sees unit named. It probes the
// tree directly rather than building the whole visible set.
func (s *Store) mustSee(ctx context.Context, sc Scope, unit string) error {
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	var ok bool
	err := s.db.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM units WHERE code = ?) AND (
		? OR ? = ?
		OR (? AND EXISTS (SELECT 1 FROM unit_tree WHERE ancestor = ? AND descendant = ?))
		OR (? AND EXISTS (SELECT 1 FROM units a JOIN units b ON a.grp = b.grp WHERE a.code = ? AND b.code = ?)))`,
		unit, sc.All, sc.Unit, unit, sc.Subtree, sc.Unit, unit, sc.PeersNamed, sc.Unit, unit).Scan(&ok)
	if err != nil {
		return err
	}
	if !ok || (!sc.All && sc.Unit == "") {
		return ErrNotFound
	}
	return nil
}

// mustSeePeriod is ErrNotFound unless the scope sees period.
func (s *Store) mustSeePeriod(ctx context.Context, sc Scope, period string) error {
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	p, args := sc.periodSQL()
	var n int
	if err := s.db.QueryRowContext(ctx, "SELECT count(*) FROM ("+p+") WHERE period = ?", append(args, period)...).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return ErrNotFound
	}
	return nil
}

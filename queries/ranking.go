package queries

import (
	"context"
	"database/sql"
	"fmt"
)

// RankingRow is one unit of a ranking; anonymised rows carry rank, score and
// grade only (code, name, rank change and systems are nil).
type RankingRow struct {
	Rank       int                 `json:"rank"`
	RankChange *int                `json:"rank_change"`
	UnitCode   *string             `json:"unit_code"`
	UnitName   *string             `json:"unit_name"`
	Score      float64             `json:"score"`
	Grade      string              `json:"grade"`
	Vetoed     bool                `json:"vetoed"`
	Self       bool                `json:"self"`
	Systems    map[string]*float64 `json:"systems"`
}

// Ranking is one peer group in one period, ordered by rank.
type Ranking struct {
	Period string       `json:"period"`
	Group  string       `json:"group"`
	Size   int          `json:"size"`
	Rows   []RankingRow `json:"rows"`
}

// GroupOf returns the peer group of a unit the scope sees (named or not).
func (s *Store) GroupOf(ctx context.Context, sc Scope, unit string) (string, error) {
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	if err := s.mustSee(ctx, s.db, sc, unit, seeNamed); err != nil {
		return "", err
	}
	var g sql.NullString
	err := s.db.QueryRowContext(ctx, "SELECT grp FROM units WHERE code = ?", unit).Scan(&g)
	if err == sql.ErrNoRows {
		return "", ErrNotFound
	}
	if err != nil {
		return "", err
	}
	if !g.Valid {
		return "", ErrNotFound // the root is not ranked
	}
	return g.String, nil
}

// RankingForUnit is the ranking of the peer group of unit.
func (s *Store) RankingForUnit(ctx context.Context, sc Scope, period, unit string) (*Ranking, error) {
	g, err := s.GroupOf(ctx, sc, unit)
	if err != nil {
		return nil, err
	}
	return s.Ranking(ctx, sc, period, g)
}

// Ranking returns the visible rows of group in period (a quarter or a year).
// A group or period the scope cannot see is ErrNotFound.
func (s *Store) Ranking(ctx context.Context, sc Scope, period, group string) (*Ranking, error) {
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	// The group's rows of the period first (a few hundred at most), then
	// visibility probed for those rows only: the subtree once (a semi-join
	// on unit_tree), the peer group on the units row itself.
	n, na := sc.sees("s.unit_code", "u.grp", seeNamed)
	v, va := sc.sees("unit_code", "grp", seeAny) // outside the subquery: its columns
	p, pa := sc.periodCond("s.period")
	q := `SELECT rank, size, rank_change, unit_code, name, score, grade, vetoed, named, law, taxsys, service, admin, info, org
		FROM (SELECT s.rank, s.size, s.rank_change, s.unit_code, u.name, u.sort_key, s.score::DOUBLE AS score, s.grade, s.vetoed,
		        u.grp, ` + n + ` AS named,
		        s.law::DOUBLE AS law, s.taxsys::DOUBLE AS taxsys, s.service::DOUBLE AS service, s.admin::DOUBLE AS admin,
		        s.info::DOUBLE AS info, s.org::DOUBLE AS org
		      FROM scores s JOIN units u ON u.code = s.unit_code
		      WHERE s.period = ? AND s.grp = ? AND ` + p + `)
		WHERE named OR ` + v + `
		ORDER BY rank, sort_key
		LIMIT 100000`
	args := append(append(append(na, period, group), pa...), va...)
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("ranking: %w", err)
	}
	defer rows.Close()
	r := &Ranking{Period: period, Group: group, Rows: []RankingRow{}}
	for rows.Next() {
		var row RankingRow
		var change sql.NullInt64
		var code, name string
		var named bool
		sys := make([]sql.NullFloat64, 6)
		if err := rows.Scan(&row.Rank, &r.Size, &change, &code, &name, &row.Score, &row.Grade, &row.Vetoed, &named,
			&sys[0], &sys[1], &sys[2], &sys[3], &sys[4], &sys[5]); err != nil {
			return nil, err
		}
		row.Self = code == sc.Unit
		if named {
			row.UnitCode, row.UnitName = &code, &name
			row.RankChange = nullInt(change)
			row.Systems = systemsMap(sys)
		} else {
			row.Vetoed = false
			row.Systems = map[string]*float64{}
		}
		r.Rows = append(r.Rows, row)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(r.Rows) == 0 {
		return nil, ErrNotFound
	}
	return r, nil
}

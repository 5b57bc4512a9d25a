package queries

import (
	"context"
	"database/sql"
	"fmt"
)

// ScoreRow is one scored unit and period, as `jixiao export scores` writes it.
type ScoreRow struct {
	Period   string              `json:"period"`
	UnitCode string              `json:"unit_code"`
	UnitName string              `json:"unit_name"`
	Group    *string             `json:"group"`
	Score    float64             `json:"score"`
	Rank     *int                `json:"rank"`
	Size     *int                `json:"size"`
	Grade    *string             `json:"grade"`
	Vetoed   bool                `json:"vetoed"`
	Systems  map[string]*float64 `json:"systems"`
}

// SystemCols lists the six systems in the order of the score columns.
var SystemCols = []string{"law", "taxsys", "service", "admin", "info", "org"}

// Scores returns every visible, named scored row of period (every quarter and
// year when period is empty), ordered by period then tree order.
func (s *Store) Scores(ctx context.Context, sc Scope, period string) ([]ScoreRow, error) {
	return s.scores(ctx, sc, period, "")
}

// ScoresUnder is Scores of the units of root's subtree (root included).
func (s *Store) ScoresUnder(ctx context.Context, sc Scope, period, root string) ([]ScoreRow, error) {
	return s.scores(ctx, sc, period, root)
}

func (s *Store) scores(ctx context.Context, sc Scope, period, root string) ([]ScoreRow, error) {
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	var out []ScoreRow
	err := s.eachScore(ctx, sc, period, root, false, func(r *ScoreRow) error {
		out = append(out, *r)
		return nil
	})
	return out, err
}

// EachScore calls fn with every scored row of period (every quarter and
// year when period is empty) in the order of Scores(ctx, Everything,
// period): the command line's export, which writes each row as it comes
// instead of holding them all. The row fn gets (its pointers and its map
// included) is reused for the next one: fn must not keep it. No
// QueryTimeout: the rows are read as fast as fn writes them.
func (s *Store) EachScore(ctx context.Context, period string, fn func(r *ScoreRow) error) error {
	return s.eachScore(ctx, Everything, period, "", true, fn)
}

// eachScore runs the query of Scores and calls fn with each row; reuse
// fills one row, its pointers and its map for every row instead of new ones.
func (s *Store) eachScore(ctx context.Context, sc Scope, period, root string, reuse bool, fn func(r *ScoreRow) error) error {
	w, args := sc.with()
	q := w + `SELECT s.period, s.unit_code, u.name, s.grp, s.score::DOUBLE, s.rank, s.size, s.grade, s.vetoed,
		s.law::DOUBLE, s.taxsys::DOUBLE, s.service::DOUBLE, s.admin::DOUBLE, s.info::DOUBLE, s.org::DOUBLE
		FROM scores s JOIN units u ON u.code = s.unit_code
		JOIN vis ON vis.unit_code = s.unit_code AND vis.named
		JOIN vp ON vp.period = s.period
		WHERE (? = '' OR s.period = ?) AND (? = '' OR s.unit_code IN (SELECT descendant FROM unit_tree WHERE ancestor = ?))
		ORDER BY s.is_year, s.period, u.sort_key`
	args = append(args, period, period, root, root)
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return fmt.Errorf("scores: %w", err)
	}
	defer rows.Close()
	var r ScoreRow
	var grp, grade sql.NullString
	var rank, size sql.NullInt64
	sys := make([]sql.NullFloat64, 6)
	// what a reused row points to
	var held struct {
		grp, grade string
		rank, size int
		sys        [6]float64
	}
	heldSys := make(map[string]*float64, 6)
	for rows.Next() {
		if err := rows.Scan(&r.Period, &r.UnitCode, &r.UnitName, &grp, &r.Score, &rank, &size, &grade, &r.Vetoed,
			&sys[0], &sys[1], &sys[2], &sys[3], &sys[4], &sys[5]); err != nil {
			return err
		}
		if !reuse {
			r.Group, r.Grade = nullStr(grp), nullStr(grade)
			r.Rank, r.Size = nullInt(rank), nullInt(size)
			r.Systems = systemsMap(sys)
		} else {
			r.Group, r.Grade = heldStr(grp, &held.grp), heldStr(grade, &held.grade)
			r.Rank, r.Size = heldInt(rank, &held.rank), heldInt(size, &held.size)
			for i, c := range SystemCols {
				heldSys[c] = nil
				if sys[i].Valid {
					held.sys[i] = sys[i].Float64
					heldSys[c] = &held.sys[i]
				}
			}
			r.Systems = heldSys
		}
		if err := fn(&r); err != nil {
			return err
		}
	}
	return rows.Err()
}

// heldStr is nullStr into *to.
func heldStr(s sql.NullString, to *string) *string {
	if !s.Valid {
		return nil
	}
	*to = s.String
	return to
}

// heldInt is nullInt into *to.
func heldInt(n sql.NullInt64, to *int) *int {
	if !n.Valid {
		return nil
	}
	*to = int(n.Int64)
	return to
}

func systemsMap(sys []sql.NullFloat64) map[string]*float64 {
	m := make(map[string]*float64, 6)
	for i, c := range SystemCols {
		m[c] = nullFloat(sys[i])
	}
	return m
}

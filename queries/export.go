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
	rows, err := s.scoreRows(ctx, sc, period, root)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []ScoreRow
	var sc6 scoreScan
	for rows.Next() {
		var r ScoreRow
		if err := sc6.scan(rows, &r); err != nil {
			return nil, err
		}
		r.Group, r.Grade = nullStr(sc6.grp), nullStr(sc6.grade)
		r.Rank, r.Size = nullInt(sc6.rank), nullInt(sc6.size)
		r.Systems = systemsMap(sc6.sys[:])
		out = append(out, r)
	}
	return out, rows.Err()
}

// scoreRows runs the query of Scores.
func (s *Store) scoreRows(ctx context.Context, sc Scope, period, root string) (*sql.Rows, error) {
	q, args := scoreRowsSQL(sc, period, root, false)
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("scores: %w", err)
	}
	return rows, nil
}

// scoreRowsSQL is the query of scoreRows and its arguments: the columns
// scoreScan scans, in its order. With whole (every row of every unit, the
// export), the units are ordered by their position in tree order, an
// integer, instead of sorting every row by its unit's sort_key: the same
// order (sort keys are unique), a cheaper sort.
func scoreRowsSQL(sc Scope, period, root string, whole bool) (string, []any) {
	w, args := sc.with()
	units, order := "units u", "u.sort_key"
	if whole {
		units, order = "(SELECT code, name, row_number() OVER (ORDER BY sort_key) AS tree_pos FROM units) u", "u.tree_pos"
	}
	q := w + `SELECT s.period, s.unit_code, u.name, s.grp, s.score::DOUBLE, s.rank, s.size, s.grade, s.vetoed,
		s.law::DOUBLE, s.taxsys::DOUBLE, s.service::DOUBLE, s.admin::DOUBLE, s.info::DOUBLE, s.org::DOUBLE
		FROM scores s JOIN ` + units + ` ON u.code = s.unit_code
		JOIN vis ON vis.unit_code = s.unit_code AND vis.named
		JOIN vp ON vp.period = s.period
		WHERE (? = '' OR s.period = ?) AND (? = '' OR s.unit_code IN (SELECT descendant FROM unit_tree WHERE ancestor = ?))
		ORDER BY s.is_year, s.period, ` + order
	return q, append(args, period, period, root, root)
}

// scoreScan is where a row of scoreRows is scanned: the plain fields into
// the row, the nullable ones here.
type scoreScan struct {
	grp, grade sql.NullString
	rank, size sql.NullInt64
	sys        [6]sql.NullFloat64
}

func (x *scoreScan) scan(rows *sql.Rows, r *ScoreRow) error {
	return rows.Scan(&r.Period, &r.UnitCode, &r.UnitName, &x.grp, &r.Score, &x.rank, &x.size, &x.grade, &r.Vetoed,
		&x.sys[0], &x.sys[1], &x.sys[2], &x.sys[3], &x.sys[4], &x.sys[5])
}

func systemsMap(sys []sql.NullFloat64) map[string]*float64 {
	m := make(map[string]*float64, 6)
	for i, c := range SystemCols {
		m[c] = nullFloat(sys[i])
	}
	return m
}

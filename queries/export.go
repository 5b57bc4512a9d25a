package queries

import (
	"context"
	"database/sql"
	"database/sql/driver"
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
	q, args := scoreRowsSQL(sc, period, root, false)
	var out []ScoreRow
	b := newScoreBatchOf(1) // each row read into one slot, then kept as a copy
	err := rawEach(ctx, s.db, q, args, func(v []driver.Value) error {
		b.n = 0
		if err := b.put(v); err != nil {
			return err
		}
		out = append(out, b.rows[0].clone())
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("scores: %w", err)
	}
	return out, nil
}

// clone is r with its own copies of what its pointers and map point to.
func (r *ScoreRow) clone() ScoreRow {
	c := *r
	c.Group, c.Grade, c.Rank, c.Size = clonePtr(r.Group), clonePtr(r.Grade), clonePtr(r.Rank), clonePtr(r.Size)
	c.Systems = make(map[string]*float64, len(r.Systems))
	for k, v := range r.Systems {
		c.Systems[k] = clonePtr(v)
	}
	return c
}

func clonePtr[T any](p *T) *T {
	if p == nil {
		return nil
	}
	v := *p
	return &v
}

// scoreRowsSQL is the query of Scores and EachScore and its arguments:
// the columns scoreBatch.put reads, in its order. With whole (every row of every unit, the
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

func systemsMap(sys []sql.NullFloat64) map[string]*float64 {
	m := make(map[string]*float64, 6)
	for i, c := range SystemCols {
		m[c] = nullFloat(sys[i])
	}
	return m
}

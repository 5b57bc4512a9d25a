package queries

import (
	"context"
	"fmt"
)

// Loss is the points lost on one indicator or by one responsible department,
// summed over the named visible units of a subtree in a quarter.
type Loss struct {
	Code    string  `json:"code"`
	Name    string  `json:"name"`
	Lost    float64 `json:"lost"`
	Units   int     `json:"units"`
	Missing int     `json:"missing"`
}

// LossesByIndicator returns the indicators with the most points lost under
// root (inclusive) in a quarter, largest first.
func (s *Store) LossesByIndicator(ctx context.Context, sc Scope, period, root string, limit int) ([]Loss, error) {
	return s.losses(ctx, sc, period, root, limit, "r.indicator_code", "any_value(r.name)")
}

// LossesByDept returns the points lost per lead department (function code)
// of the indicators, under root in a quarter, largest first.
func (s *Store) LossesByDept(ctx context.Context, sc Scope, period, root string, limit int) ([]Loss, error) {
	return s.losses(ctx, sc, period, root, limit, "coalesce(r.lead_dept, '')", "coalesce(r.lead_dept, '')")
}

// lostNanos is a row's points lost as a whole number of nano-points, which
// sum exactly in any order.
const lostNanos = "round(r.lost * 1e9)::BIGINT"

func (s *Store) losses(ctx context.Context, sc Scope, period, root string, limit int, key, name string) ([]Loss, error) {
	// Visibility once: the held answer of Scope.sees for root and the
	// period, and whether the scope sees all of root's subtree named (it
	// sees every unit, or root is a named unit of its own subtree).
	_, hs, err := s.heldScope(ctx, sc)
	if err != nil {
		return nil, err
	}
	if !hs.sees(root, seeNamed) || !hs.visible[period] {
		return nil, ErrNotFound
	}
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	if limit <= 0 || limit > 1000 {
		limit = 1000
	}
	// The units under root, intersected with what the scope sees named;
	// both probes drop out when they cannot narrow anything (a province
	// user's overview of the province reads the period's results alone).
	v, args := sc.sees("r.unit_code", "", seeNamed)
	if hs.all || (sc.Subtree && hs.sees(root, seeFlow)) {
		v, args = "true", nil
	}
	sub, subArgs := "r.unit_code IN (SELECT descendant FROM unit_tree WHERE ancestor = ?)", []any{root}
	if whole, err := s.wholeTree(ctx, root); err != nil {
		return nil, err
	} else if whole {
		sub, subArgs = "true", nil
	}
	// The losses are summed as whole nano-points (lostNanos): a sum of
	// doubles depends on the order DuckDB's threads add them in, and its
	// rounding to cents then flips at every .xx5 — the same overview would
	// show 150.68 or 150.69 from one run to the next.
	// From result_points: the points and missing flags of the stored
	// results, without the ledger's values (a third of the time).
	q := `SELECT ` + key + `, ` + name + `, ` + half2("sum("+lostNanos+")::DOUBLE / 1e9") + `, count(DISTINCT r.unit_code), count(*) FILTER (WHERE r.missing)
		FROM result_points r
		WHERE r.ord = (SELECT ord FROM periods WHERE period = ?) AND ` + sub + ` AND ` + v + `
		GROUP BY 1 HAVING sum(` + lostNanos + `) > 0 ORDER BY 3 DESC, 1 LIMIT ?`
	rows, err := s.db.QueryContext(ctx, q, append(append(append([]any{period}, subArgs...), args...), limit)...)
	if err != nil {
		return nil, fmt.Errorf("losses: %w", err)
	}
	defer rows.Close()
	out := []Loss{}
	for rows.Next() {
		var l Loss
		if err := rows.Scan(&l.Code, &l.Name, &l.Lost, &l.Units, &l.Missing); err != nil {
			return nil, err
		}
		out = append(out, l)
	}
	return out, rows.Err()
}

package imports

import (
	"context"
	"fmt"
	"time"

	"jixiao/data"
	"jixiao/queries"
	"jixiao/queries/scoring"
)

func boolExpr(col string) string {
	return fmt.Sprintf("coalesce(lower(%s) IN ('true','1','是','yes','y'), false)", col)
}

// applySQL writes the validated staged rows of each kind; $batch (the
// batch id) and $user are bound as arguments (bindNamed).
var applySQL = map[data.Kind][]string{
	data.KindUnits: {"INSERT OR REPLACE INTO units " + unitsInsert},
	data.KindIndicators: {
		`DELETE FROM indicators WHERE code IN (SELECT code FROM s)`,
		`INSERT INTO indicators SELECT code,
		   row_number() OVER (PARTITION BY code ORDER BY ` + queries.PeriodOrd("upper(valid_from)") + ` NULLS FIRST),
		   name, lower(system), lower(tier),
		   coalesce(array_to_string(list_transform(string_split(replace(levels, '，', ','), ','), x -> lower(trim(x))), ','), ''),
		   unit, lower(direction), lower(rule), ` + queries.NumExpr("weight") + `, ` + queries.NumExpr("target") + `, ` + queries.NumExpr("floor") + `,
		   lead_dept, replace(replace(coop_depts, '，', ','), ' ', ''), lower(method), source, ` + boolExpr("key_task") + `,
		   upper(valid_from), upper(valid_to), ` + queries.PeriodOrd("upper(valid_from)") + `, ` + queries.PeriodOrd("upper(valid_to)") + `
		 FROM s`,
	},
	data.KindValues: {
		`INSERT INTO ledger_replaced SELECT $batch, sk.indicator_code, sk.unit_code, sk.period, l.actual, l.target, l.note, l.batch_id
		 FROM ledger_k l JOIN temp.sk ON l.k = sk.kb + sk.ord`,
		`DELETE FROM ledger_k WHERE k IN (SELECT kb + ord FROM temp.sk)`,
		`INSERT INTO periods (period, ord) SELECT DISTINCT upper(p), ` + queries.PeriodOrd("upper(p)") + ` FROM (SELECT DISTINCT period AS p FROM s)
		 WHERE upper(p) NOT IN (SELECT period FROM periods)`,
		// temp.sk holds every row with its integer key once validation passed.
		`INSERT INTO ledger_k (k, actual, target, note, batch_id)
		 SELECT kb + ord, ` + queries.NumExpr("actual") + `, ` + queries.NumExpr("target") + `, note, $batch FROM temp.sk`,
	},
	data.KindAdjustments: {
		`INSERT INTO adjustments_replaced
		 SELECT $batch, a.id, a.unit_code, a.period, a.kind, a.points, a.reason, a.indicator_code, a.evidence, a.batch_id, a.created_by, a.created_at
		 FROM adjustments a WHERE EXISTS (SELECT 1 FROM s WHERE a.unit_code = s.unit_code AND a.period = upper(s.period)
		   AND a.kind = lower(s.kind) AND coalesce(a.indicator_code, '') = coalesce(s.indicator_code, '') AND a.reason = s.reason)`,
		`DELETE FROM adjustments USING s WHERE adjustments.unit_code = s.unit_code AND adjustments.period = upper(s.period)
		 AND adjustments.kind = lower(s.kind) AND coalesce(adjustments.indicator_code, '') = coalesce(s.indicator_code, '')
		 AND adjustments.reason = s.reason`,
		`INSERT INTO adjustments (unit_code, period, kind, points, reason, indicator_code, batch_id, created_by)
		 SELECT unit_code, upper(period), lower(kind), CASE WHEN lower(kind) = 'veto' THEN 0 ELSE coalesce(` + queries.NumExpr("points") + `, 0) END,
		   reason, indicator_code, $batch, $user FROM s`,
		`INSERT INTO periods (period, ord) SELECT DISTINCT upper(period), ` + queries.PeriodOrd("upper(period)") + ` FROM s
		 WHERE upper(period) NOT IN (SELECT period FROM periods)`,
	},
	data.KindResponsibilities: respApply,
}

// unitsInsert is the units import's insert after "INSERT [OR REPLACE]
// INTO units": into no units, a plain INSERT does the same without
// looking for each code among the stored ones (the file's codes are
// unique).
const unitsInsert = `(code, name, parent_code, kind, level, peer_group, "function")
		 SELECT code, name, parent_code, lower(kind), lower(level), peer_group, "function" FROM s`

func (st *staged) apply(ctx context.Context, tx queries.Execer, batch int64, user string, users UsersFile) error {
	if st.kind == data.KindUsers {
		return applyUsers(ctx, tx, users)
	}
	stmts := applySQL[st.kind]
	if st.kind == data.KindUnits {
		var none bool
		if err := tx.QueryRowContext(ctx, "SELECT NOT EXISTS (SELECT 1 FROM units)").Scan(&none); err != nil {
			return fmt.Errorf("apply %s: %w", st.kind, err)
		}
		if none {
			stmts = []string{"INSERT INTO units " + unitsInsert}
		}
	}
	for _, q := range stmts {
		q, args := queries.BindNamed(q, map[string]any{"$batch": batch, "$user": user})
		t0 := time.Now()
		_, err := tx.ExecContext(ctx, q, args...)
		scoring.Trace(q, t0)
		if err != nil {
			return fmt.Errorf("apply %s: %w", st.kind, err)
		}
	}
	if st.kind == data.KindUnits {
		t0 := time.Now()
		if err := rebuildTree(ctx, tx); err != nil {
			return err
		}
		scoring.Trace("unit tree", t0)
		t0 = time.Now()
		if err := queries.RequeueReportsAfterMove(ctx, tx, user); err != nil {
			return err
		}
		scoring.Trace("requeue reports after move", t0)
	}
	t0 := time.Now()
	var err error
	switch st.kind {
	case data.KindUnits:
		err = queries.RebuildApplicable(ctx, tx)
	case data.KindIndicators:
		err = queries.RebuildApplicableIndicators(ctx, tx)
	default:
		return nil
	}
	scoring.Trace("unit classes and applicable", t0)
	return err
}

// rebuildTree derives each unit's peer group, depth and the closure table.
// The closure carries each row's path of codes from its ancestor down, so
// that a unit's sort key is the path of its row from the root (the longest):
// no ordered string_agg per unit.
func rebuildTree(ctx context.Context, c queries.Execer) error {
	for _, q := range []string{
		`CREATE OR REPLACE TEMP TABLE tree AS
		 WITH RECURSIVE t(ancestor, descendant, distance, path) AS (
		   SELECT code, code, 0, code FROM units
		   UNION ALL
		   SELECT u.parent_code, t.descendant, t.distance + 1, u.parent_code || '/' || t.path FROM t JOIN units u ON u.code = t.ancestor
		   WHERE u.parent_code IS NOT NULL AND u.parent_code <> '')
		 SELECT * FROM t`,
		`DELETE FROM unit_tree`,
		`INSERT INTO unit_tree (ancestor, descendant, distance) SELECT ancestor, descendant, distance FROM temp.tree`,
		`UPDATE units SET
		   grp = CASE WHEN coalesce(units.parent_code, '') = '' THEN NULL
		              ELSE coalesce(units.peer_group, units.parent_code || ':' || units.kind) END,
		   depth = d.depth, sort_key = d.sort_key
		 FROM (SELECT descendant, max(distance) AS depth, arg_max(path, distance) AS sort_key
		       FROM temp.tree GROUP BY descendant) d
		 WHERE d.descendant = units.code`,
		`DROP TABLE temp.tree`,
	} {
		t0 := time.Now()
		if _, err := c.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("unit tree: %w", err)
		}
		scoring.Trace(q, t0)
	}
	return nil
}

package imports

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"time"

	"jixiao/data"
	"jixiao/queries"
	"jixiao/queries/scoring"
)

var kindChecks = map[data.Kind][]queries.Check{
	data.KindUnits: {
		queries.DupCheck("code"),
		`SELECT row_no, 'parent_code', 'self_parent', NULL, NULL, NULL FROM s WHERE parent_code = code`,
		`SELECT row_no, 'parent_code', 'no_parent', parent_code, NULL, NULL FROM s
		 WHERE parent_code IS NOT NULL AND parent_code <> coalesce(code, '')
		   AND parent_code NOT IN (SELECT code FROM s WHERE code IS NOT NULL)
		   AND parent_code NOT IN (SELECT code FROM units)`,
		functionKindCheck,
		functionDupCheck,
	},
	data.KindIndicators: {
		queries.DupCheck("code", "valid_from"),
		finalCatalogueCheck,
		// The ledger key holds indicator ids below keyIndicators (ledger.go);
		// a new code takes the next id.
		`SELECT row_no, 'code', 'too_many_indicators', code, '` + itoa(keyIndicators-1) + `', NULL FROM (
		   SELECT min(row_no) AS row_no, code FROM s WHERE code IS NOT NULL AND code NOT IN (SELECT code FROM indicator_keys) GROUP BY code)
		 QUALIFY (SELECT coalesce(max(id), 0) FROM indicator_keys) + row_number() OVER (ORDER BY row_no) >= ` + itoa(keyIndicators),
		`SELECT row_no, 'valid_from', 'bad_range', valid_from, valid_to, NULL FROM s
		 WHERE ` + queries.PeriodOrd("upper(valid_from)") + ` > ` + queries.PeriodOrd("upper(valid_to)"),
		`SELECT a.row_no, 'valid_from', 'version_overlap', a.code, b.row_no::VARCHAR, NULL FROM s a JOIN s b
		 ON a.code = b.code AND a.row_no > b.row_no
		 AND coalesce(` + queries.PeriodOrd("upper(a.valid_from)") + `, -1) <= coalesce(` + queries.PeriodOrd("upper(b.valid_to)") + `, 1000000)
		 AND coalesce(` + queries.PeriodOrd("upper(b.valid_from)") + `, -1) <= coalesce(` + queries.PeriodOrd("upper(a.valid_to)") + `, 1000000)
		 AND coalesce(a.valid_from, '') <> coalesce(b.valid_from, '#')`,
		`SELECT row_no, 'weight', 'weight_positive', NULL, NULL, NULL FROM s WHERE ` + queries.NumExpr("weight") + ` <= 0`,
		`SELECT row_no, 'floor', 'required', NULL, NULL, NULL FROM s WHERE floor IS NULL AND lower(rule) IN ('linear', 'deadline')`,
		`SELECT row_no, 'floor', 'floor_side', floor, target, direction FROM s
		 WHERE lower(rule) IN ('linear', 'deadline') AND (
		   (lower(rule) = 'linear' AND lower(direction) = 'higher' AND ` + queries.NumExpr("floor") + ` > ` + queries.NumExpr("target") + `)
		   OR ((lower(rule) = 'deadline' OR lower(direction) = 'lower') AND ` + queries.NumExpr("floor") + ` < ` + queries.NumExpr("target") + `))`,
	},
	data.KindValues: {
		// Duplicates among rows whose references resolve (the rest are reported
		// by the reference checks), found on the integer key.
		`SELECT sk.row_no, 'indicator_code', 'dup_key', g.first::VARCHAR, concat_ws(' / ', sk.indicator_code, sk.unit_code, sk.period), NULL
		 FROM temp.sk JOIN (SELECT kb + ord AS k, min(row_no) AS first FROM temp.sk GROUP BY 1 HAVING count(*) > 1) g
		 ON sk.kb + sk.ord = g.k WHERE sk.row_no > g.first`,
		`SELECT row_no, 'unit_code', 'no_unit', unit_code, NULL, NULL FROM s
		 WHERE unit_code IS NOT NULL AND unit_code NOT IN (SELECT code FROM units)`,
		`SELECT row_no, 'indicator_code', 'no_indicator', indicator_code, NULL, NULL FROM s
		 WHERE indicator_code IS NOT NULL AND indicator_code NOT IN (SELECT code FROM indicators)`,
		`SELECT x.row_no, 'indicator_code', 'not_applicable', x.indicator_code, x.period, x.unit_code || '|' || u.kind || '|' || u.level
		 FROM (SELECT sk.* FROM temp.sk ANTI JOIN applicable a
		       ON a.kbase = sk.kb AND sk.ord >= a.from_ord AND sk.ord <= a.to_ord) x
		 JOIN units u ON u.code = x.unit_code`,
		`SELECT row_no, 'period', 'final_period', upper(period), NULL, NULL FROM s
		 WHERE upper(period) IN (SELECT period FROM periods WHERE status = 'final')`,
		// The ledger key holds year*4 + quarter - 1 in 13 bits (ledger.go).
		`SELECT row_no, 'period', 'period_range', period, NULL, NULL FROM temp.sk WHERE ord >= ` + itoa(keyOrds),
		`SELECT row_no, 'actual', 'appeal_decided', NULL, NULL, NULL FROM temp.sk
		 WHERE kb + ord IN (SELECT k FROM ledger_k WHERE decided)`,
	},
	data.KindAdjustments: {
		queries.DupCheck("unit_code", "upper(period)", "lower(kind)", "coalesce(indicator_code, '')", "reason"),
		`SELECT row_no, 'unit_code', 'no_unit', unit_code, NULL, NULL FROM s
		 WHERE unit_code IS NOT NULL AND unit_code NOT IN (SELECT code FROM units)`,
		`SELECT row_no, 'indicator_code', 'no_indicator', indicator_code, NULL, NULL FROM s
		 WHERE indicator_code IS NOT NULL AND indicator_code NOT IN (SELECT code FROM indicators)`,
		`SELECT row_no, 'points', 'points_required', NULL, NULL, NULL FROM s
		 WHERE points IS NULL AND lower(kind) IN ('bonus', 'penalty')`,
		`SELECT row_no, 'points', 'bad_points', NULL, NULL, NULL FROM s WHERE ` + queries.NumExpr("points") + ` < 0`,
		`SELECT row_no, 'points', 'points_max', points, regexp_replace((` + queries.MaxPointsSQL + `)::VARCHAR, '\.0$', ''), NULL FROM s
		 WHERE lower(kind) IN ('bonus', 'penalty') AND ` + queries.NumExpr("points") + ` > (` + queries.MaxPointsSQL + `)`,
		`SELECT row_no, 'period', 'final_period', upper(period), NULL, NULL FROM s
		 WHERE upper(period) IN (SELECT period FROM periods WHERE status = 'final')`,
	},
	data.KindUsers: {
		queries.DupCheck("username"),
		`SELECT row_no, 'unit_code', 'no_unit', unit_code, NULL, NULL FROM s
		 WHERE unit_code IS NOT NULL AND unit_code NOT IN (SELECT code FROM units)`,
	},
	data.KindResponsibilities: respChecks,
}

// validate runs every check of kind over the staged rows.
func validate(ctx context.Context, conn *sql.Conn, st *staged) ([]issue, error) {
	if _, err := conn.ExecContext(ctx, "CREATE OR REPLACE TEMP VIEW s AS SELECT rowid + 2 AS row_no, * FROM temp.stage WHERE "+st.filled()); err != nil {
		return nil, err
	}
	if st.kind == data.KindValues {
		// Integer keys of the well-formed rows, for the reference checks.
		if _, err := conn.ExecContext(ctx, `CREATE OR REPLACE TEMP TABLE sk AS
			SELECT s.row_no, s.indicator_code, s.unit_code, upper(s.period) AS period,
			       jx_key(uk.id, ik.id, 0) AS kb, `+queries.PeriodOrd("upper(s.period)")+` AS ord,
			       s.actual, s.target, s.note
			FROM s JOIN unit_keys uk ON uk.code = s.unit_code JOIN indicator_keys ik ON ik.code = s.indicator_code
			WHERE regexp_full_match(upper(s.period), `+queries.PeriodPattern+`)`); err != nil {
			return nil, err
		}
	}
	checks := append(queries.FieldChecks(st.kind), kindChecks[st.kind]...)
	if st.kind == data.KindIndicators {
		// the final catalogue cannot change without a final period
		var final bool
		if err := conn.QueryRowContext(ctx, "SELECT EXISTS (SELECT 1 FROM periods WHERE status = 'final')").Scan(&final); err != nil {
			return nil, err
		}
		if !final {
			checks = slices.DeleteFunc(checks, func(c queries.Check) bool { return c == finalCatalogueCheck })
		}
	}
	t0 := time.Now()
	out, err := queries.RunChecks(ctx, conn, checks, st.column)
	scoring.Trace("the row checks", t0)
	if err != nil {
		return nil, fmt.Errorf("validate %s: %w", st.kind, err)
	}
	if st.kind == data.KindUnits && len(out) == 0 {
		t0 := time.Now()
		defer scoring.Trace("the tree check", t0)
		return checkTree(ctx, conn, st)
	}
	return out, nil
}

// column is the header a user wrote for a canonical field.
func (st *staged) column(field string) string {
	if h, ok := st.headers[field]; ok {
		return h
	}
	return field
}

// finalCatalogueCheck keeps final periods frozen (SPEC §1.6): an indicators
// file may not change what is scored in a final quarter — which versions
// apply there and their system, tier, levels, direction, rule, weight,
// target or floor. Each new version is compared with the stored one quarter
// by quarter; a final quarter that a stored version covered and the file no
// longer covers is reported on the code's first row.
var finalCatalogueCheck = `SELECT row_no, 'code', 'final_catalogue', code, string_agg(DISTINCT period, '、' ORDER BY period), NULL FROM (
WITH f AS (SELECT period, ord FROM periods WHERE status = 'final'),
newv AS (
  SELECT s.row_no, s.code, f.period, f.ord, lower(s.system) AS system, lower(s.tier) AS tier,
         coalesce(array_to_string(list_transform(string_split(replace(s.levels, '，', ','), ','), x -> lower(trim(x))), ','), '') AS levels,
         lower(s.direction) AS direction, lower(s.rule) AS rule,
         ` + queries.NumExpr("s.weight") + ` AS weight, ` + queries.NumExpr("s.target") + ` AS target, ` + queries.NumExpr("s.floor") + ` AS floor
  FROM s JOIN f ON f.ord BETWEEN coalesce(` + queries.PeriodOrd("upper(s.valid_from)") + `, -1) AND coalesce(` + queries.PeriodOrd("upper(s.valid_to)") + `, 1000000)),
oldv AS (
  SELECT i.code, f.period, f.ord, i.system, i.tier, i.levels, i.direction, i.rule, i.weight, i.target, i.floor
  FROM indicators i JOIN f ON f.ord BETWEEN coalesce(i.from_ord, -1) AND coalesce(i.to_ord, 1000000)
  WHERE i.code IN (SELECT code FROM s))
SELECT n.row_no, n.code, n.period FROM newv n
LEFT JOIN oldv o ON o.code = n.code AND o.ord = n.ord
WHERE o.code IS NULL OR o.system <> n.system OR o.tier <> n.tier OR o.levels <> n.levels
   OR o.direction <> n.direction OR o.rule <> n.rule OR o.weight IS DISTINCT FROM n.weight
   OR o.target IS DISTINCT FROM n.target OR o.floor IS DISTINCT FROM n.floor
UNION ALL
SELECT (SELECT min(row_no) FROM s WHERE s.code = o.code), o.code, o.period FROM oldv o
WHERE NOT EXISTS (SELECT 1 FROM newv n WHERE n.code = o.code AND n.ord = o.ord)
) GROUP BY row_no, code`

package queries

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"jixiao/data"
)

// MaxErrors caps the errors reported for one file.
const MaxErrors = 1000

// check is a query over the staged rows (view s: row_no plus the fields)
// returning (row_no, field, message key, arg1, arg2, arg3) for every bad cell.
type check = string

const codePattern = `'[A-Za-z0-9_-]+'`
const periodPattern = `'[12][0-9]{3}Q[1-4]'`

// numExpr turns a staged cell into a number, accepting a trailing '%'.
// NaN and infinities ("nan", "inf" cast to DOUBLE) are not numbers here.
func numExpr(col string) string {
	// The plain cast handles almost every cell; the cleanup runs only where it fails.
	plain := fmt.Sprintf("TRY_CAST(%s AS DOUBLE)", col)
	clean := fmt.Sprintf("TRY_CAST(rtrim(replace(%s, ',', ''), '%%％') AS DOUBLE)", col)
	return fmt.Sprintf("(CASE WHEN isfinite(%[1]s) THEN %[1]s WHEN isfinite(%[2]s) THEN %[2]s END)", plain, clean)
}

// periodOrd maps a well-formed quarter to year*4 + quarter - 1.
func periodOrd(col string) string {
	return fmt.Sprintf("(TRY_CAST(left(%[1]s, 4) AS INTEGER) * 4 + TRY_CAST(right(%[1]s, 1) AS INTEGER) - 1)", col)
}

func fieldChecks(kind data.Kind) []check {
	var cs []check
	for _, f := range data.Tables[kind] {
		c := quoteIdent(f.Name)
		name := quoteLit(f.Name)
		sel := func(key, args, cond string) check {
			return check(fmt.Sprintf("SELECT row_no, %s, '%s', %s FROM s WHERE %s", name, key, args, cond))
		}
		if f.Required {
			cs = append(cs, sel("required", "NULL, NULL, NULL", c+" IS NULL"))
		}
		if f.Name == "name" || f.Name == "peer_group" {
			// C0, DEL and C1 controls (ESC starts terminal escapes) have no place in a name.
			cs = append(cs, sel("control_char", "NULL, NULL, NULL", fmt.Sprintf(`regexp_matches(%s, '[\x00-\x1f\x7f-\x{9f}]')`, c)))
		}
		switch f.Type {
		case data.TCode:
			cs = append(cs, sel("bad_code", c+", NULL, NULL", fmt.Sprintf("%s IS NOT NULL AND NOT regexp_full_match(%s, %s)", c, c, codePattern)))
		case data.TCodes:
			cs = append(cs, sel("bad_code", c+", NULL, NULL", fmt.Sprintf("%s IS NOT NULL AND NOT regexp_full_match(%s, '[A-Za-z0-9_-]+( *[,，] *[A-Za-z0-9_-]+)*')", c, c)))
		case data.TEnum:
			cs = append(cs, sel("bad_enum", c+", "+quoteLit(strings.Join(f.Enum, ", "))+", NULL", fmt.Sprintf("%s IS NOT NULL AND lower(%s) NOT IN (%s)", c, c, litList(f.Enum))))
		case data.TNumber:
			cs = append(cs, sel("bad_number", c+", NULL, NULL", fmt.Sprintf("%s IS NOT NULL AND %s IS NULL", c, numExpr(c))))
			cs = append(cs, sel("too_large", c+", "+maxValueTextSQL+", NULL", fmt.Sprintf("abs(%s) > %s", numExpr(c), maxValueSQL)))
		case data.TPeriod:
			cs = append(cs, sel("bad_period", c+", NULL, NULL", fmt.Sprintf("%s IS NOT NULL AND NOT regexp_full_match(upper(%s), %s)", c, c, periodPattern)))
		case data.TBool:
			cs = append(cs, sel("bad_bool", c+", NULL, NULL", fmt.Sprintf("%s IS NOT NULL AND lower(%s) NOT IN ('true','false','1','0','是','否','yes','no','y','n')", c, c)))
		case data.TLevels:
			cs = append(cs, sel("bad_levels", c+", NULL, NULL", fmt.Sprintf("%s IS NOT NULL AND NOT list_bool_and(list_transform(string_split(replace(%s, '，', ','), ','), x -> lower(trim(x)) IN ('province','city','county')))", c, c)))
		}
	}
	return cs
}

func litList(vals []string) string {
	q := make([]string, len(vals))
	for i, v := range vals {
		q[i] = quoteLit(v)
	}
	return strings.Join(q, ", ")
}

// dupCheck reports every row whose key repeats an earlier row of the file.
func dupCheck(keyCols ...string) check {
	key := strings.Join(keyCols, ", ")
	alias := make([]string, len(keyCols))
	on := make([]string, len(keyCols))
	for i, c := range keyCols {
		alias[i] = fmt.Sprintf("%s AS d%d", c, i)
		on[i] = fmt.Sprintf("x.d%d = g.d%d", i, i)
	}
	// A hash aggregate finds the repeated keys; only their rows are joined back.
	return check(fmt.Sprintf(`SELECT x.row_no, %s, 'dup_key', g.first::VARCHAR, x.shown, NULL FROM
		(SELECT row_no, concat_ws(' / ', %s) AS shown, %s FROM s WHERE %s) x
		JOIN (SELECT %s, min(row_no) AS first FROM s WHERE %s GROUP BY ALL HAVING count(*) > 1) g ON %s
		WHERE x.row_no > g.first`,
		quoteLit(keyCols[0]), key, strings.Join(alias, ", "), notNull(keyCols),
		strings.Join(alias, ", "), notNull(keyCols), strings.Join(on, " AND ")))
}

func notNull(cols []string) string {
	parts := make([]string, len(cols))
	for i, c := range cols {
		parts[i] = c + " IS NOT NULL"
	}
	return strings.Join(parts, " AND ")
}

var kindChecks = map[data.Kind][]check{
	data.KindUnits: {
		dupCheck("code"),
		`SELECT row_no, 'parent_code', 'self_parent', NULL, NULL, NULL FROM s WHERE parent_code = code`,
		`SELECT row_no, 'parent_code', 'no_parent', parent_code, NULL, NULL FROM s
		 WHERE parent_code IS NOT NULL AND parent_code <> coalesce(code, '')
		   AND parent_code NOT IN (SELECT code FROM s WHERE code IS NOT NULL)
		   AND parent_code NOT IN (SELECT code FROM units)`,
		functionKindCheck,
		functionDupCheck,
	},
	data.KindIndicators: {
		dupCheck("code", "valid_from"),
		finalCatalogueCheck,
		// The ledger key holds indicator ids below keyIndicators (ledger.go);
		// a new code takes the next id.
		`SELECT row_no, 'code', 'too_many_indicators', code, '` + itoa(keyIndicators-1) + `', NULL FROM (
		   SELECT min(row_no) AS row_no, code FROM s WHERE code IS NOT NULL AND code NOT IN (SELECT code FROM indicator_keys) GROUP BY code)
		 QUALIFY (SELECT coalesce(max(id), 0) FROM indicator_keys) + row_number() OVER (ORDER BY row_no) >= ` + itoa(keyIndicators),
		`SELECT row_no, 'valid_from', 'bad_range', valid_from, valid_to, NULL FROM s
		 WHERE ` + periodOrd("upper(valid_from)") + ` > ` + periodOrd("upper(valid_to)"),
		`SELECT a.row_no, 'valid_from', 'version_overlap', a.code, b.row_no::VARCHAR, NULL FROM s a JOIN s b
		 ON a.code = b.code AND a.row_no > b.row_no
		 AND coalesce(` + periodOrd("upper(a.valid_from)") + `, -1) <= coalesce(` + periodOrd("upper(b.valid_to)") + `, 1000000)
		 AND coalesce(` + periodOrd("upper(b.valid_from)") + `, -1) <= coalesce(` + periodOrd("upper(a.valid_to)") + `, 1000000)
		 AND coalesce(a.valid_from, '') <> coalesce(b.valid_from, '#')`,
		`SELECT row_no, 'weight', 'weight_positive', NULL, NULL, NULL FROM s WHERE ` + numExpr("weight") + ` <= 0`,
		`SELECT row_no, 'floor', 'required', NULL, NULL, NULL FROM s WHERE floor IS NULL AND lower(rule) IN ('linear', 'deadline')`,
		`SELECT row_no, 'floor', 'floor_side', floor, target, direction FROM s
		 WHERE lower(rule) IN ('linear', 'deadline') AND (
		   (lower(rule) = 'linear' AND lower(direction) = 'higher' AND ` + numExpr("floor") + ` > ` + numExpr("target") + `)
		   OR ((lower(rule) = 'deadline' OR lower(direction) = 'lower') AND ` + numExpr("floor") + ` < ` + numExpr("target") + `))`,
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
		dupCheck("unit_code", "upper(period)", "lower(kind)", "coalesce(indicator_code, '')", "reason"),
		`SELECT row_no, 'unit_code', 'no_unit', unit_code, NULL, NULL FROM s
		 WHERE unit_code IS NOT NULL AND unit_code NOT IN (SELECT code FROM units)`,
		`SELECT row_no, 'indicator_code', 'no_indicator', indicator_code, NULL, NULL FROM s
		 WHERE indicator_code IS NOT NULL AND indicator_code NOT IN (SELECT code FROM indicators)`,
		`SELECT row_no, 'points', 'points_required', NULL, NULL, NULL FROM s
		 WHERE points IS NULL AND lower(kind) IN ('bonus', 'penalty')`,
		`SELECT row_no, 'points', 'bad_points', NULL, NULL, NULL FROM s WHERE ` + numExpr("points") + ` < 0`,
		`SELECT row_no, 'points', 'points_max', points, regexp_replace((` + maxPointsSQL + `)::VARCHAR, '\.0$', ''), NULL FROM s
		 WHERE lower(kind) IN ('bonus', 'penalty') AND ` + numExpr("points") + ` > (` + maxPointsSQL + `)`,
		`SELECT row_no, 'period', 'final_period', upper(period), NULL, NULL FROM s
		 WHERE upper(period) IN (SELECT period FROM periods WHERE status = 'final')`,
	},
	data.KindUsers: {
		dupCheck("username"),
		`SELECT row_no, 'unit_code', 'no_unit', unit_code, NULL, NULL FROM s
		 WHERE unit_code IS NOT NULL AND unit_code NOT IN (SELECT code FROM units)`,
	},
}

func tierOfKind(col string) string {
	return fmt.Sprintf("CASE %s WHEN 'bureau' THEN 'decision' WHEN 'department' THEN 'management' ELSE 'execution' END", col)
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
			       jx_key(uk.id, ik.id, 0) AS kb, `+periodOrd("upper(s.period)")+` AS ord,
			       s.actual, s.target, s.note
			FROM s JOIN unit_keys uk ON uk.code = s.unit_code JOIN indicator_keys ik ON ik.code = s.indicator_code
			WHERE regexp_full_match(upper(s.period), `+periodPattern+`)`); err != nil {
			return nil, err
		}
	}
	out, err := runChecks(ctx, conn, append(fieldChecks(st.kind), kindChecks[st.kind]...), st.column)
	if err != nil {
		return nil, fmt.Errorf("validate %s: %w", st.kind, err)
	}
	if st.kind == data.KindUnits && len(out) == 0 {
		return checkTree(ctx, conn, st)
	}
	return out, nil
}

// runChecks runs checks over view s and returns their issues (at most
// MaxErrors), each field named by column.
func runChecks(ctx context.Context, x sqlExecer, checks []check, column func(string) string) ([]issue, error) {
	parts := make([]string, len(checks))
	for i, c := range checks {
		parts[i] = "(" + string(c) + ")"
	}
	q := fmt.Sprintf("SELECT * FROM (%s) ORDER BY 1, 2 LIMIT %d", strings.Join(parts, " UNION ALL "), MaxErrors)
	rows, err := x.QueryContext(ctx, q)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []issue
	for rows.Next() {
		var row int
		var field, key string
		var a [3]sql.NullString
		if err := rows.Scan(&row, &field, &key, &a[0], &a[1], &a[2]); err != nil {
			return nil, err
		}
		out = append(out, issue{row: row, column: column(field), msg: issueMsg(key, a)})
	}
	return out, rows.Err()
}

// column is the header a user wrote for a canonical field.
func (st *staged) column(field string) string {
	if h, ok := st.headers[field]; ok {
		return h
	}
	return field
}

func issueMsg(key string, a [3]sql.NullString) data.Msg {
	args := []any{}
	switch key {
	case "dup_key":
		var n int
		fmt.Sscan(a[0].String, &n)
		return data.Msg{Key: key, Args: []any{n, a[1].String}}
	case "version_overlap":
		var n int
		fmt.Sscan(a[1].String, &n)
		return data.Msg{Key: key, Args: []any{a[0].String, n}}
	case "not_applicable":
		p := strings.SplitN(a[2].String, "|", 3)
		for len(p) < 3 {
			p = append(p, "")
		}
		return data.Msg{Key: key, Args: []any{a[0].String, a[1].String, p[0], p[1] + "/" + p[2]}}
	}
	for _, s := range a {
		if s.Valid {
			args = append(args, s.String)
		}
	}
	return data.Msg{Key: key, Args: args}
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
         ` + numExpr("s.weight") + ` AS weight, ` + numExpr("s.target") + ` AS target, ` + numExpr("s.floor") + ` AS floor
  FROM s JOIN f ON f.ord BETWEEN coalesce(` + periodOrd("upper(s.valid_from)") + `, -1) AND coalesce(` + periodOrd("upper(s.valid_to)") + `, 1000000)),
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

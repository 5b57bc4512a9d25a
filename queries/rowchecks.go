package queries

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"jixiao/data"
)

// Row checks: the rules of a row, as SQL over view s (row_no plus the
// fields as text), that every way a row arrives runs the same — a file of
// the imports room (package queries/imports, which reaches them through
// store_export_imports.go) and the one-row forms of the store
// (responsibilities). Each check returns (row_no, field, message key,
// arg1, arg2, arg3) for every bad cell.

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

func tierOfKind(col string) string {
	return fmt.Sprintf("CASE %s WHEN 'bureau' THEN 'decision' WHEN 'department' THEN 'management' ELSE 'execution' END", col)
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

// quoteIdent is the one place identifiers are put into SQL.
func quoteIdent(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

func quoteLit(s string) string { return `'` + strings.ReplaceAll(s, `'`, `''`) + `'` }

// issue is one validation problem before it is rendered in a language.
type issue struct {
	row    int
	column string
	msg    data.Msg
}

// bindNamed replaces each $name of vals in q by a placeholder and returns
// the arguments in the order they appear: values are never SQL text.
func bindNamed(q string, vals map[string]any) (string, []any) {
	var b strings.Builder
	var args []any
	for {
		i, name := -1, ""
		for n := range vals {
			if j := strings.Index(q, n); j >= 0 && (i < 0 || j < i) {
				i, name = j, n
			}
		}
		if i < 0 {
			b.WriteString(q)
			return b.String(), args
		}
		b.WriteString(q[:i] + "?")
		args = append(args, vals[name])
		q = q[i+len(name):]
	}
}

package queries

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
)

// flowWith is the WITH clause of a workflow list read: fv, the units
// whose workflow items the scope sees (flowVisSQL), and vp, the periods it
// sees (periodSQL), with their arguments in order.
func (sc Scope) flowWith() (string, []any) {
	v, args := sc.flowVisSQL()
	p, pargs := sc.periodSQL()
	return "WITH fv AS (" + v + "), vp AS (" + p + ")", append(args, pargs...)
}

// flowList is the one query builder of the workflow lists (appeals,
// rectifications, meetings, field checks): the items of alias whose unit
// the scope sees as workflow items (fv) in periods it sees (vp), then the
// filters a request sets, each added only when set.
type flowList struct {
	alias string
	with  string
	where []string
	args  []any
}

// flowList starts a list of the items of alias; anyPeriod keeps the items
// tied to no period (a rectification's period is optional).
func (sc Scope) flowList(alias string, anyPeriod bool) *flowList {
	with, args := sc.flowWith()
	p := alias + ".period IN (SELECT period FROM vp)"
	if anyPeriod {
		p = "(" + alias + ".period IS NULL OR " + p + ")"
	}
	return &flowList{alias: alias, with: with, args: args, where: []string{alias + ".unit_code IN (SELECT unit_code FROM fv)", p}}
}

// is adds cond with its arguments.
func (l *flowList) is(cond string, args ...any) *flowList {
	l.where, l.args = append(l.where, cond), append(l.args, args...)
	return l
}

// eq keeps the items whose column col (of the alias) is v, unless v is
// "" or 0 (no filter).
func (l *flowList) eq(col string, v any) *flowList {
	if v == "" || v == int64(0) {
		return l
	}
	return l.is(l.alias+"."+col+" = ?", v)
}

// under keeps the items of root's subtree, unless root is "".
func (l *flowList) under(root string) *flowList {
	if root == "" {
		return l
	}
	return l.is(l.alias+".unit_code IN (SELECT descendant FROM unit_tree WHERE ancestor = ?)", root)
}

// search keeps the items holding the words q in one of cols (ILIKE),
// unless q is "".
func (l *flowList) search(q string, cols ...string) *flowList {
	if q == "" {
		return l
	}
	like, ors := likePattern(q), make([]string, len(cols))
	args := make([]any, len(cols))
	for i, c := range cols {
		ors[i], args[i] = l.alias+"."+c+` ILIKE ? ESCAPE '\'`, like
	}
	return l.is("("+strings.Join(ors, " OR ")+")", args...)
}

// sql is the list's query: sel (SELECT … FROM …, no arguments), its
// conditions, then rest (ORDER BY, LIMIT).
func (l *flowList) sql(sel, rest string) (string, []any) {
	return l.with + "\n" + sel + "\nWHERE " + strings.Join(l.where, " AND ") + "\n" + rest, l.args
}

// listOf runs q on x and scans every row with scan: what names the read
// in an error; no rows is an empty list.
func listOf[T any](ctx context.Context, x sqlExecer, what, q string, args []any, scan func(*sql.Rows) (T, error)) ([]T, error) {
	rows, err := x.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	defer rows.Close()
	out := []T{}
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// withFiles fills the evidence lists of items of kind: id(i) is item i's
// id, files(i) its list.
func (s *Store) withFiles(ctx context.Context, kind string, n int, id func(int) int64, files func(int) *[]Attachment) error {
	if n == 0 {
		return nil
	}
	ids := make([]int64, n)
	at := make(map[int64]int, n)
	for i := range n {
		ids[i] = id(i)
		at[ids[i]] = i
	}
	fs, err := s.attachmentsOf(ctx, kind, ids)
	for _, f := range fs {
		l := files(at[f.OwnerID])
		*l = append(*l, f)
	}
	return err
}

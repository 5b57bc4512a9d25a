package workflow

import (
	"context"
	"database/sql"
	"strings"

	"jixiao/queries"
)

// visibleItem is the first step of every change of an existing workflow
// item: it reads, in x (the write's transaction), the unit of the item id
// of table and the named columns into dest, and is queries.ErrNotFound
// when there is no such item or when the actor does not see the unit's
// workflow items (asked of Scope.sees in SQL).
func (d *Desk) visibleItem(ctx context.Context, x queries.Execer, a queries.Actor, table string, id int64, cols string, dest ...any) (string, error) {
	var unit string
	q := "SELECT " + strings.Join(append([]string{"unit_code"}, strings.Fields(cols)...), ", ") + " FROM " + table + " WHERE id = ?"
	err := x.QueryRowContext(ctx, q, id).Scan(append([]any{&unit}, dest...)...)
	if err == sql.ErrNoRows {
		return "", queries.ErrNotFound
	}
	if err != nil {
		return "", err
	}
	return unit, d.st.MustSeeFlow(ctx, x, a.Scope, unit)
}

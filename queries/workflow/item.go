package workflow

import (
	"context"
	"database/sql"
	"strings"
	"time"
	"unicode/utf8"

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

// step runs fn, one step on the item *id (fn sets it when it creates
// the item), in a write transaction — write: WriteFlow, or WriteRescore
// when the step changes the ledger — and answers the item as the actor
// then sees it (read: the store's scoped read of one item).
func step[T any](ctx context.Context, a queries.Actor, write func(context.Context, func(queries.Execer) error) error,
	read func(context.Context, queries.Scope, int64) (T, error), id *int64, fn func(x queries.Execer) error) (T, error) {
	if err := write(ctx, fn); err != nil {
		var zero T
		return zero, err
	}
	return read(ctx, a.Scope, *id)
}

// maxTitle is the longest title (and place) of an item.
const maxTitle = 200

// longer reports whether any of texts has more than n characters.
func longer(n int, texts ...string) bool {
	for _, t := range texts {
		if utf8.RuneCountInString(t) > n {
			return true
		}
	}
	return false
}

// isDate reports whether s is a day YYYY-MM-DD.
func isDate(s string) bool {
	_, err := time.Parse("2006-01-02", s)
	return err == nil
}

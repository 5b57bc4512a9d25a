package accounts

import (
	"context"
	"fmt"

	"jixiao/queries"
)

// PersonNames maps usernames to the names of the people (users.name), for
// pages that show who took a step: an appeal's history names 陈晓燕, not
// "office". Unknown usernames are left out.
func (b *Book) PersonNames(ctx context.Context, usernames []string) (map[string]string, error) {
	ctx, cancel := queries.WithTimeout(ctx)
	defer cancel()
	out := map[string]string{}
	if len(usernames) == 0 {
		return out, nil
	}
	rows, err := b.db().QueryContext(ctx, `SELECT username, name FROM users WHERE list_contains(?::VARCHAR[], username)`, usernames)
	if err != nil {
		return nil, fmt.Errorf("person names: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var u, n string
		if err := rows.Scan(&u, &n); err != nil {
			return nil, err
		}
		out[u] = n
	}
	return out, rows.Err()
}

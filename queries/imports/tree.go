package imports

import (
	"context"
	"database/sql"
	"strings"

	"jixiao/data"
)

// checkTree finds cycles and extra roots in the unit tree as it would be
// after the staged units replace the stored ones.
func checkTree(ctx context.Context, conn *sql.Conn, st *staged) ([]issue, error) {
	rows, err := conn.QueryContext(ctx, `
		SELECT code, parent_code, row_no FROM s
		UNION ALL
		SELECT code, parent_code, NULL FROM units WHERE code NOT IN (SELECT code FROM s)`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	parent := map[string]string{}
	rowOf := map[string]int{}
	var order []string
	for rows.Next() {
		var code string
		var p sql.NullString
		var row sql.NullInt64
		if err := rows.Scan(&code, &p, &row); err != nil {
			return nil, err
		}
		parent[code] = p.String
		if row.Valid {
			rowOf[code] = int(row.Int64)
			order = append(order, code)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	var out []issue
	root := ""
	for code, p := range parent {
		if p == "" && rowOf[code] == 0 {
			root = code // the stored root stays the root
		}
	}
	for _, code := range order {
		if parent[code] != "" {
			continue
		}
		if root == "" {
			root = code
		} else if code != root {
			out = append(out, issue{Row: rowOf[code], Column: st.column("parent_code"), Msg: data.Msg{Key: "two_roots", Args: []any{root}}})
		}
	}
	if root == "" && len(parent) > 0 {
		out = append(out, issue{Row: 1, Column: st.column("parent_code"), Msg: data.Msg{Key: "root_required"}})
	}
	cy := cycles{parent: parent, ok: make(map[string]bool, len(parent)), seen: map[string]bool{}}
	for _, code := range order {
		if chain := cy.from(code); chain != nil {
			out = append(out, issue{Row: rowOf[code], Column: st.column("parent_code"), Msg: data.Msg{Key: "cycle", Args: []any{strings.Join(chain, " → ")}}})
		}
	}
	return out, nil
}

// cycles finds the cycles of a parent map, remembering the codes whose
// chain ends at a root or an unknown parent (ok), so that each chain is
// walked up to the first such code only.
type cycles struct {
	parent   map[string]string
	ok, seen map[string]bool
	chain    []string
}

// from returns the parent chain from code back to itself, or nil.
func (c *cycles) from(code string) []string {
	chain := append(c.chain[:0], code)
	clear(c.seen)
	c.seen[code] = true
	cur := c.parent[code]
	for ; cur != "" && !c.ok[cur]; cur = c.parent[cur] {
		chain = append(chain, cur)
		if cur == code {
			return append([]string(nil), chain...)
		}
		if c.seen[cur] {
			return nil // a cycle further up, reported on its own rows
		}
		c.seen[cur] = true
		if len(chain) > 10000 {
			return nil
		}
	}
	// the chain ends at a root, an unknown parent or a code that does
	for _, k := range chain {
		c.ok[k] = true
	}
	c.chain = chain
	return nil
}

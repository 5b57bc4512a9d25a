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
	for _, code := range order {
		if chain := cycleFrom(code, parent); chain != nil {
			out = append(out, issue{Row: rowOf[code], Column: st.column("parent_code"), Msg: data.Msg{Key: "cycle", Args: []any{strings.Join(chain, " → ")}}})
		}
	}
	return out, nil
}

// cycleFrom returns the parent chain from code back to itself, or nil.
func cycleFrom(code string, parent map[string]string) []string {
	chain := []string{code}
	seen := map[string]bool{code: true}
	for cur := parent[code]; cur != ""; cur = parent[cur] {
		chain = append(chain, cur)
		if cur == code {
			return chain
		}
		if seen[cur] {
			return nil // a cycle further up, reported on its own rows
		}
		seen[cur] = true
		if len(chain) > 10000 {
			return nil
		}
	}
	return nil
}

package queries

import (
	"fmt"
	"strings"
)

// Scope is what one user may see, resolved by the server's policy (casbin)
// and applied here inside the SQL of every read, so that no handler, chart
// or report can forget it. The zero Scope sees nothing.
type Scope struct {
	All        bool     // every unit, named (admin)
	Unit       string   // the user's unit
	Subtree    bool     // Unit and every unit below it, named
	PeersNamed bool     // Unit's peer group, named
	PeersAnon  bool     // Unit's peer group, anonymised: rank, score and grade only
	Statuses   []string // visible period statuses; empty = none
}

// Everything is the scope of the command line and of admins.
var Everything = Scope{All: true, Statuses: []string{"open", "review", "final"}}

// Key identifies the scope in cache keys.
func (sc Scope) Key() string {
	return fmt.Sprintf("%t|%s|%t|%t|%t|%s", sc.All, sc.Unit, sc.Subtree, sc.PeersNamed, sc.PeersAnon, strings.Join(sc.Statuses, ","))
}

// visSQL returns a query of (unit_code, named) over the units the scope
// sees, with its bind arguments. Anonymised units have named = false.
func (sc Scope) visSQL() (string, []any) {
	if sc.All {
		return "SELECT code AS unit_code, true AS named FROM units", nil
	}
	if sc.Unit == "" {
		return "SELECT NULL::VARCHAR AS unit_code, false AS named WHERE false", nil
	}
	parts := []string{"SELECT ?::VARCHAR AS unit_code, true AS named"}
	args := []any{sc.Unit}
	if sc.Subtree {
		parts = append(parts, "SELECT descendant, true FROM unit_tree WHERE ancestor = ?")
		args = append(args, sc.Unit)
	}
	if sc.PeersNamed || sc.PeersAnon {
		parts = append(parts, fmt.Sprintf("SELECT code, %t FROM units WHERE grp = (SELECT grp FROM units WHERE code = ?)", sc.PeersNamed))
		args = append(args, sc.Unit)
	}
	q := "SELECT unit_code, bool_or(named) AS named FROM (" + strings.Join(parts, " UNION ALL ") + ") WHERE unit_code IN (SELECT code FROM units) GROUP BY unit_code"
	return q, args
}

// periodSQL returns a query of the visible periods (quarters and years) with
// their status; a year has the status of its least advanced quarter.
func (sc Scope) periodSQL() (string, []any) {
	if len(sc.Statuses) == 0 {
		return "SELECT NULL::VARCHAR AS period, NULL::VARCHAR AS status WHERE false", nil
	}
	ph := strings.TrimSuffix(strings.Repeat("?,", len(sc.Statuses)), ",")
	args := make([]any, len(sc.Statuses))
	for i, s := range sc.Statuses {
		args[i] = s
	}
	return "SELECT period, status FROM v_periods WHERE status IN (" + ph + ")", args
}

// with builds the WITH clause naming vis(unit_code, named) and vp(period, status).
func (sc Scope) with() (string, []any) {
	v, va := sc.visSQL()
	p, pa := sc.periodSQL()
	return "WITH vis AS (" + v + "), vp AS (" + p + ") ", append(va, pa...)
}

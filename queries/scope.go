package queries

import (
	"context"
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
// It is one scan of units with semi-joins (no union, no grouping).
func (sc Scope) visSQL() (string, []any) {
	if sc.All {
		return "SELECT code AS unit_code, true AS named FROM units", nil
	}
	if sc.Unit == "" {
		return "SELECT NULL::VARCHAR AS unit_code, false AS named WHERE false", nil
	}
	n, na := sc.visCond("code", true)
	v, va := sc.visCond("code", false)
	return "SELECT code AS unit_code, " + n + " AS named FROM units WHERE " + v, append(na, va...)
}

// visCond returns a boolean SQL expression, with its bind arguments, that is
// true when the scope sees the unit whose code is in column col: named only
// when named is set, else named or anonymised. It probes unit_tree and units
// directly (semi-joins), so that a read filters its own rows first instead
// of building the whole visible set. col must hold codes of stored units
// (rows derived from units: scores, applicable, unit_tree); the scope's own
// unit is checked against units here.
func (sc Scope) visCond(col string, named bool) (string, []any) {
	if sc.All {
		return "true", nil
	}
	if sc.Unit == "" {
		return "false", nil
	}
	parts := []string{"(" + col + " = ? AND EXISTS (SELECT 1 FROM units WHERE code = ?))"}
	args := []any{sc.Unit, sc.Unit}
	if sc.Subtree {
		parts = append(parts, col+" IN (SELECT descendant FROM unit_tree WHERE ancestor = ?)")
		args = append(args, sc.Unit)
	}
	if sc.PeersNamed || (sc.PeersAnon && !named) {
		parts = append(parts, col+" IN (SELECT code FROM units WHERE grp = (SELECT grp FROM units WHERE code = ?))")
		args = append(args, sc.Unit)
	}
	return "(" + strings.Join(parts, " OR ") + ")", args
}

// visCondGrp is visCond for a row that carries the unit's current peer
// group (units.grp) in column grpCol: the peer group is compared on the row
// instead of probed.
func (sc Scope) visCondGrp(col, grpCol string, named bool) (string, []any) {
	if sc.All {
		return "true", nil
	}
	if sc.Unit == "" {
		return "false", nil
	}
	parts := []string{"(" + col + " = ? AND EXISTS (SELECT 1 FROM units WHERE code = ?))"}
	args := []any{sc.Unit, sc.Unit}
	if sc.Subtree {
		parts = append(parts, col+" IN (SELECT descendant FROM unit_tree WHERE ancestor = ?)")
		args = append(args, sc.Unit)
	}
	if sc.PeersNamed || (sc.PeersAnon && !named) {
		parts = append(parts, "coalesce("+grpCol+" = (SELECT grp FROM units WHERE code = ?), false)")
		args = append(args, sc.Unit)
	}
	return "(" + strings.Join(parts, " OR ") + ")", args
}

// periodCond returns a boolean SQL expression, with its bind arguments,
// true when the scope sees the period in column col.
func (sc Scope) periodCond(col string) (string, []any) {
	p, args := sc.periodSQL()
	return col + " IN (SELECT period FROM (" + p + "))", args
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

// wholeTree reports whether unit's subtree is every unit (unit is the root
// of a tree that holds them all). A tree has one parent per unit, so each
// descendant appears once under an ancestor.
func (s *Store) wholeTree(ctx context.Context, unit string) (bool, error) {
	var whole bool
	err := s.db.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM unit_tree WHERE ancestor = ?) = (SELECT count(*) FROM units)`, unit).Scan(&whole)
	return whole, err
}

// widest returns sc with All set when the scope already sees every unit
// named (its subtree is the whole tree, as for the province's users), so
// that reads skip the visibility probes; otherwise sc unchanged. Statuses
// and Unit are kept.
func (s *Store) widest(ctx context.Context, sc Scope) (Scope, error) {
	if sc.All || !sc.Subtree || sc.Unit == "" {
		return sc, nil
	}
	whole, err := s.wholeTree(ctx, sc.Unit)
	if err != nil || !whole {
		return sc, err
	}
	sc.All = true
	return sc, nil
}

// seesSubtree reports whether the scope sees every unit under root (root
// included) named: root is under (or is) the scope's unit and the scope
// sees its subtree.
func (s *Store) seesSubtree(ctx context.Context, sc Scope, root string) (bool, error) {
	if sc.All {
		return true, nil
	}
	if !sc.Subtree || sc.Unit == "" {
		return false, nil
	}
	var ok bool
	err := s.db.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM units WHERE code = ?) AND ? IN (SELECT ancestor FROM unit_tree WHERE descendant = ?)`,
		sc.Unit, sc.Unit, root).Scan(&ok)
	return ok, err
}

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

// access is how a read needs to see a unit.
type access int

const (
	seeNamed access = iota // named: the user's unit, its subtree, named peers
	seeAny                 // named or anonymised (rank, score and grade only)
	seeFlow                // workflow items: named units of the user's own subtree (peers' are their bureau's business)
)

// sees is the one visibility rule of every scoped read: a boolean SQL
// expression, with its bind arguments, true when the scope sees the unit
// whose code is in column col as a requires. grpCol, when not "", is a
// column of the same row holding the unit's current peer group
// (units.grp), compared instead of probed. It probes unit_tree and units
// directly (semi-joins), so that a read filters its own rows first instead
// of building the whole visible set. col must hold codes of stored units
// (rows derived from units: scores, results, unit_tree); the scope's own
// unit is checked against units here.
func (sc Scope) sees(col, grpCol string, a access) (string, []any) {
	if sc.All {
		if a == seeFlow {
			return col + " IN (SELECT code FROM units)", nil
		}
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
	if sc.PeersNamed || (sc.PeersAnon && a == seeAny) {
		if grpCol != "" {
			parts = append(parts, "coalesce("+grpCol+" = (SELECT grp FROM units WHERE code = ?), false)")
		} else {
			parts = append(parts, col+" IN (SELECT code FROM units WHERE grp = (SELECT grp FROM units WHERE code = ?))")
		}
		args = append(args, sc.Unit)
	}
	cond := "(" + strings.Join(parts, " OR ") + ")"
	if a == seeFlow {
		cond += " AND " + col + " IN (SELECT descendant FROM unit_tree WHERE ancestor = ?)"
		args = append(args, sc.Unit)
	}
	return cond, args
}

// receives is the rule of the report centre: true when the scope receives
// the stored quarterly report of the unit in column col (grpCol: its
// units.grp). A report is built with its bureau's scope (its subtree and
// peers, named), so it reaches the scopes that see the bureau in their
// own subtree (peers' reports are their bureau's business) and that also
// see every unit of the bureau's peer group named (a peer group shared
// across parents would otherwise carry other cities' units to an
// ancestor). A scope without a subtree (dept, staff) receives none.
func (sc Scope) receives(col, grpCol string) (string, []any) {
	if sc.All {
		return "true", nil
	}
	if !sc.Subtree || sc.Unit == "" {
		return "false", nil
	}
	own := sc
	own.PeersNamed, own.PeersAnon = false, false
	c1, a1 := own.sees(col, "", seeNamed)
	c2, a2 := sc.sees("rcv_peer.code", "rcv_peer.grp", seeNamed)
	return "(" + c1 + " AND NOT EXISTS (SELECT 1 FROM units rcv_peer WHERE rcv_peer.grp = " + grpCol + " AND NOT " + c2 + "))",
		append(a1, a2...)
}

// ReceivesReports reports whether the scope receives any quarterly report
// (pages show the report centre only then).
func (sc Scope) ReceivesReports() bool { return sc.All || (sc.Subtree && sc.Unit != "") }

// visSQL returns a query of (unit_code, named) over the units the scope
// sees, with its bind arguments. Anonymised units have named = false.
func (sc Scope) visSQL() (string, []any) {
	n, na := sc.sees("code", "grp", seeNamed)
	v, va := sc.sees("code", "grp", seeAny)
	return "SELECT code AS unit_code, " + n + " AS named FROM units WHERE " + v, append(na, va...)
}

// seenSQL returns a query of (code, named, flow) over the units the scope
// sees at all: named as seeNamed requires, flow as seeFlow does.
func (sc Scope) seenSQL() (string, []any) {
	n, na := sc.sees("code", "grp", seeNamed)
	f, fa := sc.sees("code", "grp", seeFlow)
	v, va := sc.sees("code", "grp", seeAny)
	return "SELECT code, " + n + " AS named, " + f + " AS flow FROM units WHERE " + v, append(append(na, fa...), va...)
}

// flowVisSQL is the query of the units whose workflow items (appeals,
// rectifications, meetings, adjustments) the scope sees.
func (sc Scope) flowVisSQL() (string, []any) {
	v, args := sc.sees("code", "grp", seeFlow)
	return "SELECT code AS unit_code FROM units WHERE " + v, args
}

// mustSee is ErrNotFound unless the scope sees unit as a requires, asked
// of the SQL of Scope.sees on x: for writes, inside their transaction (it
// may have changed the units). Reads use seen.
func (s *Store) mustSee(ctx context.Context, x sqlExecer, sc Scope, unit string, a access) error {
	v, args := sc.sees("u.code", "u.grp", a)
	var ok bool
	if err := x.QueryRowContext(ctx, "SELECT EXISTS (SELECT 1 FROM units u WHERE u.code = ? AND "+v+")",
		append([]any{unit}, args...)...).Scan(&ok); err != nil {
		return err
	}
	if !ok {
		return ErrNotFound
	}
	return nil
}

// seen is ErrNotFound unless the scope sees unit as a requires, for
// reads: it looks the unit up in the answer of Scope.sees held for the
// data version read (asked once per scope and version).
func (s *Store) seen(ctx context.Context, sc Scope, unit string, a access) error {
	_, hs, err := s.heldScope(ctx, sc)
	if err != nil {
		return err
	}
	if !hs.sees(unit, a) {
		return ErrNotFound
	}
	return nil
}

// mustSeePeriod is ErrNotFound unless the scope sees period.
func (s *Store) mustSeePeriod(ctx context.Context, sc Scope, period string) error {
	_, hs, err := s.heldScope(ctx, sc)
	if err != nil {
		return err
	}
	if !hs.visible[period] {
		return ErrNotFound
	}
	return nil
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

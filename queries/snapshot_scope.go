package queries

import (
	"database/sql"
	"slices"
)

// The Scope rules of scope.go, evaluated on a Snapshot. Each function names
// the SQL it mirrors; snapshot_test.go checks them against it.

// unit returns the units row of code.
func (sn *Snapshot) unit(code string) (*snapUnit, bool) {
	i, ok := sn.unitIdx[code]
	if !ok {
		return nil, false
	}
	return &sn.units[i], true
}

// grpOf is (SELECT grp FROM units WHERE code = ?): false when NULL or absent.
func (sn *Snapshot) grpOf(code string) (string, bool) {
	u, ok := sn.unit(code)
	if !ok || !u.grp.Valid {
		return "", false
	}
	return u.grp.String, true
}

// under is code IN (SELECT descendant FROM unit_tree WHERE ancestor = anc).
func (sn *Snapshot) under(code, anc string) bool {
	return slices.Contains(sn.ancestors[code], anc)
}

// named is visCondGrp(code, grp, true) and visCond(code, true) (grp being
// code's units.grp): the scope sees the unit named.
func (sn *Snapshot) named(sc Scope, code string, grp sql.NullString) bool {
	if sc.All {
		return true
	}
	if sc.Unit == "" {
		return false
	}
	if code == sc.Unit {
		if _, ok := sn.unitIdx[sc.Unit]; ok {
			return true
		}
	}
	if sc.Subtree && sn.under(code, sc.Unit) {
		return true
	}
	if sc.PeersNamed && grp.Valid {
		if g, ok := sn.grpOf(sc.Unit); ok && g == grp.String {
			return true
		}
	}
	return false
}

// anonPeer is Ranking's second condition: the rest of the unit's peer
// group, seen anonymised.
func (sn *Snapshot) anonPeer(sc Scope, grp sql.NullString) bool {
	if !sc.PeersAnon || sc.All || sc.Unit == "" || !grp.Valid {
		return false
	}
	g, ok := sn.grpOf(sc.Unit)
	return ok && g == grp.String
}

// mustSee is Store.mustSee: ErrNotFound unless the scope sees unit named.
func (sn *Snapshot) mustSee(sc Scope, unit string) error {
	if !sc.All && sc.Unit == "" {
		return ErrNotFound
	}
	u, ok := sn.unit(unit)
	if !ok {
		return ErrNotFound
	}
	if sc.All || sc.Unit == unit || (sc.Subtree && sn.under(unit, sc.Unit)) {
		return nil
	}
	if sc.PeersNamed && u.grp.Valid {
		if g, ok := sn.grpOf(sc.Unit); ok && g == u.grp.String {
			return nil
		}
	}
	return ErrNotFound
}

// seesPeriod is periodCond: the period's status (v_periods) is one of the scope's.
func (sn *Snapshot) seesPeriod(sc Scope, period string) bool {
	st, ok := sn.periods[period]
	return ok && slices.Contains(sc.Statuses, st)
}

package queries

import (
	"context"
	"database/sql"
	"fmt"
)

// Unit is an assessed unit as the API lists it.
type Unit struct {
	Code       string  `json:"code"`
	Name       string  `json:"name"`
	ParentCode *string `json:"parent_code"`
	Kind       string  `json:"kind"`
	Level      string  `json:"level"`
	PeerGroup  *string `json:"peer_group"`
	// Function is a department's function code (SPEC §1.1): its own, else
	// its code's part after the last '-'; null for other kinds.
	Function *string `json:"function"`
	Group    *string `json:"group,omitempty"`
	Depth    int     `json:"depth"`
}

// Units lists the units the scope sees named, in tree order.
func (s *Store) Units(ctx context.Context, sc Scope) ([]Unit, error) {
	return s.units(ctx, sc, "", "")
}

// UnitsUnder lists the named visible units of root's subtree (root
// included), in tree order; a unit's distance below root is its Depth less
// root's.
func (s *Store) UnitsUnder(ctx context.Context, sc Scope, root string) ([]Unit, error) {
	return s.units(ctx, sc, "", root)
}

// Unit returns one named visible unit, or ErrNotFound.
func (s *Store) Unit(ctx context.Context, sc Scope, code string) (*Unit, error) {
	if code == "" {
		return nil, ErrNotFound // "" means "no filter" to units: never the first unit
	}
	return one(s.units(ctx, sc, code, ""))
}

// units lists the named visible units, code alone when code is set, those
// under root (inclusive) when root is set.
func (s *Store) units(ctx context.Context, sc Scope, code, root string) ([]Unit, error) {
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	sc, err := s.widest(ctx, sc)
	if err != nil {
		return nil, err
	}
	v, args := sc.visSQL()
	// A parent outside the scope is shown as no parent: its code is not the user's to see.
	q := "WITH vis AS (" + v + `) SELECT u.code, u.name,
		CASE WHEN u.parent_code IN (SELECT unit_code FROM vis WHERE named) THEN u.parent_code END, u.kind, u.level, u.peer_group, u.grp, u.depth,
		CASE WHEN u.kind = 'department' THEN ` + funcSQL("u") + ` END
		FROM units u JOIN vis ON vis.unit_code = u.code AND vis.named
		WHERE (? = '' OR u.code = ?) AND (? = '' OR u.code IN (SELECT descendant FROM unit_tree WHERE ancestor = ?))
		ORDER BY u.sort_key LIMIT 200000`
	rows, err := s.db.QueryContext(ctx, q, append(args, code, code, root, root)...)
	if err != nil {
		return nil, fmt.Errorf("units: %w", err)
	}
	defer rows.Close()
	out := []Unit{}
	for rows.Next() {
		var u Unit
		var parent, pg, grp, fn sql.NullString
		if err := rows.Scan(&u.Code, &u.Name, &parent, &u.Kind, &u.Level, &pg, &grp, &u.Depth, &fn); err != nil {
			return nil, err
		}
		u.ParentCode, u.PeerGroup, u.Group, u.Function = nullStr(parent), nullStr(pg), nullStr(grp), nullStr(fn)
		out = append(out, u)
	}
	return out, rows.Err()
}

// Children lists the named visible children of a unit, in tree order.
func (s *Store) Children(ctx context.Context, sc Scope, code string) ([]Unit, error) {
	all, err := s.Units(ctx, sc)
	if err != nil {
		return nil, err
	}
	out := []Unit{}
	for _, u := range all {
		if u.ParentCode != nil && *u.ParentCode == code {
			out = append(out, u)
		}
	}
	return out, nil
}

// Ancestors returns the named visible ancestors of code, root first, for breadcrumbs.
func (s *Store) Ancestors(ctx context.Context, sc Scope, code string) ([]Unit, error) {
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	v, args := sc.sees("u.code", "", seeNamed)
	rows, err := s.db.QueryContext(ctx, `SELECT u.code, u.name, u.kind, u.level
		FROM unit_tree t JOIN units u ON u.code = t.ancestor
		WHERE t.descendant = ? AND t.distance > 0 AND `+v+` ORDER BY t.distance DESC`, append([]any{code}, args...)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Unit{}
	for rows.Next() {
		var u Unit
		if err := rows.Scan(&u.Code, &u.Name, &u.Kind, &u.Level); err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

// OverviewGroup is the peer group an overview opens on for a unit: its child
// bureaus when it has any, else its departments or branches, else its own group.
func (s *Store) OverviewGroup(ctx context.Context, sc Scope, unit string) (string, error) {
	if err := s.seen(ctx, sc, unit, seeNamed); err != nil {
		return "", err
	}
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	var g sql.NullString
	err := s.db.QueryRowContext(ctx, `SELECT grp FROM units WHERE parent_code = ? AND grp IS NOT NULL
		ORDER BY CASE kind WHEN 'bureau' THEN 0 WHEN 'branch' THEN 1 ELSE 2 END, sort_key LIMIT 1`, unit).Scan(&g)
	if err == nil && g.Valid {
		// Only when the scope sees the group named; dept/staff fall through.
		if _, rerr := s.mustSeeGroupNamed(ctx, sc, g.String); rerr == nil {
			return g.String, nil
		}
	}
	return s.GroupOf(ctx, sc, unit)
}

func (s *Store) mustSeeGroupNamed(ctx context.Context, sc Scope, group string) (int, error) {
	v, args := sc.sees("u.code", "", seeNamed)
	var n int
	err := s.db.QueryRowContext(ctx, "SELECT count(*) FROM units u WHERE u.grp = ? AND "+v,
		append([]any{group}, args...)...).Scan(&n)
	if err == nil && n == 0 {
		return 0, ErrNotFound
	}
	return n, err
}

// LatestPeriod is the newest quarter the scope sees, or ErrNotFound.
func (s *Store) LatestPeriod(ctx context.Context, sc Scope) (string, error) {
	ps, err := s.Periods(ctx, sc)
	if err != nil {
		return "", err
	}
	for _, p := range ps {
		if len(p.Period) == 6 {
			return p.Period, nil
		}
	}
	return "", ErrNotFound
}

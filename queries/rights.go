package queries

import (
	"context"
	"fmt"
	"strings"
)

// The write actions whose rights the casbin policy grants (rows
// "p, ROLE, LEVEL, write:ACTION, REACH"); queries checks them against the
// unit a write touches, never a role name.
const (
	ActAppealFile      = "appeal.file"      // file an appeal, add its evidence
	ActAppealReview    = "appeal.review"    // the office's first review
	ActAppealDecide    = "appeal.decide"    // the committee's ruling
	ActAdjust          = "adjust"           // add or delete a bonus, penalty or veto
	ActRectify         = "rectify"          // set, change or delete a rectification item
	ActRectifyProgress = "rectify.progress" // report progress on an item of one's unit
	ActMinutes         = "minutes"          // record review meetings and their minutes
	ActUsers           = "users"            // create, change, disable accounts, reset passwords (SPEC §14)
)

// Actions are the write actions, in the order the policy documents them.
var Actions = []string{ActAppealFile, ActAppealReview, ActAppealDecide, ActAdjust, ActRectify, ActRectifyProgress, ActMinutes, ActUsers}

// Reach is how far from the writer's own unit a write right extends.
type Reach string

// The reaches; "subtree" in a policy row is own+below.
const (
	ReachOwn   Reach = "own"   // the writer's own unit
	ReachBelow Reach = "below" // units strictly below the writer's unit
	ReachAll   Reach = "all"   // every unit
)

// Rights are the reaches a writer has per action; no entry, no right.
type Rights map[string][]Reach

// AllRights reach every unit for every action: the administrator's, for
// tools and tests that act outside a session.
func AllRights() Rights {
	r := Rights{}
	for _, act := range Actions {
		r[act] = []Reach{ReachAll}
	}
	return r
}

// Has reports whether the rights give act the reach r.
func (rs Rights) Has(act string, r Reach) bool {
	for _, x := range rs[act] {
		if x == r {
			return true
		}
	}
	return false
}

// ParseReach reads a policy value such as "own+below" (or "subtree").
func ParseReach(s string) ([]Reach, error) {
	var out []Reach
	for _, tok := range strings.Split(s, "+") {
		switch r := Reach(strings.TrimSpace(tok)); r {
		case ReachOwn, ReachBelow, ReachAll:
			out = append(out, r)
		case "subtree":
			out = append(out, ReachOwn, ReachBelow)
		default:
			return nil, fmt.Errorf("unknown reach %q (own, below, subtree, all)", tok)
		}
	}
	return out, nil
}

// may reports whether the actor's rights let it take act on unit.
func (a Actor) may(ctx context.Context, x sqlExecer, act, unit string) (bool, error) {
	for _, r := range a.Rights[act] {
		switch r {
		case ReachAll:
			return true, nil
		case ReachOwn:
			if unit == a.UnitCode {
				return true, nil
			}
		case ReachBelow:
			if ok, err := covers(ctx, x, a.UnitCode, unit, false); err != nil || ok {
				return ok, err
			}
		}
	}
	return false, nil
}

// outranks reports whether the actor may change or delete an item that
// creator made: an item of a higher office is changed only by that office
// or one above it. A writer who reaches every unit outranks everyone, and
// everyone may change their own items; an unknown creator (a deleted user,
// a command-line import) counts as the root.
func (a Actor) outranks(ctx context.Context, x sqlExecer, act, creator string) (bool, error) {
	if a.Rights.Has(act, ReachAll) || (creator != "" && creator == a.Username) {
		return true, nil
	}
	var n int
	err := x.QueryRowContext(ctx, `SELECT count(*) FROM unit_tree WHERE ancestor = ? AND descendant = coalesce(
		(SELECT unit_code FROM users WHERE username = ?), (SELECT code FROM units WHERE parent_code IS NULL LIMIT 1))`,
		a.UnitCode, creator).Scan(&n)
	return n > 0, err
}

// mayChange is may on unit and outranks creator: the test of every change
// or deletion of an existing item.
func (a Actor) mayChange(ctx context.Context, x sqlExecer, act, unit, creator string) (bool, error) {
	if ok, err := a.may(ctx, x, act, unit); err != nil || !ok {
		return false, err
	}
	return a.outranks(ctx, x, act, creator)
}

// audit records a workflow write with the actor's name and address.
func (a Actor) audit(ctx context.Context, x sqlExecer, action, target, detail string) error {
	if a.Addr != "" {
		ctx = WithAddr(ctx, a.Addr)
	}
	return auditX(ctx, x, a.Username, action, target, detail)
}

// MayChange reports whether the actor may change or delete an item of act
// on unit that creator made, for pages to offer only the buttons that work.
func (s *Store) MayChange(ctx context.Context, a Actor, act, unit, creator string) (bool, error) {
	return a.mayChange(ctx, s.db, act, unit, creator)
}

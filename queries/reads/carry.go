package reads

import (
	"context"
	"strings"
	"sync"

	"jixiao/queries"
)

// Carrying answers over (issue 18: after a write, p99 < 100 ms). A write
// of one unit's adjustment changes one quarter's and one year's ranking
// of one peer group; every other answer of the previous generation is the
// same in the new one. When a generation is published, the previous one's
// answers that depend only on what did not change (queries.Changes, from
// the checksums each snapshot read in its own transaction) are copied
// into it, so that readers find them computed instead of waiting for
// them to be computed again.
//
// What an answer depends on is known in two ways only:
//   - a leaf: a read whose store method reads nothing but the snapshot
//     and the SQL answer of visibility for the scope; its dependencies
//     are in leafSame, from its arguments;
//   - a composite (an encoded answer, View.JSON): the leaves it read. Any
//     other read inside it (a read not in leafSame, a read the view asks
//     of the store uncached, an error) makes it opaque: never carried.
//
// Carrying needs the same units (every column) and the same visibility
// print in both snapshots; the scope is part of every key.

// leaf is one read of a leaf method with its arguments.
type leaf struct {
	method string
	args   []string
}

// leafSame reports, per leaf method, whether its answer is the same
// after ch. Units, the units of a subtree, a unit, its group and the
// visible periods depend on the units and visibility alone, which
// queries.Changes requires unchanged.
var leafSame = map[string]func(ch *queries.Change, args []string) bool{
	"Ranking": func(ch *queries.Change, a []string) bool { return ch.GradingSame() && ch.GroupSame(a[0], a[1]) },
	"Trend":   func(ch *queries.Change, a []string) bool { return ch.UnitSame(a[0]) },
	"Breakdown": func(ch *queries.Change, a []string) bool {
		return ch.ResultsSame() && ch.UnitSame(a[0]) && ch.AdjustSame(a[1], a[0])
	},
	// The losses read the result rows and catalogue (result_points) of the
	// units under a root, as the scope sees them.
	"LossesByIndicator": func(ch *queries.Change, _ []string) bool { return ch.ResultsSame() },
	"LossesByDept":      func(ch *queries.Change, _ []string) bool { return ch.ResultsSame() },
	"GroupOf":           unitsOnly,
	"OverviewGroup":     unitsOnly,
	"Units":             unitsOnly,
	"Unit":              unitsOnly,
	"UnitsUnder":        unitsOnly,
	"Children":          unitsOnly,
	"Ancestors":         unitsOnly,
	"Periods":           unitsOnly,
	"LatestPeriod":      unitsOnly,
}

// unitsOnly is the dependency of a read of units, groups and periods as
// the scope sees them: queries.Changes requires them unchanged.
func unitsOnly(*queries.Change, []string) bool { return true }

// composite reports whether method's answer is made of the reads it makes
// through the view.
func composite(method string) bool { return strings.HasPrefix(method, "JSON:") }

// recorder collects the leaves a composite answer reads.
type recorder struct {
	mu     sync.Mutex
	leaves []leaf
	opaque bool
}

type recorderKey struct{}

func recorderOf(ctx context.Context) *recorder {
	r, _ := ctx.Value(recorderKey{}).(*recorder)
	return r
}

// note adds what an answer read to r: its leaves, or opacity.
func (r *recorder) note(e entry, ok bool) {
	if r == nil {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if !ok || !e.carry {
		r.opaque = true
		return
	}
	r.leaves = append(r.leaves, e.leaves...)
}

// markOpaque records a read the recorder cannot follow.
func (r *recorder) markOpaque() {
	if r == nil {
		return
	}
	r.mu.Lock()
	r.opaque = true
	r.mu.Unlock()
}

// dependencies sets e's carry and leaves for the read method(args),
// computed with recorder r.
func dependencies(e *entry, method string, args []string, r *recorder) {
	switch {
	case leafSame[method] != nil:
		e.carry, e.leaves = true, []leaf{{method, args}}
	case composite(method):
		r.mu.Lock()
		defer r.mu.Unlock()
		e.carry, e.leaves = !r.opaque && len(r.leaves) > 0, r.leaves
	}
}

// carryFrom copies into g the answers of prev that ch leaves the same,
// and returns how many.
func (g *gen) carryFrom(prev *gen, ch *queries.Change) int {
	same := map[string]bool{} // per leaf, asked once
	keep := func(l leaf) bool {
		k := l.method + "\x00" + strings.Join(l.args, "\x00")
		s, ok := same[k]
		if !ok {
			s = leafSame[l.method](ch, l.args)
			same[k] = s
		}
		return s
	}
	prev.mu.RLock()
	defer prev.mu.RUnlock()
	g.mu.Lock()
	defer g.mu.Unlock()
	n := 0
outer:
	for key, e := range prev.entries {
		if !e.carry {
			continue
		}
		for _, l := range e.leaves {
			if !keep(l) {
				continue outer
			}
		}
		if _, ok := g.entries[key]; ok {
			continue
		}
		if len(g.entries) >= maxEntries || g.bytes+e.bytes > maxBytes {
			break
		}
		g.entries[key] = e
		g.bytes += e.bytes + int64(len(key))
		n++
	}
	return n
}

package queries

import (
	"context"
	"fmt"
	"reflect"
)

// What a new data version changed, for the read door: an answer that
// depends only on what did not change is the same in the new version as
// in the previous one, so the door carries it over instead of computing
// it again (issue 18: right after a write most answers are unchanged).
// Everything compared here is read in each snapshot's own transaction
// (readHeldSums): checksums of the stored rows, never a guess from the
// kind of write.

// readCarrySums reads the checksum of every column of every unit (rows)
// and of what a breakdown shows beside the scores (results: the result
// rows, the values, the catalogue and the periods' ordinals), whole rows
// of each table.
func readCarrySums(ctx context.Context, x sqlExecer) (rows, results string, err error) {
	var u, r, l, i, k, p uint64
	var nu, nr, nl int64
	err = x.QueryRowContext(ctx, `SELECT
		(SELECT coalesce(bit_xor(hash(t)), 0) FROM units t), (SELECT count(*) FROM units),
		(SELECT coalesce(bit_xor(hash(t)), 0) FROM result_rows t), (SELECT count(*) FROM result_rows),
		(SELECT coalesce(bit_xor(hash(t)), 0) FROM ledger_k t), (SELECT count(*) FROM ledger_k),
		(SELECT coalesce(bit_xor(hash(t)), 0) FROM indicators t),
		(SELECT coalesce(bit_xor(hash(t)), 0) FROM indicator_keys t),
		(SELECT coalesce(bit_xor(hash(period, ord)), 0) FROM periods)`).Scan(&u, &nu, &r, &nr, &l, &nl, &i, &k, &p)
	if err != nil {
		return "", "", fmt.Errorf("held sums: %w", err)
	}
	return fmt.Sprintf("%x.%d", u, nu), fmt.Sprintf("%x.%d.%x.%d.%x.%x.%x", r, nr, l, nl, i, k, p), nil
}

// Change is what changed between two snapshots whose units (every
// column) and visibility print are the same: which groups' score rows,
// which units' adjustments, the grading and the results.
type Change struct {
	prev, next *held
	groups     map[heldGroupKey]bool // (period, group) whose score rows differ
	grading    bool                  // the grading is the same
	results    bool                  // the results are the same
}

// Changes compares two snapshots; nil when their units or who sees what
// differ (then nothing is carried over), or either is missing.
func Changes(prev, next *Snapshot) *Change {
	if prev == nil || next == nil || prev.sums.groups == nil || next.sums.groups == nil ||
		prev.sums.print == "" || prev.sums.print != next.sums.print ||
		prev.sums.units != next.sums.units || prev.sums.rows != next.sums.rows {
		return nil
	}
	c := &Change{prev: prev, next: next, groups: map[heldGroupKey]bool{},
		grading: prev.grading == next.grading, results: prev.sums.results != "" && prev.sums.results == next.sums.results}
	for k, sum := range next.sums.groups {
		if prev.sums.groups[k] != sum {
			c.groups[k] = true
		}
	}
	for k := range prev.sums.groups {
		if _, ok := next.sums.groups[k]; !ok {
			c.groups[k] = true
		}
	}
	return c
}

// Groups is the number of (period, group) whose score rows changed.
func (c *Change) Groups() int { return len(c.groups) }

// GradingSame reports whether the grading bounds are the same.
func (c *Change) GradingSame() bool { return c.grading }

// ResultsSame reports whether every result row, value and catalogue row
// is the same.
func (c *Change) ResultsSame() bool { return c.results }

// GroupSame reports whether the score rows of group (a peer group) in
// period are the same.
func (c *Change) GroupSame(period, group string) bool {
	return !c.groups[heldGroupKey{period, group}]
}

// UnitSame reports whether every score row of unit is the same (none of
// its rows' groups changed, in either snapshot).
func (c *Change) UnitSame(unit string) bool {
	for _, h := range []*held{c.prev, c.next} {
		for _, r := range h.byUnit[unit] {
			if c.groups[r.key] {
				return false
			}
		}
	}
	return true
}

// AdjustSame reports whether unit's adjustments of period are the same.
func (c *Change) AdjustSame(period, unit string) bool {
	k := heldGroupKey{period: period, grp: unit}
	a, b := c.prev.adjust[k], c.next.adjust[k]
	return len(a) == len(b) && (len(a) == 0 || reflect.DeepEqual(a, b))
}

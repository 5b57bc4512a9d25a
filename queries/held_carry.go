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

// readUnitRowsSum reads the checksum of every column of every unit.
func readUnitRowsSum(ctx context.Context, x sqlExecer) (string, error) {
	var u uint64
	var n int64
	if err := x.QueryRowContext(ctx, `SELECT coalesce(bit_xor(hash(t)), 0), count(*) FROM units t`).Scan(&u, &n); err != nil {
		return "", fmt.Errorf("held sums: %w", err)
	}
	return fmt.Sprintf("%x.%d", u, n), nil
}

// readResultsSum reads the checksum of what a breakdown shows beside the
// scores: the result rows, the values, the catalogue and the periods'
// ordinals, whole rows of each table. It scans 2 × 2.7 M rows at scale
// 10 (0.1–0.4 s), so it is not part of a snapshot's read: resultsSum asks
// it once per snapshot, when needed.
func readResultsSum(ctx context.Context, x sqlExecer) (string, error) {
	var r, l, i, k, p uint64
	var nr, nl int64
	err := x.QueryRowContext(ctx, `SELECT
		(SELECT coalesce(bit_xor(hash(t)), 0) FROM result_rows t), (SELECT count(*) FROM result_rows),
		(SELECT coalesce(bit_xor(hash(t)), 0) FROM ledger_k t), (SELECT count(*) FROM ledger_k),
		(SELECT coalesce(bit_xor(hash(t)), 0) FROM indicators t),
		(SELECT coalesce(bit_xor(hash(t)), 0) FROM indicator_keys t),
		(SELECT coalesce(bit_xor(hash(period, ord)), 0) FROM periods)`).Scan(&r, &nr, &l, &nl, &i, &k, &p)
	if err != nil {
		return "", fmt.Errorf("results sum: %w", err)
	}
	return fmt.Sprintf("%x.%d.%x.%d.%x.%x.%x", r, nr, l, nl, i, k, p), nil
}

// resultsSum is h's results checksum, read once (concurrent callers wait
// for the first) in a transaction of h's data version; "" when a write
// moved the version since h was read (then h's results are never taken
// for another version's) or the read failed.
func (s *Store) resultsSum(h *held) string {
	h.resultsOnce.Do(func() {
		defer h.resultsRead.Store(true)
		ctx, cancel := context.WithTimeout(s.bg, QueryTimeout)
		defer cancel()
		tx, err := s.db.BeginTx(ctx, nil)
		if err != nil {
			return
		}
		defer tx.Rollback() //nolint:errcheck // read only
		var v int64
		if err := tx.QueryRowContext(ctx, "SELECT v FROM data_version").Scan(&v); err != nil || v != h.version {
			return
		}
		h.results, _ = readResultsSum(ctx, tx)
	})
	return h.results
}

// ResultsKnown reads snap's results checksum if not yet read (the read
// door asks it after publishing a generation, to carry breakdowns over).
func (s *Store) ResultsKnown(snap *Snapshot) { s.resultsSum(snap) }

// ResultsSum is the results checksum read at one data version.
type ResultsSum struct {
	version int64
	sum     string
}

// ReadResultsSum reads the results checksum of the current data version
// (the read door reads it as soon as a write moved the version, beside
// the snapshot's read). It is a background load: Close cancels it.
func (s *Store) ReadResultsSum(ctx context.Context) (ResultsSum, error) {
	bg, cancel := context.WithTimeout(s.bg, QueryTimeout)
	defer cancel()
	stop := context.AfterFunc(ctx, cancel)
	defer stop()
	ctx = bg
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return ResultsSum{}, err
	}
	defer tx.Rollback() //nolint:errcheck // read only
	var rs ResultsSum
	if err := tx.QueryRowContext(ctx, "SELECT v FROM data_version").Scan(&rs.version); err != nil {
		return ResultsSum{}, err
	}
	if rs.sum, err = readResultsSum(ctx, tx); err != nil {
		return ResultsSum{}, err
	}
	return rs, tx.Commit()
}

// TakeResults gives snap the checksum rs when rs was read at snap's data
// version and snap's was not read yet.
func (h *held) TakeResults(rs ResultsSum) {
	if rs.sum == "" || rs.version != h.version {
		return
	}
	h.resultsOnce.Do(func() {
		h.results = rs.sum
		h.resultsRead.Store(true)
	})
}

// Change is what changed between two snapshots whose units (every
// column) and visibility print are the same: which groups' score rows,
// which units' adjustments, the grading and the results.
type Change struct {
	prev, next *held
	groups     map[heldGroupKey]bool // (period, group) whose score rows differ
	grading    bool                  // the grading is the same
}

// Changes compares two snapshots; nil when their units or who sees what
// differ (then nothing is carried over), or either is missing.
func Changes(prev, next *Snapshot) *Change {
	if prev == nil || next == nil || prev.sums.groups == nil || next.sums.groups == nil ||
		prev.sums.print == "" || prev.sums.print != next.sums.print ||
		prev.sums.units != next.sums.units || prev.sums.rows != next.sums.rows {
		return nil
	}
	c := &Change{prev: prev, next: next, groups: map[heldGroupKey]bool{}, grading: prev.grading == next.grading}
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

// knownResults is h's results checksum if it was read, else "".
func (h *held) knownResults() string {
	if !h.resultsRead.Load() {
		return ""
	}
	return h.results
}

// Groups is the number of (period, group) whose score rows changed.
func (c *Change) Groups() int { return len(c.groups) }

// GradingSame reports whether the grading bounds are the same.
func (c *Change) GradingSame() bool { return c.grading }

// ResultsSame reports whether every result row, value and catalogue row
// is the same, as far as is known: false until both snapshots' results
// checksums were read (Store.ResultsKnown).
func (c *Change) ResultsSame() bool {
	a, b := c.prev.knownResults(), c.next.knownResults()
	return a != "" && a == b
}

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

// CarryScopes gives the next snapshot the previous one's answers of who
// sees what (each scope's units and periods, the SQL answer of
// Scope.sees): they depend on the units, users and periods alone, which
// Changes requires unchanged.
func (c *Change) CarryScopes() {
	c.prev.mu.Lock()
	scopes := make(map[string]*heldScope, len(c.prev.scopes))
	for k, hs := range c.prev.scopes {
		scopes[k] = hs
	}
	c.prev.mu.Unlock()
	c.next.mu.Lock()
	defer c.next.mu.Unlock()
	for k, hs := range scopes {
		if _, ok := c.next.scopes[k]; !ok && len(c.next.scopes) < maxHeldScopes {
			c.next.scopes[k] = hs
		}
	}
}

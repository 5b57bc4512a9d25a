package queries

import (
	"context"
	"fmt"
)

// The read door (package queries/reads) owns the life of each data
// version's snapshot: it loads a new one in the background when a write
// moves the version and pins every request to the snapshot it answers
// from. These are the few handles it needs.

// Snapshot is the stored answers of one data version (scores, units,
// adjustments, and per scope the SQL answer of Scope.sees), as the hot
// reads need them. Its contents are private to this package.
type Snapshot = held

// Version is the data version the snapshot was read at.
func (h *held) Version() int64 { return h.version }

// LoadSnapshot reads the snapshot of the current data version, in one read
// transaction (from the store's current one and what changed since, see
// held_delta.go), and makes it the store's current one when it is newer.
func (s *Store) LoadSnapshot(ctx context.Context) (*Snapshot, error) {
	h, err := s.loadHeldFrom(ctx, s.heldCur.Load())
	if err != nil {
		return nil, err
	}
	s.heldLoad.Lock()
	if cur := s.heldCur.Load(); cur == nil || cur.version < h.version {
		s.heldCur.Store(h)
	}
	s.heldLoad.Unlock()
	s.startLoadingResults()
	return h, nil
}

type snapshotKey struct{}

// WithSnapshot pins the reads made with ctx to snap: they answer from it
// instead of loading the current version's. Visibility is still asked of
// the database (Scope.sees) the first time a scope reads from snap.
func WithSnapshot(ctx context.Context, snap *Snapshot) context.Context {
	return context.WithValue(ctx, snapshotKey{}, snap)
}

func pinned(ctx context.Context) *held {
	h, _ := ctx.Value(snapshotKey{}).(*held)
	return h
}

// VisibilityPrint is a fingerprint of everything that decides who may see
// what, beside the policy: the unit tree and peer groups, the users (role,
// unit, status), and the status of every period. Two data versions with
// the same print show every scope the same units and periods; only scores
// and workflow items may differ between them.
func (s *Store) VisibilityPrint(ctx context.Context) (string, error) {
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	return visibilityPrint(ctx, s.db)
}

// visibilityPrint is VisibilityPrint read with x (a snapshot's transaction).
func visibilityPrint(ctx context.Context, x sqlExecer) (string, error) {
	var a, b, c uint64
	var n int64
	err := x.QueryRowContext(ctx, `SELECT
		(SELECT coalesce(bit_xor(hash(code, parent_code, grp, kind, level)), 0) FROM units),
		(SELECT coalesce(bit_xor(hash(username, unit_code, role, coalesce(disabled, false))), 0) FROM users),
		(SELECT coalesce(bit_xor(hash(period, status)), 0) FROM periods),
		(SELECT count(*) FROM units) * 1000003 + (SELECT count(*) FROM users) * 1009 + (SELECT count(*) FROM periods)`).Scan(&a, &b, &c, &n)
	if err != nil {
		return "", fmt.Errorf("visibility print: %w", err)
	}
	return fmt.Sprintf("%x.%x.%x.%d", a, b, c, n), nil
}

package queries

import (
	"context"
	"sync"
	"sync/atomic"
)

// This file is the door through which the accounts room
// (jixiao/queries/accounts) reaches the Store's internals.

// Execer is what a pinned connection and a transaction offer: the rooms
// below queries read and write with it inside WriteTx or an import.
type Execer = sqlExecer

// WriteTx runs fn as the one writer, in a transaction of its own that
// recomputes nothing (an account change moves no score): writeQuiet.
func (s *Store) WriteTx(ctx context.Context, fn func(x Execer) error) error {
	return s.writeQuiet(ctx, fn)
}

// WithTimeout bounds one read by QueryTimeout.
func WithTimeout(ctx context.Context) (context.Context, context.CancelFunc) { return withTimeout(ctx) }

// NewError is an Error of kind k with its message in both languages.
func NewError(k Kind, zh, en string) error { return newErr(k, zh, en) }

// Covers reports whether anc is an ancestor of unit (strictly above it,
// or also the unit itself when orSelf).
func Covers(ctx context.Context, x Execer, anc, unit string, orSelf bool) (bool, error) {
	return covers(ctx, x, anc, unit, orSelf)
}

// May reports whether the actor's rights let it take act on unit.
func (a Actor) May(ctx context.Context, x Execer, act, unit string) (bool, error) {
	return a.may(ctx, x, act, unit)
}

// AuditIn records a write of the actor in x, the write's transaction,
// with the actor's name and address.
func (a Actor) AuditIn(ctx context.Context, x Execer, action, target, detail string) error {
	return a.audit(ctx, x, action, target, detail)
}

// accountGens counts, per store, the commits that changed an account, so
// that a cache of signed-in users (the server's) drops them at once.
var accountGens sync.Map // *Store -> *atomic.Int64

func (s *Store) accountGen() *atomic.Int64 {
	g, _ := accountGens.LoadOrStore(s, new(atomic.Int64))
	return g.(*atomic.Int64)
}

// AccountsVersion changes after every committed change of an account.
func (s *Store) AccountsVersion() int64 { return s.accountGen().Load() }

// AccountsChanged is called by every write of accounts once it ended.
func (s *Store) AccountsChanged() { s.accountGen().Add(1) }

// FileProblem is one row of an imported file that breaks a rule of the
// room that owns its kind (accounts.UsersFile): the row, the field (its
// column as the file names it is found by the import) and the message in
// both languages.
type FileProblem struct {
	Row    int
	Field  string
	Zh, En string
}

package queries

import (
	"context"
	"database/sql"
	"time"
)

// This file is the door through which the workflow room
// (jixiao/queries/workflow) reaches the Store's internals.

// MaxText is the longest free text (a reason, a comment) a step accepts.
const MaxText = maxText

// WriteFlow runs fn as the one writer in a transaction that rescores
// nothing (a workflow step moves no score) and bumps the data version so
// that cached lists refresh.
func (s *Store) WriteFlow(ctx context.Context, fn func(x Execer) error) error {
	return s.writeFlow(ctx, fn)
}

// WriteRescore runs fn as the one writer in a transaction that also
// recomputes the scores (the step changed the ledger).
func (s *Store) WriteRescore(ctx context.Context, fn func(x Execer) error) error {
	return s.writeConn(ctx, fn)
}

// MustSeeFlow is ErrNotFound unless sc sees unit's workflow items, asked
// of Scope.sees in SQL on x, inside the write's transaction.
func (s *Store) MustSeeFlow(ctx context.Context, x Execer, sc Scope, unit string) error {
	return s.mustSeeFlow(ctx, x, sc, unit)
}

// MustSeePeriod is ErrNotFound unless sc sees period: for a write's rules
// (a function, not a method, so that it is not taken for a scoped read).
func MustSeePeriod(ctx context.Context, s *Store, sc Scope, period string) error {
	return s.mustSeePeriod(ctx, sc, period)
}

// CheckMagnitude refuses a typed value beyond the setting values.max_magnitude.
func (s *Store) CheckMagnitude(ctx context.Context, v float64) error { return s.checkMagnitude(ctx, v) }

// RefuseFinal is a conflict when period is final; what names the refused
// change in Chinese ("申诉", "修改").
func RefuseFinal(ctx context.Context, x Execer, period, what string) error {
	return refuseFinal(ctx, x, period, what)
}

// AppealWindowDaysIn is the setting appeal.window_days read in x.
func AppealWindowDaysIn(ctx context.Context, x Execer) int { return windowDays(ctx, x) }

// EmitAppealMoved tells the filer and whoever acts next of an appeal's step.
func (s *Store) EmitAppealMoved(ctx context.Context, id int64) { s.emitAppealMoved(ctx, id) }

// FormatNull is a nullable number as the audit writes it.
func FormatNull(f sql.NullFloat64) string { return fmtOpt(f) }

// MayChange is May on unit and Outranks creator: the test of every change
// or deletion of an existing item.
func (a Actor) MayChange(ctx context.Context, x Execer, act, unit, creator string) (bool, error) {
	return a.mayChange(ctx, x, act, unit, creator)
}

// Outranks reports whether the actor may change an item of act that
// creator made (an item of a higher office only by that office or above).
func (a Actor) Outranks(ctx context.Context, x Execer, act, creator string) (bool, error) {
	return a.outranks(ctx, x, act, creator)
}

// StatusOfPeriod is the status of a quarter read in x, or ErrNotFound.
func StatusOfPeriod(ctx context.Context, x Execer, period string) (string, error) {
	return periodStatus(ctx, x, period)
}

// RectificationIn is one item read in x, the write's transaction, whoever sees it.
func (s *Store) RectificationIn(ctx context.Context, x Execer, id int64) (*Rectification, error) {
	return s.rectification(ctx, x, Everything, id)
}

// QuarterOrd is year*4 + quarter - 1 of a well-formed quarter, or a
// ParamError naming the period.
func QuarterOrd(period string) (int, error) { return quarterOrdOf(period) }

// ParamErr is a ParamError (422) on one key.
func ParamErr(key, msg string) error { return paramErr(key, msg) }

// SubmissionVisible is the one visibility rule of submissions (subVisible)
// as SQL on the submissions row alias, with its arguments.
func SubmissionVisible(sc Scope, alias string) (string, []any) { return subVisible(sc, alias) }

// MustBeOpen is a conflict unless the quarter takes collection.
func MustBeOpen(ctx context.Context, x Execer, period string) error {
	return mustBeOpen(ctx, x, period)
}

// DeadlineOf is the collection deadline of a quarter (the end of its day),
// ok false when none is set.
func DeadlineOf(ctx context.Context, x Execer, period string) (time.Time, bool, error) {
	return deadlineOf(ctx, x, period)
}

// CheckItems validates declared values like ledger rows (SPEC §2), in x:
// every problem named by its item, all reported at once (422).
func (s *Store) CheckItems(ctx context.Context, x Execer, unit, period string, in []SubmissionItemInput) ([]DeclaredValue, error) {
	return s.checkItems(ctx, x, unit, period, in)
}

// EmitSubmission tells the unit's users of a step of submission id (SPEC §14).
func (s *Store) EmitSubmission(ctx context.Context, kind string, id int64, unit, period, zh, en string) {
	s.emitSubmission(ctx, kind, id, unit, period, zh, en)
}

// OwnerOf returns the unit, period and status of an evidence file's owner
// (an appeal, a rectification item or an adjustment), read in x.
func OwnerOf(ctx context.Context, x Execer, kind string, id int64) (unit string, period sql.NullString, status string, err error) {
	return ownerUnit(ctx, x, kind, id)
}

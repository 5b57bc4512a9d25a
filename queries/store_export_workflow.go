package queries

import (
	"context"
	"database/sql"
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

package queries

import (
	"context"
	"database/sql"

	"jixiao/data"
)

// This file is the door through which the imports room
// (jixiao/queries/imports) reaches the Store's internals: the one writer,
// the write path that rescores, the audit, and the row checks it shares
// with the store's one-row forms.

// WriterLock takes the one writer's lock (every write and a backup hold
// it) and returns its release: an import holds it from its validation to
// its commit, so that what it checked is what it writes over.
func (s *Store) WriterLock() (unlock func()) {
	s.writeMu.Lock()
	return s.writeMu.Unlock
}

// WriteBatch runs fn on conn, the import's own connection, as the one
// writer (the caller holds WriterLock), in a transaction that then
// rescores with the rows of temp table pending counted in (scoring.Rescore:
// "" for none, scoring.OnlyAdjustments, scoring.NoRescore), runs after
// (nil for nothing), bumps the data version and commits.
func (s *Store) WriteBatch(ctx context.Context, conn *sql.Conn, fn func(x Execer) error, pending string, after func(x Execer) error) error {
	return s.writePending(ctx, conn, fn, pending, after)
}

// Write runs fn as the one writer, in a transaction that recomputes the
// scores and bumps the data version (a rollback).
func (s *Store) Write(ctx context.Context, fn func(x Execer) error) error {
	return s.writeConn(ctx, fn)
}

// AuditAs records a write of user in x, the write's transaction, with the
// address the request came from (WithAddr).
func AuditAs(ctx context.Context, x Execer, user, action, target, detail string) error {
	return auditX(ctx, x, user, action, target, detail)
}

// RebuildApplicable derives again which indicator versions apply to which
// unit classes (after an import of units or indicators).
func RebuildApplicable(ctx context.Context, x Execer) error { return rebuildApplicable(ctx, x) }

// MaxValueSQL and MaxValueTextSQL are the magnitude bound of an imported
// number (setting import.max_abs_value) as a SQL scalar and as a message
// shows it; MaxPointsSQL is the bound of an adjustment's points.
const (
	MaxValueSQL     = maxValueSQL
	MaxValueTextSQL = maxValueTextSQL
	MaxPointsSQL    = maxPointsSQL
)

// Check is a row check (rowchecks.go).
type Check = check

// Issue is one row check's problem before it is worded in a language.
type Issue struct {
	Row    int
	Column string
	Msg    data.Msg
}

// RunChecks runs checks over view s and returns their problems (at most
// MaxErrors), each field named by column.
func RunChecks(ctx context.Context, x Execer, checks []Check, column func(string) string) ([]Issue, error) {
	is, err := runChecks(ctx, x, checks, column)
	out := make([]Issue, len(is))
	for i, v := range is {
		out[i] = Issue{Row: v.row, Column: v.column, Msg: v.msg}
	}
	return out, err
}

// FieldChecks are the checks of each field of kind by its type (SPEC §2).
func FieldChecks(kind data.Kind) []Check { return fieldChecks(kind) }

// DupCheck reports every row whose key repeats an earlier row of the file.
func DupCheck(keyCols ...string) Check { return dupCheck(keyCols...) }

// NumExpr is a staged cell as a number (a trailing '%' accepted).
func NumExpr(col string) string { return numExpr(col) }

// PeriodOrd is a well-formed quarter's year*4 + quarter - 1.
func PeriodOrd(col string) string { return periodOrd(col) }

// PeriodPattern is a quarter as a SQL regular expression literal.
const PeriodPattern = periodPattern

// QuoteIdent and QuoteLit put an identifier and a string into SQL text.
func QuoteIdent(s string) string { return quoteIdent(s) }

// QuoteLit is a string as a SQL literal.
func QuoteLit(s string) string { return quoteLit(s) }

// BindNamed replaces each $name of vals in q by a placeholder and returns
// the arguments in the order they appear.
func BindNamed(q string, vals map[string]any) (string, []any) { return bindNamed(q, vals) }

// ResponsibilityRules are the checks and the statements ($batch, $user)
// of a responsibilities row (SPEC §13), which the PUT form runs on one
// row and the import on a file; Responsibilities is their table.
func ResponsibilityRules() (checks []Check, apply []string) { return respChecks, respApply }

// BuildReach builds temp.resp_reach, the units writer sees with its right
// on each, for the responsibility checks; nil is the command line, which
// reaches every unit.
func BuildReach(ctx context.Context, x Execer, writer *Actor) error {
	w := writer
	if w == nil {
		w = &Actor{Rights: AllRights(), Scope: Everything}
	}
	return buildReach(ctx, x, *w)
}

// LimitsIn reads the settings' limits in x (an import's connection, a
// workflow write's transaction).
func LimitsIn(ctx context.Context, x Execer) (Limits, error) { return loadLimits(ctx, x) }

// RequeueReportsAfterMove asks again, in a units import's transaction, for
// the stored reports of the quarters in review (report_center.go).
func RequeueReportsAfterMove(ctx context.Context, x Execer, user string) error {
	return requeueReportsAfterMove(ctx, x, user)
}

package queries

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Actor is the user taking a workflow step: who and from where (for the
// record), their unit and the write rights the policy grants their role
// (for the rules of SPEC §5: which office or committee covers which unit)
// and their Scope (for what they may see at all).
type Actor struct {
	Username string
	Addr     string
	Role     string
	UnitCode string
	Rights   Rights
	Scope    Scope
}

// covers reports whether anc is an ancestor of unit (strictly above it, or
// also the unit itself when orSelf).
func covers(ctx context.Context, x sqlExecer, anc, unit string, orSelf bool) (bool, error) {
	minDist := 1
	if orSelf {
		minDist = 0
	}
	var n int
	err := x.QueryRowContext(ctx, "SELECT count(*) FROM unit_tree WHERE ancestor = ? AND descendant = ? AND distance >= ?", anc, unit, minDist).Scan(&n)
	return n > 0, err
}

// mustSeeFlow is ErrNotFound unless the scope sees unit's workflow items.
func (s *Store) mustSeeFlow(ctx context.Context, x sqlExecer, sc Scope, unit string) error {
	return s.mustSee(ctx, x, sc, unit, seeFlow)
}

// writeFlow runs fn as the one writer in a transaction, without rescoring
// (the step changes no score), and bumps the data version so that cached
// lists refresh.
func (s *Store) writeFlow(ctx context.Context, fn func(x sqlExecer) error) error {
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	return s.inTx(ctx, func(tx *sql.Tx) error {
		if err := fn(tx); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, "UPDATE data_version SET v = v + 1")
		return err
	})
}

// periodStatus is the status of a quarter, or ErrNotFound.
func periodStatus(ctx context.Context, x sqlExecer, period string) (string, error) {
	var st string
	err := x.QueryRowContext(ctx, "SELECT status FROM periods WHERE period = ?", period).Scan(&st)
	if err == sql.ErrNoRows {
		return "", ErrNotFound
	}
	return st, err
}

// refuseFinal is a plain conflict when period is final.
func refuseFinal(ctx context.Context, x sqlExecer, period, what string) error {
	st, err := periodStatus(ctx, x, period)
	if err != nil {
		return err
	}
	if st == "final" {
		return conflict(fmt.Sprintf("考核期 %s 已定稿，不能再%s", period, what), fmt.Sprintf("period %s is final: no more %s", period, whatEN[what]))
	}
	return nil
}

const maxText = 4000

var whatEN = map[string]string{"申诉": "appeals", "调整加减分": "adjustments", "修改": "changes"}

// likePattern escapes a user's search text for ILIKE … ESCAPE '\'.
func likePattern(q string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return "%" + r.Replace(strings.TrimSpace(q)) + "%"
}

// fmtOpt is a nullable number as the audit writes it.
func fmtOpt(f sql.NullFloat64) string {
	if !f.Valid {
		return "（无）"
	}
	return strconv.FormatFloat(f.Float64, 'g', -1, 64)
}

// Recorded is who recorded a workflow item and when, and who changed it
// last (a meeting, a rectification item).
type Recorded struct {
	CreatedBy string     `json:"created_by"`
	CreatedAt time.Time  `json:"created_at"`
	UpdatedBy *string    `json:"updated_by"`
	UpdatedAt *time.Time `json:"updated_at"`
}

// dest is where a row's created_by, created_at, updated_by and updated_at
// are scanned (NULL: nil).
func (r *Recorded) dest() []any { return []any{&r.CreatedBy, &r.CreatedAt, &r.UpdatedBy, &r.UpdatedAt} }

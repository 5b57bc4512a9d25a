package queries

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"golang.org/x/crypto/bcrypt"
)

// Account is a user as sign-in and authorization see it.
type Account struct {
	Username  string `json:"username"`
	Name      string `json:"name"`
	UnitCode  string `json:"unit_code"`
	Role      string `json:"role"`
	UnitLevel string `json:"-"` // province, city or county: the casbin domain of the user
	Auth      string `json:"-"` // local or ldap (SPEC §14)
	Disabled  bool   `json:"-"` // a disabled account signs in nowhere
}

// ErrBadCredentials is a wrong username or password; which one is not said.
var ErrBadCredentials = errors.New("wrong username or password")

// dummyHash keeps a sign-in for an unknown user as slow as for a known one,
// so that timing does not tell which usernames exist.
var dummyHash, _ = bcrypt.GenerateFromPassword([]byte("jixiao-no-such-user"), bcrypt.DefaultCost)

const accountSQL = `SELECT u.username, u.name, u.unit_code, u.role, coalesce(n.level, ''),
	coalesce(u.auth, 'local'), coalesce(u.disabled, false), u.password_hash
	FROM users u LEFT JOIN units n ON n.code = u.unit_code WHERE u.username = ?`

func (s *Store) account(ctx context.Context, username string) (*Account, string, error) {
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	var a Account
	var hash string
	err := s.db.QueryRowContext(ctx, accountSQL, username).Scan(&a.Username, &a.Name, &a.UnitCode, &a.Role, &a.UnitLevel, &a.Auth, &a.Disabled, &hash)
	if err == sql.ErrNoRows {
		return nil, "", ErrNotFound
	}
	if err != nil {
		return nil, "", fmt.Errorf("account: %w", err)
	}
	return &a, hash, nil
}

// Account returns one user without its password hash, or ErrNotFound.
func (s *Store) Account(ctx context.Context, username string) (*Account, error) {
	a, _, err := s.account(ctx, username)
	return a, err
}

// Authenticate checks a password against the stored bcrypt hash. Any
// mismatch, including an unknown user, is ErrBadCredentials.
func (s *Store) Authenticate(ctx context.Context, username, password string) (*Account, error) {
	a, hash, err := s.account(ctx, username)
	if errors.Is(err, ErrNotFound) {
		_ = bcrypt.CompareHashAndPassword(dummyHash, []byte(password))
		return nil, ErrBadCredentials
	}
	if err != nil {
		return nil, err
	}
	if a.Auth == "ldap" {
		if a.Disabled {
			return nil, ErrBadCredentials
		}
		if err := s.directoryBind(ctx, username, password); err != nil {
			return nil, err
		}
		return a, nil
	}
	if hash == "" || bcrypt.CompareHashAndPassword([]byte(hash), []byte(password)) != nil || a.Disabled {
		return nil, ErrBadCredentials
	}
	return a, nil
}

// SetPassword stores a new bcrypt hash for username and records it in the audit.
func (s *Store) SetPassword(ctx context.Context, username, password, by string) error {
	h, err := HashPassword(password)
	if err != nil {
		return err
	}
	res, err := s.db.ExecContext(ctx, "UPDATE users SET password_hash = ? WHERE username = ?", h, username)
	if err != nil {
		return fmt.Errorf("set password: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrNotFound
	}
	// The account's API tokens end with its password (SPEC §14); the
	// caller ends its other sessions.
	if _, err := s.db.ExecContext(ctx, "UPDATE api_tokens SET revoked_at = current_timestamp WHERE username = ? AND revoked_at IS NULL", username); err != nil {
		return err
	}
	s.accountsChanged()
	return s.Audit(ctx, by, "password_change", username, "", "")
}

// Accounts lists every user (without hashes), for warming each user's default views.
func (s *Store) Accounts(ctx context.Context) ([]Account, error) {
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	rows, err := s.db.QueryContext(ctx, `SELECT u.username, u.name, u.unit_code, u.role, coalesce(n.level, '')
		FROM users u LEFT JOIN units n ON n.code = u.unit_code ORDER BY u.username LIMIT 100000`)
	if err != nil {
		return nil, fmt.Errorf("accounts: %w", err)
	}
	defer rows.Close()
	out := []Account{}
	for rows.Next() {
		var a Account
		if err := rows.Scan(&a.Username, &a.Name, &a.UnitCode, &a.Role, &a.UnitLevel); err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// AuditEntry is one recorded write or security event.
type AuditEntry struct {
	ID       int64     `json:"id"`
	At       time.Time `json:"at"`
	Username string    `json:"username"`
	Action   string    `json:"action"`
	Target   string    `json:"target"`
	Detail   string    `json:"detail"`
	Addr     string    `json:"addr"`
}

// AuditFilter narrows the audit log; zero fields do not filter.
type AuditFilter struct {
	Username string
	Action   string
	Since    time.Time
	BeforeID int64 // page backwards: entries with a smaller id
	Limit    int   // default and maximum 1000
}

// AuditLog returns audit entries, newest first.
func (s *Store) AuditLog(ctx context.Context, f AuditFilter) ([]AuditEntry, error) {
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	if f.Limit <= 0 || f.Limit > 1000 {
		f.Limit = 1000
	}
	var where []string
	var args []any
	if f.Username != "" {
		where, args = append(where, "username = ?"), append(args, f.Username)
	}
	if f.Action != "" {
		where, args = append(where, "action = ?"), append(args, f.Action)
	}
	if !f.Since.IsZero() {
		where, args = append(where, `"at" >= ?`), append(args, f.Since.UTC())
	}
	if f.BeforeID > 0 {
		where, args = append(where, "id < ?"), append(args, f.BeforeID)
	}
	q := `SELECT id, "at", coalesce(username, ''), action, coalesce(target, ''), coalesce(detail, ''), coalesce(addr, '') FROM audit`
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	rows, err := s.db.QueryContext(ctx, q+" ORDER BY id DESC LIMIT ?", append(args, f.Limit)...)
	if err != nil {
		return nil, fmt.Errorf("audit log: %w", err)
	}
	defer rows.Close()
	out := []AuditEntry{}
	for rows.Next() {
		var e AuditEntry
		if err := rows.Scan(&e.ID, &e.At, &e.Username, &e.Action, &e.Target, &e.Detail, &e.Addr); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// LoginFailure is one recent failed sign-in, for the throttle to start from
// after a restart.
type LoginFailure struct {
	Username string
	Addr     string
	Age      time.Duration
}

// RecentLoginFailures lists the failed sign-ins of the last window, oldest
// first, leaving out those an administrator unlocked since (login_unlock
// of the account, or of the address).
func (s *Store) RecentLoginFailures(ctx context.Context, window time.Duration) ([]LoginFailure, error) {
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	// Ages are computed by DuckDB against the same clock that stamped "at".
	rows, err := s.db.QueryContext(ctx, `SELECT coalesce(target, ''), coalesce(addr, ''),
		epoch_us(current_timestamp::TIMESTAMP) - epoch_us("at")
		FROM audit f WHERE action = 'login_failed' AND "at" >= current_timestamp::TIMESTAMP - to_microseconds(?::BIGINT)
		  AND NOT EXISTS (SELECT 1 FROM audit u WHERE u.action = 'login_unlock' AND u.id > f.id
		      AND (u.target = lower(trim(coalesce(f.target, ''))) OR (coalesce(u.detail, '') <> '' AND u.detail = f.addr)))
		ORDER BY id LIMIT 100000`, window.Microseconds())
	if err != nil {
		return nil, fmt.Errorf("login failures: %w", err)
	}
	defer rows.Close()
	var out []LoginFailure
	for rows.Next() {
		var f LoginFailure
		var us int64
		if err := rows.Scan(&f.Username, &f.Addr, &us); err != nil {
			return nil, err
		}
		f.Age = time.Duration(us) * time.Microsecond
		out = append(out, f)
	}
	return out, rows.Err()
}

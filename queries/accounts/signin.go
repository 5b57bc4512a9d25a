package accounts

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"golang.org/x/crypto/bcrypt"

	"jixiao/queries"
)

// ErrBadCredentials is a wrong username or password; which one is not said.
var ErrBadCredentials = errors.New("wrong username or password")

// dummyHash keeps a sign-in for an unknown user as slow as for a known one,
// so that timing does not tell which usernames exist.
var dummyHash, _ = bcrypt.GenerateFromPassword([]byte("jixiao-no-such-user"), bcrypt.DefaultCost)

const accountSQL = `SELECT u.username, u.name, u.unit_code, u.role, coalesce(n.level, ''),
	coalesce(u.auth, 'local'), coalesce(u.disabled, false), u.password_hash
	FROM users u LEFT JOIN units n ON n.code = u.unit_code WHERE u.username = ?`

func (b *Book) account(ctx context.Context, username string) (*queries.Account, string, error) {
	ctx, cancel := queries.WithTimeout(ctx)
	defer cancel()
	var a queries.Account
	var hash string
	err := b.db().QueryRowContext(ctx, accountSQL, username).Scan(&a.Username, &a.Name, &a.UnitCode, &a.Role, &a.UnitLevel, &a.Auth, &a.Disabled, &hash)
	if err == sql.ErrNoRows {
		return nil, "", queries.ErrNotFound
	}
	if err != nil {
		return nil, "", fmt.Errorf("account: %w", err)
	}
	return &a, hash, nil
}

// Account returns one user without its password hash, or queries.ErrNotFound.
func (b *Book) Account(ctx context.Context, username string) (*queries.Account, error) {
	a, _, err := b.account(ctx, username)
	return a, err
}

// Authenticate checks a password against the stored bcrypt hash. Any
// mismatch, including an unknown user, is ErrBadCredentials.
func (b *Book) Authenticate(ctx context.Context, username, password string) (*queries.Account, error) {
	a, hash, err := b.account(ctx, username)
	if errors.Is(err, queries.ErrNotFound) {
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
		if err := b.directoryBind(ctx, username, password); err != nil {
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
func (b *Book) SetPassword(ctx context.Context, username, password, by string) error {
	h, err := HashPassword(password)
	if err != nil {
		return err
	}
	res, err := b.db().ExecContext(ctx, "UPDATE users SET password_hash = ? WHERE username = ?", h, username)
	if err != nil {
		return fmt.Errorf("set password: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return queries.ErrNotFound
	}
	// The account's API tokens end with its password (SPEC §14); the
	// caller ends its other sessions.
	if _, err := b.db().ExecContext(ctx, "UPDATE api_tokens SET revoked_at = current_timestamp WHERE username = ? AND revoked_at IS NULL", username); err != nil {
		return err
	}
	b.st.AccountsChanged()
	return b.st.Audit(ctx, by, "password_change", username, "", "")
}

// All lists every user (without hashes), for warming each user's default views.
func (b *Book) All(ctx context.Context) ([]queries.Account, error) {
	ctx, cancel := queries.WithTimeout(ctx)
	defer cancel()
	rows, err := b.db().QueryContext(ctx, `SELECT u.username, u.name, u.unit_code, u.role, coalesce(n.level, '')
		FROM users u LEFT JOIN units n ON n.code = u.unit_code ORDER BY u.username LIMIT 100000`)
	if err != nil {
		return nil, fmt.Errorf("accounts: %w", err)
	}
	defer rows.Close()
	out := []queries.Account{}
	for rows.Next() {
		var a queries.Account
		if err := rows.Scan(&a.Username, &a.Name, &a.UnitCode, &a.Role, &a.UnitLevel); err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// HashPassword returns a bcrypt hash of pw.
func HashPassword(pw string) (string, error) {
	h, err := bcrypt.GenerateFromPassword([]byte(pw), bcrypt.DefaultCost)
	return string(h), err
}

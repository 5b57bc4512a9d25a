package accounts

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"time"

	"jixiao/queries"
)

// NewSecret returns a random 256-bit secret, URL-safe, with a prefix naming
// what it is ("s" session, "jx" API token) so a leaked one is recognisable.
func NewSecret(prefix string) string {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand does not fail on supported platforms
	}
	return prefix + "_" + base64.RawURLEncoding.EncodeToString(b)
}

// HashSecret is how sessions and tokens are stored: their SHA-256. The
// secrets are random and long, so a fast hash suffices.
func HashSecret(secret string) string {
	h := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(h[:])
}

// Session is one signed-in browser.
type Session struct {
	Username  string
	ViewAs    string // set while an admin views as another user
	ExpiresAt time.Time
}

// CreateSession stores a session under the hash of its cookie value.
func (b *Book) CreateSession(ctx context.Context, idHash, username, addr, userAgent string, expires time.Time) error {
	if len(userAgent) > 300 {
		userAgent = userAgent[:300]
	}
	_, err := b.db().ExecContext(ctx, `INSERT INTO sessions (id_hash, username, created_at, expires_at, addr, user_agent) VALUES (?, ?, ?, ?, ?, ?)`,
		idHash, username, time.Now().UTC(), expires.UTC(), addr, userAgent)
	if err != nil {
		return fmt.Errorf("create session: %w", err)
	}
	return nil
}

// SessionByHash returns a live session, or ErrNotFound when it is unknown or expired.
func (b *Book) SessionByHash(ctx context.Context, idHash string) (*Session, error) {
	ctx, cancel := queries.WithTimeout(ctx)
	defer cancel()
	var ss Session
	var viewAs sql.NullString
	err := b.db().QueryRowContext(ctx, `SELECT username, view_as, expires_at FROM sessions WHERE id_hash = ? AND expires_at > ?`,
		idHash, time.Now().UTC()).Scan(&ss.Username, &viewAs, &ss.ExpiresAt)
	if err == sql.ErrNoRows {
		return nil, queries.ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("session: %w", err)
	}
	ss.ViewAs = viewAs.String
	return &ss, nil
}

// ExtendSession moves a session's expiry (sliding sessions).
func (b *Book) ExtendSession(ctx context.Context, idHash string, expires time.Time) error {
	_, err := b.db().ExecContext(ctx, "UPDATE sessions SET expires_at = ? WHERE id_hash = ?", expires.UTC(), idHash)
	return err
}

// SetSessionViewAs makes a session see as another user ("" ends it).
func (b *Book) SetSessionViewAs(ctx context.Context, idHash, viewAs string) error {
	var v any
	if viewAs != "" {
		v = viewAs
	}
	_, err := b.db().ExecContext(ctx, "UPDATE sessions SET view_as = ? WHERE id_hash = ?", v, idHash)
	return err
}

// DeleteSession signs one session out.
func (b *Book) DeleteSession(ctx context.Context, idHash string) error {
	_, err := b.db().ExecContext(ctx, "DELETE FROM sessions WHERE id_hash = ?", idHash)
	return err
}

// DeleteUserSessions signs a user out everywhere except the session keep.
func (b *Book) DeleteUserSessions(ctx context.Context, username, keep string) error {
	_, err := b.db().ExecContext(ctx, "DELETE FROM sessions WHERE username = ? AND id_hash <> ?", username, keep)
	return err
}

// PurgeExpiredSessions deletes expired sessions and returns how many went.
func (b *Book) PurgeExpiredSessions(ctx context.Context) (int64, error) {
	res, err := b.db().ExecContext(ctx, "DELETE FROM sessions WHERE expires_at <= ?", time.Now().UTC())
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// Token is an API token as listed (never its secret).
type Token struct {
	ID        int64      `json:"id"`
	Username  string     `json:"username"`
	Name      string     `json:"name"`
	CreatedAt time.Time  `json:"created_at"`
	RevokedAt *time.Time `json:"revoked_at,omitempty"`
}

// CreateToken makes an API token for an existing user and returns its
// secret, which is shown once and stored only hashed.
func (b *Book) CreateToken(ctx context.Context, username, name, by string) (string, *Token, error) {
	if _, err := b.Account(ctx, username); err != nil {
		return "", nil, err
	}
	secret := NewSecret("jx")
	t := &Token{Username: username, Name: name, CreatedAt: time.Now().UTC()}
	err := b.db().QueryRowContext(ctx, `INSERT INTO api_tokens (username, name, token_hash, created_at) VALUES (?, ?, ?, ?) RETURNING id`,
		username, name, HashSecret(secret), t.CreatedAt).Scan(&t.ID)
	if err != nil {
		return "", nil, fmt.Errorf("create token: %w", err)
	}
	if err := b.st.Audit(ctx, by, "token_create", username, fmt.Sprintf("token %d %s", t.ID, name), ""); err != nil {
		return "", nil, err
	}
	return secret, t, nil
}

// TokenUser returns the user of a live token, or ErrNotFound.
func (b *Book) TokenUser(ctx context.Context, tokenHash string) (string, error) {
	ctx, cancel := queries.WithTimeout(ctx)
	defer cancel()
	var u string
	err := b.db().QueryRowContext(ctx, "SELECT username FROM api_tokens WHERE token_hash = ? AND revoked_at IS NULL", tokenHash).Scan(&u)
	if err == sql.ErrNoRows {
		return "", queries.ErrNotFound
	}
	return u, err
}

// Tokens lists the API tokens (of one user, or all when username is empty).
func (b *Book) Tokens(ctx context.Context, username string) ([]Token, error) {
	rows, err := b.db().QueryContext(ctx, `SELECT id, username, name, created_at, revoked_at FROM api_tokens
		WHERE (? = '' OR username = ?) ORDER BY id LIMIT 10000`, username, username)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Token{}
	for rows.Next() {
		var t Token
		if err := rows.Scan(&t.ID, &t.Username, &t.Name, &t.CreatedAt, &t.RevokedAt); err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// RevokeToken ends an API token for good.
func (b *Book) RevokeToken(ctx context.Context, id int64, by string) error {
	res, err := b.db().ExecContext(ctx, "UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL", time.Now().UTC(), id)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return queries.ErrNotFound
	}
	return b.st.Audit(ctx, by, "token_revoke", fmt.Sprint(id), "", "")
}

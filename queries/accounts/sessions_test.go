package accounts

import (
	"context"
	"errors"
	"testing"
	"time"

	"jixiao/queries"
	"jixiao/queries/fixture"
)

// TestSessionsExpireAndTokensRevoke: an expired session and a revoked
// token are not found; secrets are stored only as hashes.
func TestSessionsExpireAndTokensRevoke(t *testing.T) {
	st := fixture.Open(t, "", queries.Open)
	s := New(st)
	ctx := context.Background()
	if _, err := st.DB().Exec(`INSERT INTO users (username, name, unit_code, role, password_hash) VALUES ('u', 'U', 'X', 'leader', 'h')`); err != nil {
		t.Fatal(err)
	}
	live, dead := NewSecret("s"), NewSecret("s")
	if err := s.CreateSession(ctx, HashSecret(live), "u", "", "", time.Now().Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if err := s.CreateSession(ctx, HashSecret(dead), "u", "", "", time.Now().Add(-time.Second)); err != nil {
		t.Fatal(err)
	}
	if ss, err := s.SessionByHash(ctx, HashSecret(live)); err != nil || ss.Username != "u" {
		t.Errorf("live session: %+v %v", ss, err)
	}
	if _, err := s.SessionByHash(ctx, HashSecret(dead)); !errors.Is(err, queries.ErrNotFound) {
		t.Errorf("expired session: %v", err)
	}
	if n, err := s.PurgeExpiredSessions(ctx); err != nil || n != 1 {
		t.Errorf("purge: %d %v", n, err)
	}
	tok, info, err := s.CreateToken(ctx, "u", "robot", "test")
	if err != nil {
		t.Fatal(err)
	}
	if u, err := s.TokenUser(ctx, HashSecret(tok)); err != nil || u != "u" {
		t.Errorf("token: %q %v", u, err)
	}
	var clear int
	st.DB().QueryRow("SELECT count(*) FROM api_tokens WHERE token_hash = ? OR name = ?", tok, tok).Scan(&clear)
	if clear != 0 {
		t.Error("the token is stored in clear")
	}
	if err := s.RevokeToken(ctx, info.ID, "test"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.TokenUser(ctx, HashSecret(tok)); !errors.Is(err, queries.ErrNotFound) {
		t.Errorf("revoked token: %v", err)
	}
	if _, _, err := s.CreateToken(ctx, "nobody", "", "test"); !errors.Is(err, queries.ErrNotFound) {
		t.Errorf("token for an unknown user: %v", err)
	}
}

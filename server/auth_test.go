package server

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"jixiao/queries"
)

// TestSessionSurvivesRestart: sessions live in the database, so a new
// server on the reopened file still knows the cookie.
func TestSessionSurvivesRestart(t *testing.T) {
	t.Parallel() // its own store and server
	path := filepath.Join(t.TempDir(), "jixiao.duckdb")
	st := loadFixture(t, path)
	s1 := newTestServer(t, st)
	cookie := mustLogin(t, s1, "city_leader")
	if got := do(t, s1, req{method: "GET", path: "/api/me", cookie: cookie}); got.code != 200 {
		t.Fatalf("before restart: %d", got.code)
	}
	s1.Close()
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	st2, err := queries.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer st2.Close()
	s2 := newTestServer(t, st2)
	var me User
	got := do(t, s2, req{method: "GET", path: "/api/me", cookie: cookie})
	if got.code != 200 {
		t.Fatalf("after restart: %d %s", got.code, got.body)
	}
	got.json(t, &me)
	if me.Username != "city_leader" || me.UnitCode != "GX01" {
		t.Errorf("after restart: %+v", me)
	}
	// Signing out ends the session for good.
	if got := do(t, s2, req{method: "POST", path: "/api/logout", cookie: cookie}); got.code != 200 {
		t.Fatalf("logout: %d", got.code)
	}
	if got := do(t, s2, req{method: "GET", path: "/api/me", cookie: cookie}); got.code != 401 {
		t.Errorf("after logout: %d, want 401", got.code)
	}
}

// TestLoginCookie: the session cookie is HttpOnly and SameSite=Lax, and
// Secure when the setting says so.
func TestLoginCookie(t *testing.T) {
	s, _ := sharedServer(t)
	got := do(t, s, req{method: "POST", path: "/api/login", body: `{"username":"leader","password":"` + testPassword + `"}`})
	c := strings.ToLower(got.headers.Get("Set-Cookie"))
	if got.code != 200 || !strings.Contains(c, "httponly") || !strings.Contains(c, "samesite=lax") || strings.Contains(c, "secure") {
		t.Errorf("login: %d, cookie %q", got.code, c)
	}
	var u User
	got.json(t, &u)
	if u != (User{Username: "leader", Name: "User leader", Role: "leader", UnitCode: "GX"}) {
		t.Errorf("login answered %+v", u)
	}
	sec := newTestServer(t, s.Store, func(c *Config) { c.SecureCookies = true })
	got = do(t, sec, req{method: "POST", path: "/api/login", body: `{"username":"leader","password":"` + testPassword + `"}`})
	if c := got.headers.Get("Set-Cookie"); !strings.Contains(strings.ToLower(c), "; secure") {
		t.Errorf("secure cookies: %q", c)
	}
}

// TestWrongPasswordThenThrottle: a wrong password is 401 and audited; after
// LoginLimit failures the user gets 429 even with the right password, also
// recorded; another user from the same address is not blocked.
func TestWrongPasswordThenThrottle(t *testing.T) {
	shared, _ := sharedServer(t)
	s := newTestServer(t, shared.Store) // its own throttle
	ctx := context.Background()
	before, _ := s.Store.AuditLog(ctx, queries.AuditFilter{Action: "login_failed", Username: "committee"})
	for i := 0; i < s.cfg.LoginLimit; i++ {
		got := do(t, s, req{method: "POST", path: "/api/login", body: `{"username":"committee","password":"wrong"}`})
		if got.code != 401 || got.headers.Get("Set-Cookie") != "" {
			t.Fatalf("attempt %d: %d %s", i+1, got.code, got.body)
		}
	}
	after, _ := s.Store.AuditLog(ctx, queries.AuditFilter{Action: "login_failed", Username: "committee"})
	if len(after)-len(before) != s.cfg.LoginLimit {
		t.Errorf("audited %d failures, want %d", len(after)-len(before), s.cfg.LoginLimit)
	}
	got := do(t, s, req{method: "POST", path: "/api/login", body: `{"username":"committee","password":"` + testPassword + `"}`})
	if got.code != 429 || got.headers.Get("Retry-After") == "" {
		t.Fatalf("after %d failures: %d (Retry-After %q), want 429", s.cfg.LoginLimit, got.code, got.headers.Get("Retry-After"))
	}
	if th, _ := s.Store.AuditLog(ctx, queries.AuditFilter{Action: "login_throttled", Username: "committee"}); len(th) == 0 {
		t.Error("the refused attempt was not audited")
	}
	if _, err := login(s, "leader", testPassword); err != nil {
		t.Errorf("another user from the same address: %v", err)
	}
	// A restart does not lift the block: the throttle starts from the audit.
	s2 := newTestServer(t, shared.Store)
	if got := do(t, s2, req{method: "POST", path: "/api/login", body: `{"username":"committee","password":"` + testPassword + `"}`}); got.code != 429 {
		t.Errorf("after restart: %d, want 429", got.code)
	}
	// No password ever reaches the audit.
	all, _ := s.Store.AuditLog(ctx, queries.AuditFilter{})
	for _, e := range all {
		if strings.Contains(e.Detail+e.Target, testPassword) || strings.Contains(e.Detail+e.Target, "wrong\"") {
			t.Errorf("audit entry holds a password: %+v", e)
		}
	}
}

// TestCSRF: a cookie-authenticated write naming another origin is refused;
// the same origin, a bearer token, or no Origin/Referer at all pass; a JSON
// write must say application/json.
func TestCSRF(t *testing.T) {
	s, cookies := sharedServer(t)
	admin := cookies["admin"]
	viewAs := func(h map[string]string, cookie string) int {
		if h == nil {
			h = map[string]string{}
		}
		if cookie == "" {
			tok, _, err := s.Accounts.CreateToken(context.Background(), "admin", "csrf test", "test")
			if err != nil {
				t.Fatal(err)
			}
			h["Authorization"] = "Bearer " + tok
		}
		return do(t, s, req{method: "POST", path: "/api/view-as", body: `{"username":"nobody"}`, headers: h, cookie: cookie}).code
	}
	cases := []struct {
		name    string
		headers map[string]string
		cookie  string
		want    int
	}{
		{"foreign Origin", map[string]string{"Origin": "https://evil.example"}, admin, 403},
		{"null Origin", map[string]string{"Origin": "null"}, admin, 403},
		{"foreign Referer", map[string]string{"Referer": "https://evil.example/page"}, admin, 403},
		{"same Origin", map[string]string{"Origin": "http://example.com"}, admin, 404},
		{"same Referer", map[string]string{"Referer": "http://example.com/units/GX"}, admin, 404},
		{"no Origin or Referer", nil, admin, 404},
		{"bearer token, foreign Origin", map[string]string{"Origin": "https://evil.example"}, "", 400},
		// an origin is scheme, host and port
		{"same host, other scheme", map[string]string{"Origin": "https://example.com"}, admin, 403},
		{"same host, other port", map[string]string{"Origin": "http://example.com:8080"}, admin, 403},
		{"same host, other scheme in Referer", map[string]string{"Referer": "https://example.com/units/GX"}, admin, 403},
		{"same origin, default port spelled", map[string]string{"Origin": "http://EXAMPLE.com:80"}, admin, 404},
	}
	for _, c := range cases {
		if got := viewAs(c.headers, c.cookie); got != c.want {
			t.Errorf("%s: %d, want %d", c.name, got, c.want)
		}
	}
	// A form-encoded or text/plain body is not a JSON write.
	got := do(t, s, req{method: "POST", path: "/api/view-as", body: `{"username":"dept"}`,
		headers: map[string]string{"Content-Type": "text/plain"}, cookie: admin})
	if got.code != 415 {
		t.Errorf("text/plain JSON write: %d, want 415", got.code)
	}
	// Login is a write too: a foreign site cannot sign a browser in.
	got = do(t, s, req{method: "POST", path: "/api/login", body: `{"username":"leader","password":"` + testPassword + `"}`,
		headers: map[string]string{"Origin": "https://evil.example"}})
	if got.code != 403 {
		t.Errorf("cross-site login: %d, want 403", got.code)
	}
}

// TestBearerToken: a machine client authenticates with a token stored
// hashed; an unknown or revoked one is 401.
func TestBearerToken(t *testing.T) {
	s, _ := sharedServer(t)
	ctx := context.Background()
	tok, info, err := s.Accounts.CreateToken(ctx, "office", "uploader", "test")
	if err != nil {
		t.Fatal(err)
	}
	var n int
	if err := s.Store.DB().QueryRow("SELECT count(*) FROM api_tokens WHERE token_hash = ?", tok).Scan(&n); err != nil || n != 0 {
		t.Errorf("the token is stored in clear (%d, %v)", n, err)
	}
	auth := map[string]string{"Authorization": "Bearer " + tok}
	var me User
	got := do(t, s, req{method: "GET", path: "/api/me", headers: auth})
	if got.code != 200 {
		t.Fatalf("bearer: %d %s", got.code, got.body)
	}
	got.json(t, &me)
	if me.Username != "office" {
		t.Errorf("bearer user %+v", me)
	}
	if got := do(t, s, req{method: "GET", path: "/api/imports", headers: auth}); got.code != 200 {
		t.Errorf("bearer imports list: %d", got.code)
	}
	if got := do(t, s, req{method: "GET", path: "/api/me", headers: map[string]string{"Authorization": "Bearer jx_nope"}}); got.code != 401 {
		t.Errorf("unknown token: %d", got.code)
	}
	if err := s.Accounts.RevokeToken(ctx, info.ID, "test"); err != nil {
		t.Fatal(err)
	}
	s.sessions.clear()
	if got := do(t, s, req{method: "GET", path: "/api/me", headers: auth}); got.code != 401 {
		t.Errorf("revoked token: %d", got.code)
	}
}

// TestViewAs: an admin sees exactly what the viewed user sees, cannot
// write meanwhile, switches back, and both switches are audited.
func TestViewAs(t *testing.T) {
	s, _ := sharedServer(t)
	admin := mustLogin(t, s, "admin")
	if got := do(t, s, req{method: "POST", path: "/api/view-as", body: `{"username":"county_leader"}`, cookie: admin}); got.code != 200 {
		t.Fatalf("view-as: %d %s", got.code, got.body)
	}
	var me meResponse
	do(t, s, req{method: "GET", path: "/api/me", cookie: admin}).json(t, &me)
	if me.Username != "county_leader" || !me.ViewingAs || me.RealUser == nil || me.RealUser.Username != "admin" {
		t.Errorf("me while viewing: %+v", me)
	}
	if got := do(t, s, req{method: "GET", path: "/api/units/GX02/trend", cookie: admin}); got.code != 404 {
		t.Errorf("viewing as a county leader, another city: %d, want 404", got.code)
	}
	if got := do(t, s, req{method: "GET", path: "/api/audit", cookie: admin}); got.code != 403 {
		t.Errorf("viewing as a county leader, the audit: %d, want 403", got.code)
	}
	if got := do(t, s, req{method: "POST", path: "/api/password", body: `{"old_password":"a","new_password":"bbbbbbbbbb"}`, cookie: admin}); got.code != 403 {
		t.Errorf("a write while viewing: %d, want 403", got.code)
	}
	if got := do(t, s, req{method: "DELETE", path: "/api/view-as", cookie: admin}); got.code != 200 {
		t.Fatalf("end view-as: %d %s", got.code, got.body)
	}
	if got := do(t, s, req{method: "GET", path: "/api/audit?action=view_as&limit=5", cookie: admin}); got.code != 200 || !strings.Contains(string(got.body), "county_leader") {
		t.Errorf("audit of view-as: %d %s", got.code, got.body)
	}
}

// TestPasswordChange: the old password is needed; afterwards only the new
// one works and the user's other sessions are signed out.
func TestPasswordChange(t *testing.T) {
	t.Parallel() // its own store and server
	st := loadFixture(t, "")
	defer st.Close()
	s := newTestServer(t, st)
	a, b := mustLogin(t, s, "staff"), mustLogin(t, s, "staff")
	if got := do(t, s, req{method: "POST", path: "/api/password", body: `{"old_password":"wrong-one","new_password":"another-pass-1"}`, cookie: a}); got.code != 401 {
		t.Errorf("wrong old password: %d", got.code)
	}
	if got := do(t, s, req{method: "POST", path: "/api/password", body: `{"old_password":"` + testPassword + `","new_password":"another-pass-1"}`, cookie: a}); got.code != 200 {
		t.Fatalf("change: %d %s", got.code, got.body)
	}
	if got := do(t, s, req{method: "GET", path: "/api/me", cookie: a}); got.code != 200 {
		t.Errorf("own session after change: %d", got.code)
	}
	if got := do(t, s, req{method: "GET", path: "/api/me", cookie: b}); got.code != 401 {
		t.Errorf("other session after change: %d, want 401", got.code)
	}
	if _, err := login(s, "staff", testPassword); err == nil {
		t.Error("the old password still works")
	}
	if _, err := login(s, "staff", "another-pass-1"); err != nil {
		t.Error(err)
	}
}

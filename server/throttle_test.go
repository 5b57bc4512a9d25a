package server

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"jixiao/queries"
)

// TestThrottleByAccountAndAddress: failures lock an account at the address
// they come from only, back off doubling, and an unlock lifts them; an
// address failing on many accounts waits as a whole.
func TestThrottleByAccountAndAddress(t *testing.T) {
	now := time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC)
	th := newThrottle(5, 20, 16*time.Minute, 5*time.Second) // backoff from 16m/32 = 30s
	th.now = func() time.Time { return now }
	for i := 0; i < 5; i++ {
		th.fail("admin", "10.0.0.66")
	}
	if w := th.retryAfter("admin", "10.0.0.66"); w != 30*time.Second {
		t.Errorf("after 5 failures: wait %v, want 30s", w)
	}
	if w := th.retryAfter("Admin", "10.0.0.1"); w != 0 {
		t.Errorf("the administrator at its own address waits %v: anyone could lock it out", w)
	}
	now = now.Add(31 * time.Second)
	th.fail("admin", "10.0.0.66")
	if w := th.retryAfter("admin", "10.0.0.66"); w != time.Minute {
		t.Errorf("after 6 failures: wait %v, want 1m (doubled)", w)
	}
	for i := 0; i < 10; i++ {
		th.fail("admin", "10.0.0.66")
	}
	if w := th.retryAfter("admin", "10.0.0.66"); w != 16*time.Minute {
		t.Errorf("after 16 failures: wait %v, want the window (16m) at most", w)
	}
	if l := th.locked(); len(l) != 1 || l[0].Username != "admin" || l[0].Addr != "10.0.0.66" {
		t.Errorf("locked: %+v", l)
	}
	th.unlock("ADMIN", "")
	if w := th.retryAfter("admin", "10.0.0.66"); w != 0 {
		t.Errorf("after unlock: wait %v", w)
	}
	// One address guessing many accounts: slowed, never refused.
	for i := 0; i < 20; i++ {
		th.fail(string(rune('a'+i)), "10.0.0.9")
	}
	if w := th.retryAfter("leader", "10.0.0.9"); w != 0 {
		t.Errorf("an address failing 20 times on many accounts refuses the leader for %v: it must only be slowed", w)
	}
	for fails, want := range map[int]time.Duration{20: 1250 * time.Millisecond, 21: 2500 * time.Millisecond, 22: 5 * time.Second, 30: 5 * time.Second} {
		th := newThrottle(5, 20, 16*time.Minute, 5*time.Second)
		th.now = func() time.Time { return now }
		for i := 0; i < fails; i++ {
			th.fail(fmt.Sprint("u", i), "10.0.0.9")
		}
		if d := th.addrDelay("10.0.0.9"); d != want {
			t.Errorf("after %d failures from one address: held %v, want %v", fails, d, want)
		}
		if d := th.addrDelay("10.0.0.10"); d != 0 {
			t.Errorf("another address held %v", d)
		}
	}
	if d := th.addrDelay("10.0.0.9"); d == 0 {
		t.Error("an address failing 20 times is not slowed")
	}
	th.unlock("", "10.0.0.9")
	if d := th.addrDelay("10.0.0.9"); d != 0 {
		t.Errorf("after unlocking the address: held %v", d)
	}
}

// TestAdminUnlocksLogin: an administrator lifts a locked account by API (a
// button on /logins does the same); the failures stay in the audit and a
// restart does not lock it again.
func TestAdminUnlocksLogin(t *testing.T) {
	st := loadFixture(t, "")
	s := newTestServer(t, st)
	admin := mustLogin(t, s, "admin")
	for i := 0; i < s.cfg.LoginLimit; i++ {
		do(t, s, req{method: "POST", path: "/api/login", body: `{"username":"committee","password":"wrong"}`})
	}
	if _, err := login(s, "committee", testPassword); err == nil {
		t.Fatal("not locked after 5 failures")
	}
	if r := do(t, s, req{method: "GET", path: "/logins", cookie: admin}); r.code != 200 ||
		!strings.Contains(string(r.body), "committee") || !strings.Contains(string(r.body), `action="/logins/unlock"`) {
		t.Errorf("/logins: %d, the locked account and its unlock button are not shown", r.code)
	}
	if r := do(t, s, req{method: "POST", path: "/api/login-locks/unlock", body: `{"username":"committee"}`, cookie: mustLogin(t, s, "office")}); r.code != 403 {
		t.Errorf("an office unlocking: %d, want 403", r.code)
	}
	if r := do(t, s, req{method: "POST", path: "/api/login-locks/unlock", body: `{"username":"committee"}`, cookie: admin}); r.code != 200 {
		t.Fatalf("unlock: %d %s", r.code, r.body)
	}
	if _, err := login(s, "committee", testPassword); err != nil {
		t.Errorf("after unlock: %v", err)
	}
	fails, _ := st.AuditLog(context.Background(), queries.AuditFilter{Action: "login_failed", Username: "committee"})
	if len(fails) != s.cfg.LoginLimit {
		t.Errorf("%d failures audited, want %d kept", len(fails), s.cfg.LoginLimit)
	}
	for i := 0; i < s.cfg.LoginLimit; i++ {
		do(t, s, req{method: "POST", path: "/api/login", body: `{"username":"leader","password":"wrong"}`})
	}
	do(t, s, req{method: "POST", path: "/api/login-locks/unlock", body: `{"username":"leader"}`, cookie: admin})
	if _, err := login(newTestServer(t, st), "leader", testPassword); err != nil {
		t.Errorf("after unlock and a restart: %v", err)
	}
}

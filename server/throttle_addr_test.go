package server

import (
	"sync"
	"testing"
	"time"

	"jixiao/queries"
)

// TestAddressSlowedNotLocked: after many failures from one address (many
// people behind one proxy), a right password of another account from
// that address still signs in, held a moment; the guessed account keeps
// its own backoff (429).
func TestAddressSlowedNotLocked(t *testing.T) {
	t.Parallel() // its own store and server
	st := loadFixture(t, "")
	s := newTestServer(t, st, func(c *Config) { c.LoginLimit, c.LoginAddrLimit, c.LoginAddrDelay = 2, 3, 400*time.Millisecond })
	for _, u := range []string{"a1", "a2", "committee", "committee"} {
		do(t, s, req{method: "POST", path: "/api/login", body: `{"username":"` + u + `","password":"wrong-guess"}`})
	}
	// 4 failures from the address, 1 beyond its limit: each sign-in is held 400ms/4 × 2.
	t0 := time.Now()
	if _, err := login(s, "leader", testPassword); err != nil {
		t.Fatalf("the leader's right password from a busy address: %v", err)
	}
	if took := time.Since(t0); took < 190*time.Millisecond {
		t.Errorf("a sign-in from an address with 4 failures took %v: not slowed", took)
	}
	if r := do(t, s, req{method: "POST", path: "/api/login", body: `{"username":"committee","password":"` + testPassword + `"}`}); r.code != 429 {
		t.Errorf("the guessed account: %d, want 429 (its own backoff)", r.code)
	}
	// Slowed sign-ins take turns: three at once take at least three holds.
	var wg sync.WaitGroup
	t0 = time.Now()
	for _, u := range []string{"leader", "office", "city_leader"} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := login(s, u, testPassword); err != nil {
				t.Errorf("%s: %v", u, err)
			}
		}()
	}
	wg.Wait()
	if took := time.Since(t0); took < 3*190*time.Millisecond {
		t.Errorf("three slowed sign-ins at once took %v: they do not take turns", took)
	}
}

// TestTrustedProxyDecidesClientAddress: the client's address is the TCP
// peer's unless the peer is a trusted proxy (net.trusted_proxies) and
// net.proxy_header names the header; a client cannot pose as another
// address by sending the header itself.
func TestTrustedProxyDecidesClientAddress(t *testing.T) {
	t.Parallel() // its own store and server
	st := loadFixture(t, "")
	lastAddr := func() string {
		t.Helper()
		e, err := st.AuditLog(t.Context(), queries.AuditFilter{Action: "login_failed", Limit: 1})
		if err != nil || len(e) == 0 {
			t.Fatalf("no login_failed entry: %v", err)
		}
		return e[0].Addr
	}
	fail := func(s *Server, xff string) {
		do(t, s, req{method: "POST", path: "/api/login", body: `{"username":"leader","password":"wrong-guess"}`,
			headers: map[string]string{"X-Forwarded-For": xff}})
	}
	s := newTestServer(t, st)
	fail(s, "10.9.9.9")
	peer := lastAddr()
	if peer == "10.9.9.9" {
		t.Fatal("with no trusted proxy (the default) the header decided the address")
	}
	ctx := t.Context()
	if err := st.SetSetting(ctx, "test", queries.SettingProxyHeader, "X-Forwarded-For"); err != nil {
		t.Fatal(err)
	}
	if err := st.SetSetting(ctx, "test", queries.SettingTrustedProxies, "192.0.2.1, "+peer+"/32"); err != nil {
		t.Fatal(err)
	}
	s2 := newTestServer(t, st)
	for xff, want := range map[string]string{
		"10.9.9.9":                    "10.9.9.9",
		"6.6.6.6, 10.9.9.9":           "10.9.9.9", // the client wrote 6.6.6.6 itself
		"10.9.9.9, 192.0.2.1":         "10.9.9.9", // through a second trusted proxy
		"not-an-address":              peer,
		"":                            peer,
		"10.9.9.9, " + peer + ", ::1": "::1",
	} {
		fail(s2, xff)
		if got := lastAddr(); got != want {
			t.Errorf("X-Forwarded-For %q: address %q, want %q", xff, got, want)
		}
	}
	if err := st.SetSetting(ctx, "test", queries.SettingTrustedProxies, "192.0.2.1"); err != nil {
		t.Fatal(err)
	}
	s3 := newTestServer(t, st)
	fail(s3, "10.9.9.9")
	if got := lastAddr(); got != peer {
		t.Errorf("a peer that is not a trusted proxy: address %q, want %q", got, peer)
	}
}

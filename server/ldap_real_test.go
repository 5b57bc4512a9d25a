//go:build servers

package server

import (
	"strings"
	"testing"

	"jixiao/queries/testservers"
)

// TestRealLDAPLogin: directory sign-on through the API against a real
// OpenLDAP: an ldap account signs in with its directory password, keeps
// jixiao's role and unit; with the directory down it is 503 with a plain
// message (never a local password), while the local admin signs in.
func TestRealLDAPLogin(t *testing.T) {
	d := testservers.StartSlapd(t)
	d.AddPerson(t, "zhangsan", "Dir-pass-2025")
	s := newTestServer(t, loadFixture(t, ""))
	admin := mustLogin(t, s, "admin")
	for _, kv := range [][2]string{{"auth.ldap.url", d.URL}, {"auth.ldap.bind_dn", "uid=%s,ou=people," + d.BaseDN}, {"auth.ldap.timeout_s", "2"}} {
		if r := do(t, s, req{method: "PUT", path: "/api/settings/" + kv[0], body: `{"value":"` + kv[1] + `"}`, cookie: admin}); r.code != 200 {
			t.Fatalf("%s: %d %s", kv[0], r.code, r.body)
		}
	}
	if r := do(t, s, req{method: "POST", path: "/api/users", cookie: admin,
		body: `{"username":"zhangsan","name":"张三","unit_code":"GX01","role":"leader","auth":"ldap"}`}); r.code != 201 {
		t.Fatalf("create: %d %s", r.code, r.body)
	}
	// a local password set earlier never counts once the account is ldap
	if r := do(t, s, req{method: "PUT", path: "/api/users/dept", body: `{"auth":"ldap"}`, cookie: admin}); r.code != 200 {
		t.Fatal(r.code)
	}
	loginAs := func(user, pw string) resp {
		return do(t, s, req{method: "POST", path: "/api/login", body: `{"username":"` + user + `","password":"` + pw + `"}`})
	}
	if r := loginAs("zhangsan", "Dir-pass-2025"); r.code != 200 || !strings.Contains(string(r.body), `"role":"leader"`) || !strings.Contains(string(r.body), `"unit_code":"GX01"`) {
		t.Errorf("directory sign-in: %d %s", r.code, r.body)
	}
	if r := loginAs("zhangsan", "wrong-password"); r.code != 401 {
		t.Errorf("wrong directory password: %d", r.code)
	}
	if r := loginAs("dept", testPassword); r.code != 401 {
		t.Errorf("old local password of an ldap account: %d", r.code)
	}
	d.Stop()
	r := loginAs("zhangsan", "Dir-pass-2025")
	if r.code != 503 || !strings.Contains(string(r.body), "LDAP") {
		t.Errorf("directory down: %d %s, want 503 with a plain message", r.code, r.body)
	}
	if r := loginAs("dept", testPassword); r.code != 503 {
		t.Errorf("directory down, ldap account with an old local password: %d, want 503 (no fallback)", r.code)
	}
	if r := loginAs("admin", testPassword); r.code != 200 {
		t.Errorf("local admin with the directory down: %d", r.code)
	}
}

package server

import (
	"context"
	"strings"
	"testing"
)

// storedUser is one account as the database holds it (with whether its
// hash is empty), read directly so that the test does not trust the code
// under test.
func storedUser(t *testing.T, s *Server, username string) (role, unit, auth, email string, disabled, hashEmpty, ok bool) {
	t.Helper()
	err := s.Store.DB().QueryRow(`SELECT role, unit_code, coalesce(auth, 'local'), coalesce(email, ''), coalesce(disabled, false), password_hash = ''
		FROM users WHERE username = ?`, username).Scan(&role, &unit, &auth, &email, &disabled, &hashEmpty)
	return role, unit, auth, email, disabled, hashEmpty, err == nil
}

// Issue 17 item 1: the province office could make itself administrator
// and reset any password through the users import.
func TestUsersImportOfficeCannotEscalate(t *testing.T) {
	t.Parallel() // its own store and server
	s := newTestServer(t, loadFixture(t, ""))
	office := mustLogin(t, s, "office")
	cases := []struct{ name, file, col string }{
		{"new admin", "username,name,unit_code,role,password\nevil_admin,Evil,GX,admin,Evil-pass-2025\n", "role"},
		{"reset the admin", "username,name,unit_code,role,password\nadmin,Hijacked,GX,admin,Hijacked-2025\n", "role"},
		{"reset the committee", "username,name,unit_code,role,password\ncommittee,Hijacked,GX,committee,Hijacked-2025\n", "role"},
		{"make itself admin", "username,name,unit_code,role,password\noffice,Me,GX,admin,Another-pass-2025\n", "role"},
		{"make a leader admin", "username,name,unit_code,role,password\nleader,Me,GX,admin,Another-pass-2025\n", "role"},
	}
	for _, c := range cases {
		r := upload(t, s, office, "users", "users.csv", c.file)
		if r.code != 422 || !strings.Contains(string(r.body), `"column":"`+c.col+`"`) {
			t.Errorf("%s: %d %s, want 422 naming column %s", c.name, r.code, r.body, c.col)
		}
	}
	if _, _, _, _, _, _, ok := storedUser(t, s, "evil_admin"); ok {
		t.Error("evil_admin was stored")
	}
	for _, u := range []string{"admin", "committee", "leader", "office"} {
		if _, err := login(s, u, testPassword); err != nil {
			t.Errorf("%s's password changed: %v", u, err)
		}
	}
	if role, _, _, _, _, _, _ := storedUser(t, s, "office"); role != "office" {
		t.Errorf("office's role is %s", role)
	}
	// What the office may do: a leader of a unit of its subtree.
	r := upload(t, s, office, "users", "users.csv", "username,name,unit_code,role,password\nnew_leader,新领导,GX04,leader,New-leader-2025\n")
	if r.code != 200 {
		t.Fatalf("office creates a leader: %d %s", r.code, r.body)
	}
	if _, err := login(s, "new_leader", "New-leader-2025"); err != nil {
		t.Error(err)
	}
}

// A city office may not import accounts (the route is the province's) and
// an admin's import keeps the rules of passwords and the last admin.
func TestUsersImportRules(t *testing.T) {
	t.Parallel() // its own store and server
	s := newTestServer(t, loadFixture(t, ""))
	admin := mustLogin(t, s, "admin")
	cases := []struct{ name, file, col string }{
		{"short password", "username,name,unit_code,role,password\nx1,X,GX,leader,short-pw\n", "password"},
		{"password is the username", "username,name,unit_code,role,password\nlongusername1,X,GX,leader,LongUsername1\n", "password"},
		{"new local account without password", "username,name,unit_code,role,password\nx2,X,GX,leader,\n", "password"},
		{"the last admin demoted", "username,name,unit_code,role,password\nadmin,Admin,GX,office,\n", "role"},
	}
	for _, c := range cases {
		r := upload(t, s, admin, "users", "users.csv", c.file)
		if r.code != 422 || !strings.Contains(string(r.body), `"column":"`+c.col+`"`) {
			t.Errorf("%s: %d %s, want 422 naming column %s", c.name, r.code, r.body, c.col)
		}
	}
	if role, _, _, _, _, _, _ := storedUser(t, s, "admin"); role != "admin" {
		t.Errorf("admin's role is now %s", role)
	}
	if r := upload(t, s, mustLogin(t, s, "city_office"), "users", "users.csv", "username,name,unit_code,role,password\nx3,X,GX04,staff,Fine-pass-2025\n"); r.code != 403 {
		t.Errorf("city office imports users: %d", r.code)
	}
}

// An import changes what the file gives: an existing account keeps its
// sign-in method, e-mail and disabled flag when the file leaves them out;
// an ldap account's password is never stored; a new password, role or
// unit ends the account's sessions and tokens at once.
func TestUsersImportKeepsAndEndsSessions(t *testing.T) {
	t.Parallel() // its own store and server
	s := newTestServer(t, loadFixture(t, ""))
	ctx := context.Background()
	if _, err := s.Store.DB().Exec(`UPDATE users SET email = 'dept@tax.example', auth = 'local', disabled = false WHERE username = 'dept';
		UPDATE users SET email = 'staff@tax.example', disabled = true WHERE username = 'staff'`); err != nil {
		t.Fatal(err)
	}
	admin := mustLogin(t, s, "admin")
	deptCookie := mustLogin(t, s, "dept")
	leaderCookie := mustLogin(t, s, "leader")
	secret, _, err := s.Accounts.CreateToken(ctx, "leader", "script", "admin")
	if err != nil {
		t.Fatal(err)
	}
	// the sessions are cached once used
	for _, ck := range []string{deptCookie, leaderCookie} {
		if r := do(t, s, req{method: "GET", path: "/api/me", cookie: ck}); r.code != 200 {
			t.Fatalf("before: %d", r.code)
		}
	}
	file := "username,name,unit_code,role,password,auth,email\n" +
		"dept,部门,GX01-ZG,dept,,,\n" + // nothing but the name: keeps all
		"staff,员工,GX0401-B1,staff,,,\n" +
		"leader,领导,GX,leader,New-leader-pass,,\n" + // new password
		"dir_user,目录用户,GX01,leader,Ignored-pass-2025,ldap,dir@tax.example\n"
	if r := upload(t, s, admin, "users", "users.csv", file); r.code != 200 {
		t.Fatalf("import: %d %s", r.code, r.body)
	}
	if _, _, auth, email, disabled, _, _ := storedUser(t, s, "dept"); auth != "local" || email != "dept@tax.example" || disabled {
		t.Errorf("dept: auth %s email %s disabled %v", auth, email, disabled)
	}
	if _, _, _, email, disabled, _, _ := storedUser(t, s, "staff"); email != "staff@tax.example" || !disabled {
		t.Errorf("staff: email %s disabled %v (the import re-enabled or reset it)", email, disabled)
	}
	if _, _, auth, email, _, hashEmpty, _ := storedUser(t, s, "dir_user"); auth != "ldap" || email != "dir@tax.example" || !hashEmpty {
		t.Errorf("dir_user: auth %s email %s, hash empty %v", auth, email, hashEmpty)
	}
	if r := do(t, s, req{method: "GET", path: "/api/me", cookie: deptCookie}); r.code != 200 {
		t.Errorf("dept's session ended though nothing that matters changed: %d", r.code)
	}
	if r := do(t, s, req{method: "GET", path: "/api/me", cookie: leaderCookie}); r.code != 401 {
		t.Errorf("leader's session after a password reset by import: %d, want 401", r.code)
	}
	if r := do(t, s, req{method: "GET", path: "/api/me", headers: map[string]string{"Authorization": "Bearer " + secret}}); r.code != 401 {
		t.Errorf("leader's token after a password reset by import: %d, want 401", r.code)
	}
	if _, err := login(s, "leader", "New-leader-pass"); err != nil {
		t.Error(err)
	}
	if _, err := login(s, "staff", testPassword); err == nil {
		t.Error("a disabled account signed in")
	}
}

package server

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestUsersAPIRules: SPEC §14's users API as each manager meets it.
func TestUsersAPIRules(t *testing.T) {
	t.Parallel() // its own store and server
	s, admin, office, city := managers(t)
	post := func(ck, path, body string) resp {
		return do(t, s, req{method: "POST", path: path, body: body, cookie: ck})
	}
	put := func(ck, path, body string) resp {
		return do(t, s, req{method: "PUT", path: path, body: body, cookie: ck})
	}
	checkAnswers(t, []answer{
		{"office creates an admin", post(office, "/api/users", `{"username":"evil","name":"E","unit_code":"GX","role":"admin","password":"Evil-pass-2025"}`), 403, ""},
		{"office creates a committee member", post(office, "/api/users", `{"username":"evil","name":"E","unit_code":"GX","role":"committee","password":"Evil-pass-2025"}`), 403, ""},
		{"office makes a leader admin", put(office, "/api/users/leader", `{"role":"admin"}`), 403, ""},
		{"office changes the admin", put(office, "/api/users/admin", `{"name":"x"}`), 403, ""},
		{"office resets the admin's password", post(office, "/api/users/admin/password", `{"password":"Hijacked-2025"}`), 403, ""},
		{"office resets the committee's password", post(office, "/api/users/committee/password", `{"password":"Hijacked-2025"}`), 403, ""},
		{"city office changes its own subtree", put(city, "/api/users/staff", `{"name":"x"}`), 403, ""},
		{"city office creates", post(city, "/api/users", `{"username":"c1","name":"C","unit_code":"GX04","role":"staff","password":"Fine-pass-2025"}`), 403, ""},
		{"city office, account outside its subtree", put(city, "/api/users/dept", `{"name":"x"}`), 404, ""},
		{"city office resets outside", post(city, "/api/users/leader/password", `{"password":"Hijacked-2025"}`), 404, ""},
		{"unknown unit", post(admin, "/api/users", `{"username":"u1","name":"U","unit_code":"NOPE","role":"staff","password":"Fine-pass-2025"}`), 422, "unit_code"},
		{"short password", post(admin, "/api/users", `{"username":"u1","name":"U","unit_code":"GX","role":"staff","password":"short"}`), 422, "10"},
		{"password is the username", post(admin, "/api/users", `{"username":"username01","name":"U","unit_code":"GX","role":"staff","password":"USERNAME01"}`), 422, "username"},
		{"move to no unit", put(admin, "/api/users/staff", `{"unit_code":"NOPE"}`), 422, "unit_code"},
		{"the last admin disabled", put(admin, "/api/users/admin", `{"disabled":true}`), 409, ""},
		{"the last admin demoted", put(admin, "/api/users/admin", `{"role":"office"}`), 409, ""},
		{"office creates a leader in its subtree", post(office, "/api/users", `{"username":"new_leader","name":"新领导","unit_code":"GX04","role":"leader","email":"nl@tax.example","password":"New-leader-2025"}`), 201, `"auth":"local"`},
		{"ldap account without password", post(admin, "/api/users", `{"username":"dir1","name":"目录","unit_code":"GX01","role":"leader","auth":"ldap","password":"ignored"}`), 201, `"auth":"ldap"`},
	})
	if _, _, _, _, _, hashEmpty, _ := storedUser(t, s, "dir1"); !hashEmpty {
		t.Error("an ldap account's password was stored")
	}
	if role, _, _, _, disabled, _, _ := storedUser(t, s, "admin"); role != "admin" || disabled {
		t.Errorf("admin is now %s, disabled %v", role, disabled)
	}
	for _, u := range []string{"admin", "committee"} {
		if _, err := login(s, u, testPassword); err != nil {
			t.Error(err)
		}
	}
	// what each sees: the admin every account, the city office its subtree; never a hash
	var all, cities []map[string]any
	do(t, s, req{method: "GET", path: "/api/users", cookie: admin}).json(t, &all)
	do(t, s, req{method: "GET", path: "/api/users", cookie: city}).json(t, &cities)
	if len(all) != 11 {
		t.Errorf("admin sees %d accounts, want 11", len(all))
	}
	got := []string{}
	for _, u := range cities {
		got = append(got, u["username"].(string))
		if _, ok := u["password_hash"]; ok {
			t.Error("a hash in the list")
		}
	}
	// GX04's subtree holds city_office (GX04), staff (GX0401-B1) and new_leader (GX04)
	if strings.Join(got, ",") != "city_office,new_leader,staff" {
		t.Errorf("city office sees %v", got)
	}
}

// TestUsersAPIEndsSessions: disabling, moving, a new role or password end
// the account's sessions and tokens at once; a disabled account's sign-in
// is 401.
func TestUsersAPIEndsSessions(t *testing.T) {
	t.Parallel() // its own store and server
	s := newTestServer(t, loadFixture(t, ""))
	admin := mustLogin(t, s, "admin")
	steps := []struct{ user, method, path, body string }{
		{"staff", "PUT", "/api/users/staff", `{"disabled":true}`},
		{"city_leader", "PUT", "/api/users/city_leader", `{"unit_code":"GX02"}`},
		{"county_leader", "PUT", "/api/users/county_leader", `{"role":"dept"}`},
		{"dept", "POST", "/api/users/dept/password", `{"password":"Brand-new-pass-1"}`},
	}
	for _, st := range steps {
		ck := mustLogin(t, s, st.user)
		tok, _, err := s.Accounts.CreateToken(t.Context(), st.user, "script", "admin")
		if err != nil {
			t.Fatal(err)
		}
		if r := do(t, s, req{method: "GET", path: "/api/me", cookie: ck}); r.code != 200 {
			t.Fatalf("%s before: %d", st.user, r.code)
		}
		r := do(t, s, req{method: st.method, path: st.path, body: st.body, cookie: admin})
		if r.code != 200 && r.code != 204 {
			t.Fatalf("%s %s: %d %s", st.method, st.path, r.code, r.body)
		}
		if r := do(t, s, req{method: "GET", path: "/api/me", cookie: ck}); r.code != 401 {
			t.Errorf("%s's session after %s: %d, want 401", st.user, st.body, r.code)
		}
		if r := do(t, s, req{method: "GET", path: "/api/me", headers: map[string]string{"Authorization": "Bearer " + tok}}); r.code != 401 {
			t.Errorf("%s's token after %s: %d, want 401", st.user, st.body, r.code)
		}
	}
	if _, err := login(s, "staff", testPassword); err == nil || !strings.Contains(err.Error(), "401") {
		t.Errorf("disabled staff signs in: %v", err)
	}
	if _, err := login(s, "dept", "Brand-new-pass-1"); err != nil {
		t.Error(err)
	}
	// audited
	var es []map[string]any
	do(t, s, req{method: "GET", path: "/api/audit?action=user_change", cookie: admin}).json(t, &es)
	if len(es) != 3 {
		b, _ := json.Marshal(es)
		t.Errorf("audit of user changes: %s", b)
	}
}

// TestAccountPages: the pages as the admin, the province office and a
// city office open them, and a form refusal shown on the page.
func TestAccountPages(t *testing.T) {
	s, cookies := sharedServer(t) // read only
	for _, c := range []struct {
		user, path string
		code       int
		has        []string
	}{
		{"admin", "/admin/users", 200, []string{"新建用户", "committee", `value="admin"`}},
		{"admin", "/admin/users?edit=staff&lang=en", 200, []string{"Edit user staff", "Reset password"}},
		{"office", "/admin/users", 200, []string{"新建用户", `value="leader"`}},
		{"city_office", "/admin/users", 200, []string{"city_office", "staff"}},
		{"admin", "/admin/settings", 200, []string{"grade.ratio", "auth.ldap.service_password", "目录登录"}},
		{"office", "/admin/settings?lang=en", 200, []string{"grade.ratio", "read-only"}},
		{"city_office", "/admin/settings", 403, nil},
		{"leader", "/admin/users", 403, nil},
	} {
		r := do(t, s, req{method: "GET", path: c.path, cookie: cookies[c.user], headers: map[string]string{"Accept": "text/html"}})
		if r.code != c.code {
			t.Errorf("%s %s: %d", c.user, c.path, r.code)
			continue
		}
		for _, h := range c.has {
			if !strings.Contains(string(r.body), h) {
				t.Errorf("%s %s: no %q", c.user, c.path, h)
			}
		}
		if c.user == "office" && c.path == "/admin/users" && strings.Contains(string(r.body), `<option value="admin"`) {
			t.Error("the office is offered the admin role")
		}
	}
}

// TestViewAsSurvivesAccountChange: an administrator viewing as an account
// that is then disabled goes back to their own view, still signed in.
func TestViewAsSurvivesAccountChange(t *testing.T) {
	t.Parallel() // its own store and server
	s := newTestServer(t, loadFixture(t, ""))
	admin := mustLogin(t, s, "admin")
	if r := do(t, s, req{method: "POST", path: "/api/view-as", body: `{"username":"staff"}`, cookie: admin}); r.code != 200 {
		t.Fatalf("view as: %d %s", r.code, r.body)
	}
	other := mustLogin(t, s, "admin") // a second session of the admin makes the change
	if r := do(t, s, req{method: "PUT", path: "/api/users/staff", body: `{"disabled":true}`, cookie: other}); r.code != 200 {
		t.Fatalf("disable: %d %s", r.code, r.body)
	}
	var me struct {
		Username  string `json:"username"`
		ViewingAs bool   `json:"viewing_as"`
	}
	r := do(t, s, req{method: "GET", path: "/api/me", cookie: admin})
	r.json(t, &me)
	if r.code != 200 || me.Username != "admin" || me.ViewingAs {
		t.Errorf("the viewing admin after the account's change: %d %+v", r.code, me)
	}
}

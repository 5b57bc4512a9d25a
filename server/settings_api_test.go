package server

import (
	"strings"
	"testing"
)

// TestSettingsAPI: who reads and changes settings, and how a bad value
// is refused (SPEC §14).
func TestSettingsAPI(t *testing.T) {
	t.Parallel() // its own store and server
	s, admin, office, city := managers(t)
	put := func(ck, key, body string) resp {
		return do(t, s, req{method: "PUT", path: "/api/settings/" + key, body: body, cookie: ck})
	}
	checkAnswers(t, []answer{
		{"office, grading", put(office, "grade.excellent", `{"value":88}`), 200, `"value":88`},
		{"office, a string number", put(office, "grade.ratio", `{"value":"0.25"}`), 200, `"value":0.25`},
		{"office, not grading", put(office, "auth.ldap.url", `{"value":"ldap://dir.example"}`), 403, ""},
		{"city office", put(city, "grade.excellent", `{"value":88}`), 403, ""},
		{"wrong type", put(admin, "appeal.window_days", `{"value":"ten"}`), 422, "appeal.window_days"},
		{"out of range", put(admin, "grade.ratio", `{"value":2}`), 422, "grade.ratio"},
		{"null", put(admin, "grade.ratio", `{"value":null}`), 422, ""},
		{"malformed LDAP URL", put(admin, "auth.ldap.url", `{"value":"ldapx://dir"}`), 422, "auth.ldap.url"},
		{"bind template without %s", put(admin, "auth.ldap.bind_dn", `{"value":"uid=x,dc=tax"}`), 422, "%s"},
		{"unknown key", put(admin, "no.such", `{"value":1}`), 404, ""},
		{"admin, secret", put(admin, "notify.smtp.password", `{"value":"Smtp-secret-9"}`), 200, `"value":null`},
		{"admin, bool", put(admin, "auth.ldap.starttls", `{"value":true}`), 200, `"value":true`},
	})
	for _, ck := range []string{admin, office} {
		var vs []map[string]any
		r := do(t, s, req{method: "GET", path: "/api/settings", cookie: ck})
		r.json(t, &vs)
		if r.code != 200 || len(vs) < 30 || strings.Contains(string(r.body), "Smtp-secret-9") {
			t.Fatalf("GET /api/settings: %d, %d settings", r.code, len(vs))
		}
		for _, v := range vs {
			for _, f := range []string{"key", "value", "default", "type", "min", "max", "options"} {
				if _, ok := v[f]; !ok {
					t.Errorf("%v has no %s", v["key"], f)
				}
			}
			if v["key"] == "grade.excellent" && v["value"] != 88.0 {
				t.Errorf("grade.excellent reads %v", v["value"])
			}
			if v["key"] == "notify.smtp.password" && (v["value"] != nil || v["set"] != true) {
				t.Errorf("the secret reads %v, set %v", v["value"], v["set"])
			}
		}
	}
	if r := do(t, s, req{method: "GET", path: "/api/settings", cookie: city}); r.code != 403 {
		t.Errorf("city office reads settings: %d", r.code)
	}
}

package server

import (
	"strings"
	"testing"
)

// TestItemsByIDAnswers: the sources' and pulls' item routes answer 201 for
// a creation, 200 for a read or an update, 204 for a deletion, and 404 for
// an id that is none or names nothing.
func TestItemsByIDAnswers(t *testing.T) {
	st := loadFixture(t, "")
	defer st.Close()
	s := newTestServer(t, st)
	admin := mustLogin(t, s, "admin")
	const pull = `{"name":"%s","source":1,"query":"SELECT indicator_code, unit_code, period, actual FROM t WHERE period = :period","schedule":"","periods":["2025Q4"]}`
	for _, c := range []struct {
		method, path, body string
		code               int
		has                string
	}{
		{"POST", "/api/sources", `{"name":"库","driver":"mysql","dsn":"jx@tcp(127.0.0.1:1)/tax","password":"x"}`, 201, `"name":"库"`},
		{"POST", "/api/pulls", strings.Replace(pull, "%s", "zg", 1), 201, `"name":"zg"`},
		{"GET", "/api/pulls/1", "", 200, `"name":"zg"`},
		{"PUT", "/api/pulls/1", strings.Replace(pull, "%s", "zg2", 1), 200, `"name":"zg2"`},
		{"GET", "/api/pulls/1/runs", "", 200, ""},
		{"GET", "/api/pulls/x", "", 404, ""},
		{"PUT", "/api/pulls/0", strings.Replace(pull, "%s", "zg3", 1), 404, ""},
		{"GET", "/api/pulls/2/runs", "", 404, ""},
		{"DELETE", "/api/pulls/1", "", 204, ""},
		{"GET", "/api/pulls/1", "", 404, ""},
		{"DELETE", "/api/pulls/1", "", 404, ""},
		{"GET", "/api/sources/1", "", 200, `"name":"库"`},
		{"DELETE", "/api/sources/1", "", 204, ""},
		{"POST", "/api/sources/1/test", `{}`, 404, ""},
	} {
		r := do(t, s, req{method: c.method, path: c.path, cookie: admin, body: c.body})
		if r.code != c.code || !strings.Contains(string(r.body), c.has) {
			t.Errorf("%s %s: %d %s, want %d with %s", c.method, c.path, r.code, r.body, c.code, c.has)
		}
	}
}

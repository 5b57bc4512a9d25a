package server

import (
	"context"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"jixiao/queries"
)

// A source's password is write-only: no answer, page, audit entry or
// backup holds it in plain text; the connection string is the admin's.
func TestSourcePasswordNeverShown(t *testing.T) {
	t.Parallel() // its own store and server
	st := loadFixture(t, "")
	defer st.Close()
	s := newTestServer(t, st)
	admin, office := mustLogin(t, s, "admin"), mustLogin(t, s, "office")
	const pw = "Pw-Never-Shown-7731"
	r := do(t, s, req{method: "POST", path: "/api/sources", cookie: admin,
		body: `{"name":"金三库","driver":"postgres","dsn":"postgres://jx_reader@db:5432/taxsys?sslmode=disable","password":"` + pw + `"}`})
	if r.code != 201 || strings.Contains(string(r.body), pw) || !strings.Contains(string(r.body), `"has_password":true`) || !strings.Contains(string(r.body), "jx_reader@db") {
		t.Fatalf("create: %d %s", r.code, r.body)
	}
	var created struct{ ID int64 }
	r.json(t, &created)
	// a password inside the connection string is refused
	if r := do(t, s, req{method: "POST", path: "/api/sources", cookie: admin,
		body: `{"name":"x","driver":"postgres","dsn":"postgres://jx_reader:` + pw + `@db/taxsys"}`}); r.code != 422 || strings.Contains(string(r.body), pw) {
		t.Errorf("password in the dsn: %d %s", r.code, r.body)
	}
	// edits without a password keep it
	if r := do(t, s, req{method: "PUT", path: fmt.Sprintf("/api/sources/%d", created.ID), cookie: admin,
		body: `{"name":"金三库","driver":"postgres","dsn":"postgres://jx_reader@db2:5432/taxsys"}`}); r.code != 200 || !strings.Contains(string(r.body), `"has_password":true`) {
		t.Errorf("update: %d %s", r.code, r.body)
	}
	for _, c := range []struct {
		who, path string
		code      int
		dsn       bool
	}{
		{admin, "/api/sources", 200, true}, {admin, fmt.Sprintf("/api/sources/%d", created.ID), 200, true}, {admin, "/sources", 200, true},
		{office, "/api/sources", 200, false}, {office, fmt.Sprintf("/api/sources/%d", created.ID), 200, false}, {office, "/sources", 200, false},
		{mustLogin(t, s, "committee"), "/api/sources", 403, false}, {mustLogin(t, s, "city_office"), "/sources", 403, false},
	} {
		r := do(t, s, req{method: "GET", path: c.path, cookie: c.who})
		if r.code != c.code || strings.Contains(string(r.body), pw) || strings.Contains(string(r.body), "jx_reader@db2") != c.dsn {
			t.Errorf("GET %s: %d, dsn shown %v, want %d %v", c.path, r.code, !c.dsn, c.code, c.dsn)
		}
	}
	var sealed string
	st.DB().QueryRow("SELECT password_sealed FROM sources").Scan(&sealed)
	if !strings.HasPrefix(sealed, "jxs1:") || strings.Contains(sealed, pw) {
		t.Errorf("stored as %q", sealed)
	}
	// every text column of a backup, the audit log included
	backup := filepath.Join(t.TempDir(), "backup.duckdb")
	if err := st.Backup(context.Background(), backup); err != nil {
		t.Fatal(err)
	}
	raw, _ := os.ReadFile(backup)
	if strings.Contains(string(raw), pw) {
		t.Error("the backup file holds the password")
	}
	b, err := queries.Open(backup)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	rows, err := b.DB().Query(`SELECT table_name, column_name FROM information_schema.columns WHERE data_type = 'VARCHAR' AND table_schema = 'main'`)
	if err != nil {
		t.Fatal(err)
	}
	var cols [][2]string
	for rows.Next() {
		var tbl, col string
		rows.Scan(&tbl, &col)
		cols = append(cols, [2]string{tbl, col})
	}
	rows.Close()
	for _, c := range cols {
		var n int
		if err := b.DB().QueryRow(fmt.Sprintf(`SELECT count(*) FROM %q WHERE %q LIKE ?`, c[0], c[1]), "%"+pw+"%").Scan(&n); err == nil && n > 0 {
			t.Errorf("backup %s.%s holds the password", c[0], c[1])
		}
	}
	if len(cols) < 20 {
		t.Errorf("only %d text columns searched", len(cols))
	}
}

// Runs over HTTP: 200 with the run whatever its status, 422 for a
// malformed period; a failed run is a pull_failed warning for the admin
// and the province office only, and a dry run is not kept.
func TestPullRunsAndWarnings(t *testing.T) {
	t.Parallel() // its own store and server
	st := loadFixture(t, "")
	defer st.Close()
	s := newTestServer(t, st)
	admin, office := mustLogin(t, s, "admin"), mustLogin(t, s, "office")
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close() // nothing listens there now
	r := do(t, s, req{method: "POST", path: "/api/sources", cookie: admin,
		body: fmt.Sprintf(`{"name":"down","driver":"mysql","dsn":"jx@tcp(127.0.0.1:%d)/tax","password":"x"}`, port)})
	if r.code != 201 {
		t.Fatalf("%d %s", r.code, r.body)
	}
	if r = do(t, s, req{method: "POST", path: "/api/sources/1/test", cookie: admin, body: `{}`}); r.code != 200 || !strings.Contains(string(r.body), `"ok":false`) {
		t.Errorf("test: %d %s", r.code, r.body)
	}
	if r = do(t, s, req{method: "POST", path: "/api/sources/1/test", cookie: office, body: `{}`}); r.code != 403 {
		t.Errorf("office tests a source: %d", r.code)
	}
	r = do(t, s, req{method: "POST", path: "/api/pulls", cookie: office,
		body: `{"name":"zg","source":1,"query":"SELECT indicator_code, unit_code, period, actual FROM t WHERE period = :period","schedule":"","periods":["2025Q4"]}`})
	if r.code != 201 || !strings.Contains(string(r.body), `"last_run":null`) {
		t.Fatalf("pull: %d %s", r.code, r.body)
	}
	if r = do(t, s, req{method: "POST", path: "/api/pulls/1/run", cookie: office, body: `{"period":"2025Q9"}`}); r.code != 422 {
		t.Errorf("malformed period: %d %s", r.code, r.body)
	}
	if r = do(t, s, req{method: "POST", path: "/api/pulls/1/run?dry_run=1", cookie: office, body: `{"period":"2025Q4"}`}); r.code != 200 || !strings.Contains(string(r.body), `"status":"failed"`) {
		t.Errorf("dry run: %d %s", r.code, r.body)
	}
	warned := func(cookie string) bool {
		r := do(t, s, req{method: "GET", path: "/api/warnings?period=2025Q4", cookie: cookie})
		return strings.Contains(string(r.body), `"pull_failed"`)
	}
	if warned(admin) {
		t.Error("a dry run raised a warning")
	}
	r = do(t, s, req{method: "POST", path: "/api/pulls/1/run", cookie: office, body: `{"period":"2025Q4"}`})
	if r.code != 200 || !strings.Contains(string(r.body), `"status":"failed"`) || !strings.Contains(string(r.body), "cannot reach the source") {
		t.Fatalf("run: %d %s", r.code, r.body)
	}
	if r = do(t, s, req{method: "GET", path: "/api/pulls/1/runs", cookie: office}); r.code != 200 || strings.Count(string(r.body), `"trigger":"manual"`) != 1 {
		t.Errorf("runs: %d %s", r.code, r.body)
	}
	for who, want := range map[string]bool{"admin": true, "office": true, "committee": false, "city_office": false, "leader": false} {
		if got := warned(mustLogin(t, s, who)); got != want {
			t.Errorf("%s sees the pull_failed warning: %v", who, got)
		}
	}
	if r = do(t, s, req{method: "GET", path: "/?period=2025Q4", cookie: office}); !strings.Contains(string(r.body), "数据拉取失败") {
		t.Error("the overview shows no failed pull")
	}
	if r = do(t, s, req{method: "DELETE", path: "/api/sources/1", cookie: admin}); r.code != 409 {
		t.Errorf("deleting a source in use: %d", r.code)
	}
	if r = do(t, s, req{method: "GET", path: "/api/imports", cookie: office}); !strings.Contains(string(r.body), `"source":null`) {
		t.Errorf("imports carry no source: %s", r.body[:min(len(r.body), 300)])
	}
}

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

package server

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"

	"jixiao/data"
	"jixiao/queries"
	"jixiao/queries/accounts"
	"jixiao/queries/fixture"
	"jixiao/queries/imports"
)

// testPassword is every fixture user's password.
const testPassword = fixture.Password

// fixtureUsers are the fixture's users (fixture.Users).
var fixtureUsers = fixture.Users

func fixtureDir(t testing.TB) string { return fixture.Dir() }

func writeFile(t testing.TB, name, body string) string {
	t.Helper()
	return fixture.WriteFile(t, name, body)
}

// loadFixture imports the small province and the fixture users into the
// store at path ("" = in memory), then publishes the periods as the demo
// does (every quarter final, the last in review) and takes the last back
// to open, so that one period is open.
// Each store is a copy of a database loaded once (fixture.Copy), at path
// or in the test's temp dir when path is "".
func loadFixture(t testing.TB, path string) *queries.Store {
	t.Helper()
	path = fixture.Copy(t, "server", path, fixture.Builder(queries.Open, func(st *queries.Store) { buildFixture(t, st) }))
	st, err := queries.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	return st
}

func TestMain(m *testing.M) { os.Exit(fixture.Main(m)) }

func buildFixture(t testing.TB, st *queries.Store) {
	ctx := context.Background()
	fixture.Load(t, func(k data.Kind, path string) error {
		_, err := imports.Import(ctx, st, k, path, imports.Options{User: "test", Users: accounts.UsersFile{}})
		var rej *imports.RejectedError
		if errors.As(err, &rej) {
			return fmt.Errorf("%w: %+v", err, rej.Errors)
		}
		return err
	}, true)
	fixture.QuickPasswords(t, st.DB())
	if err := st.DemoPeriodStatuses(ctx); err != nil {
		t.Fatal(err)
	}
	if err := st.SetPeriodStatus(ctx, "test", "2025Q4", "open"); err != nil {
		t.Fatal(err)
	}
}

// newTestServer builds a server on st without warming or log noise.
func newTestServer(t testing.TB, st *queries.Store, mod ...func(*Config)) *Server {
	t.Helper()
	cfg := Config{Store: st, NoWarm: true, NoReports: true, NoNotify: true, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
	for _, m := range mod {
		m(&cfg)
	}
	s, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	return s
}

// shared is one read-mostly fixture server with a signed-in session per
// role, for the tests that do not change data.
var shared struct {
	once    sync.Once
	err     error
	store   *queries.Store
	srv     *Server
	cookies map[string]string
}

func sharedServer(t *testing.T) (*Server, map[string]string) {
	t.Helper()
	shared.once.Do(func() {
		// In memory; its users file is read at once, so the first test's
		// TempDir going away does not matter.
		shared.store = loadFixture(t, "")
		cfg := Config{Store: shared.store, NoWarm: true, NoReports: true, NoNotify: true, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
		shared.srv, shared.err = New(cfg)
		if shared.err != nil {
			return
		}
		shared.cookies = map[string]string{}
		for _, u := range fixtureUsers {
			ck, err := login(shared.srv, u.Username, testPassword)
			if err != nil {
				shared.err = err
				return
			}
			shared.cookies[u.Username] = ck
		}
	})
	if shared.err != nil {
		t.Fatal(shared.err)
	}
	return shared.srv, shared.cookies
}

// req is one test request.
type req struct {
	method, path string
	body         string            // JSON unless headers say otherwise
	headers      map[string]string // extra headers
	cookie       string            // session cookie value
}

type resp struct {
	code    int
	body    []byte
	headers http.Header
}

func (r resp) json(t testing.TB, v any) {
	t.Helper()
	if err := json.Unmarshal(r.body, v); err != nil {
		t.Fatalf("decode %q: %v", r.body, err)
	}
}

func do(t testing.TB, s *Server, r req) resp {
	t.Helper()
	out, err := doErr(s, r)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func doErr(s *Server, r req) (resp, error) {
	var body io.Reader
	if r.body != "" {
		body = strings.NewReader(r.body)
	}
	hr := httptest.NewRequest(r.method, r.path, body)
	if r.body != "" {
		hr.Header.Set("Content-Type", "application/json")
	}
	for k, v := range r.headers {
		hr.Header.Set(k, v)
	}
	if r.cookie != "" {
		hr.AddCookie(&http.Cookie{Name: sessionCookie, Value: r.cookie})
	}
	res, err := s.App().Test(hr, -1)
	if err != nil {
		return resp{}, err
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	return resp{code: res.StatusCode, body: b, headers: res.Header}, err
}

// login signs in and returns the session cookie's value.
func login(s *Server, username, password string) (string, error) {
	hr := httptest.NewRequest("POST", "/api/login", strings.NewReader(`{"username":"`+username+`","password":"`+password+`"}`))
	hr.Header.Set("Content-Type", "application/json")
	res, err := s.App().Test(hr, -1)
	if err != nil {
		return "", err
	}
	defer res.Body.Close()
	if res.StatusCode != 200 {
		b, _ := io.ReadAll(res.Body)
		return "", errors.New("login " + username + ": " + res.Status + " " + string(b))
	}
	for _, c := range res.Cookies() {
		if c.Name == sessionCookie {
			return c.Value, nil
		}
	}
	return "", errors.New("login " + username + ": no session cookie")
}

func mustLogin(t testing.TB, s *Server, username string) string {
	t.Helper()
	ck, err := login(s, username, testPassword)
	if err != nil {
		t.Fatal(err)
	}
	return ck
}

// getOK reads path as the session cookie's user into v, failing the test
// unless the answer is 200.
func getOK(t testing.TB, s *Server, cookie, path string, v any) {
	t.Helper()
	r := do(t, s, req{method: "GET", path: path, cookie: cookie})
	if r.code != 200 {
		t.Fatalf("GET %s: %d %s", path, r.code, r.body)
	}
	r.json(t, v)
}

// managers is a fixture server with admin, office and city_office (GX04)
// signed in, and their session cookies.
func managers(t testing.TB) (s *Server, admin, office, city string) {
	t.Helper()
	s = newTestServer(t, loadFixture(t, ""))
	return s, mustLogin(t, s, "admin"), mustLogin(t, s, "office"), mustLogin(t, s, "city_office")
}

// answer is one call's answer and what it should be: the status code and
// a text its body holds.
type answer struct {
	name string
	r    resp
	code int
	has  string
}

// checkAnswers reports every answer that is not as it should be.
func checkAnswers(t testing.TB, as []answer) {
	t.Helper()
	for _, a := range as {
		if a.r.code != a.code || !strings.Contains(string(a.r.body), a.has) {
			t.Errorf("%s: %d %s, want %d with %q", a.name, a.r.code, a.r.body, a.code, a.has)
		}
	}
}

// countOf is the one integer a query answers (a count), failing the test
// on an error.
func countOf(t testing.TB, st *queries.Store, q string, args ...any) int {
	t.Helper()
	var n int
	if err := st.DB().QueryRow(q, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// fileAppeal files an appeal by POST /api/appeals as cookie's user and
// returns it, failing the test unless it is created (201).
func fileAppeal(t testing.TB, s *Server, cookie, body string) queries.Appeal {
	t.Helper()
	filed := do(t, s, req{method: "POST", path: "/api/appeals", cookie: cookie, body: body})
	if filed.code != 201 {
		t.Fatalf("file: %d %s", filed.code, filed.body)
	}
	var a queries.Appeal
	filed.json(t, &a)
	return a
}

// upload posts a file as multipart field "file" to /api/imports/{kind}.
func upload(t testing.TB, s *Server, cookie, kind, name, content string) resp {
	t.Helper()
	return multipartPost(t, s, cookie, "/api/imports/"+kind, name, []byte(content), nil)
}

// multipartPost posts one file as multipart field "file" to path, with
// the session cookie and the given headers.
func multipartPost(t testing.TB, s *Server, cookie, path, name string, content []byte, headers map[string]string) resp {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	fw, err := mw.CreateFormFile("file", name)
	if err != nil {
		t.Fatal(err)
	}
	fw.Write(content)
	mw.Close()
	hr := httptest.NewRequest("POST", path, &buf)
	hr.Header.Set("Content-Type", mw.FormDataContentType())
	for k, v := range headers {
		hr.Header.Set(k, v)
	}
	hr.AddCookie(&http.Cookie{Name: sessionCookie, Value: cookie})
	res, err := s.App().Test(hr, -1)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return resp{code: res.StatusCode, body: b, headers: res.Header}
}

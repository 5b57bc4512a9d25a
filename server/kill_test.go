package server

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"mime/multipart"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"jixiao/data"
	"jixiao/queries"
	"jixiao/queries/accounts"
	"jixiao/queries/fixture"
	"jixiao/queries/imports"
)

// The kill -9 test of a server: a child process (this test binary,
// re-executed) serves a database file; a large values file is uploaded to
// it and the child is killed with SIGKILL while the upload streams in,
// just after it arrived, while it is applied, and after the answer. The
// database must reopen with no partial batch, scoring byte-identically as
// before or after the import.

const killServerEnv = "JIXIAO_KILL9_SERVER" // "db|addr" in the child

// TestKill9ServerChild is the child's side; it does nothing in a normal run.
func TestKill9ServerChild(t *testing.T) {
	st, addr := fixture.ChildOpen(t, killServerEnv, "TestKill9DuringWebImport", queries.Open)
	err := Run(context.Background(), Config{Addr: addr, Store: st, NoWarm: true, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	fmt.Fprintln(os.Stderr, err)
	os.Exit(3)
}

// scoredState is what a kill may change only by a whole batch.
func scoredState(t *testing.T, db string) string {
	t.Helper()
	return fixture.BatchState(t, db, queries.Open, func(st *queries.Store) (any, error) {
		return st.Scores(context.Background(), queries.Everything, "")
	})
}

func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// startChild serves db from a child process and returns it with an admin session.
func startChild(t *testing.T, db string) (*exec.Cmd, string, string) {
	t.Helper()
	addr := freeAddr(t)
	cmd := fixture.Child("TestKill9ServerChild", killServerEnv, db, addr)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	base := "http://" + addr
	for i := 0; ; i++ {
		res, err := http.Get(base + "/api/health")
		if err == nil {
			res.Body.Close()
			break
		}
		if i > 300 {
			cmd.Process.Kill()
			t.Fatal("the child server did not start")
		}
		time.Sleep(50 * time.Millisecond)
	}
	res, err := http.Post(base+"/api/login", "application/json", strings.NewReader(`{"username":"admin","password":"`+data.DemoPassword+`"}`))
	if err != nil || res.StatusCode != 200 {
		cmd.Process.Kill()
		t.Fatalf("login: %v %v", res, err)
	}
	res.Body.Close()
	for _, c := range res.Cookies() {
		if c.Name == sessionCookie {
			return cmd, base, c.Value
		}
	}
	cmd.Process.Kill()
	t.Fatal("no session cookie")
	return nil, "", ""
}

// TestKill9DuringWebImport kills the serving child at several moments of a
// web import.
func TestKill9DuringWebImport(t *testing.T) {
	t.Parallel() // its own store and server
	if testing.Short() {
		t.Skip("kill -9 test: not with -short")
	}
	if os.Getenv(killServerEnv) != "" {
		t.Skip("in the child")
	}
	base, values := fixture.DemoDB(t, queries.Open, func(st *queries.Store, k data.Kind, path string) error {
		_, err := imports.Import(context.Background(), st, k, path, imports.Options{User: "test", Users: accounts.UsersFile{}})
		return err
	}, data.Kinds)
	before := scoredState(t, base)
	content, _ := os.ReadFile(values)
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	fw, _ := mw.CreateFormFile("file", "values2.csv")
	fw.Write(content)
	mw.Close()
	// The reference: the same import in this process, without a kill.
	ref := fixture.CopyDB(t, base)
	st, err := queries.Open(ref)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := imports.Import(context.Background(), st, data.KindValues, values, imports.Options{User: "ref"}); err != nil {
		t.Fatal(err)
	}
	st.Close()
	after := scoredState(t, ref)
	if after == before {
		t.Fatal("the import changes nothing: the test could not tell a partial batch")
	}
	for _, m := range []struct {
		name string
		sent int // bytes of the body sent before the kill (all: then wait delay)
		wait time.Duration
	}{
		{"half the upload sent", body.Len() / 2, 0},
		{"upload sent", body.Len(), 0},
		{"upload sent + 700ms", body.Len(), 700 * time.Millisecond},
		{"answered", body.Len(), -1},
	} {
		db := fixture.CopyDB(t, base)
		cmd, url, cookie := startChild(t, db)
		pr, pw := io.Pipe()
		req, _ := http.NewRequest("POST", url+"/api/imports/values", pr)
		req.ContentLength = int64(body.Len())
		req.Header.Set("Content-Type", mw.FormDataContentType())
		req.AddCookie(&http.Cookie{Name: sessionCookie, Value: cookie})
		done := make(chan *http.Response, 1)
		go func() {
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				done <- nil
				return
			}
			io.Copy(io.Discard, res.Body)
			res.Body.Close()
			done <- res
		}()
		pw.Write(body.Bytes()[:m.sent])
		switch {
		case m.wait < 0:
			pw.Close()
			if res := <-done; res == nil || res.StatusCode != 200 {
				t.Fatalf("%s: the import did not answer 200: %v", m.name, res)
			}
		case m.sent < body.Len():
			time.Sleep(100 * time.Millisecond) // the server is reading the body
		default:
			pw.Close()
			time.Sleep(m.wait)
		}
		cmd.Process.Signal(syscall.SIGKILL)
		cmd.Wait()
		pw.CloseWithError(io.ErrClosedPipe)
		switch got := scoredState(t, db); {
		case got == before:
			if m.wait < 0 {
				t.Errorf("%s: the answered import was lost", m.name)
			}
			t.Logf("%s: the database is as before the import", m.name)
		case got != after:
			t.Errorf("%s: the database holds neither the state before nor after the batch", m.name)
		case m.sent < body.Len():
			t.Errorf("%s: the database changed before the file arrived", m.name)
		default:
			t.Logf("%s: the database holds the import", m.name)
		}
	}
}

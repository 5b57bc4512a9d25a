package server

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

// rawPost sends a request head declaring length (or chunked when length
// < 0), then body (padded to 64 KiB, more than the server's 8 KiB
// prefetch, when a length is declared) and no more, and returns the status
// the server answers within a few seconds, without sending the rest.
func rawPost(t *testing.T, addr, path, cookie, ctype string, length int, body string) int {
	t.Helper()
	conn, err := net.DialTimeout("tcp", addr, 2*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(5 * time.Second))
	head := fmt.Sprintf("POST %s HTTP/1.1\r\nHost: %s\r\nContent-Type: %s\r\n", path, addr, ctype)
	if cookie != "" {
		head += "Cookie: " + sessionCookie + "=" + cookie + "\r\n"
	}
	switch {
	case length >= 0:
		if pad := min(64<<10, length) - len(body); pad > 0 {
			body += strings.Repeat(" ", pad)
		}
		head += fmt.Sprintf("Content-Length: %d\r\n\r\n%s", length, body)
	case length == -1:
		head += fmt.Sprintf("Transfer-Encoding: chunked\r\n\r\n%x\r\n%s\r\n", len(body), body)
	default: // a whole chunked body
		head += fmt.Sprintf("Transfer-Encoding: chunked\r\n\r\n%x\r\n%s\r\n0\r\n\r\n", len(body), body)
	}
	if _, err := io.WriteString(conn, head); err != nil {
		t.Fatal(err)
	}
	res, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("POST %s declaring %d bytes: no answer before the body was sent (%v)", path, length, err)
	}
	res.Body.Close()
	return res.StatusCode
}

// TestBodyLimitsBeforeReading: every route but the uploads refuses a body
// over 1 MiB from its declared length, before reading it and before anyone
// signs in (four anonymous 200 MB logins once took the server from 366 MB
// to 1.7 GB); an upload route answers an anonymous request before reading
// its body; a body of undeclared length is read up to the limit only.
func TestBodyLimitsBeforeReading(t *testing.T) {
	t.Parallel() // its own store and server
	st := loadFixture(t, "")
	defer st.Close()
	s := newTestServer(t, st)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go s.App().Listener(ln)
	defer s.App().Shutdown()
	addr := ln.Addr().String()
	staff := mustLogin(t, s, "staff")
	office := mustLogin(t, s, "office")
	const huge = 200 << 20
	for _, c := range []struct {
		name, path, cookie, ctype string
		length                    int
		body                      string
		want                      int
	}{
		{"anonymous 200 MB login", "/api/login", "", "application/json", huge, `{"username":"admin",`, 413},
		{"2 MiB login", "/api/login", "", "application/json", 2 << 20, `{"username":"admin",`, 413},
		{"signed-in 200 MB appeal", "/api/appeals", staff, "application/json", huge, `{"unit_code":`, 413},
		{"200 MB page form", "/appeals", staff, "application/x-www-form-urlencoded", huge, "reason=", 413},
		{"anonymous 200 MB import", "/api/imports/values", "", "multipart/form-data; boundary=x", huge, "--x\r\n", 401},
		{"import over the upload limit", "/api/imports/values", office, "multipart/form-data; boundary=x", 300 << 20, "--x\r\n", 413},
		{"evidence over its limit", "/api/appeals/1/files", staff, "multipart/form-data; boundary=x", 50 << 20, "--x\r\n", 413},
		{"chunked upload", "/api/imports/values", office, "multipart/form-data; boundary=x", -1, "--x\r\n", 411},
		{"chunked login over 1 MiB", "/api/login", "", "application/json", -1, strings.Repeat(" ", 1<<20+10), 413},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := rawPost(t, addr, c.path, c.cookie, c.ctype, c.length, c.body); got != c.want {
				t.Errorf("got %d, want %d", got, c.want)
			}
		})
	}
	// Small bodies of undeclared length still work.
	if got := rawPost(t, addr, "/api/login", "", "application/json", -2, `{"username":"staff","password":"`+testPassword+`"}`); got != 200 {
		t.Errorf("chunked login: %d, want 200", got)
	}
}

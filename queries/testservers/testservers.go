//go:build servers

// Package testservers starts real servers (PostgreSQL, MariaDB, …) for the
// tests tagged servers: each on 127.0.0.1 on a free port in a temporary
// directory, stopped when the test ends. A server that cannot start fails
// the test; it never skips.
package testservers

import (
	"net"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// FreePort is a TCP port free on 127.0.0.1 at the time of asking.
func FreePort(t testing.TB) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("free port: %v", err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

// run runs a command and fails the test with its output when it fails.
func run(t testing.TB, name string, args ...string) string {
	t.Helper()
	cmd := exec.Command(name, args...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
	}
	return string(out)
}

// waitFor retries ok until it answers true or the deadline passes.
func waitFor(t testing.TB, what string, d time.Duration, ok func() error) {
	t.Helper()
	deadline := time.Now().Add(d)
	var err error
	for time.Now().Before(deadline) {
		if err = ok(); err == nil {
			return
		}
		time.Sleep(200 * time.Millisecond)
	}
	t.Fatalf("%s did not start within %s: %v", what, d, err)
}

// tempDir is a fresh directory under the system's temporary folder that
// other users may enter (PostgreSQL runs as the postgres user).
func tempDir(t testing.TB, pattern string) string {
	t.Helper()
	dir, err := os.MkdirTemp("", pattern)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// runQuiet runs a command and returns its output and error.
func runQuiet(name string, args ...string) (string, error) {
	out, err := exec.Command(name, args...).CombinedOutput()
	return string(out), err
}

// place is where a test's database server lives: its own temporary
// folder Dir and its port on 127.0.0.1, for the test t.
type place struct {
	Dir  string
	Port int
	t    testing.TB
}

// data is the server's data directory, inside Dir.
func (p place) data() string { return p.Dir + string(os.PathSeparator) + "data" }

// newPlace makes a new folder (named after pattern) and picks a free port.
func newPlace(t testing.TB, pattern string) place {
	t.Helper()
	return place{Dir: tempDir(t, pattern), Port: FreePort(t), t: t}
}

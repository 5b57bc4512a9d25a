//go:build servers

package testservers

import (
	"bytes"
	"net"
	"net/mail"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"testing"
	"time"
)

// SMTP is a real SMTP server (Python's aiosmtpd, Debian's python3-aiosmtpd)
// on 127.0.0.1 and a free port, writing every message it receives to a
// maildir in the test's temporary directory; it stops when the test ends.
type SMTP struct {
	Host string
	Port int
	Dir  string // the maildir: received messages are files in Dir/new
}

// StartSMTP starts the server and waits until it accepts connections; a
// server that cannot start fails the test.
func StartSMTP(t testing.TB) *SMTP {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "maildir")
	port := smtpFreePort(t)
	cmd := exec.Command("/usr/bin/python3", "-m", "aiosmtpd", "-n", "-l", "127.0.0.1:"+strconv.Itoa(port),
		"-c", "aiosmtpd.handlers.Mailbox", dir)
	log, err := os.Create(filepath.Join(t.TempDir(), "aiosmtpd.log"))
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stdout, cmd.Stderr = log, log
	if err := cmd.Start(); err != nil {
		t.Fatalf("smtp: start aiosmtpd: %v", err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		log.Close()
	})
	addr := net.JoinHostPort("127.0.0.1", strconv.Itoa(port))
	for end := time.Now().Add(15 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		if c, err := net.DialTimeout("tcp", addr, time.Second); err == nil {
			c.Close()
			break
		}
		if time.Now().After(end) {
			out, _ := os.ReadFile(log.Name())
			t.Fatalf("smtp: aiosmtpd did not listen on %s: %s", addr, out)
		}
	}
	return &SMTP{Host: "127.0.0.1", Port: port, Dir: dir}
}

// Messages are the messages received so far, oldest first.
func (s *SMTP) Messages(t testing.TB) []*mail.Message {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(s.Dir, "new", "*"))
	sort.Slice(files, func(i, j int) bool {
		a, _ := os.Stat(files[i])
		b, _ := os.Stat(files[j])
		return a.ModTime().Before(b.ModTime())
	})
	var out []*mail.Message
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		m, err := mail.ReadMessage(bytes.NewReader(b))
		if err != nil {
			t.Fatalf("smtp: %s: %v", f, err)
		}
		out = append(out, m)
	}
	return out
}

// smtpFreePort is a port free on 127.0.0.1 a moment ago.
func smtpFreePort(t testing.TB) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

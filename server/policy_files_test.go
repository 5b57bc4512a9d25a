package server

import (
	"bytes"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestPolicyFolderFilesRequired: once a policy folder is given, a missing
// folder is an error at start, and a policy.csv that disappears or cannot
// be read is refused like a broken one: the last good policy stays, and
// the refusal is logged as an error.
func TestPolicyFolderFilesRequired(t *testing.T) {
	s, _ := sharedServer(t)
	if _, err := New(Config{Store: s.Store, NoWarm: true, NoReports: true, PolicyDir: filepath.Join(t.TempDir(), "nope")}); err == nil {
		t.Error("a server started on a policy folder that does not exist")
	}
	empty := t.TempDir()
	if _, err := New(Config{Store: s.Store, NoWarm: true, NoReports: true, PolicyDir: empty}); err == nil {
		t.Error("a server started on a policy folder without policy.csv")
	}

	builtin, err := policyFS.ReadFile("policy/policy.csv")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	file := filepath.Join(dir, "policy.csv")
	strict := strings.ReplaceAll(string(builtin), "p, reader, *, /api/rankings, GET\n", "")
	if err := os.WriteFile(file, []byte(strict), 0o644); err != nil {
		t.Fatal(err)
	}
	var logs bytes.Buffer
	s2 := newTestServer(t, s.Store, func(c *Config) { c.PolicyDir = dir })
	log := slog.New(slog.NewTextHandler(&logs, nil))
	leader := mustLogin(t, s2, "leader")
	rankings := func() int {
		return do(t, s2, req{method: "GET", path: "/api/rankings?period=2025Q3", cookie: leader}).code
	}
	if c := rankings(); c != 403 {
		t.Fatalf("rankings under the strict policy: %d", c)
	}
	for _, step := range []struct {
		name string
		do   func() error
	}{
		{"removed", func() error { return os.Remove(file) }},
		{"a folder in its place (unreadable)", func() error { return os.Mkdir(file, 0o755) }},
	} {
		logs.Reset()
		if err := step.do(); err != nil {
			t.Fatal(err)
		}
		s2.policy.reloadIfChanged(log)
		if c := rankings(); c != 403 {
			t.Errorf("policy.csv %s: rankings %d, want 403 (the last good policy)", step.name, c)
		}
		if !strings.Contains(logs.String(), "level=ERROR") {
			t.Errorf("policy.csv %s: logged %q, want an ERROR", step.name, logs.String())
		}
	}
	// Back in place (with the rankings): reloaded.
	if err := os.Remove(file); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, builtin, 0o644); err != nil {
		t.Fatal(err)
	}
	s2.policy.reloadIfChanged(log)
	if c := rankings(); c != 200 {
		t.Errorf("after the file came back: rankings %d, want 200", c)
	}
}

package main

import (
	"os"
	"strings"
	"testing"
)

func TestOpenURL(t *testing.T) {
	for addr, want := range map[string]string{
		":8080":          "http://localhost:8080/",
		"127.0.0.1:8080": "http://127.0.0.1:8080/",
		"0.0.0.0:80":     "http://localhost/",
		"[::]:9000":      "http://localhost:9000/",
		"[::1]:9000":     "http://[::1]:9000/",
		"10.1.2.3:8443":  "http://10.1.2.3:8443/",
	} {
		if got := openURL(addr); got != want {
			t.Errorf("openURL(%q) = %q, want %q", addr, got, want)
		}
	}
}

// TestServeMissingPolicyFolder: `serve --policy DIR` on a folder that does
// not exist is a plain error (exit 1), before the database is opened.
func TestServeMissingPolicyFolder(t *testing.T) {
	dir := t.TempDir()
	err := cmdServe(t.Context(), []string{"--policy", dir + "/nope", "--db", dir + "/x.duckdb", "--addr", "127.0.0.1:0"})
	if err == nil || !strings.Contains(err.Error(), "does not exist") {
		t.Fatalf("serve --policy on a missing folder: %v", err)
	}
	if _, err := os.Stat(dir + "/x.duckdb"); err == nil {
		t.Error("the database was created before the policy folder was checked")
	}
}

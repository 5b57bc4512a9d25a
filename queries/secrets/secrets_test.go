package secrets

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestSealOpenAndKeyFile(t *testing.T) {
	t.Setenv(EnvKey, "")
	dir := t.TempDir()
	db := filepath.Join(dir, "jixiao.duckdb")
	b, err := Load(db)
	if err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(filepath.Join(dir, "jixiao.key"))
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("key file: %v %v", st, err)
	}
	sealed, err := b.Seal("s3cret-pw")
	if err != nil || strings.Contains(sealed, "s3cret") {
		t.Fatalf("sealed %q %v", sealed, err)
	}
	b2, err := Load(db) // the same key file again
	if err != nil {
		t.Fatal(err)
	}
	if got, err := b2.Open(sealed); err != nil || got != "s3cret-pw" {
		t.Fatalf("open: %q %v", got, err)
	}
	other, _ := Load(filepath.Join(t.TempDir(), "x.duckdb"))
	if _, err := other.Open(sealed); err != ErrKey {
		t.Fatalf("another key opened it: %v", err)
	}
	if _, err := b.Open("plain"); err != ErrKey {
		t.Fatal("a plain value was taken for a sealed one")
	}
}

func TestEnvKey(t *testing.T) {
	t.Setenv(EnvKey, "c2hvcnQ=")
	if _, err := Load(""); err == nil {
		t.Fatal("a short key was accepted")
	}
}

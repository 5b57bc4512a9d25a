package queries

import (
	"os"
	"path/filepath"
	"testing"
)

// A database must always open again. DuckDB 1.5 cannot replay an ALTER
// TABLE … ADD COLUMN … DEFAULT from the log of a database it opens as its
// main one (store_close.go); these tests crash a store at such a moment
// by copying its file and log while it is open — what a kill -9 leaves —
// and open the copy.

// crashImage copies the database file at db and its log, as they are on
// disk now, to a new file, and returns that file's path.
func crashImage(t *testing.T, db string) string {
	t.Helper()
	to := filepath.Join(t.TempDir(), "crashed.duckdb")
	for _, ext := range []string{"", ".wal"} {
		b, err := os.ReadFile(db + ext)
		if os.IsNotExist(err) && ext == ".wal" {
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(to+ext, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return to
}

// TestCrashRightAfterMigrationsReopens: a new database killed right after
// Open (every migration applied, ALTERs with defaults among them) opens
// again with its schema.
func TestCrashRightAfterMigrationsReopens(t *testing.T) {
	db := filepath.Join(t.TempDir(), "new.duckdb")
	s, err := Open(db)
	if err != nil {
		t.Fatal(err)
	}
	want, err := s.SchemaVersion()
	if err != nil {
		t.Fatal(err)
	}
	crashed := crashImage(t, db)
	if err := s.Close(); err != nil {
		t.Fatalf("close: %v", err)
	}
	if _, err := os.Stat(db + ".wal"); err == nil {
		t.Errorf("a log is left beside the database after Close")
	}
	r, err := Open(crashed)
	if err != nil {
		t.Fatalf("the database killed after its migrations does not open again: %v", err)
	}
	defer r.Close()
	if got, err := r.SchemaVersion(); err != nil || got != want {
		t.Fatalf("schema version after the crash = %d, %v; want %d", got, err, want)
	}
}

// TestCrashAfterAlterWithDefaultReopens: a log holding an ADD COLUMN with
// a default (a migration killed before Open's checkpoint) and committed
// rows after it is replayed, not lost.
func TestCrashAfterAlterWithDefaultReopens(t *testing.T) {
	db := filepath.Join(t.TempDir(), "old.duckdb")
	s, err := Open(db)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		"ALTER TABLE audit ADD COLUMN jx_probe VARCHAR DEFAULT 'none'",
		"ALTER TABLE audit ADD COLUMN jx_flag BOOLEAN DEFAULT false",
		"INSERT INTO audit (username, action, target, detail, jx_probe) VALUES ('u1', 'a', 't', 'd', 'kept')",
		"INSERT INTO audit (username, action, target, detail) VALUES ('u2', 'a', 't', 'd')",
	} {
		if _, err := s.DB().Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	crashed := crashImage(t, db)
	if _, err := os.Stat(crashed + ".wal"); err != nil {
		t.Fatalf("the crash image has no log to replay: %v", err)
	}
	if err := s.Close(); err != nil {
		t.Fatalf("close: %v", err)
	}
	r, err := Open(crashed)
	if err != nil {
		t.Fatalf("the database does not open again: %v", err)
	}
	defer r.Close()
	var got string
	if err := r.DB().QueryRow(`SELECT string_agg(username || ':' || jx_probe || ':' || jx_flag::VARCHAR, ',' ORDER BY username)
		FROM audit WHERE username IN ('u1', 'u2')`).Scan(&got); err != nil {
		t.Fatal(err)
	}
	if want := "u1:kept:false,u2:none:false"; got != want {
		t.Fatalf("rows after the replay = %q, want %q", got, want)
	}
	if _, err := os.Stat(crashed + ".wal"); err == nil {
		t.Errorf("the replayed log was not checkpointed into the file")
	}
}

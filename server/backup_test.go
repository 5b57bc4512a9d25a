package server

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"jixiao/queries"
)

// TestBackupWhileServing: an administrator downloads a consistent backup
// from the running server (which holds the database file); restored into
// a new database it scores exactly as the live one. Nobody else may.
func TestBackupWhileServing(t *testing.T) {
	t.Parallel() // its own store and server
	st := loadFixture(t, filepath.Join(t.TempDir(), "live.duckdb"))
	defer st.Close()
	s := newTestServer(t, st)
	for _, u := range []string{"office", "committee", "leader", "staff"} {
		if r := do(t, s, req{method: "POST", path: "/api/admin/backup", cookie: mustLogin(t, s, u)}); r.code != 403 {
			t.Errorf("%s taking a backup: %d, want 403", u, r.code)
		}
	}
	if r := do(t, s, req{method: "POST", path: "/api/admin/backup"}); r.code != 401 {
		t.Errorf("anonymous backup: %d, want 401", r.code)
	}
	r := do(t, s, req{method: "POST", path: "/api/admin/backup", cookie: mustLogin(t, s, "admin")})
	if r.code != 200 || len(r.body) == 0 {
		t.Fatalf("admin backup: %d %.200s", r.code, r.body)
	}
	dir := t.TempDir()
	bak := filepath.Join(dir, "download.duckdb")
	if err := os.WriteFile(bak, r.body, 0o600); err != nil {
		t.Fatal(err)
	}
	restored := filepath.Join(dir, "restored.duckdb")
	if err := queries.Restore(bak, restored); err != nil {
		t.Fatal(err)
	}
	got, err := queries.Open(restored)
	if err != nil {
		t.Fatal(err)
	}
	defer got.Close()
	ctx := context.Background()
	want, err := st.Scores(ctx, queries.Everything, "")
	if err != nil {
		t.Fatal(err)
	}
	have, err := got.Scores(ctx, queries.Everything, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(want) == 0 || !reflect.DeepEqual(want, have) {
		t.Errorf("restored scores differ: %d rows, want %d", len(have), len(want))
	}
}

package queries

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"testing"

	"jixiao/data"
	"jixiao/queries/fixture"
)

// tableDigests reads every base table and view of the main schema as
// sorted text rows: the whole content, compared table by table.
func tableDigests(t *testing.T, db *sql.DB) map[string][]string {
	t.Helper()
	names := strs(t, db, `SELECT table_name FROM information_schema.tables
		WHERE table_catalog = current_database() AND table_schema = 'main' ORDER BY 1`)
	out := map[string][]string{}
	for _, n := range names {
		lines := strs(t, db, "SELECT t::VARCHAR FROM "+quoteIdent(n)+" t")
		sort.Strings(lines)
		out[n] = lines
	}
	return out
}

// TestBackupRestoreRoundTrip: a backup restored into a new database holds
// every table and view row for row, its sequences go on where they were,
// and the restored database imports and scores as the original does.
func TestBackupRestoreRoundTrip(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	orig, err := Open(filepath.Join(dir, "orig.duckdb"))
	if err != nil {
		t.Fatal(err)
	}
	defer orig.Close()
	for _, k := range []data.Kind{data.KindUnits, data.KindIndicators, data.KindValues, data.KindAdjustments} {
		mustImport(t, orig, k, filepath.Join(fixtureDir(t), string(k)+".csv"))
	}
	publish(t, orig, "2025Q4")
	seedAppeal(t, orig, AppealSubmitted)
	fixture.Insert(t, orig, `INSERT INTO attachments (owner_kind, owner_id, filename, mime, size, sha256, content, uploaded_by)
		VALUES ('appeal', 1, 'a.png', 'image/png', 10, '-', ?, 'staff@GX0101-B2') RETURNING id`, []byte("\x89PNG\r\n\x1a\nxx"))
	bak := filepath.Join(dir, "backup.duckdb")
	if err := orig.Backup(ctx, bak); err != nil {
		t.Fatal(err)
	}
	if err := orig.Backup(ctx, bak); err == nil {
		t.Error("a backup overwrote an existing file")
	}
	want := tableDigests(t, orig.DB())
	for _, n := range []string{"ledger_k", "units", "scores", "batches", "appeals", "attachments", "audit", "settings"} {
		if len(want[n]) == 0 {
			t.Fatalf("table %s is empty or missing in the original: the test compares nothing", n)
		}
	}

	target := filepath.Join(dir, "restored.duckdb")
	if err := Restore(bak, target); err != nil {
		t.Fatal(err)
	}
	got, err := Open(target)
	if err != nil {
		t.Fatal(err)
	}
	defer got.Close()
	have := tableDigests(t, got.DB())
	t.Logf("%d tables and views compared", len(want))
	if len(have) != len(want) {
		t.Errorf("%d tables and views restored, want %d", len(have), len(want))
	}
	for n, rows := range want {
		if !reflect.DeepEqual(have[n], rows) {
			t.Errorf("table %s differs after restore: %d rows, want %d", n, len(have[n]), len(rows))
		}
	}
	// Every sequence goes on where it was: ids stay unique after a restore.
	seqs := func(s *Store) map[string]int64 {
		rows, err := s.DB().Query("SELECT sequence_name FROM duckdb_sequences() WHERE database_name = current_database() ORDER BY 1")
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for rows.Next() {
			var n string
			rows.Scan(&n)
			names = append(names, n)
		}
		rows.Close()
		out := map[string]int64{}
		for _, n := range names {
			var v int64
			if err := s.DB().QueryRow("SELECT nextval(?)", n).Scan(&v); err != nil {
				t.Fatal(err)
			}
			out[n] = v
		}
		return out
	}
	if w, h := seqs(orig), seqs(got); len(w) == 0 || !reflect.DeepEqual(w, h) {
		t.Errorf("sequences after restore %v, want %v", h, w)
	}
	// The restored database scores as the original.
	ws, err := orig.Scores(ctx, Everything, "")
	if err != nil {
		t.Fatal(err)
	}
	hs, err := got.Scores(ctx, Everything, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(ws) == 0 || !reflect.DeepEqual(ws, hs) {
		t.Errorf("scores after restore differ (%d rows, want %d)", len(hs), len(ws))
	}
}

// TestRestoreRefuses: a file that is not a jixiao backup is refused; a
// restore keeps the database it replaces.
func TestRestoreRefuses(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "live.duckdb")
	live, err := Open(target)
	if err != nil {
		t.Fatal(err)
	}
	mustImport(t, live, data.KindUnits, filepath.Join(fixtureDir(t), "units.csv"))
	bak := filepath.Join(dir, "b.duckdb")
	if err := live.Backup(context.Background(), bak); err != nil {
		t.Fatal(err)
	}
	junk := filepath.Join(dir, "junk.duckdb")
	os.WriteFile(junk, []byte("not a database"), 0o644)
	if err := Restore(junk, target); err == nil {
		t.Error("a file that is not a backup was restored")
	}
	// A DuckDB file without jixiao's schema is not a backup either.
	other := filepath.Join(dir, "other.duckdb")
	if _, err := live.DB().Exec("ATTACH '" + other + "' AS o; CREATE TABLE o.t (x INT); DETACH o"); err != nil {
		t.Fatal(err)
	}
	if err := Restore(other, target); err == nil {
		t.Error("a DuckDB file without jixiao's schema was restored")
	}
	live.Close()
	if err := Restore(bak, target); err != nil {
		t.Fatalf("restore into a closed database: %v", err)
	}
	if _, err := os.Stat(target + ".pre-restore"); err != nil {
		t.Errorf("the replaced database was not kept: %v", err)
	}
}

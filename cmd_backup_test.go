package main

import (
	"context"
	"path/filepath"
	"testing"

	"jixiao/data"
	"jixiao/queries"
	"jixiao/queries/fixture"
)

// TestBackupRestoreCommands: `jixiao backup FILE` and `jixiao restore FILE`
// carry the ledger and the scores from one database file to another.
func TestBackupRestoreCommands(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db := filepath.Join(dir, "a.duckdb")
	s, err := queries.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range []data.Kind{data.KindUnits, data.KindIndicators, data.KindValues, data.KindAdjustments} {
		if _, err := s.Import(ctx, k, filepath.Join(fixture.Dir(), string(k)+".csv"), queries.ImportOptions{User: "t"}); err != nil {
			t.Fatal(err)
		}
	}
	count := func(s *queries.Store) (n int) {
		if err := s.DB().QueryRow("SELECT (SELECT count(*) FROM ledger) * 100000 + (SELECT count(*) FROM scores)").Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	want := count(s)
	s.Close()
	bak := filepath.Join(dir, "b.duckdb")
	if err := cmdBackup(ctx, []string{bak, "--db", db}); err != nil {
		t.Fatal(err)
	}
	if err := cmdBackup(ctx, []string{"--db", db}); err == nil {
		t.Error("backup without FILE accepted")
	}
	other := filepath.Join(dir, "c.duckdb")
	if err := cmdRestore(ctx, []string{"--db", other, bak}); err != nil {
		t.Fatal(err)
	}
	r, err := queries.Open(other)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if got := count(r); want == 0 || got != want {
		t.Errorf("restored %d, want %d", got, want)
	}
}

package main

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"jixiao/data"
	"jixiao/queries"
	"jixiao/queries/fixture"
	"jixiao/queries/imports"
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
		if _, err := imports.Import(ctx, s, k, filepath.Join(fixture.Dir(), string(k)+".csv"), imports.Options{User: "t"}); err != nil {
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

const holdEnv = "JIXIAO_HOLD_DB"

// TestHoldDBChild holds a database open, as a running server does.
func TestHoldDBChild(t *testing.T) {
	db := os.Getenv(holdEnv)
	if db == "" {
		t.Skip("run by TestBackupWhileHeld")
	}
	s, err := queries.Open(db)
	if err != nil {
		os.Exit(3)
	}
	defer s.Close()
	fmt.Println("held")
	time.Sleep(time.Minute)
}

// TestBackupWhileHeld: while another process holds the database, backup
// points to the server's backup route and restore says to stop the server;
// neither touches the file.
func TestBackupWhileHeld(t *testing.T) {
	if os.Getenv(holdEnv) != "" {
		t.Skip("in the child")
	}
	dir := t.TempDir()
	db := filepath.Join(dir, "held.duckdb")
	s, err := queries.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	bak := filepath.Join(dir, "b.duckdb")
	if err := cmdBackup(context.Background(), []string{bak, "--db", db}); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestHoldDBChild$", "-test.count=1")
	cmd.Env = append(os.Environ(), holdEnv+"="+db)
	out, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { cmd.Process.Kill(); cmd.Wait() }()
	if line, _ := bufio.NewReader(out).ReadString('\n'); line != "held\n" {
		t.Fatalf("child: %q", line)
	}
	err = cmdBackup(context.Background(), []string{filepath.Join(dir, "c.duckdb"), "--db", db})
	if err == nil || !strings.Contains(err.Error(), "/api/admin/backup") {
		t.Errorf("backup of a held database: %v, want a pointer to POST /api/admin/backup", err)
	}
	err = cmdRestore(context.Background(), []string{bak, "--db", db})
	if err == nil || !strings.Contains(err.Error(), "stop it before restoring") {
		t.Errorf("restore into a held database: %v, want stop the server", err)
	}
	if _, err := os.Stat(db + ".pre-restore"); err == nil {
		t.Error("a refused restore moved the database")
	}
}

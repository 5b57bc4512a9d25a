package sources

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"jixiao/queries/fixture"
	"jixiao/queries/imports"
)

// The drop folder imports a file once its size has stayed the same for
// the stable time, as the user inbox, and moves it to done/ or, refused,
// to failed/ with NAME.errors.csv (row, column, message) beside it.
func TestInbox(t *testing.T) {
	ctx := context.Background()
	st := newStore(t)
	dir := t.TempDir()
	in, err := New(st).NewInbox(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	in.Stable = 300 * time.Millisecond
	good := "indicator_code,unit_code,period,actual\nD01,GX,2025Q3,42.5\n"
	bad := "indicator_code,unit_code,period,actual\nD01,GX,2025Q3,42.5\nD01,NOPE,2025Q3,1\n"
	write := func(kind, name, body string) {
		if err := os.WriteFile(filepath.Join(dir, kind, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("values", "good.csv", good[:20]) // still being written
	write("values", "bad.csv", bad)
	batches := countBatches(t, st)
	if n := in.Scan(ctx); n != 0 {
		t.Fatalf("imported %d files on first sight", n)
	}
	time.Sleep(200 * time.Millisecond)
	write("values", "good.csv", good) // grew: not stable yet
	time.Sleep(200 * time.Millisecond)
	if n := in.Scan(ctx); n != 1 { // bad.csv has been stable 400 ms
		t.Fatalf("handled %d, want bad.csv only", n)
	}
	if _, err := os.Stat(filepath.Join(dir, "values", "good.csv")); err != nil {
		t.Fatal("good.csv was taken before its size was stable")
	}
	time.Sleep(400 * time.Millisecond)
	if n := in.Scan(ctx); n != 1 {
		t.Fatalf("handled %d, want good.csv", n)
	}
	if _, err := os.Stat(filepath.Join(dir, "done", "good.csv")); err != nil {
		t.Errorf("good.csv not in done/: %v", err)
	}
	if got := ledgerActual(t, st, "D01", "GX", "2025Q3"); got == nil || *got != 42.5 {
		t.Errorf("value %v", got)
	}
	bs, _ := imports.Batches(ctx, st)
	if countBatches(t, st) != batches+1 || bs[0].User != InboxUser || bs[0].Filename != "good.csv" {
		t.Errorf("batches: %+v", bs[0])
	}
	if _, err := os.Stat(filepath.Join(dir, "failed", "bad.csv")); err != nil {
		t.Errorf("bad.csv not in failed/: %v", err)
	}
	recs := fixture.ReadCSV(t, filepath.Join(dir, "failed", "bad.csv.errors.csv"))
	if len(recs) < 2 || recs[0][0] != "row" || recs[0][1] != "column" || recs[0][2] != "message" || recs[1][0] != "3" || recs[1][1] != "unit_code" {
		t.Errorf("errors file: %v", recs)
	}
	// a second file of the same name does not overwrite the first in done/
	write("values", "good.csv", good)
	time.Sleep(10 * time.Millisecond)
	in.Scan(ctx)
	time.Sleep(400 * time.Millisecond)
	in.Scan(ctx)
	entries, _ := os.ReadDir(filepath.Join(dir, "done"))
	if len(entries) != 2 {
		t.Errorf("done/ holds %d files", len(entries))
	}
}

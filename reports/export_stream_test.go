package reports

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"testing"

	"jixiao/queries"
	"jixiao/queries/fixture"
)

// TestExportScoresFileStreamed: `jixiao export scores` in JSON and CSV
// writes each row as the store reads it (Store.EachScore); the JSON file is
// byte for byte encoding/json's indented array of the store's Scores, the
// CSV file what WriteScoresCSV writes of them, for every period, one
// quarter, one year and a period without scores; a failed export leaves
// no file.
func TestExportScoresFileStreamed(t *testing.T) {
	ctx := context.Background()
	db := fixture.Copy(t, "reports", "", fixture.Builder(queries.Open, func(s *queries.Store) { buildFixture(t, s) }))
	dir := t.TempDir()
	periods := []string{"", "2025Q4", "2024", "2031Q1"}
	file := func(p, format string) string { return filepath.Join(dir, "p"+p+"."+format) }
	for _, p := range periods {
		for _, format := range []string{"json", "csv"} {
			if err := ExportScoresFile(ctx, db, p, format, file(p, format), io.Discard); err != nil {
				t.Fatalf("export %q %s: %v", p, format, err)
			}
		}
	}
	// An export that fails leaves no half-written file.
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if err := ExportScoresFile(cancelled, db, "", "json", file("x", "json"), io.Discard); err == nil {
		t.Error("an export with its context cancelled succeeded")
	}
	if _, err := os.Stat(file("x", "json")); !os.IsNotExist(err) {
		t.Errorf("the failed export's file: %v; want none", err)
	}
	s, err := queries.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for _, p := range periods {
		rows, err := s.Scores(ctx, queries.Everything, p)
		if err != nil {
			t.Fatal(err)
		}
		if p != "2031Q1" && len(rows) < 100 {
			t.Fatalf("%q: %d rows", p, len(rows))
		}
		var csv bytes.Buffer
		if err := WriteScoresCSV(&csv, rows); err != nil {
			t.Fatal(err)
		}
		for format, want := range map[string][]byte{"json": indentedJSON(t, rows), "csv": csv.Bytes()} {
			got, err := os.ReadFile(file(p, format))
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("period %q: the %s export (%d B) differs from the rows' (%d B)", p, format, len(got), len(want))
			}
		}
	}
}

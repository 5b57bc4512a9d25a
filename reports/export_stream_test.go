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

// TestExportScoresFileJSONStreamed: `jixiao export scores --format json`
// writes each row as the store reads it (Store.EachScore); the file is
// byte for byte encoding/json's indented array of the store's Scores, for
// every period, one quarter, one year and a period without scores.
func TestExportScoresFileJSONStreamed(t *testing.T) {
	ctx := context.Background()
	db := fixture.Copy(t, "reports", "", fixture.Builder(queries.Open, func(s *queries.Store) { buildFixture(t, s) }))
	dir := t.TempDir()
	periods := []string{"", "2025Q4", "2024", "2031Q1"}
	for i, p := range periods {
		if err := ExportScoresFile(ctx, db, p, "json", filepath.Join(dir, periods[i]+".json"), io.Discard); err != nil {
			t.Fatalf("export %q: %v", p, err)
		}
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
		got, err := os.ReadFile(filepath.Join(dir, p+".json"))
		if err != nil {
			t.Fatal(err)
		}
		if want := indentedJSON(t, rows); !bytes.Equal(got, want) {
			t.Errorf("period %q: the export (%d B) differs from encoding/json's (%d B)", p, len(got), len(want))
		}
	}
}

package sources

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"jixiao/data"
	"jixiao/queries"
	"jixiao/queries/imports"
)

// A pull's batch names its source in completeness (§10.5) and in
// explain's batch (§10.3); a file's batch has none.
func TestBatchSourceShown(t *testing.T) {
	ctx := context.Background()
	st := newStore(t)
	p := filepath.Join(t.TempDir(), "v.csv")
	os.WriteFile(p, []byte("indicator_code,unit_code,period,actual\nD01,GX,2025Q3,42.5\n"), 0o644)
	if _, err := imports.Import(ctx, st, data.KindValues, p, imports.Options{User: "schedule", Source: "zg-pull"}); err != nil {
		t.Fatal(err)
	}
	rows, err := st.Completeness(ctx, queries.Everything, "2025Q3")
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		switch {
		case r.IndicatorCode == "D01" && (r.Source == nil || *r.Source != "zg-pull"):
			t.Errorf("D01 source %v", r.Source)
		case r.IndicatorCode != "D01" && r.Received > 0 && r.Source != nil:
			t.Errorf("%s (from a file) has source %q", r.IndicatorCode, *r.Source)
		}
	}
	e, err := st.Explain(ctx, queries.Everything, "GX", "2025Q3", "D01", "zh")
	if err != nil {
		t.Fatal(err)
	}
	if e.Batch == nil || e.Batch.Source == nil || *e.Batch.Source != "zg-pull" || e.Batch.ImportedBy != "schedule" {
		t.Errorf("explain batch %+v", e.Batch)
	}
	if e, _ = st.Explain(ctx, queries.Everything, "GX", "2025Q2", "D01", "zh"); e.Batch == nil || e.Batch.Source != nil {
		t.Errorf("a file's batch: %+v", e.Batch)
	}
}

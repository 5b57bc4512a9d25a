package queries

import (
	"context"
	"errors"
	"testing"

	"jixiao/data"
)

// TestStoredReportAfterTreeMove (issue 17): GX0201 moves under GX01 and its
// branch GX0201-B1 to GX0202. GX0201's report, stored before, names that
// branch: 百色's (GX01) leader, whose subtree now holds GX0201 but not the
// branch, neither lists nor downloads it. GX02's report named GX0201, now
// outside GX02's subtree: its leader no longer receives it either. A
// report whose named units all stay in view (GX0202's) is still served, the
// administrator keeps every one, and the quarter's reports are queued again.
func TestStoredReportAfterTreeMove(t *testing.T) {
	s := loadFixture(t)
	ctx := context.Background()
	publish(t, s, "2025Q4")
	run, _ := s.NextReportRun(ctx)
	for _, b := range []string{"GX0201", "GX02", "GX0202", "GX01"} {
		storeFake(t, s, run.ID, "2025Q4", b)
	}
	city1, city2 := scopeFor("leader", "GX01"), scopeFor("leader", "GX02")
	if got := inboxCodes(t, s, city2); !hasCode(got, "GX0201") || !hasCode(got, "GX02") {
		t.Fatalf("before the move GX02's leader receives %v", got)
	}
	moved := csvOf(unitsHeader,
		"GX0201,贺州第1区县税务局,GX01,bureau,county,",
		"GX0201-B1,贺州第1区县税务局第1税务分局,GX0202,branch,county,")
	mustImport(t, s, data.KindUnits, writeFile(t, "units.csv", moved))

	// The move asks for the quarter's reports again (the old run is replaced).
	if next, err := s.NextReportRun(ctx); err != nil || next == nil || next.ID == run.ID || next.Period != "2025Q4" {
		t.Errorf("after the move: next run %+v, %v; want a new run of 2025Q4", next, err)
	}
	got := inboxCodes(t, s, city1)
	if hasCode(got, "GX0201") {
		t.Errorf("GX01's leader receives GX0201's report naming GX0201-B1, now outside its scope: %v", got)
	}
	if !hasCode(got, "GX01") {
		t.Errorf("GX01's leader lost its own report (it names only units still in view): %v", got)
	}
	if _, err := s.ReportFile(ctx, city1, "2025Q4", "GX0201", "html"); !errors.Is(err, ErrNotFound) {
		t.Errorf("GX01's leader downloads GX0201's report: %v, want ErrNotFound", err)
	}
	got = inboxCodes(t, s, city2)
	if hasCode(got, "GX02") || hasCode(got, "GX0201") {
		t.Errorf("GX02's leader receives %v: GX02's report names GX0201, now under GX01", got)
	}
	if !hasCode(got, "GX0202") {
		t.Errorf("GX02's leader lost GX0202's report: %v", got)
	}
	if _, err := s.ReportFile(ctx, city2, "2025Q4", "GX0202", "html"); err != nil {
		t.Errorf("GX0202's report: %v", err)
	}
	if got := inboxCodes(t, s, Everything); len(got) != 4 {
		t.Errorf("the administrator receives %v, want the 4 stored reports", got)
	}
	// A report stored without its names (before migration 042) reaches the
	// administrator only.
	if _, err := s.DB().Exec("DELETE FROM report_names WHERE unit_code = 'GX0202'"); err != nil {
		t.Fatal(err)
	}
	if got := inboxCodes(t, s, city2); hasCode(got, "GX0202") {
		t.Errorf("a report without recorded names reaches GX02's leader: %v", got)
	}
	if _, err := s.ReportFile(ctx, Everything, "2025Q4", "GX0202", "html"); err != nil {
		t.Errorf("the administrator's download of it: %v", err)
	}
}

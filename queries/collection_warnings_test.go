package queries

import (
	"context"
	"testing"
	"time"

	"jixiao/queries/fixture"
)

// TestSubmissionWarnings: submission_due 0–3 days before the deadline,
// overdue after it, none once submitted, returned when sent back (the
// declaration is seeded in SQL; its steps are the workflow room's tests).
func TestSubmissionWarnings(t *testing.T) {
	s := loadFixture(t)
	ctx := context.Background()
	prov := actor("office", "GX")
	today := time.Now().Format("2006-01-02")
	kinds := func(unit string, now time.Time) map[string]bool {
		ws, err := s.submissionWarnings(ctx, actor("office", "GX01").Scope, "2025Q4", "zh", now)
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]bool{}
		for _, w := range ws {
			if w.UnitCode == unit {
				out[w.Kind] = true
			}
		}
		return out
	}
	if k := kinds("GX0101", time.Now()); len(k) != 0 {
		t.Errorf("warnings without a deadline: %v", k)
	}
	if _, err := s.SetDeadline(ctx, prov, "2025Q4", today); err != nil {
		t.Fatal(err)
	}
	if k := kinds("GX0101", time.Now()); !k["submission_due"] {
		t.Errorf("deadline today: %v, want submission_due", k)
	}
	ws, err := s.Warnings(ctx, actor("leader", "GX0101").Scope, "2025Q4", "en")
	found := false
	for _, w := range ws {
		found = found || (w.Kind == "submission_due" && w.UnitCode == "GX0101")
	}
	if err != nil || !found {
		t.Errorf("/api/warnings of the unit lacks submission_due: %v", err)
	}
	if k := kinds("GX0101", time.Now().AddDate(0, 0, -4)); len(k) != 0 {
		t.Errorf("4 days before: %v, want none", k)
	}
	if k := kinds("GX0101", time.Now().AddDate(0, 0, -3)); !k["submission_due"] {
		t.Errorf("3 days before: %v, want due", k)
	}
	if k := kinds("GX0101", time.Now().AddDate(0, 0, 1)); !k["submission_overdue"] {
		t.Errorf("the day after: %v, want overdue", k)
	}
	if n, err := s.CheckCollection(ctx, time.Now()); err != nil || n == 0 {
		t.Errorf("due events: %d %v", n, err)
	} else if again, _ := s.CheckCollection(ctx, time.Now()); again != 0 {
		t.Errorf("due events emitted twice: %d", again)
	}
	sub := fixture.Insert(t, s, `INSERT INTO submissions (unit_code, period, status, first_submitted_at, created_by)
		VALUES ('GX0101', '2025Q4', 'submitted', current_timestamp, 'leader@GX0101') RETURNING id`)
	if k := kinds("GX0101", time.Now().AddDate(0, 0, 1)); len(k) != 0 {
		t.Errorf("after submitting: %v", k)
	}
	if _, err := s.DB().Exec("UPDATE submissions SET status = 'returned' WHERE id = ?", sub); err != nil {
		t.Fatal(err)
	}
	s.Changed()
	if k := kinds("GX0101", time.Now()); !k["submission_returned"] || k["submission_due"] {
		t.Errorf("returned: %v", k)
	}
}

package workflow

import (
	"context"
	"strings"
	"testing"
	"time"

	"jixiao/queries"
)

// TestSubmissionEventsNameTheUnit: the returned and accepted notifications
// name the unit as its users know it (its name), not by its code.
func TestSubmissionEventsNameTheUnit(t *testing.T) {
	s, d := openDesk(t)
	ctx := context.Background()
	var name string
	if err := s.DB().QueryRow("SELECT name FROM units WHERE code = 'GX0101'").Scan(&name); err != nil || name == "" {
		t.Fatalf("fixture name of GX0101: %q %v", name, err)
	}
	got := make(chan queries.Event, 8)
	s.OnEvent(func(e queries.Event) {
		if strings.HasPrefix(e.Kind, "submission_") {
			got <- e
		}
	})
	county, prov := collector("leader", "GX0101"), collector("office", "GX")
	sub, err := d.CreateSubmission(ctx, county, queries.SubmissionInput{UnitCode: "GX0101", Period: "2025Q4", Items: items("D02", 96)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := d.SubmitSubmission(ctx, county, sub.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := d.ReturnSubmission(ctx, prov, sub.ID, "请核对"); err != nil {
		t.Fatal(err)
	}
	select {
	case e := <-got:
		if e.Kind != "submission_returned" || !strings.Contains(e.Text, name) || !strings.Contains(e.TextEn, name) || strings.Contains(e.Text, "GX0101") {
			t.Errorf("returned event: %+v, want the name %q", e, name)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("no submission_returned event")
	}
}

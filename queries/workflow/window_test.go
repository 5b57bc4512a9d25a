package workflow

import (
	"context"
	"strconv"
	"testing"

	"jixiao/queries"
	"jixiao/queries/fixture"
)

func TestAppealWindow(t *testing.T) {
	s, d := openDesk(t)
	ctx := context.Background()
	staff := actor("staff", "GX0101-B2")
	in := queries.AppealInput{UnitCode: "GX0101-B2", IndicatorCode: "E01", Period: "2025Q3", ClaimedActual: ptr(10.0), Reason: "r"}
	// Open: the staff cannot even see the quarter; the office is told it is not published.
	if _, err := d.FileAppeal(ctx, staff, in); statusOf(err) != 404 {
		t.Fatalf("open period, staff: %v", err)
	}
	if _, err := d.FileAppeal(ctx, actor("office", "GX0101"), in); statusOf(err) != 409 {
		t.Fatalf("open period, office: %v", err)
	}
	publish(t, s, "2025Q3")
	if _, err := s.DB().Exec("UPDATE periods SET review_at = review_at - INTERVAL 11 DAY WHERE period = '2025Q3'"); err != nil {
		t.Fatal(err)
	}
	if _, err := d.FileAppeal(ctx, staff, in); statusOf(err) != 409 {
		t.Fatalf("after the window: %v", err)
	}
	info, err := s.PeriodInfo(ctx, staff.Scope, "2025Q3")
	if err != nil || info.AppealsOpen || info.AppealUntil == nil || info.WindowDays != 10 {
		t.Fatalf("period info: %+v %v", info, err)
	}
	if err := s.SetSetting(ctx, "admin", "appeal.window_days", "15"); err != nil {
		t.Fatal(err)
	}
	if _, err := d.FileAppeal(ctx, staff, in); err != nil {
		t.Fatalf("within a longer window: %v", err)
	}
	// Roles that may not file; indicators that do not apply.
	for _, a := range []queries.Actor{actor("committee", "GX"), actor("leader", "GX0101"), actor("dept", "GX01-ZG")} {
		in2 := in
		in2.IndicatorCode = "E02"
		if _, err := d.FileAppeal(ctx, a, in2); statusOf(err) != 403 && statusOf(err) != 404 {
			t.Errorf("%s filing: %d", a.Username, statusOf(err))
		}
	}
	bad := in
	bad.IndicatorCode = "D01"
	if _, err := d.FileAppeal(ctx, actor("office", "GX01"), bad); statusOf(err) != 400 {
		t.Errorf("an indicator that does not apply: %v", err)
	}
	// Finalising waits for pending appeals.
	if err := s.SetPeriodStatus(ctx, "office", "2025Q3", "final"); statusOf(err) != 409 {
		t.Errorf("final with a pending appeal: %v", err)
	}
}

// TestAppealValueMagnitude: a value typed into an appeal, filed or
// decided, is bounded like an imported one.
func TestAppealValueMagnitude(t *testing.T) {
	s, d := openDesk(t)
	ctx := context.Background()
	publish(t, s, "2025Q4")
	branch := actor("staff", "GX0101-B2")
	huge := -1e308
	if _, err := d.FileAppeal(ctx, branch, queries.AppealInput{UnitCode: "GX0101-B2", IndicatorCode: "E03", Period: "2025Q4", ClaimedActual: &huge, Reason: "x"}); statusOf(err) != 400 {
		t.Errorf("filing -1e308: %v, want 400", err)
	}
	id := seedAppealOn(t, s, "GX0101-B2", "E03", queries.AppealForwarded)
	if _, err := d.DecideAppeal(ctx, actor("committee", "GX"), id, "uphold", &huge, "x"); statusOf(err) != 400 {
		t.Errorf("deciding -1e308: %v, want 400", err)
	}
}

// TestUpheldAppealExplainedAndBrokenDown: after an upheld appeal the value
// in force is the decided one, in the explanation and the breakdown, and
// the appeal carries the value it replaced (read from the province's file).
func TestUpheldAppealExplainedAndBrokenDown(t *testing.T) {
	s, d := openDesk(t)
	ctx := context.Background()
	var old float64
	for _, r := range fixture.Records(t, "values.csv") {
		if r[0] == "D01" && r[1] == "GX0102" && r[2] == "2025Q4" {
			old, _ = strconv.ParseFloat(r[3], 64)
		}
	}
	if old == 0 {
		t.Fatal("no D01 GX0102 2025Q4 in values.csv")
	}
	publish(t, s, "2025Q4")
	claimed := 101.0
	ap, err := d.FileAppeal(ctx, actor("office", "GX01"), queries.AppealInput{UnitCode: "GX0102", IndicatorCode: "D01", Period: "2025Q4", ClaimedActual: &claimed, Reason: "口径有误"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := d.ReviewAppeal(ctx, actor("office", "GX01"), ap.ID, "forward", ""); err != nil {
		t.Fatal(err)
	}
	if _, err := d.DecideAppeal(ctx, actor("committee", "GX"), ap.ID, "uphold", nil, ""); err != nil {
		t.Fatal(err)
	}
	e, err := s.Explain(ctx, queries.Everything, "GX0102", "2025Q4", "D01", "zh")
	if err != nil {
		t.Fatal(err)
	}
	if *e.Actual != claimed || len(e.Appeals) != 1 || e.Appeals[0].Status != "upheld" || e.Appeals[0].OldActual == nil || *e.Appeals[0].OldActual != old {
		t.Errorf("after the appeal: actual %v appeals %+v, want %v replacing %v", *e.Actual, e.Appeals, claimed, old)
	}
	b, err := s.Breakdown(ctx, queries.Everything, "GX0102", "2025Q4")
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, r := range b.Indicators {
		if r.Code == "D01" {
			found = true
			if r.Actual == nil || *r.Actual != claimed || !r.Decided {
				t.Errorf("after the upheld appeal D01 shows %v (decided %v), want %v", r.Actual, r.Decided, claimed)
			}
		}
	}
	if !found {
		t.Error("D01 missing from the breakdown")
	}
}

package workflow

import (
	"context"
	"errors"
	"testing"

	"jixiao/queries"
	"jixiao/queries/imports"
)

// TestFieldCheckTakesForce: a verified value that differs becomes the
// value in force, the desk value is kept, the score moves as §3.1 says and
// explain carries both. By hand (GX0101, 2025Q4, see
// TestSubmissionAcceptMovesTheScore): D03 (w 15, T 95, F 70) earns
// 15 × (93.53 − 70)/25 = 14.118 at the desk and 15 × (82.5 − 70)/25 = 7.5
// verified: 80.95675 − 14.118 + 7.5 = 74.33875 → 74.34.
func TestFieldCheckTakesForce(t *testing.T) {
	s, d := openDesk(t)
	ctx := context.Background()
	city := collector("office", "GX01")
	in := queries.FieldCheckInput{UnitCode: "GX0101", Period: "2025Q4", IndicatorCode: "D03", VerifiedActual: ptr(82.5), Finding: "抽查问卷 40 份，有效 31 份"}
	for _, c := range []struct {
		name string
		a    queries.Actor
		in   queries.FieldCheckInput
		want int
	}{
		{"desk indicator", city, queries.FieldCheckInput{UnitCode: "GX0101", Period: "2025Q4", IndicatorCode: "D01", VerifiedActual: ptr(1.0), Finding: "x"}, 422},
		{"the unit itself", collector("leader", "GX0101"), in, 403},
		{"an office of another city", collector("office", "GX04"), in, 404},
		{"no finding", city, queries.FieldCheckInput{UnitCode: "GX0101", Period: "2025Q4", IndicatorCode: "D03", VerifiedActual: ptr(1.0)}, 422},
	} {
		if _, err := d.AddFieldCheck(ctx, c.a, c.in); code(err) != c.want {
			t.Errorf("%s: %v, want %d", c.name, err, c.want)
		}
	}
	fc, err := d.AddFieldCheck(ctx, city, in)
	if err != nil {
		t.Fatal(err)
	}
	if fc.DeskActual == nil || *fc.DeskActual != 93.53 || fc.VerifiedActual != 82.5 || fc.By != "office@GX01" {
		t.Errorf("check: %+v", fc)
	}
	if got := unitScore(t, s, "GX0101", "2025Q4"); got != 74.34 {
		t.Errorf("score after the check: %v, want 74.34", got)
	}
	e, err := s.Explain(ctx, queries.Everything, "GX0101", "2025Q4", "D03", "zh")
	if err != nil {
		t.Fatal(err)
	}
	if e.Actual == nil || *e.Actual != 82.5 || e.FieldCheck == nil || *e.FieldCheck.DeskActual != 93.53 || e.FieldCheck.Finding != in.Finding {
		t.Errorf("explain: actual %v field_check %+v", e.Actual, e.FieldCheck)
	}
	if e, _ := s.Explain(ctx, queries.Everything, "GX0101", "2025Q4", "D02", "zh"); e.FieldCheck != nil {
		t.Errorf("an unchecked value has a field check: %+v", e.FieldCheck)
	}
	list, err := s.FieldChecks(ctx, collector("leader", "GX0101").Scope, "2025Q4")
	if err != nil || len(list) != 1 {
		t.Errorf("the unit's list: %v %v", list, err)
	}
	if list, _ := s.FieldChecks(ctx, collector("leader", "GX0102").Scope, "2025Q4"); len(list) != 0 {
		t.Errorf("a peer sees the check: %+v", list)
	}
	publish(t, s, "2025Q4")
	if err := s.SetPeriodStatus(ctx, "t", "2025Q4", "final"); err != nil {
		t.Fatal(err)
	}
	if _, err := d.AddFieldCheck(ctx, city, in); statusOf(err) != 409 {
		t.Errorf("final quarter: %v, want 409", err)
	}
}

// TestExplanations: written in review or final by the unit, accepted by
// the office above; accepted ones are seen where the unit is seen named,
// never by an anonymised peer.
func TestExplanations(t *testing.T) {
	s, d := openDesk(t)
	ctx := context.Background()
	county, city := collector("leader", "GX0101"), collector("office", "GX01")
	in := queries.NoteInput{UnitCode: "GX0101", Period: "2025Q4", IndicatorCode: ptr("D04"), Cause: `<script>alert("x")</script> 风险事项漏报`, Measures: "逐户复核"}
	if _, err := d.AddExplanation(ctx, county, in); statusOf(err) != 409 {
		t.Errorf("open quarter: %v, want 409", err)
	}
	publish(t, s, "2025Q4")
	if _, err := d.AddExplanation(ctx, city, in); statusOf(err) != 403 {
		t.Errorf("the office writing the unit's explanation: %v, want 403", err)
	}
	if _, err := d.AddExplanation(ctx, county, queries.NoteInput{UnitCode: "GX0101", Period: "2025Q4", IndicatorCode: ptr("M01"), Cause: "x", Measures: "y"}); code(err) != 422 {
		t.Errorf("an indicator that does not apply: %v", err)
	}
	n, err := d.AddExplanation(ctx, county, in)
	if err != nil {
		t.Fatal(err)
	}
	if n.Status != "submitted" || n.Cause != in.Cause || n.By != "leader@GX0101" {
		t.Errorf("explanation: %+v", n)
	}
	peer := collector("leader", "GX0102") // sees GX0101 named, as a peer
	count := func(a queries.Actor) int {
		list, err := s.Explanations(ctx, a.Scope, queries.NoteFilter{Period: "2025Q4", AcceptedOnly: true})
		if err != nil {
			t.Fatal(err)
		}
		return len(list)
	}
	if count(peer) != 0 {
		t.Error("a peer sees an explanation not yet accepted")
	}
	if _, err := d.DecideExplanation(ctx, county, n.ID, "accept", ""); statusOf(err) != 403 {
		t.Errorf("the unit accepting its own: %v", err)
	}
	if _, err := d.DecideExplanation(ctx, city, n.ID, "return", ""); code(err) != 422 {
		t.Errorf("a return without comment: %v", err)
	}
	if _, err := d.DecideExplanation(ctx, city, n.ID, "accept", ""); err != nil {
		t.Fatal(err)
	}
	if _, err := d.DecideExplanation(ctx, city, n.ID, "accept", ""); statusOf(err) != 409 {
		t.Errorf("accepting twice: %v", err)
	}
	if count(peer) != 1 || count(county) != 1 || count(collector("office", "GX")) != 1 {
		t.Error("the accepted explanation is not seen where the unit is named")
	}
	if count(collector("staff", "GX0101-B1")) != 0 || count(collector("office", "GX04")) != 0 {
		t.Error("an explanation seen outside the unit's named scope")
	}
	e, err := s.Explain(ctx, peer.Scope, "GX0101", "2025Q4", "D04", "zh")
	if err != nil || len(e.Notes) != 1 {
		t.Errorf("explain of D04: %v %v", e, err)
	}
	// an anonymised peer's accepted explanation never reaches a branch of its matrix group
	b2 := collector("staff", "GX0401-B2")
	n2, err := d.AddExplanation(ctx, b2, queries.NoteInput{UnitCode: "GX0401-B2", Period: "2025Q4", Cause: "窗口人手不足", Measures: "增设自助终端"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := d.DecideExplanation(ctx, collector("office", "GX04"), n2.ID, "accept", ""); err != nil {
		t.Fatal(err)
	}
	if count(collector("staff", "GX0401-B1")) != 0 || count(b2) != 1 || count(collector("office", "GX04")) != 1 {
		t.Error("anonymised peer: the explanation leaks or is lost")
	}
}

// TestAcceptKeepsAFieldCheckedValue: a value verified in the field is not
// overwritten by a later declaration; the acceptance is refused whole and
// the submission stays submitted, with no batch.
func TestAcceptKeepsAFieldCheckedValue(t *testing.T) {
	s, d := openDesk(t)
	ctx := context.Background()
	city, county := collector("office", "GX01"), collector("leader", "GX0101")
	if _, err := d.AddFieldCheck(ctx, city, queries.FieldCheckInput{UnitCode: "GX0101", Period: "2025Q4", IndicatorCode: "D02", VerifiedActual: ptr(92.0), Finding: "抽查 20 户"}); err != nil {
		t.Fatal(err)
	}
	sub, err := d.CreateSubmission(ctx, county, queries.SubmissionInput{UnitCode: "GX0101", Period: "2025Q4", Items: items("D02", 99)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := d.SubmitSubmission(ctx, county, sub.ID); err != nil {
		t.Fatal(err)
	}
	var batches int
	s.DB().QueryRow("SELECT count(*) FROM batches").Scan(&batches)
	var rej *imports.RejectedError
	if _, err := d.AcceptSubmission(ctx, city, sub.ID); !errors.As(err, &rej) {
		t.Fatalf("accepting over a field-checked value: %v", err)
	}
	got, _ := s.Submission(ctx, county.Scope, sub.ID)
	var after int
	s.DB().QueryRow("SELECT count(*) FROM batches").Scan(&after)
	if got.Status != "submitted" || got.Batch != nil || after != batches {
		t.Errorf("after a refused acceptance: status %s batch %v, %d → %d batches", got.Status, got.Batch, batches, after)
	}
	e, _ := s.Explain(ctx, queries.Everything, "GX0101", "2025Q4", "D02", "zh")
	if e.Actual == nil || *e.Actual != 92 {
		t.Errorf("value in force: %v", e.Actual)
	}
}

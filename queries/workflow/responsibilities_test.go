package workflow

import (
	"context"
	"errors"
	"testing"

	"jixiao/queries"
)

func respCount(t *testing.T, s *queries.Store) int {
	t.Helper()
	var n int
	if err := s.DB().QueryRow("SELECT count(*) FROM responsibilities").Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestSetResponsibilityFields: each bad field is a 422 naming it, nothing
// stored; a unit not seen 404, a unit seen but out of reach 403; an empty
// leader or owner clears that person, both empty remove the entry.
func TestSetResponsibilityFields(t *testing.T) {
	s := dutyStore(t)
	d := New(s)
	ctx := context.Background()
	before := respCount(t, s)
	cityOffice := actor("office", "GX01")
	cityOffice.Rights[queries.ActResponsibility] = []queries.Reach{queries.ReachOwn, queries.ReachBelow}
	bad := []struct {
		in    queries.ResponsibilityInput
		field string
	}{
		{queries.ResponsibilityInput{UnitCode: "GX01", IndicatorCode: "D03", Leader: "hz_lead", Owner: "bs_zg"}, "leader"},     // another city's
		{queries.ResponsibilityInput{UnitCode: "GX01", IndicatorCode: "D03", Leader: "bs_lead", Owner: "nobody"}, "owner"},     // no such user
		{queries.ResponsibilityInput{UnitCode: "GX01", IndicatorCode: "D03", Leader: "bs_lead", Owner: "bs1_lead"}, "owner"},   // a county below, not a department
		{queries.ResponsibilityInput{UnitCode: "GX01", IndicatorCode: "D03", Leader: "bad name!", Owner: ""}, "leader"},        // not a username
		{queries.ResponsibilityInput{UnitCode: "GX01", IndicatorCode: "X99", Leader: "bs_lead"}, "indicator_code"},             // unknown
		{queries.ResponsibilityInput{UnitCode: "GX01", IndicatorCode: "M01", Leader: "bs_lead"}, "indicator_code"},             // a department's indicator
		{queries.ResponsibilityInput{UnitCode: "GX01", IndicatorCode: "", Leader: "bs_lead"}, "indicator_code"},                // required
		{queries.ResponsibilityInput{UnitCode: "GX01-ZG", IndicatorCode: "D01", Leader: "bs_zg"}, "unit_code"},                 // not a bureau
		{queries.ResponsibilityInput{UnitCode: "GX0101", IndicatorCode: "D06", Leader: "bs1_lead", Owner: "bs_lead"}, "owner"}, // the city's leader is not the county's
	}
	for _, b := range bad {
		_, err := d.SetResponsibility(ctx, cityOffice, b.in)
		var pe *queries.ParamError
		if !errors.As(err, &pe) || len(pe.Problems) == 0 || pe.Problems[0].Key != b.field {
			t.Errorf("%+v: %v, want 422 naming %s", b.in, err, b.field)
		}
	}
	if n := respCount(t, s); n != before {
		t.Errorf("refused writes stored: %d rows, was %d", n, before)
	}
	// Reach: 来宾's office sees 百色 named (a peer) but not as its own: 404;
	// a county leader sees its bureau but has no right: 403.
	if _, err := d.SetResponsibility(ctx, actor("office", "GX04"), queries.ResponsibilityInput{UnitCode: "GX01", IndicatorCode: "D03", Leader: "bs_lead"}); statusOf(err) != 404 {
		t.Errorf("peer city's office: %v, want 404", err)
	}
	if _, err := d.SetResponsibility(ctx, actor("leader", "GX0101"), queries.ResponsibilityInput{UnitCode: "GX0101", IndicatorCode: "D03", Leader: "bs1_lead"}); statusOf(err) != 403 {
		t.Errorf("county leader: %v, want 403", err)
	}
	// Set, then clear one person, then both.
	r, err := d.SetResponsibility(ctx, cityOffice, queries.ResponsibilityInput{UnitCode: "GX01", IndicatorCode: "D03", Leader: "bs_lead", Owner: "bs_nf"})
	if err != nil || r.Leader == nil || *r.Leader != "bs_lead" || r.OwnerName == nil || *r.OwnerName != "百色纳服科长" {
		t.Fatalf("set: %+v %v", r, err)
	}
	if r, err = d.SetResponsibility(ctx, cityOffice, queries.ResponsibilityInput{UnitCode: "GX01", IndicatorCode: "D03", Leader: "", Owner: "bs_nf"}); err != nil || r.Leader != nil || r.Owner == nil {
		t.Fatalf("clear leader: %+v %v", r, err)
	}
	if _, err = d.SetResponsibility(ctx, cityOffice, queries.ResponsibilityInput{UnitCode: "GX01", IndicatorCode: "D03"}); err != nil {
		t.Fatal(err)
	}
	if n := respCount(t, s); n != before {
		t.Errorf("both cleared: %d rows, want %d", n, before)
	}
	// The county below the city's office: its own users only.
	if _, err := d.SetResponsibility(ctx, cityOffice, queries.ResponsibilityInput{UnitCode: "GX0101", IndicatorCode: "D06", Leader: "bs1_lead"}); err != nil {
		t.Errorf("office above the county: %v", err)
	}
	if auditCount(t, s, "responsibility_set") != 4 {
		t.Errorf("audit rows: %d", auditCount(t, s, "responsibility_set"))
	}
}

package queries

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"testing"

	"jixiao/data"
)

func respCount(t *testing.T, s *Store) int {
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
	ctx := context.Background()
	before := respCount(t, s)
	cityOffice := actor("office", "GX01")
	cityOffice.Rights[ActResponsibility] = []Reach{ReachOwn, ReachBelow}
	bad := []struct {
		in    ResponsibilityInput
		field string
	}{
		{ResponsibilityInput{UnitCode: "GX01", IndicatorCode: "D03", Leader: "hz_lead", Owner: "bs_zg"}, "leader"},     // another city's
		{ResponsibilityInput{UnitCode: "GX01", IndicatorCode: "D03", Leader: "bs_lead", Owner: "nobody"}, "owner"},     // no such user
		{ResponsibilityInput{UnitCode: "GX01", IndicatorCode: "D03", Leader: "bs_lead", Owner: "bs1_lead"}, "owner"},   // a county below, not a department
		{ResponsibilityInput{UnitCode: "GX01", IndicatorCode: "D03", Leader: "bad name!", Owner: ""}, "leader"},        // not a username
		{ResponsibilityInput{UnitCode: "GX01", IndicatorCode: "X99", Leader: "bs_lead"}, "indicator_code"},             // unknown
		{ResponsibilityInput{UnitCode: "GX01", IndicatorCode: "M01", Leader: "bs_lead"}, "indicator_code"},             // a department's indicator
		{ResponsibilityInput{UnitCode: "GX01", IndicatorCode: "", Leader: "bs_lead"}, "indicator_code"},                // required
		{ResponsibilityInput{UnitCode: "GX01-ZG", IndicatorCode: "D01", Leader: "bs_zg"}, "unit_code"},                 // not a bureau
		{ResponsibilityInput{UnitCode: "GX0101", IndicatorCode: "D06", Leader: "bs1_lead", Owner: "bs_lead"}, "owner"}, // the city's leader is not the county's
	}
	for _, b := range bad {
		_, err := s.SetResponsibility(ctx, cityOffice, b.in)
		var pe *ParamError
		if !errors.As(err, &pe) || len(pe.Problems) == 0 || pe.Problems[0].Key != b.field {
			t.Errorf("%+v: %v, want 422 naming %s", b.in, err, b.field)
		}
	}
	if n := respCount(t, s); n != before {
		t.Errorf("refused writes stored: %d rows, was %d", n, before)
	}
	// Reach: 来宾's office sees 百色 named (a peer) but not as its own: 404;
	// a county leader sees its bureau but has no right: 403.
	if _, err := s.SetResponsibility(ctx, actor("office", "GX04"), ResponsibilityInput{UnitCode: "GX01", IndicatorCode: "D03", Leader: "bs_lead"}); statusOf(err) != 404 {
		t.Errorf("peer city's office: %v, want 404", err)
	}
	if _, err := s.SetResponsibility(ctx, actor("leader", "GX0101"), ResponsibilityInput{UnitCode: "GX0101", IndicatorCode: "D03", Leader: "bs1_lead"}); statusOf(err) != 403 {
		t.Errorf("county leader: %v, want 403", err)
	}
	// Set, then clear one person, then both.
	r, err := s.SetResponsibility(ctx, cityOffice, ResponsibilityInput{UnitCode: "GX01", IndicatorCode: "D03", Leader: "bs_lead", Owner: "bs_nf"})
	if err != nil || r.Leader == nil || *r.Leader != "bs_lead" || r.OwnerName == nil || *r.OwnerName != "百色纳服科长" {
		t.Fatalf("set: %+v %v", r, err)
	}
	if r, err = s.SetResponsibility(ctx, cityOffice, ResponsibilityInput{UnitCode: "GX01", IndicatorCode: "D03", Leader: "", Owner: "bs_nf"}); err != nil || r.Leader != nil || r.Owner == nil {
		t.Fatalf("clear leader: %+v %v", r, err)
	}
	if _, err = s.SetResponsibility(ctx, cityOffice, ResponsibilityInput{UnitCode: "GX01", IndicatorCode: "D03"}); err != nil {
		t.Fatal(err)
	}
	if n := respCount(t, s); n != before {
		t.Errorf("both cleared: %d rows, want %d", n, before)
	}
	// The county below the city's office: its own users only.
	if _, err := s.SetResponsibility(ctx, cityOffice, ResponsibilityInput{UnitCode: "GX0101", IndicatorCode: "D06", Leader: "bs1_lead"}); err != nil {
		t.Errorf("office above the county: %v", err)
	}
	if auditCount(t, s, "responsibility_set") != 4 {
		t.Errorf("audit rows: %d", auditCount(t, s, "responsibility_set"))
	}
}

// TestImportResponsibilities: one atomic batch; every error with its row
// and column (as the file names it); the importer's rights per row.
func TestImportResponsibilities(t *testing.T) {
	s := dutyStore(t)
	ctx := context.Background()
	before := respCount(t, s)
	file := writeFile(t, "bad.csv", `单位代码,指标代码,分管领导,责任人
GX01,D03,bs_lead,bs_nf
GX01,D03,bs_lead,
GX01,X99,bs_lead,bs_zg
GX9999,D01,bs_lead,
GX01-ZG,D01,bs_zg,
GX01,D05,hz_lead,nobody
GX02,D01,hz_lead,
`)
	cityOffice := actor("office", "GX01")
	cityOffice.Rights[ActResponsibility] = []Reach{ReachOwn, ReachBelow}
	_, err := s.Import(ctx, data.KindResponsibilities, file, ImportOptions{User: "city", Writer: &cityOffice})
	var rej *RejectedError
	if !errors.As(err, &rej) {
		t.Fatalf("want a rejection, got %v", err)
	}
	want := []string{"3 单位代码", "4 指标代码", "5 单位代码", "6 单位代码", "7 分管领导", "7 责任人", "8 单位代码"}
	var got []string
	for _, e := range rej.Errors {
		got = append(got, strconv.Itoa(e.Row)+" "+e.Column)
	}
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("errors %v, want %v (%+v)", got, want, rej.Errors)
	}
	if n := respCount(t, s); n != before {
		t.Errorf("a rejected file stored rows: %d, was %d", n, before)
	}
	// The same file as the province's office: GX02 is in reach.
	ok := writeFile(t, "ok.csv", "unit_code,indicator_code,leader,owner\nGX01,D03,bs_lead,bs_nf\nGX02,D01,hz_lead,\nGX01,D01,,\n")
	province := &Actor{Username: "office", UnitCode: "GX", Rights: Rights{ActResponsibility: {ReachOwn, ReachBelow}}, Scope: scopeFor("office", "GX")}
	// A dry run: the import in its transaction, rolled back; no score moves.
	dry, err := s.Import(ctx, data.KindResponsibilities, ok, ImportOptions{User: "office", Writer: province, DryRun: true})
	if err != nil || dry.Preview == nil || dry.Preview.Rows != 3 || dry.Preview.Moved != 0 || respCount(t, s) != before {
		t.Fatalf("dry run: %+v %v", dry, err)
	}
	b, err := s.Import(ctx, data.KindResponsibilities, ok, ImportOptions{User: "office", Writer: province})
	if err != nil || b.Rows != 3 {
		t.Fatalf("import: %+v %v", b, err)
	}
	// two added, GX01/D01 removed (both empty)
	if n := respCount(t, s); n != before+1 {
		t.Errorf("%d rows, want %d", n, before+1)
	}
	rs, _ := s.Responsibilities(ctx, Everything, "GX01")
	for _, r := range rs {
		if r.IndicatorCode == "D01" {
			t.Errorf("GX01/D01 not cleared: %+v", r)
		}
	}
}

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

package demo

import (
	"context"
	"sort"
	"strings"
	"testing"

	"jixiao/queries"
	"jixiao/queries/fixture"
)

// The demo is a lived-in quarter: a meeting with minutes, rectification
// items two of which are overdue and one closed, and appeals at every step.
func TestDemoIsLivedIn(t *testing.T) {
	s := fixture.Open(t, "", queries.Open)
	_, err := Load(context.Background(), s, 1, Options{Workflow: true})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	ms, err := s.Meetings(ctx, queries.Everything, queries.MeetingFilter{})
	if err != nil || len(ms) == 0 || ms[0].Minutes == "" {
		t.Fatalf("meetings %+v %v", ms, err)
	}
	rs, err := s.Rectifications(ctx, queries.Everything, queries.RectFilter{})
	if err != nil {
		t.Fatal(err)
	}
	overdue, done := 0, 0
	for _, r := range rs {
		if r.Overdue {
			overdue++
		}
		if r.Status == "done" {
			done++
		}
	}
	if len(rs) != 4 || overdue != 2 || done != 1 {
		t.Errorf("rectifications: %d, %d overdue, %d done; want 4, 2, 1", len(rs), overdue, done)
	}
	as, err := s.Appeals(ctx, queries.Everything, queries.AppealFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var st []string
	for _, a := range as {
		st = append(st, a.Status)
	}
	sort.Strings(st)
	if strings.Join(st, ",") != "forwarded,rejected,submitted,upheld" {
		t.Errorf("appeal statuses %v", st)
	}
}

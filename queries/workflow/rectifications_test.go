package workflow

import (
	"context"
	"testing"
	"time"

	"jixiao/queries"
	"jixiao/queries/fixture/fixturestore"
)

func TestRectificationsAndMeetings(t *testing.T) {
	s, d := openDesk(t)
	ctx := context.Background()
	publish(t, s, "2025Q4")
	office := actor("office", "GX01")
	m, err := d.AddMeeting(ctx, office, queries.MeetingInput{UnitCode: "GX01", Period: "2025Q4", Title: "百色市局2025年第四季度绩效讲评会",
		HeldOn: "2026-01-15", Minutes: "会议指出增值税政策宣传不足，纳税人满意度偏低。", Decisions: "限期整改"})
	if err != nil {
		t.Fatal(err)
	}
	yesterday := time.Now().AddDate(0, 0, -3).Format("2006-01-02")
	nextMonth := time.Now().AddDate(0, 1, 0).Format("2006-01-02")
	late, err := d.AddRectification(ctx, office, queries.RectificationInput{UnitCode: "GX0101-B2", Title: "增值税政策宣传不足", Measures: "开展专题辅导",
		Deadline: yesterday, Period: "2025Q4", MeetingID: &m.ID, IndicatorCode: "E03"})
	if err != nil {
		t.Fatal(err)
	}
	if !late.Overdue || late.DaysOverdue != 3 || late.Status != queries.RectOpen {
		t.Fatalf("overdue: %+v", late)
	}
	if _, err := d.AddRectification(ctx, office, queries.RectificationInput{UnitCode: "GX0102", Source: "feedback", Title: "12366 热线接通率低", Deadline: nextMonth}); err != nil {
		t.Fatal(err)
	}
	if _, err := d.AddRectification(ctx, actor("staff", "GX0101-B2"), queries.RectificationInput{UnitCode: "GX0101-B2", Title: "x", Deadline: nextMonth}); statusOf(err) != 403 {
		t.Fatalf("the owner setting its own item: %v", err)
	}
	// The owner works on its item but cannot close it without evidence, nor move its deadline.
	owner := actor("staff", "GX0101-B2")
	in := rectInputOf(late)
	in.Status, in.Deadline, in.Measures = queries.RectDone, nextMonth, "已开展两次专题辅导"
	if _, err := d.UpdateRectification(ctx, owner, late.ID, in); statusOf(err) != 400 {
		t.Fatalf("closing without evidence: %v", err)
	}
	in.Evidence = "辅导签到表及宣传照片"
	done, err := d.UpdateRectification(ctx, owner, late.ID, in)
	if err != nil {
		t.Fatal(err)
	}
	if done.Status != queries.RectDone || done.Overdue || done.Deadline != yesterday || done.ClosedBy == nil || *done.ClosedBy != owner.Username {
		t.Fatalf("closed: %+v", done)
	}
	// Overdue lists and scope.
	in.Status, in.Deadline = queries.RectInProgress, yesterday
	if _, err := d.UpdateRectification(ctx, office, late.ID, in); err != nil {
		t.Fatal(err)
	}
	od, err := s.OverdueRectifications(ctx, office.Scope)
	if err != nil || len(od) != 1 || od[0].ID != late.ID {
		t.Fatalf("overdue list: %+v %v", od, err)
	}
	if od, _ := s.OverdueRectifications(ctx, actor("office", "GX02").Scope); len(od) != 0 {
		t.Fatalf("another city sees: %+v", od)
	}
	if rs, _ := s.Rectifications(ctx, actor("leader", "GX0102").Scope, queries.RectFilter{}); len(rs) != 1 || rs[0].UnitCode != "GX0102" {
		t.Fatalf("county leader sees: %+v", rs)
	}
	c, err := s.RectificationCounts(ctx, office.Scope, queries.RectFilter{Under: "GX01"})
	if err != nil || c.Overdue != 1 || c.InProgress != 1 || c.Open != 1 {
		t.Fatalf("counts: %+v %v", c, err)
	}
	// Meetings: archived, searchable, scoped.
	got, err := s.Meeting(ctx, office.Scope, m.ID)
	if err != nil || len(got.Rectifications) != 1 {
		t.Fatalf("meeting: %+v %v", got, err)
	}
	for q, n := range map[string]int{"增值税": 1, "讲评会": 1, "稽查": 0, "%": 0, "_": 0} {
		ms, err := s.Meetings(ctx, office.Scope, queries.MeetingFilter{Query: q})
		if err != nil || len(ms) != n {
			t.Errorf("search %q: %d %v", q, len(ms), err)
		}
	}
	if ms, _ := s.Meetings(ctx, actor("office", "GX02").Scope, queries.MeetingFilter{}); len(ms) != 0 {
		t.Error("another city sees the minutes")
	}
	if _, err := d.AddMeeting(ctx, actor("office", "GX0101"), queries.MeetingInput{UnitCode: "GX01", Period: "2025Q4", Title: "x", HeldOn: "2026-01-01"}); statusOf(err) != 404 {
		t.Errorf("a county office recording the city's meeting: %v", err)
	}
	if err := d.DeleteMeeting(ctx, office, m.ID); err != nil {
		t.Fatal(err)
	}
	if r, _ := s.Rectification(ctx, office.Scope, late.ID); r == nil || r.MeetingID != nil {
		t.Error("the item should outlive its meeting")
	}
	for _, act := range []string{"meeting_add", "meeting_delete", "rectification_add", "rectification_update"} {
		if fixturestore.AuditCount(t, s, act) == 0 {
			t.Errorf("audit %s missing", act)
		}
	}
}

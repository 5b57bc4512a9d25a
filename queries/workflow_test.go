package queries

import (
	"archive/zip"
	"bytes"
	"context"
	"testing"
	"time"
)

func TestSniffEvidence(t *testing.T) {
	zipWith := func(names ...string) []byte {
		var b bytes.Buffer
		w := zip.NewWriter(&b)
		for _, n := range names {
			f, _ := w.Create(n)
			f.Write([]byte("<x/>"))
		}
		w.Close()
		return b.Bytes()
	}
	for name, c := range map[string]struct {
		b    []byte
		want string
	}{
		"pdf":  {[]byte("%PDF-1.7\n..."), MimePDF},
		"png":  {[]byte("\x89PNG\r\n\x1a\n...."), MimePNG},
		"jpeg": {[]byte{0xFF, 0xD8, 0xFF, 0xE0, 0, 0}, MimeJPEG},
		"xlsx": {zipWith("[Content_Types].xml", "xl/workbook.xml"), MimeXLSX},
		"docx": {zipWith("[Content_Types].xml", "word/document.xml"), MimeDOCX},
		"zip":  {zipWith("a.txt"), ""},
		"exe":  {[]byte("MZ\x90\x00"), ""},
		"html": {[]byte("<html><script>"), ""},
	} {
		if got := SniffEvidence(c.b); got != c.want {
			t.Errorf("%s: %q want %q", name, got, c.want)
		}
	}
	if got := cleanFilename("../../etc/passwd", MimePDF); got != "passwd.pdf" {
		t.Errorf("clean: %q", got)
	}
	if got := cleanFilename("照片.JPEG", MimeJPEG); got != "照片.JPEG" {
		t.Errorf("clean: %q", got)
	}
	s := loadFixture(t)
	publish(t, s, "2025Q4")
	id := seedAppeal(t, s, AppealSubmitted)
	big := append([]byte("%PDF-"), make([]byte, MaxAttachmentSize)...)
	if _, err := s.AddAttachment(context.Background(), actor("staff", "GX0101-B2"), "appeal", id, "big.pdf", big); statusOf(err) != 400 {
		t.Errorf("an oversized file: %v", err)
	}
	att, err := s.AddAttachment(context.Background(), actor("staff", "GX0101-B2"), "appeal", id, "ok.png", []byte("\x89PNG\r\n\x1a\nxx"))
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.Attachment(context.Background(), actor("staff", "GX0101-B1").Scope, att.ID); statusOf(err) != 404 {
		t.Errorf("a peer downloading: %v", err)
	}
	if _, body, err := s.Attachment(context.Background(), actor("leader", "GX01").Scope, att.ID); err != nil || len(body) != 10 {
		t.Errorf("the city leader downloading: %v", err)
	}
}

func TestAdjustments(t *testing.T) {
	s := loadFixture(t)
	ctx := context.Background()
	office := actor("office", "GX01")
	in := AdjustmentInput{UnitCode: "GX0101-B2", Period: "2025Q4", Kind: "bonus", Points: 1.5, Reason: "获市局通报表扬", Evidence: "市局通报〔2025〕8号"}
	if _, err := s.AddAdjustment(ctx, actor("staff", "GX0101-B2"), in); statusOf(err) != 403 && statusOf(err) != 404 {
		t.Fatalf("staff adding: %v", err)
	}
	if _, err := s.AddAdjustment(ctx, actor("office", "GX02"), in); statusOf(err) != 404 {
		t.Fatalf("another city's office adding: %v", err)
	}
	row, err := s.AddAdjustment(ctx, office, in)
	if err != nil {
		t.Fatal(err)
	}
	bd, err := s.Breakdown(ctx, Everything, "GX0101-B2", "2025Q4")
	if err != nil {
		t.Fatal(err)
	}
	if bd.Bonus != 1.5 || bd.Score != 71.55 || len(bd.Adjustments) != 1 || bd.Adjustments[0].Evidence != in.Evidence {
		t.Fatalf("breakdown: score %.2f bonus %.2f %+v", bd.Score, bd.Bonus, bd.Adjustments)
	}
	veto := AdjustmentInput{UnitCode: "GX0101-B1", Period: "2025Q4", Kind: "veto", Points: 5, Reason: "发生重大违纪案件"}
	v, err := s.AddAdjustment(ctx, office, veto)
	if err != nil || v.Points != 0 {
		t.Fatalf("veto: %+v %v", v, err)
	}
	r, _ := s.RankingForUnit(ctx, Everything, "2025Q4", "GX0101-B1")
	for _, x := range r.Rows {
		if *x.UnitCode == "GX0101-B1" && !x.Vetoed {
			t.Error("veto not applied")
		}
	}
	list, err := s.ListAdjustments(ctx, office.Scope, AdjustmentFilter{Under: "GX0101", Period: "2025Q4"})
	if err != nil || len(list) != 2 {
		t.Fatalf("list: %v %v", list, err)
	}
	if err := s.DeleteAdjustment(ctx, office, v.ID); err != nil {
		t.Fatal(err)
	}
	publish(t, s, "2025Q4")
	if err := s.SetPeriodStatus(ctx, "office", "2025Q4", "final"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddAdjustment(ctx, office, in); statusOf(err) != 409 {
		t.Errorf("adding in a final period: %v", err)
	}
	if err := s.DeleteAdjustment(ctx, office, row.ID); statusOf(err) != 409 {
		t.Errorf("deleting in a final period: %v", err)
	}
	if auditCount(t, s, "adjustment_add") != 2 || auditCount(t, s, "adjustment_delete") != 1 {
		t.Error("adjustments not audited")
	}
}

func TestRectificationsAndMeetings(t *testing.T) {
	s := loadFixture(t)
	ctx := context.Background()
	publish(t, s, "2025Q4")
	office := actor("office", "GX01")
	m, err := s.AddMeeting(ctx, office, MeetingInput{UnitCode: "GX01", Period: "2025Q4", Title: "百色市局2025年第四季度绩效讲评会",
		HeldOn: "2026-01-15", Minutes: "会议指出增值税政策宣传不足，纳税人满意度偏低。", Decisions: "限期整改"})
	if err != nil {
		t.Fatal(err)
	}
	yesterday := time.Now().AddDate(0, 0, -3).Format("2006-01-02")
	nextMonth := time.Now().AddDate(0, 1, 0).Format("2006-01-02")
	late, err := s.AddRectification(ctx, office, RectificationInput{UnitCode: "GX0101-B2", Title: "增值税政策宣传不足", Measures: "开展专题辅导",
		Deadline: yesterday, Period: "2025Q4", MeetingID: &m.ID, IndicatorCode: "E03"})
	if err != nil {
		t.Fatal(err)
	}
	if !late.Overdue || late.DaysOverdue != 3 || late.Status != RectOpen {
		t.Fatalf("overdue: %+v", late)
	}
	if _, err := s.AddRectification(ctx, office, RectificationInput{UnitCode: "GX0102", Source: "feedback", Title: "12366 热线接通率低", Deadline: nextMonth}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddRectification(ctx, actor("staff", "GX0101-B2"), RectificationInput{UnitCode: "GX0101-B2", Title: "x", Deadline: nextMonth}); statusOf(err) != 403 {
		t.Fatalf("the owner setting its own item: %v", err)
	}
	// The owner works on its item but cannot close it without evidence, nor move its deadline.
	owner := actor("staff", "GX0101-B2")
	in := rectInputOf(late)
	in.Status, in.Deadline, in.Measures = RectDone, nextMonth, "已开展两次专题辅导"
	if _, err := s.UpdateRectification(ctx, owner, late.ID, in); statusOf(err) != 400 {
		t.Fatalf("closing without evidence: %v", err)
	}
	in.Evidence = "辅导签到表及宣传照片"
	done, err := s.UpdateRectification(ctx, owner, late.ID, in)
	if err != nil {
		t.Fatal(err)
	}
	if done.Status != RectDone || done.Overdue || done.Deadline != yesterday || done.ClosedBy == nil || *done.ClosedBy != owner.Username {
		t.Fatalf("closed: %+v", done)
	}
	// Overdue lists and scope.
	in.Status, in.Deadline = RectInProgress, yesterday
	if _, err := s.UpdateRectification(ctx, office, late.ID, in); err != nil {
		t.Fatal(err)
	}
	od, err := s.OverdueRectifications(ctx, office.Scope)
	if err != nil || len(od) != 1 || od[0].ID != late.ID {
		t.Fatalf("overdue list: %+v %v", od, err)
	}
	if od, _ := s.OverdueRectifications(ctx, actor("office", "GX02").Scope); len(od) != 0 {
		t.Fatalf("another city sees: %+v", od)
	}
	if rs, _ := s.Rectifications(ctx, actor("leader", "GX0102").Scope, RectFilter{}); len(rs) != 1 || rs[0].UnitCode != "GX0102" {
		t.Fatalf("county leader sees: %+v", rs)
	}
	c, err := s.RectificationCounts(ctx, office.Scope, RectFilter{Under: "GX01"})
	if err != nil || c.Overdue != 1 || c.InProgress != 1 || c.Open != 1 {
		t.Fatalf("counts: %+v %v", c, err)
	}
	// Meetings: archived, searchable, scoped.
	got, err := s.Meeting(ctx, office.Scope, m.ID)
	if err != nil || len(got.Rectifications) != 1 {
		t.Fatalf("meeting: %+v %v", got, err)
	}
	for q, n := range map[string]int{"增值税": 1, "讲评会": 1, "稽查": 0, "%": 0, "_": 0} {
		ms, err := s.Meetings(ctx, office.Scope, MeetingFilter{Query: q})
		if err != nil || len(ms) != n {
			t.Errorf("search %q: %d %v", q, len(ms), err)
		}
	}
	if ms, _ := s.Meetings(ctx, actor("office", "GX02").Scope, MeetingFilter{}); len(ms) != 0 {
		t.Error("another city sees the minutes")
	}
	if _, err := s.AddMeeting(ctx, actor("office", "GX0101"), MeetingInput{UnitCode: "GX01", Period: "2025Q4", Title: "x", HeldOn: "2026-01-01"}); statusOf(err) != 404 {
		t.Errorf("a county office recording the city's meeting: %v", err)
	}
	if err := s.DeleteMeeting(ctx, office, m.ID); err != nil {
		t.Fatal(err)
	}
	if r, _ := s.Rectification(ctx, office.Scope, late.ID); r == nil || r.MeetingID != nil {
		t.Error("the item should outlive its meeting")
	}
	for _, act := range []string{"meeting_add", "meeting_delete", "rectification_add", "rectification_update"} {
		if auditCount(t, s, act) == 0 {
			t.Errorf("audit %s missing", act)
		}
	}
}

package dashboards

import (
	"strings"
	"testing"
	"time"

	"jixiao/queries"
)

// TestWorkflowPagesRender renders every workflow page with data holding
// markup, which must come out as text.
func TestWorkflowPagesRender(t *testing.T) {
	wp, err := NewWorkflowPages()
	if err != nil {
		t.Fatal(err)
	}
	for _, lang := range []string{"zh", "en"} {
		renderWorkflowPages(t, wp, lang)
	}
}

func renderWorkflowPages(t *testing.T, wp *WorkflowPages, lang string) {
	evil := `<script>alert(1)</script>`
	now := time.Now()
	v, p := 96.0, "2025Q4"
	page := Page{Lang: lang, Period: "2025Q4", User: Viewer{Username: "u", Name: "用户"}}
	appeal := queries.Appeal{ID: 7, Status: "forwarded", UnitCode: "GX01", UnitName: evil, IndicatorCode: "E03", IndicatorName: evil, Period: "2025Q4",
		ClaimedActual: 96, OldActual: &v, Reason: evil, FiledBy: "staff", FiledAt: now,
		History: []queries.AppealStep{{Step: "filed", By: "staff", At: now, Comment: evil, Actual: &v}},
		Files:   []queries.Attachment{{ID: 3, Filename: evil + ".pdf", Size: 2048}}}
	item := queries.Rectification{ID: 5, UnitCode: "GX01", UnitName: evil, Source: "meeting", Title: evil, Measures: evil, Deadline: "2025-01-01",
		Status: "open", Overdue: true, DaysOverdue: 3, Period: &p}
	meeting := queries.Meeting{ID: 9, UnitCode: "GX01", UnitName: evil, Period: "2025Q4", Title: evil, HeldOn: "2026-01-10", Minutes: evil, Decisions: evil,
		Rectifications: []queries.Rectification{item}}
	units := []queries.Unit{{Code: "GX01", Name: evil}}
	info := queries.PeriodInfo{Period: "2025Q4", Status: "review", AppealUntil: &now, AppealsOpen: true, WindowDays: 10, ChangedBy: &appeal.FiledBy}
	cases := map[string]any{
		"appeals":        &AppealsData{Page: page, Title: "申诉", Appeals: []queries.Appeal{appeal}, CanFile: true, Units: units, Info: &info, Flash: Flash{Error: evil}},
		"appeal":         &AppealData{Page: page, Title: "申诉 #7", Appeal: &appeal, CanReview: true, CanDecide: true, CanAttach: true},
		"rectifications": &RectificationsData{Page: page, Title: "整改", Items: []queries.Rectification{item}, CanAdd: true, Units: units, Meetings: []queries.Meeting{meeting}},
		"rectification":  &RectificationData{Page: page, Title: "整改", Item: &item, CanEdit: true, CanDelete: true, Units: units, Meetings: []queries.Meeting{meeting}},
		"meetings":       &MeetingsData{Page: page, Title: "讲评会", Meetings: []queries.Meeting{meeting}, CanAdd: true, Units: units, Query: evil},
		"minutes":        &MinutesData{Page: page, Title: "讲评会", Meeting: &meeting, CanEdit: true, CanAddRec: true, Units: units},
		"adjustments":    &AdjustmentsData{Page: page, Title: "加减分", Rows: []queries.AdjustmentRow{{Adjustment: queries.Adjustment{ID: 1, Kind: "veto", Reason: evil}, UnitCode: "GX01", UnitName: evil, Period: "2025Q4"}}, CanAdd: true, Units: units},
		"publication":    &PublicationData{Page: page, Title: "公示", Infos: []queries.PeriodInfo{info}, CanPublish: true},
		"report":         &ReportData{Page: page, Title: "报告", Units: units, Unit: "GX01"},
	}
	for name, d := range cases {
		var b strings.Builder
		if err := wp.Render(&b, name, d); err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		h := b.String()
		if i := strings.Index(h, "wf_"); i >= 0 {
			t.Errorf("%s: an untranslated key near %q", name, h[max(0, i-20):min(len(h), i+40)])
		}
		if strings.Contains(h, evil) {
			t.Errorf("%s: imported text became markup", name)
		}
		if !strings.Contains(h, "workflow.") || !strings.Contains(h, "</html>") {
			t.Errorf("%s: incomplete page", name)
		}
		if strings.Contains(h, "style=") || strings.Contains(h, "<style") {
			t.Errorf("%s: inline style (the CSP allows none)", name)
		}
	}
}

func TestOverdueExtras(t *testing.T) {
	p := "2025Q4"
	items := []queries.Rectification{
		{ID: 1, UnitName: "国家税务总局百色市税务局", Title: "增值税政策宣传不足", Deadline: "2025-01-01", Status: "open", Overdue: true, DaysOverdue: 30, Period: &p},
		{ID: 2, UnitName: "来宾市局", Title: "热线接通率低", Deadline: "2025-02-01", Status: "in_progress", Overdue: true, DaysOverdue: 5},
	}
	s := OverdueSection("zh", items)
	if s == nil || len(s.Table.Rows) != 2 || !strings.Contains(s.Points[0], "30") {
		t.Fatalf("section: %+v", s)
	}
	sl := OverdueSlide("zh", items)
	if sl == nil || sl.Table == nil || len(sl.Points) == 0 {
		t.Fatalf("slide: %+v", sl)
	}
	if OverdueSection("zh", nil) != nil || OverdueSlide("en", nil) != nil || OverduePoint("zh", nil) != "" {
		t.Fatal("nothing overdue should add nothing")
	}
}

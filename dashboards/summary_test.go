package dashboards

import (
	"strings"
	"testing"

	"jixiao/queries"
)

// TestFacesShowTheSummary: the overview's key figures, the meeting's
// talking points and the grade donut show the ranking's summary (the
// fixture's, worked by hand), not a recount of the rows: a summary that
// differs from the rows wins.
func TestFacesShowTheSummary(t *testing.T) {
	r := leaderRanking()
	stats := groupStats("zh", r)
	if stats[0].Value != "5" || stats[1].Value != "78.92" || stats[2].Label != "优秀单位" || stats[2].Value != "1" ||
		stats[3].Label != "不合格单位" || stats[3].Value != "1" {
		t.Errorf("overview figures %+v", stats)
	}
	if en := groupStats("en", r); en[2].Label != "Excellent" || en[3].Label != "Fail" {
		t.Errorf("English figures %+v", en)
	}
	pts := SummaryPoints("zh", r, nil)
	if pts[0] != "本期参评 5 个单位，平均得分 78.92 分。" || pts[1] != "优秀 1 个，良好 2 个，合格 1 个，不合格 1 个。" {
		t.Errorf("talking points %q", pts)
	}
	if en := SummaryPoints("en", r, nil); en[1] != "Excellent 1, good 2, pass 1, fail 1." {
		t.Errorf("English talking points %q", en)
	}
	// 85.375 is exactly representable: "%.2f" of a recount gives 85.38
	// only by luck of the digit; a summary of 85.37 must show as such.
	d := deptRanking()
	d.Summary.Mean = 85.37
	d.Summary.Grades["fail"] = 3
	if got := SummaryPoints("zh", d, nil); got[0] != "本期参评 4 个单位，平均得分 85.37 分。" || !strings.Contains(got[1], "不合格 3 个") {
		t.Errorf("points are recounted from the rows: %q", got)
	}
	if avg := GroupAverage([]*queries.Ranking{r, d}); len(avg) != 2 || avg[0].Score != 78.92 || avg[1].Score != 85.37 {
		t.Errorf("trend averages %+v", avg)
	}
	c := GradeDistribution("zh", d)
	if !strings.Contains(strings.Join(c.Tips[0], "|"), "不合格\n3 个单位") {
		t.Errorf("donut tips %q", c.Tips[0])
	}
}

// TestBelowSlideFollowsThePassLine: the meeting's slide of failing units
// draws its line from the grading in force, not a literal 60.
func TestBelowSlideFollowsThePassLine(t *testing.T) {
	r := leaderRanking()
	r.Grading.Excellent, r.Grading.Good, r.Grading.Pass = 90, 80, 72.5
	var below Slide
	for _, s := range Slides(&MeetingData{Page: page("zh", "/meeting"), Group: r}) {
		if s.ID == "slide-below60" {
			below = s
		}
	}
	if below.Title != "72.5 分以下单位" || len(below.Points) != 1 || below.Points[0] != "2 个单位得分低于 72.5 分：北海市局、梧州市局。" {
		t.Errorf("below slide %q %q", below.Title, below.Points)
	}
	r.Grading.Pass = 0 // unset: the default bounds
	r.Grading.Excellent, r.Grading.Good = 0, 0
	for _, s := range Slides(&MeetingData{Page: page("en", "/meeting"), Group: r}) {
		if s.ID == "slide-below60" && s.Title != "Units below 60" {
			t.Errorf("default line: %q", s.Title)
		}
	}
}

// TestCountsNameTheStatusesFromTheWords: the declaration counts read as
// before, their status names from data's words.
func TestCountsNameTheStatusesFromTheWords(t *testing.T) {
	var rows []queries.ProgressRow
	for _, st := range []string{"accepted", "accepted", "accepted", "accepted", "submitted", "submitted", "returned", "none", "draft"} {
		rows = append(rows, queries.ProgressRow{Status: st, Late: st == "returned"})
	}
	for lang, want := range map[string]string{
		"zh": "应报 9 个单位：已通过 4，待审核 2，已退回 1，未报送 2（逾期提交 1）",
		"en": "9 units owe values: 4 accepted, 2 submitted, 1 returned, 2 not submitted (1 late)",
	} {
		if got := progressCounts(lang, rows); got != want {
			t.Errorf("%s: %q, want %q", lang, got, want)
		}
	}
}

package dashboards

import (
	"fmt"

	"jixiao/queries"
)

// maxOverdueRows bounds the overdue table of the overview and the slide.
const maxOverdueRows = 12

// OverduePoint is the talking point about overdue rectification items, or
// "" when nothing is overdue. The items come most overdue first.
func OverduePoint(lang string, items []queries.Rectification) string {
	if len(items) == 0 {
		return ""
	}
	worst := items[0]
	for _, r := range items {
		if r.DaysOverdue > worst.DaysOverdue {
			worst = r
		}
	}
	return T(lang, "wf_overdue_point", len(items), worst.Title, ShortName(worst.UnitName), worst.DaysOverdue)
}

// overdueTable lists the items: title (linked), owner, deadline, days overdue.
func overdueTable(lang string, items []queries.Rectification) *Table {
	t := &Table{Columns: []string{T(lang, "wf_item"), T(lang, "wf_owner"), T(lang, "wf_deadline"), T(lang, "wf_status")}}
	for i, r := range items {
		if i == maxOverdueRows {
			break
		}
		t.Rows = append(t.Rows, []Cell{
			{Text: r.Title, Href: fmt.Sprintf("/rectifications/%d", r.ID)},
			{Text: ShortName(r.UnitName)},
			{Text: r.Deadline, Class: "num"},
			{Text: T(lang, "wf_overdue_n", r.DaysOverdue), Class: "bad"},
		})
	}
	return t
}

// OverdueSection is the overview's block of overdue rectification items
// (OverviewData.Extra), or nil when nothing is overdue.
func OverdueSection(lang string, items []queries.Rectification) *Section {
	if len(items) == 0 {
		return nil
	}
	return &Section{ID: "card-overdue", Title: T(lang, "wf_overdue_title"), Points: []string{OverduePoint(lang, items)},
		Table: overdueTable(lang, items), Wide: true}
}

// OverdueSlide is the meeting's slide of overdue rectification items
// (MeetingData.ExtraSlides), or nil when nothing is overdue.
func OverdueSlide(lang string, items []queries.Rectification) *Slide {
	if len(items) == 0 {
		return nil
	}
	return &Slide{ID: "slide-overdue", Title: T(lang, "wf_overdue_title"), Points: []string{OverduePoint(lang, items)},
		Table: overdueTable(lang, items)}
}

// AppealSection is a unit page's appeal history (UnitData.Extra): every
// visible appeal of the unit, newest first, or nil when it has none.
func AppealSection(lang string, appeals []queries.Appeal) *Section {
	if len(appeals) == 0 {
		return nil
	}
	t := &Table{Columns: []string{"#", T(lang, "period"), T(lang, "indicator"), T(lang, "wf_old"), T(lang, "wf_claimed"),
		T(lang, "wf_decided_value"), T(lang, "wf_status"), T(lang, "wf_filed_by")}}
	for _, a := range appeals {
		t.Rows = append(t.Rows, []Cell{
			{Text: fmt.Sprint(a.ID), Href: fmt.Sprintf("/appeals/%d", a.ID)},
			{Text: a.Period},
			{Text: a.IndicatorCode + " " + a.IndicatorName},
			{Text: optNum(a.OldActual), Class: "num"},
			{Text: num(a.ClaimedActual), Class: "num"},
			{Text: optNum(a.DecidedActual), Class: "num"},
			{Text: AppealStatusName(lang, a.Status)},
			{Text: a.FiledBy + " " + a.FiledAt.Format("2006-01-02")},
		})
	}
	return &Section{ID: "card-appeals", Title: T(lang, "wf_nav_appeals"), Table: t, Wide: true}
}

func optNum(v *float64) string {
	if v == nil {
		return "—"
	}
	return num(*v)
}

package dashboards

import (
	"fmt"
	"net/url"
	"sort"
	"time"

	"jixiao/queries"
)

// The analysis tools' additions to the overview, the unit page, the
// meeting slides and the imports page: early warnings (SPEC §10.4) and the
// ledger's completeness (§10.5).

// warningsTable lists warnings, high first (the order queries gives).
func warningsTable(lang, period string, ws []queries.Warning, withUnit bool) *Table {
	cols := []string{T(lang, "an_severity"), T(lang, "an_kind")}
	if withUnit {
		cols = append(cols, T(lang, "unit"))
	}
	t := &Table{Columns: append(cols, T(lang, "an_message"))}
	for _, w := range ws {
		sev := Cell{Text: T(lang, "an_sev_"+w.Severity)}
		if w.Severity == "high" {
			sev.Class = "bad"
		}
		row := []Cell{sev, {Text: T(lang, "an_k_"+w.Kind)}}
		switch {
		case withUnit && w.Kind == "pull_failed": // a pull, not a unit (SPEC §11)
			row = append(row, Cell{Text: w.Pull, Href: "/sources"})
		case withUnit:
			row = append(row, Cell{Text: w.UnitName, Href: unitLink(w.UnitCode, period)})
		}
		t.Rows = append(t.Rows, append(row, Cell{Text: w.Message}))
	}
	return t
}

// WarningPoint sums the warnings up in one sentence.
func WarningPoint(lang string, ws []queries.Warning) string {
	if len(ws) == 0 {
		return T(lang, "an_warn_none")
	}
	high := 0
	for _, w := range ws {
		if w.Severity == "high" {
			high++
		}
	}
	return T(lang, "an_warn_count", len(ws), high)
}

// WarningsSection is the overview's (or a unit page's) warnings card;
// withUnit shows the unit column (the overview lists many units).
func WarningsSection(lang, period string, ws []queries.Warning, withUnit bool) *Section {
	sec := &Section{ID: "card-warnings", Title: T(lang, "an_warnings"), Points: []string{WarningPoint(lang, ws)}, Wide: true}
	if len(ws) > 0 {
		sec.Table = warningsTable(lang, period, ws, withUnit)
	}
	return sec
}

// WarningsSlide is the meeting's warnings slide, the first 12 warnings.
func WarningsSlide(lang, period string, ws []queries.Warning) *Slide {
	sl := &Slide{ID: "slide-warnings", Title: T(lang, "an_warnings"), Points: []string{WarningPoint(lang, ws)}}
	if len(ws) == 0 {
		sl.Empty = T(lang, "an_warn_none")
		return sl
	}
	sl.Table = warningsTable(lang, period, ws[:min(len(ws), 12)], true)
	return sl
}

// AsOfText is "数据截至 …": the time of the last values batch of the quarter.
func AsOfText(lang string, at *time.Time) string {
	if at == nil {
		return T(lang, "an_as_of_none")
	}
	return T(lang, "an_as_of", at.Format("2006-01-02 15:04"))
}

// CompletenessSection is the ledger's progress, by lead department then
// indicator, with the as-of line first.
func CompletenessSection(lang string, rows []queries.CompletenessRow, at *time.Time) *Section {
	sec := &Section{ID: "card-completeness", Title: T(lang, "an_completeness"), Points: []string{AsOfText(lang, at)}, Wide: true}
	if len(rows) == 0 {
		return sec
	}
	sec.Table = CompletenessTable(lang, rows)
	return sec
}

// CompletenessTable groups the rows by lead department: a total row per
// department, then its indicators.
func CompletenessTable(lang string, rows []queries.CompletenessRow) *Table {
	byDept := map[string][]queries.CompletenessRow{}
	var depts []string
	for _, r := range rows {
		if _, ok := byDept[r.LeadDept]; !ok {
			depts = append(depts, r.LeadDept)
		}
		byDept[r.LeadDept] = append(byDept[r.LeadDept], r)
	}
	sort.Strings(depts)
	t := &Table{Columns: []string{T(lang, "lead_dept"), T(lang, "indicator"), T(lang, "an_expected"), T(lang, "an_received"),
		T(lang, "an_rate"), T(lang, "an_last_batch")}}
	for _, d := range depts {
		e, r := 0, 0
		for _, x := range byDept[d] {
			e, r = e+x.Expected, r+x.Received
		}
		t.Rows = append(t.Rows, []Cell{{Text: DeptName(lang, d)}, {Text: T(lang, "an_dept_total", DeptName(lang, d), r, e), Class: "muted"},
			{Text: fmt.Sprint(e), Class: "num"}, {Text: fmt.Sprint(r), Class: "num"}, rateCell(r, e), {Text: ""}})
		for _, x := range byDept[d] {
			last := "—"
			if x.LastBatchAt != nil {
				last = x.LastBatchAt.Format("2006-01-02 15:04")
			}
			if x.Source != nil { // the pull or submission that brought it (SPEC §11)
				last += " · " + *x.Source
			}
			t.Rows = append(t.Rows, []Cell{{Text: ""}, {Text: x.IndicatorCode + " " + x.Name},
				{Text: fmt.Sprint(x.Expected), Class: "num"}, {Text: fmt.Sprint(x.Received), Class: "num"}, rateCell(x.Received, x.Expected),
				{Text: last, Class: "muted"}})
		}
	}
	return t
}

func rateCell(got, want int) Cell {
	if want == 0 {
		return Cell{Text: "—", Class: "num muted"}
	}
	c := Cell{Text: fmt.Sprintf("%.1f%%", 100*float64(got)/float64(want)), Class: "num"}
	if got < want {
		c.Class = "num bad"
	}
	return c
}

// ExplainLink is the page explaining one indicator of a unit in a quarter.
func ExplainLink(unit, period, indicator string) string {
	return "/units/" + url.PathEscape(unit) + "/explain?period=" + url.QueryEscape(period) + "&indicator=" + url.QueryEscape(indicator)
}

// GroupLabel names a peer group for a picker: 百色市局 · 税务局 (the
// parent's short name and the members' kind), or a shared peer_group's
// own name; parentName "" falls back to the group id.
func GroupLabel(lang string, member queries.Unit, parentName string) string {
	switch {
	case member.PeerGroup != nil && *member.PeerGroup != "":
		return *member.PeerGroup
	case parentName == "" && member.Group != nil:
		return *member.Group
	}
	return ShortName(parentName) + " · " + kindName(lang, member.Kind)
}

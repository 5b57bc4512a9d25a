package dashboards

import (
	"fmt"
	"maps"
	"slices"

	"jixiao/queries"
)

// The collection's additions to the pages (SPEC §12.1, §12.2): a value's
// field check and the accepted explanations on the explain page, the
// unit page's checked indicators and explanations, and the meeting's
// slide of explanations. Every text is data (templates escape it).

// ExplainCollectionSections are the explain page's field check and
// accepted explanations of the indicator.
func ExplainCollectionSections(lang string, e *queries.Explanation) []Section {
	fc := &Section{ID: "card-explain-fieldcheck", Title: T(lang, "co_fieldcheck"), Wide: true}
	if f := e.FieldCheck; f == nil {
		fc.Points = []string{T(lang, "co_no_fieldcheck")}
	} else {
		fc.Points = []string{T(lang, "co_fieldcheck_point", num(f.VerifiedActual), optNum(f.DeskActual), f.By, f.At.Format("2006-01-02")),
			T(lang, "co_finding") + "：" + f.Finding}
	}
	out := []Section{*fc}
	if sec := NotesSection(lang, e.Notes, false); sec != nil {
		sec.ID = "card-explain-notes"
		out = append(out, *sec)
	}
	return out
}

// NotesSection lists accepted explanations (nil when none); withUnit
// names the unit of each (the meeting, the report).
func NotesSection(lang string, notes []queries.Note, withUnit bool) *Section {
	if len(notes) == 0 {
		return nil
	}
	cols := []string{T(lang, "period"), T(lang, "indicator"), T(lang, "co_cause"), T(lang, "co_measures")}
	if withUnit {
		cols = append([]string{T(lang, "unit")}, cols...)
	}
	t := &Table{Columns: cols}
	for _, n := range notes {
		ind := T(lang, "co_whole_quarter")
		if n.IndicatorCode != nil {
			ind = *n.IndicatorCode
			if n.IndicatorName != nil {
				ind += " " + *n.IndicatorName
			}
		}
		row := []Cell{{Text: n.Period}, {Text: ind}, {Text: n.Cause}, {Text: n.Measures}}
		if withUnit {
			row = append([]Cell{{Text: n.UnitName, Href: unitLink(n.UnitCode, n.Period)}}, row...)
		}
		t.Rows = append(t.Rows, row)
	}
	return &Section{ID: "card-notes", Title: T(lang, "co_notes"), Table: t, Wide: true}
}

// FieldChecksSection lists the field checks of a unit's quarter (nil when none).
func FieldChecksSection(lang string, checks map[string]queries.FieldCheck) *Section {
	if len(checks) == 0 {
		return nil
	}
	t := &Table{Columns: []string{T(lang, "indicator"), T(lang, "co_verified"), T(lang, "co_desk"), T(lang, "co_finding"), T(lang, "co_checked_by")}}
	for _, code := range slices.Sorted(maps.Keys(checks)) {
		f := checks[code]
		t.Rows = append(t.Rows, []Cell{{Text: f.IndicatorCode + " " + f.IndicatorName}, {Text: num(f.VerifiedActual), Class: "num"},
			{Text: optNum(f.DeskActual), Class: "num"}, {Text: f.Finding}, {Text: f.By + " " + f.At.Format("2006-01-02")}})
	}
	return &Section{ID: "card-fieldchecks", Title: T(lang, "co_fieldchecks"), Table: t, Wide: true}
}

// markChecked marks, in a unit's indicator table, the indicators that were
// checked in the field (SPEC §12.1).
func markChecked(lang string, t *Table, b *queries.Breakdown, checked map[string]queries.FieldCheck) {
	if t == nil || b == nil || len(checked) == 0 {
		return
	}
	for i, r := range b.Indicators {
		if _, ok := checked[r.Code]; ok && i < len(t.Rows) && len(t.Rows[i]) > 0 {
			t.Rows[i][0].Text += " " + T(lang, "co_checked_mark")
		}
	}
}

// NotesSlide is the meeting's slide of accepted explanations of the units
// it shows named (nil when none).
func NotesSlide(lang string, notes []queries.Note) *Slide {
	sec := NotesSection(lang, notes, true)
	if sec == nil {
		return nil
	}
	return &Slide{ID: "slide-notes", Title: T(lang, "co_notes"), Table: sec.Table,
		Points: []string{fmt.Sprintf(T(lang, "co_notes_point"), len(notes))}}
}

package dashboards

import (
	"fmt"
	"io"
	"sort"

	"jixiao/queries"
)

// IndicatorData is what an indicator's page (/indicators/{code}) shows.
type IndicatorData struct {
	Page
	Versions   []queries.Indicator      // the catalogue versions of the code
	Values     []queries.IndicatorValue // its values across the visible units in the period
	Completion []queries.Completion     // its completion per quarter
	Groups     map[string]queries.Unit  // unit → box it belongs to (GroupsUnder)
	Extra      []Section
}

type indicatorView struct {
	*IndicatorData
	Title   string
	Current *queries.Indicator
	Facts   []Stat
	Stats   []Stat
	Explain string // why there is nothing to show, instead of empty cards
	Cards   []Card
}

// Indicator renders an indicator's page.
func (p *Pages) Indicator(w io.Writer, d *IndicatorData) error {
	d.Lang = Lang(d.Lang)
	lang := d.Lang
	v := &indicatorView{IndicatorData: d}
	v.Current = versionAt(d.Versions, d.Period)
	if v.Current != nil {
		v.Title = v.Current.Name
		v.Facts = indicatorFacts(lang, v.Current)
	}
	vals := rankedValues(d.Values, d.Groups)
	v.Stats = valueStats(lang, vals, pointCompletion(d.Completion, d.Period))
	if len(d.Values) == 0 && len(d.Completion) == 0 && v.Current != nil && d.User.Role != "" && d.User.Role != "admin" {
		// nothing of this indicator in the viewer's scope: it does not
		// apply to their units (or has no values yet); say so
		v.Explain = T(lang, "ind_not_applicable", indicatorLevels(lang, v.Current.Levels))
	}
	box := IndicatorBoxplot(lang, v.Current, d.Values, d.Groups, d.Period)
	if len(d.Period) == 4 {
		box = yearNote(lang, "chart-box", T(lang, "box_chart"))
		box.Kind = "boxplot"
	}
	v.Cards = chartCards(box, CompletionTrend(lang, d.Completion))
	if t := lowestTable(lang, v.Current, vals, d.Period, 15); t != nil {
		v.Cards = append(v.Cards, Card{ID: "card-lowest", Title: T(lang, "lowest_units"), Span: 12, Table: t})
	}
	v.Cards = pack(append(v.Cards, sectionCards(d.Extra)...))
	return p.render(w, "indicator", "layout", v)
}

// versionAt is the version valid in period (a year uses its last quarter),
// else the newest.
func versionAt(vs []queries.Indicator, period string) *queries.Indicator {
	if len(vs) == 0 {
		return nil
	}
	q := period
	if len(q) == 4 {
		q += "Q4"
	}
	for i := range vs {
		if (vs[i].ValidFrom == "" || vs[i].ValidFrom <= q) && (vs[i].ValidTo == "" || q <= vs[i].ValidTo) {
			return &vs[i]
		}
	}
	return &vs[len(vs)-1]
}

func pointCompletion(cs []queries.Completion, period string) *queries.Completion {
	for i := range cs {
		if cs[i].Period == period {
			return &cs[i]
		}
	}
	return nil
}

// indicatorFacts describe an indicator version from the catalogue.
func indicatorFacts(lang string, i *queries.Indicator) []Stat {
	floor := "—"
	if i.Floor != nil {
		floor = num(*i.Floor) + MeasureUnit(lang, i.Unit)
	}
	valid := i.ValidFrom + " – " + i.ValidTo
	if i.ValidFrom == "" && i.ValidTo == "" {
		valid = "—"
	}
	coop := "—"
	if i.CoopDepts != "" {
		coop = ""
		for n, c := range splitCodes(i.CoopDepts) {
			if n > 0 {
				coop += "、"
			}
			coop += DeptName(lang, c)
		}
	}
	out := []Stat{
		{Label: T(lang, "system"), Value: SystemName(lang, i.System)},
		{Label: T(lang, "weight"), Value: num(i.Weight)},
		{Label: T(lang, "target"), Value: num(i.Target) + MeasureUnit(lang, i.Unit)},
		{Label: T(lang, "floor"), Value: floor},
		{Label: T(lang, "direction"), Value: T(lang, i.Direction)},
		{Label: T(lang, "rule"), Value: T(lang, i.Rule)},
		{Label: T(lang, "lead_dept"), Value: DeptName(lang, i.LeadDept)},
		{Label: T(lang, "coop_depts"), Value: coop},
		{Label: T(lang, "method"), Value: T(lang, i.Method)},
		{Label: T(lang, "valid"), Value: valid},
	}
	if i.KeyTask {
		out = append(out, Stat{Label: T(lang, "key_task"), Value: "★", Tone: "bad"})
	}
	return out
}

func splitCodes(s string) []string {
	var out []string
	cur := ""
	for _, r := range s + "," {
		if r == ',' || r == '，' || r == ' ' {
			if cur != "" {
				out = append(out, cur)
			}
			cur = ""
			continue
		}
		cur += string(r)
	}
	return out
}

// rankedValues leaves out the root of the tree (a unit with no parent):
// it is not ranked and reports no ledger of its own, so it is neither a
// missing value nor one of the lowest units.
func rankedValues(vals []queries.IndicatorValue, groups map[string]queries.Unit) []queries.IndicatorValue {
	out := make([]queries.IndicatorValue, 0, len(vals))
	for _, v := range vals {
		if g, ok := groups[v.UnitCode]; ok && g.Code == v.UnitCode && g.ParentCode == nil {
			continue
		}
		out = append(out, v)
	}
	return out
}

// valueStats sum up an indicator in one period: completion, units, missing.
func valueStats(lang string, vals []queries.IndicatorValue, c *queries.Completion) []Stat {
	if len(vals) == 0 {
		return nil
	}
	met, missing := 0, 0
	for _, v := range vals {
		if v.Missing {
			missing++
		}
		if v.Weight > 0 && v.Earned >= v.Weight-1e-9 {
			met++
		}
	}
	out := []Stat{{Label: T(lang, "unit"), Value: fmt.Sprint(len(vals))}}
	if c != nil {
		// the share of the weight earned, not actual ÷ target (the box plot):
		// the note says so, so the two are not read as one figure
		out = append(out, Stat{Label: T(lang, "completion"), Value: fmt.Sprintf("%.1f%%", c.Rate), Note: T(lang, "completion_note")})
	}
	out = append(out, Stat{Label: T(lang, "full_marks"), Value: fmt.Sprint(met), Tone: "good"},
		Stat{Label: T(lang, "missing_n"), Value: fmt.Sprint(missing), Tone: toneIf(missing > 0, "bad")})
	return out
}

// lowestTable lists the units furthest from full marks, missing values first.
func lowestTable(lang string, ind *queries.Indicator, vals []queries.IndicatorValue, period string, n int) *Table {
	var list []queries.IndicatorValue
	for _, v := range vals {
		if v.Missing || v.Earned < v.Weight-1e-9 {
			list = append(list, v)
		}
	}
	if len(list) == 0 {
		return nil
	}
	sort.SliceStable(list, func(i, j int) bool {
		if list[i].Missing != list[j].Missing {
			return list[i].Missing
		}
		return share(list[i]) < share(list[j])
	})
	if len(list) > n {
		list = list[:n]
	}
	unit := ""
	if ind != nil {
		unit = MeasureUnit(lang, ind.Unit)
	}
	t := &Table{Columns: []string{T(lang, "unit"), T(lang, "actual"), T(lang, "target"), T(lang, "earned"), T(lang, "lost")}}
	for _, v := range list {
		actual := Cell{Text: T(lang, "missing"), Class: "num bad"}
		if v.Actual != nil && !v.Missing {
			actual = Cell{Text: num(*v.Actual) + unit, Class: "num"}
		}
		t.Rows = append(t.Rows, []Cell{{Text: v.UnitName, Href: unitLink(v.UnitCode, period)}, actual,
			{Text: num(v.Target) + unit, Class: "num"}, {Text: fmt.Sprintf("%s / %s", num(v.Earned), num(v.Weight)), Class: "num"},
			{Text: num(v.Weight - v.Earned), Class: "num bad"}})
	}
	return t
}

func share(v queries.IndicatorValue) float64 {
	if v.Weight == 0 {
		return 1
	}
	return v.Earned / v.Weight
}

package dashboards

import (
	"fmt"
	"io"

	"jixiao/queries"
)

// UnitData is what a unit's page (/units/{code}) shows in one period.
type UnitData struct {
	Page
	Unit       queries.Unit
	Score      *queries.TrendPoint    // its result in the period (nil: none)
	Ranking    *queries.Ranking       // its peer group in the period (nil for the root or when not ranked)
	SystemAvg  *queries.SystemAverage // Ranking's system average, one scoped read (nil: none)
	Trend      []queries.TrendPoint   // its quarters
	GroupAvg   []queries.TrendPoint   // mean score of its peer group per quarter
	Breakdown  *queries.Breakdown     // its indicators in the period (nil for a year)
	Children   []queries.Unit
	ChildRank  *queries.Ranking   // the ranking of its children, when they are ranked together
	ChildRanks []*queries.Ranking // every ranking its children take part in, for the list
	Extra      []Section
	// Checked are the indicators checked in the field in the period (SPEC §12.1).
	Checked map[string]queries.FieldCheck
}

type unitView struct {
	*UnitData
	Title       string
	Stats       []Stat
	Cards       []Card
	Breakdown   *Table
	Adjustments *Table
}

// Unit renders a unit's page.
func (p *Pages) Unit(w io.Writer, d *UnitData) error {
	d.Lang = Lang(d.Lang)
	lang := d.Lang
	v := &unitView{UnitData: d, Title: d.Unit.Name}
	row := findRow(d.Ranking, d.Unit.Code)
	v.Stats = unitStats(lang, d.Score, d.Ranking, row)
	if b := d.Breakdown; b != nil {
		v.Stats = append(v.Stats, Stat{Label: T(lang, "base"), Value: fmt.Sprintf("%.2f", b.Base)})
		if b.Bonus != 0 || b.Penalty != 0 {
			v.Stats = append(v.Stats, Stat{Label: T(lang, "bonus") + " / " + T(lang, "penalty"),
				Value: fmt.Sprintf("+%s / −%s", num(b.Bonus), num(b.Penalty))})
		}
	}
	charts := []Chart{ScoreTrend(lang, d.Unit.Name, d.Trend, d.GroupAvg)}
	if row != nil {
		charts = append(charts, RankTrend(lang, d.Unit.Name, d.Trend),
			RankingBar(lang, d.Ranking, d.Unit.Code).WithTitle(T(lang, "place_in_group")),
			SystemRadar(lang, d.Ranking, d.Unit.Code, d.SystemAvg))
	}
	if d.Breakdown != nil {
		charts = append(charts, LossBars(lang, ByIndicator, BreakdownLosses(d.Breakdown), d.Period, 12),
			LossBars(lang, ByDept, BreakdownDeptLosses(d.Breakdown), d.Period, 12))
	} else if len(d.Period) == 4 {
		charts = append(charts, yearNote(lang, "chart-loss-ind", T(lang, "loss_ind_chart")))
	}
	v.Cards = chartCards(charts...)
	if d.ChildRank != nil && len(d.Children) > 0 {
		v.Cards = append(v.Cards, chartCards(RankingBar(lang, d.ChildRank, "").WithID("chart-children").WithTitle(T(lang, "children")))...)
	}
	v.Cards = append(v.Cards, childrenCards(lang, d.Children, append([]*queries.Ranking{d.ChildRank}, d.ChildRanks...), d.Period)...)
	v.Cards = pack(append(v.Cards, sectionCards(d.Extra)...))
	v.Breakdown = breakdownTable(lang, d.Breakdown, d.Period)
	markChecked(lang, v.Breakdown, d.Breakdown, d.Checked)
	v.Adjustments = adjustmentsTable(lang, d.Breakdown)
	return p.render(w, "unit", "layout", v)
}

// breakdownTable lists a unit's indicators: actual, target, earned, lost.
func breakdownTable(lang string, b *queries.Breakdown, period string) *Table {
	if b == nil || len(b.Indicators) == 0 {
		return nil
	}
	t := &Table{Columns: []string{T(lang, "indicator"), T(lang, "system"), T(lang, "lead_dept"), T(lang, "weight"),
		T(lang, "actual"), T(lang, "target"), T(lang, "earned"), T(lang, "lost"), T(lang, "note")}}
	for _, r := range b.Indicators {
		actual := Cell{Text: "—", Class: "num"}
		if r.Actual != nil {
			actual.Text = num(*r.Actual) + MeasureUnit(lang, r.Unit)
		}
		note := r.Note
		if r.Missing {
			actual = Cell{Text: T(lang, "missing"), Class: "num bad"}
		}
		if r.Decided {
			note = T(lang, "decided") + " " + note
		}
		why := ExplainLink(b.UnitCode, period, r.Code) // every number opens its explanation (SPEC §10.3)
		lost := Cell{Text: num(r.Lost), Class: "num", Href: why}
		if r.Lost > 0 {
			lost.Class = "num bad"
		}
		actual.Href = why
		t.Rows = append(t.Rows, []Cell{
			{Text: r.Name, Href: indicatorLink(r.Code, period)},
			{Text: SystemName(lang, r.System), Class: "muted"},
			{Text: DeptName(lang, r.LeadDept), Class: "muted"},
			{Text: num(r.Weight), Class: "num"},
			actual,
			{Text: num(r.Target) + MeasureUnit(lang, r.Unit), Class: "num"},
			{Text: num(r.Earned), Class: "num", Href: why},
			lost,
			{Text: note, Class: "muted"},
		})
	}
	return t
}

// adjustmentsTable lists bonuses, penalties and vetoes.
func adjustmentsTable(lang string, b *queries.Breakdown) *Table {
	if b == nil || len(b.Adjustments) == 0 {
		return nil
	}
	t := &Table{Columns: []string{T(lang, "kind"), T(lang, "points"), T(lang, "reason"), T(lang, "indicator")}}
	for _, a := range b.Adjustments {
		pts := num(a.Points)
		class := "num"
		switch a.Kind {
		case "bonus":
			pts, class = "+"+pts, "num good"
		case "penalty":
			pts, class = "−"+pts, "num bad"
		case "veto":
			pts, class = "—", "num bad"
		}
		t.Rows = append(t.Rows, []Cell{{Text: T(lang, a.Kind+"_kind")}, {Text: pts, Class: class}, {Text: a.Reason}, {Text: a.IndicatorCode, Class: "muted"}})
	}
	return t
}

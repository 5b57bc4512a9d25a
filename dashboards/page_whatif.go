package dashboards

import (
	"fmt"
	"io"
	"net/url"
	"sort"
	"strings"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"

	"jixiao/queries"
)

// WhatIfData is /whatif: the sandbox of SPEC §10.1 for one peer group and
// quarter, with the saved scenarios of the user's unit.
type WhatIfData struct {
	Page
	Flash
	Groups   []Link // the peer groups the user may simulate (Label, Href = group id)
	Group    string
	Versions []queries.VersionAt // the versions valid in the quarter for the group's tier
	Scenario queries.Scenario
	Result   *queries.WhatIf
	Saved    []queries.SavedScenario
	CanApply bool     // the office may turn a scenario into indicator versions
	Open     []string // the open quarters a scenario may start from
}

// Slider is one range input of the page.
type Slider struct {
	Name, Label    string
	Value, Default float64
	Min, Max, Step float64
}

type whatifView struct {
	*WhatIfData
	Title   string
	Systems []Slider
	Weights []Slider
	Cards   []Card
	Changes *Table
	All     *Table
	Summary string
	Saved   []savedView
}

type savedView struct {
	queries.SavedScenario
	Href    string
	Changes string
}

// WhatIf renders the what-if page.
func (p *AnalysisPages) WhatIf(w io.Writer, d *WhatIfData) error {
	d.Lang = Lang(d.Lang)
	lang := d.Lang
	v := &whatifView{WhatIfData: d, Title: T(lang, "an_whatif_title")}
	for _, s := range queries.SystemCols {
		val := 1.0
		if f, ok := d.Scenario.Systems[s]; ok {
			val = f
		}
		v.Systems = append(v.Systems, Slider{Name: "s." + s, Label: SystemName(lang, s), Value: val, Default: 1, Min: 0, Max: 3, Step: 0.1})
	}
	for _, ver := range d.Versions {
		val := ver.Weight
		if nw, ok := d.Scenario.Weights[ver.Code]; ok {
			val = nw
		}
		v.Weights = append(v.Weights, Slider{Name: "w." + ver.Code, Label: ver.Code + " " + ver.Name + " · " + SystemName(lang, ver.System),
			Value: val, Default: ver.Weight, Min: 0, Max: max(2*ver.Weight, 10, val), Step: 1})
	}
	if r := d.Result; r != nil {
		v.Cards = pack(chartCards(SlopeChart(lang, r)))
		v.Changes, v.All, v.Summary = whatifTables(lang, r)
	}
	for _, s := range d.Saved {
		v.Saved = append(v.Saved, savedView{SavedScenario: s, Href: ScenarioHref(s.Scenario), Changes: scenarioText(lang, s.Scenario)})
	}
	return p.render(w, "whatif", v)
}

// ScenarioHref is the page showing a scenario.
func ScenarioHref(sn queries.Scenario) string {
	q := url.Values{}
	q.Set("period", sn.Period)
	if sn.Group != "" {
		q.Set("group", sn.Group)
	} else {
		q.Set("unit", sn.Unit)
	}
	for k, w := range sn.Weights {
		q.Set("w."+k, num(w))
	}
	for k, f := range sn.Systems {
		q.Set("s."+k, num(f))
	}
	return "/whatif?" + q.Encode()
}

func scenarioText(lang string, sn queries.Scenario) string {
	var parts []string
	for _, s := range queries.SystemCols {
		if f, ok := sn.Systems[s]; ok {
			parts = append(parts, SystemName(lang, s)+" ×"+num(f))
		}
	}
	codes := make([]string, 0, len(sn.Weights))
	for c := range sn.Weights {
		codes = append(codes, c)
	}
	sort.Strings(codes)
	for _, c := range codes {
		parts = append(parts, c+" = "+num(sn.Weights[c]))
	}
	if len(parts) == 0 {
		return T(lang, "an_no_changes")
	}
	return sn.Period + " · " + strings.Join(parts, "，")
}

func rowName(lang string, r queries.WhatIfRow) string {
	if r.UnitName == nil {
		return T(lang, "an_anonymous")
	}
	return ShortName(*r.UnitName)
}

// whatifTables list the units whose grade changes first, then every unit.
func whatifTables(lang string, r *queries.WhatIf) (*Table, *Table, string) {
	cols := []string{T(lang, "unit"), T(lang, "an_today"), T(lang, "an_scenario"), T(lang, "an_rank_move")}
	changes := &Table{Columns: cols}
	all := &Table{Columns: cols}
	n := 0
	for _, row := range r.Rows {
		name := Cell{Text: rowName(lang, row)}
		if row.UnitCode != nil {
			name.Href = unitLink(*row.UnitCode, r.Period)
		}
		today := Cell{Text: fmt.Sprintf("%.2f · #%d · %s", row.Score, row.Rank, GradeName(lang, row.Grade))}
		scen, move := Cell{Text: T(lang, "an_no_score"), Class: "muted"}, Cell{Text: "—", Class: "num muted"}
		changed := false
		if row.WhatIfRank != nil {
			scen = Cell{Text: fmt.Sprintf("%.2f · #%d · %s", *row.WhatIfScore, *row.WhatIfRank, GradeName(lang, *row.WhatIfGrade))}
			d := row.Rank - *row.WhatIfRank
			move = Cell{Text: ChangeText(lang, &d), Class: "num"}
			if d > 0 {
				move.Class = "num good"
			} else if d < 0 {
				move.Class = "num bad"
			}
			changed = *row.WhatIfGrade != row.Grade
		} else {
			changed = true
		}
		line := []Cell{name, today, scen, move}
		if changed {
			scen.Class = "bad"
			line[2] = scen
			changes.Rows = append(changes.Rows, line)
			n++
		}
		all.Rows = append(all.Rows, line)
	}
	if n == 0 {
		return nil, all, T(lang, "an_no_grade_change")
	}
	return changes, all, T(lang, "an_grade_change_n", n)
}

// SlopeChart draws every unit of the group from today's rank (left) to the
// scenario's (right); units whose grade changes are drawn in colour.
func SlopeChart(lang string, r *queries.WhatIf) Chart {
	c := Chart{ID: "chart-whatif-slope", Kind: "slope", Title: T(lang, "an_slope"), Span: 12, Height: max(320, 22*len(r.Rows))}
	if len(r.Rows) == 0 {
		return emptyChart(lang, c.ID, c.Kind, c.Title)
	}
	line := charts.NewLine()
	line.SetGlobalOptions(
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(false)}),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "item"}),
		charts.WithGridOpts(opts.Grid{Left: "140", Right: "140", Top: "24", Bottom: "24"}),
		charts.WithXAxisOpts(opts.XAxis{Type: "category"}),
		charts.WithYAxisOpts(opts.YAxis{Type: "value", Inverse: opts.Bool(true), Min: 1, Max: len(r.Rows), Show: opts.Bool(false)}),
	)
	line.SetXAxis([]string{T(lang, "an_today"), T(lang, "an_scenario")})
	names := make([]string, len(r.Rows))
	for i, row := range r.Rows {
		name := rowName(lang, row)
		names[i] = name
		right := opts.LineData{Value: nil}
		if row.WhatIfRank != nil {
			right = opts.LineData{Value: *row.WhatIfRank}
		}
		color := colorMuted
		switch {
		case row.WhatIfGrade == nil || *row.WhatIfGrade != row.Grade:
			color = colorDown
		case row.WhatIfRank != nil && *row.WhatIfRank < row.Rank:
			color = colorUp
		case row.Self:
			color = colorSelf
		}
		line.AddSeries(name, []opts.LineData{{Value: row.Rank}, right},
			charts.WithLineStyleOpts(opts.LineStyle{Color: color, Width: 2}), charts.WithItemStyleOpts(opts.ItemStyle{Color: color}))
	}
	c.Option = optionOf(line)
	if xs, ok := c.Option["xAxis"].([]any); ok && len(xs) > 0 {
		if x, ok := xs[0].(map[string]any); ok {
			x["boundaryGap"] = false
		}
	}
	// Each unit's name sits outside its line's ends: left of today's rank,
	// right of the scenario's, never on the lines.
	for i, row := range r.Rows {
		s := series(c.Option, i)
		var right any
		if row.WhatIfRank != nil {
			right = *row.WhatIfRank
		}
		s["data"] = []any{
			map[string]any{"value": row.Rank, "label": map[string]any{"position": "left", "distance": 8}},
			map[string]any{"value": right, "label": map[string]any{"position": "right", "distance": 8}},
		}
		s["label"] = map[string]any{"show": true, "formatter": names[i], "fontSize": 11}
		s["labelLayout"] = map[string]any{"hideOverlap": true}
	}
	return c
}

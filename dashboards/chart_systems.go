package dashboards

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"

	"jixiao/queries"
	"jixiao/queries/scoring"
)

// SystemRadar compares units over the six core systems with their group's
// average. With focus set (a unit code in r) it draws that unit against the
// average; without, the first and the last named units against it. The
// average is avg, one scoped read of the whole group (queries'
// GroupSystemAverage), never computed here: a department sees its peers
// anonymised, without their system scores. A withheld average (too few
// anonymised peers) leaves a note under the chart saying why.
func SystemRadar(lang string, r *queries.Ranking, focus string, avg *queries.SystemAverage) Chart {
	c := Chart{ID: "chart-radar", Kind: "radar", Title: T(lang, "radar_chart"), Format: "tips"}
	named := namedWithSystems(r)
	if len(named) == 0 {
		return emptyChart(lang, c.ID, c.Kind, c.Title)
	}
	type line struct {
		name, color string
		vals        map[string]*float64
		dashed      bool
	}
	var lines []line
	if focus != "" {
		for _, row := range named {
			if *row.UnitCode == focus {
				lines = append(lines, line{name: ShortName(*row.UnitName), color: colorSelf, vals: row.Systems})
			}
		}
	} else {
		first, last := named[0], named[len(named)-1]
		lines = append(lines, line{name: T(lang, "best") + " " + ShortName(*first.UnitName), color: colorPrimary, vals: first.Systems})
		if len(named) > 1 {
			lines = append(lines, line{name: T(lang, "worst") + " " + ShortName(*last.UnitName), color: colorDown, vals: last.Systems})
		}
	}
	switch {
	case avg == nil:
	case avg.Withheld:
		c.Caption = T(lang, "radar_avg_withheld", avg.Units, avg.MinGroup)
	case hasAny(avg.Systems):
		lines = append(lines, line{name: T(lang, "group_avg"), color: colorAvg, vals: avg.Systems, dashed: true})
	}
	if len(lines) == 0 {
		return emptyChart(lang, c.ID, c.Kind, c.Title)
	}
	lo := 100.0
	for _, l := range lines {
		for _, v := range l.vals {
			if v != nil {
				lo = min(lo, *v)
			}
		}
	}
	floor := float32(niceMin(lo))
	indicators := make([]*opts.Indicator, len(systemOrder))
	for i, sys := range systemOrder {
		indicators[i] = &opts.Indicator{Name: SystemName(lang, sys), Min: floor, Max: 100}
	}
	radar := charts.NewRadar()
	radar.SetGlobalOptions(
		charts.WithRadarComponentOpts(opts.RadarComponent{Indicator: indicators, Shape: "polygon", SplitNumber: 4,
			Center: []string{"50%", "47%"}}),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(true), Bottom: "0"}),
	)
	tips := make([][]string, len(lines))
	for i, l := range lines {
		vals := make([]any, len(systemOrder))
		var tip strings.Builder
		tip.WriteString(l.name)
		for j, sys := range systemOrder {
			if v := l.vals[sys]; v != nil {
				vals[j] = round2(*v)
				fmt.Fprintf(&tip, "\n%s %.2f", SystemName(lang, sys), *v)
			} else {
				vals[j] = "-"
			}
		}
		tips[i] = []string{tip.String()}
		style := opts.LineStyle{Width: 2, Color: l.color}
		if l.dashed {
			style.Type = "dashed"
		}
		opacity := float32(0.18)
		if l.dashed {
			opacity = 0
		}
		radar.AddSeries(l.name, []opts.RadarData{{Name: l.name, Value: vals}},
			charts.WithLineStyleOpts(style), charts.WithItemStyleOpts(opts.ItemStyle{Color: l.color}),
			charts.WithAreaStyleOpts(opts.AreaStyle{Opacity: opts.Float(opacity), Color: l.color}))
	}
	c.Option = optionOf(radar)
	set(c.Option, "radar.radius", "62%")
	c.Tips = tips
	return c
}

// namedWithSystems are the rows of r that show a unit with its system scores.
func namedWithSystems(r *queries.Ranking) []queries.RankingRow {
	if r == nil {
		return nil
	}
	var out []queries.RankingRow
	for _, row := range r.Rows {
		if row.UnitCode != nil && row.UnitName != nil && len(row.Systems) > 0 {
			out = append(out, row)
		}
	}
	return out
}

// hasAny reports whether some system has a value.
func hasAny(m map[string]*float64) bool {
	for _, v := range m {
		if v != nil {
			return true
		}
	}
	return false
}

// SystemHeatmap shows every named unit of a ranking (rows, in rank order)
// against the six systems (columns), coloured by the grade bands; a click
// on a row opens the unit.
func SystemHeatmap(lang string, r *queries.Ranking) Chart {
	c := Chart{ID: "chart-heatmap", Kind: "heatmap", Title: T(lang, "heatmap_chart"), Format: "tips", LinkBy: "y"}
	named := namedWithSystems(r)
	if len(named) < 2 {
		return emptyChart(lang, c.ID, c.Kind, c.Title)
	}
	xs := make([]string, len(systemOrder))
	for i, sys := range systemOrder {
		xs[i] = SystemName(lang, sys)
	}
	ys := make([]string, len(named))
	links := make([]string, len(named))
	var cells []opts.HeatMapData
	var tips []string
	for y, row := range named {
		ys[y] = ShortName(*row.UnitName)
		links[y] = unitLink(*row.UnitCode, r.Period)
		for x, sys := range systemOrder {
			v := row.Systems[sys]
			if v == nil {
				continue
			}
			cells = append(cells, opts.HeatMapData{Value: []any{x, y, round2(*v)}})
			tips = append(tips, fmt.Sprintf("%s\n%s %.2f", *row.UnitName, xs[x], *v))
		}
	}
	hm := charts.NewHeatMap()
	hm.SetGlobalOptions(
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(false)}),
		charts.WithGridOpts(opts.Grid{Left: "8", Right: "8", Top: "8", Bottom: "44", ContainLabel: opts.Bool(true)}),
		charts.WithXAxisOpts(opts.XAxis{Type: "category", Data: xs, Position: "top", SplitArea: &opts.SplitArea{Show: opts.Bool(true)},
			AxisLabel: &opts.AxisLabel{Interval: "0"}}),
		charts.WithYAxisOpts(opts.YAxis{Type: "category", Data: ys, Inverse: opts.Bool(true), AxisLabel: &opts.AxisLabel{Interval: "0", Width: 150, Overflow: "truncate"}}),
	)
	hm.AddSeries(T(lang, "score"), cells, charts.WithLabelOpts(opts.Label{Show: opts.Bool(true)}),
		charts.WithItemStyleOpts(opts.ItemStyle{BorderColor: "#fff", BorderWidth: 2}))
	c.Option = optionOf(hm)
	c.Option["visualMap"] = gradeVisualMap(r.Grading)
	c.Links, c.Tips = [][]string{links}, [][]string{tips}
	c.Height = max(260, 30*len(named)+90)
	return c
}

// gradeVisualMap colours values by the grade bounds in force (SPEC §3.5's
// settings, 90/80/60 by default), the same colours as grades everywhere
// else.
func gradeVisualMap(g scoring.Grading) map[string]any {
	g = gradingOf(g)
	n := bound
	return map[string]any{
		"type": "piecewise", "orient": "horizontal", "left": "center", "bottom": 0, "dimension": 2,
		"pieces": []map[string]any{
			{"gte": g.Excellent, "color": gradeColors["excellent"], "label": "≥ " + n(g.Excellent)},
			{"gte": g.Good, "lt": g.Excellent, "color": gradeColors["good"], "label": n(g.Good) + " – " + n(g.Excellent)},
			{"gte": g.Pass, "lt": g.Good, "color": gradeColors["pass"], "label": n(g.Pass) + " – " + n(g.Good)},
			{"lt": g.Pass, "color": gradeColors["fail"], "label": "< " + n(g.Pass)},
		},
	}
}

// GradeDistribution is a donut of how many units of a ranking earned each
// grade (anonymised peers count: their grades are shown), from the
// ranking's summary.
func GradeDistribution(lang string, r *queries.Ranking) Chart {
	c := Chart{ID: "chart-grades", Kind: "grades", Title: T(lang, "grades_chart"), Format: "tips"}
	if r == nil || len(r.Rows) == 0 || r.Summary.Units == 0 {
		return emptyChart(lang, c.ID, c.Kind, c.Title)
	}
	count, units := r.Summary.Grades, r.Summary.Units
	var data []opts.PieData
	var tips []string
	for _, g := range gradeOrder {
		data = append(data, opts.PieData{Name: GradeName(lang, g), Value: count[g], ItemStyle: &opts.ItemStyle{Color: gradeColors[g]}})
		tips = append(tips, fmt.Sprintf("%s\n%s（%.0f%%）", GradeName(lang, g), T(lang, "units_n", count[g]), 100*float64(count[g])/float64(units)))
	}
	pie := charts.NewPie()
	pie.SetGlobalOptions(charts.WithLegendOpts(opts.Legend{Show: opts.Bool(true), Bottom: "0"}))
	pie.AddSeries(T(lang, "grade"), data,
		charts.WithPieChartOpts(opts.PieChart{Radius: []string{"45%", "72%"}, Center: []string{"50%", "46%"}}),
		charts.WithLabelOpts(opts.Label{Show: opts.Bool(true), Formatter: "{b}\n{c}"}),
		charts.WithItemStyleOpts(opts.ItemStyle{BorderColor: "#fff", BorderWidth: 2}))
	c.Option = optionOf(pie)
	c.Option["graphic"] = []map[string]any{{"type": "text", "left": "center", "top": "40%",
		"style": map[string]any{"text": fmt.Sprint(units), "fontSize": 28, "fontWeight": "bold", "fill": "#0f172a", "align": "center"}}}
	c.Tips = [][]string{tips}
	return c
}

// gradingOf is g, or the default bounds when g is unset (a ranking built
// without its grading).
func gradingOf(g scoring.Grading) scoring.Grading {
	if g.Excellent == 0 && g.Good == 0 && g.Pass == 0 {
		return scoring.DefaultGrading
	}
	return g
}

// passLine is the pass bound of r's grading (below it a unit fails).
func passLine(r *queries.Ranking) float64 {
	if r == nil {
		return scoring.DefaultGrading.Pass
	}
	return gradingOf(r.Grading).Pass
}

// bound shows a grade bound as the settings hold it: 60, 59.5.
func bound(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

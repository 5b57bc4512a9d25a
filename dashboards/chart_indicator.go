package dashboards

import (
	"fmt"
	"math"
	"sort"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"

	"jixiao/queries"
)

// GroupsUnder maps every unit of a tree to the unit just below root that
// contains it (root itself maps to root): the groups an indicator's values
// are boxed by, so that a province leader sees one box per city and a city
// leader one per county. units must hold root and its visible descendants.
func GroupsUnder(units []queries.Unit, root string) map[string]queries.Unit {
	by := make(map[string]queries.Unit, len(units))
	for _, u := range units {
		by[u.Code] = u
	}
	out := make(map[string]queries.Unit, len(units))
	for _, u := range units {
		cur := u
		for i := 0; i < 64 && cur.Code != root; i++ {
			if cur.ParentCode == nil || *cur.ParentCode == root {
				break
			}
			p, ok := by[*cur.ParentCode]
			if !ok {
				break
			}
			cur = p
		}
		out[u.Code] = cur
	}
	return out
}

// levelNames name the boxes of the by-level grouping.
var levelNames = map[string][2]string{
	"bureau/province": {"省局", "province bureau"}, "bureau/city": {"市局", "city bureaus"}, "bureau/county": {"县局", "county bureaus"},
	"department/province": {"省局部门", "province departments"}, "department/city": {"市局部门", "city departments"},
	"department/county": {"县局部门", "county departments"}, "branch/county": {"基层分局", "branches"},
	"branch/city": {"基层分局", "branches"}, "branch/province": {"基层分局", "branches"},
}

// BoxGroups decides the boxes of an indicator's distribution: by the unit
// just below root (a province leader sees one box per city), or, when that
// leaves fewer than three values a box, by kind and level (市局, 县局 …).
func BoxGroups(lang string, units []queries.Unit, root string, values []queries.IndicatorValue) map[string]queries.Unit {
	groups := GroupsUnder(units, root)
	boxes := map[string]bool{}
	n := 0
	for _, v := range values {
		if v.Actual != nil {
			boxes[groups[v.UnitCode].Code] = true
			n++
		}
	}
	if len(boxes) <= 1 || n >= 3*len(boxes) {
		return groups
	}
	by := make(map[string]queries.Unit, len(units))
	for _, u := range units {
		key := u.Kind + "/" + u.Level
		name := key
		if ln, ok := levelNames[key]; ok {
			name = ln[0]
			if lang == "en" {
				name = ln[1]
			}
		}
		by[u.Code] = queries.Unit{Code: "level:" + key, Name: name}
	}
	return by
}

// IndicatorBoxplot shows how an indicator's actual values spread across
// units: one box per group (see BoxGroups), every unit as a point that
// opens its page, and the catalogue target as a line.
func IndicatorBoxplot(lang string, ind *queries.Indicator, values []queries.IndicatorValue, groups map[string]queries.Unit, period string) Chart {
	c := Chart{ID: "chart-box", Kind: "boxplot", Title: T(lang, "box_chart"), Format: "tips"}
	type box struct {
		unit queries.Unit
		vals []float64
	}
	var order []string
	boxes := map[string]*box{}
	for _, v := range values {
		if v.Actual == nil {
			continue
		}
		g, ok := groups[v.UnitCode]
		if !ok {
			g = queries.Unit{Code: v.UnitCode, Name: v.UnitName}
		}
		b := boxes[g.Code]
		if b == nil {
			b = &box{unit: g}
			boxes[g.Code] = b
			order = append(order, g.Code)
		}
		b.vals = append(b.vals, *v.Actual)
	}
	if len(order) == 0 {
		return emptyChart(lang, c.ID, c.Kind, c.Title)
	}
	unit := ""
	if ind != nil {
		unit = MeasureUnit(lang, ind.Unit)
	}
	cats := make([]string, len(order))
	data := make([]opts.BoxPlotData, len(order))
	boxTips := make([]string, len(order))
	index := map[string]int{}
	for i, code := range order {
		b := boxes[code]
		index[code] = i
		cats[i] = ShortName(b.unit.Name)
		q := quartiles(b.vals)
		data[i] = opts.BoxPlotData{Value: []float64{round2(q[0]), round2(q[1]), round2(q[2]), round2(q[3]), round2(q[4])}}
		boxTips[i] = fmt.Sprintf("%s · %s\nmax %.2f\nQ3 %.2f\n%s %.2f\nQ1 %.2f\nmin %.2f", b.unit.Name, T(lang, "units_n", len(b.vals)),
			q[4], q[3], map[string]string{"zh": "中位数", "en": "median"}[lang], q[2], q[1], q[0])
	}
	var points []opts.ScatterData
	var pointTips, pointLinks []string
	for _, v := range values {
		if v.Actual == nil {
			continue
		}
		g, ok := groups[v.UnitCode]
		if !ok {
			g = queries.Unit{Code: v.UnitCode}
		}
		points = append(points, opts.ScatterData{Value: []any{index[g.Code], round2(*v.Actual)}})
		pointTips = append(pointTips, fmt.Sprintf("%s\n%s %s%s · %s %s%s\n%s %.2f / %.2f", v.UnitName,
			T(lang, "actual"), num(*v.Actual), unit, T(lang, "target"), num(v.Target), unit, T(lang, "earned"), v.Earned, v.Weight))
		pointLinks = append(pointLinks, unitLink(v.UnitCode, period))
	}
	bp := charts.NewBoxPlot()
	bp.SetGlobalOptions(
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(false)}),
		charts.WithGridOpts(opts.Grid{Left: "40", Right: "24", Top: "32", Bottom: "8", ContainLabel: opts.Bool(true)}),
		charts.WithXAxisOpts(opts.XAxis{Type: "category", AxisLabel: &opts.AxisLabel{Interval: "0", Rotate: rotation(len(cats)), Width: 110, Overflow: "truncate"}}),
		charts.WithYAxisOpts(opts.YAxis{Type: "value", Scale: opts.Bool(true), Name: unit}),
	)
	bp.SetXAxis(cats).AddSeries(T(lang, "actual"), data, charts.WithItemStyleOpts(opts.ItemStyle{Color: "#dbeafe", BorderColor: colorPrimary, BorderWidth: 1.5}))
	sc := charts.NewScatter()
	sc.SetXAxis(cats).AddSeries(T(lang, "unit"), points, charts.WithItemStyleOpts(opts.ItemStyle{Color: colorSelf, Opacity: opts.Float(0.55)}))
	bp.Overlap(sc)
	c.Option = optionOf(bp)
	set(series(c.Option, 1), "symbolSize", 7)
	if ind != nil {
		set(series(c.Option, 0), "markLine", map[string]any{
			"silent": true, "symbol": "none",
			"lineStyle": map[string]any{"color": colorDown, "type": "dashed", "width": 2},
			"label":     map[string]any{"formatter": T(lang, "target") + " {c}", "position": "insideEndTop"},
			"data":      []map[string]any{{"yAxis": ind.Target}},
		})
	}
	c.Tips = [][]string{boxTips, pointTips}
	c.Links = [][]string{nil, pointLinks}
	return c
}

// rotation tilts crowded category labels.
func rotation(n int) float64 {
	if n > 10 {
		return 30
	}
	return 0
}

// num prints a value without trailing zeros: 98.5, 3, 0.25.
func num(v float64) string {
	return fmt.Sprint(round2(v))
}

// quartiles returns min, Q1, median, Q3 and max, interpolating linearly
// between order statistics (the method of most spreadsheets).
func quartiles(vals []float64) [5]float64 {
	s := append([]float64(nil), vals...)
	sort.Float64s(s)
	at := func(p float64) float64 {
		if len(s) == 1 {
			return s[0]
		}
		pos := p * float64(len(s)-1)
		lo := math.Floor(pos)
		frac := pos - lo
		i := int(lo)
		if i+1 >= len(s) {
			return s[len(s)-1]
		}
		return s[i] + frac*(s[i+1]-s[i])
	}
	return [5]float64{s[0], at(0.25), at(0.5), at(0.75), s[len(s)-1]}
}

// CompletionTrend is an indicator's average completion (share of the
// weight earned, %) per quarter, with the count of missing values as bars.
func CompletionTrend(lang string, cs []queries.Completion) Chart {
	c := Chart{ID: "chart-completion", Kind: "completion", Title: T(lang, "completion_chart"), Format: "tips"}
	if len(cs) == 0 {
		return emptyChart(lang, c.ID, c.Kind, c.Title)
	}
	periods := make([]string, len(cs))
	rate := make([]opts.LineData, len(cs))
	missing := make([]opts.BarData, len(cs))
	tips := make([]string, len(cs))
	for i, x := range cs {
		periods[i] = x.Period
		rate[i] = opts.LineData{Value: round2(x.Rate)}
		missing[i] = opts.BarData{Value: x.Missing}
		tips[i] = fmt.Sprintf("%s\n%s %.2f%%\n%s · %s %d", PeriodName(lang, x.Period), T(lang, "completion"), x.Rate,
			T(lang, "units_n", x.Units), T(lang, "missing_n"), x.Missing)
	}
	l := charts.NewLine()
	l.SetGlobalOptions(
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(true), Top: "0", Left: "center"}),
		charts.WithGridOpts(opts.Grid{Left: "8", Right: "8", Top: "56", Bottom: "8", ContainLabel: opts.Bool(true)}),
		charts.WithYAxisOpts(opts.YAxis{Type: "value", Name: "%", Min: 0, Max: 100}),
	)
	l.ExtendYAxis(opts.YAxis{Type: "value", Name: T(lang, "missing_n"), MinInterval: 1, SplitLine: &opts.SplitLine{Show: opts.Bool(false)}})
	l.SetXAxis(periods).AddSeries(T(lang, "completion"), rate,
		charts.WithLabelOpts(opts.Label{Show: opts.Bool(true), Position: "top"}),
		charts.WithLineStyleOpts(opts.LineStyle{Width: 3, Color: colorPrimary}),
		charts.WithItemStyleOpts(opts.ItemStyle{Color: colorPrimary}))
	bar := charts.NewBar()
	bar.SetXAxis(periods).AddSeries(T(lang, "missing_n"), missing, charts.WithItemStyleOpts(opts.ItemStyle{Color: colorMuted}))
	l.Overlap(bar)
	c.Option = optionOf(l)
	set(series(c.Option, 1), "yAxisIndex", 1)
	set(series(c.Option, 1), "barMaxWidth", 24)
	c.Tips = [][]string{tips, tips}
	return c
}

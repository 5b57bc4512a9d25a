package reports

import (
	"html/template"

	"jixiao/data"
	"jixiao/queries"
)

// reportChart is one chart of the HTML report: an element id, a title and
// the ECharts option, which reaches the page as JSON data (json.Marshal
// escapes <, > and &, so no unit name can end its script block) and never
// holds a function: the report's one script only hands it to echarts.
type reportChart struct {
	ID     string
	Title  string
	Height int
	Option map[string]any
}

// JSON is the option for a <script type="application/json"> block.
func (c reportChart) JSON() template.JS {
	b, err := data.MarshalJSON(c.Option)
	if err != nil {
		return template.JS("null")
	}
	return template.JS(b)
}

const (
	colPrimary = "#1d4ed8"
	colSelf    = "#e8590c"
	colAvg     = "#64748b"
)

var fontFamily = `"Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", sans-serif`

func baseOption() map[string]any {
	return map[string]any{
		"animation": false,
		"textStyle": map[string]any{"fontFamily": fontFamily},
		"grid":      map[string]any{"left": 8, "right": 24, "top": 32, "bottom": 8, "containLabel": true},
		"tooltip":   map[string]any{"trigger": "axis"},
	}
}

// charts builds the report's charts from the model; sections without data have none.
func (q *Quarterly) charts() []reportChart {
	var out []reportChart
	for _, c := range []*reportChart{q.rankingChart(), q.trendChart(), q.systemsChart(), q.gradesChart(), q.lossChart()} {
		if c != nil {
			out = append(out, *c)
		}
	}
	return out
}

// rankingChart: the main group's scores, best first, the unit itself highlighted.
func (q *Quarterly) rankingChart() *reportChart {
	rows := namedRowsOf(q.Groups, q.MainGroup)
	if len(rows) == 0 {
		return nil
	}
	names, values := make([]string, len(rows)), make([]any, len(rows))
	lo := 100.0
	for i, r := range rows {
		j := len(rows) - 1 - i // best on top of a horizontal bar chart
		names[j] = shortName(*r.UnitName)
		bar := map[string]any{"value": r.Score}
		if r.Self || *r.UnitCode == q.Unit.Code {
			bar["itemStyle"] = map[string]any{"color": colSelf}
		}
		values[j] = bar
		lo = min(lo, r.Score)
	}
	o := baseOption()
	o["xAxis"] = map[string]any{"type": "value", "min": axisMin(lo), "max": 100}
	o["yAxis"] = map[string]any{"type": "category", "data": names, "axisLabel": map[string]any{"interval": 0}}
	o["series"] = []any{map[string]any{"type": "bar", "data": values, "itemStyle": map[string]any{"color": colPrimary},
		"label": map[string]any{"show": true, "position": "right", "formatter": "{c}"}}}
	return &reportChart{ID: "chart-ranking", Title: "得分排名", Height: max(240, 22*len(rows)+60), Option: o}
}

func namedRowsOf(groups []GroupTable, group string) []queries.RankingRow {
	for _, g := range groups {
		if g.Group == group {
			return namedRows(g.Ranking)
		}
	}
	return nil
}

// axisMin starts a score axis below the lowest score, at a multiple of 10.
func axisMin(lo float64) float64 {
	m := float64(int((lo-5)/10)) * 10
	if m < 0 {
		return 0
	}
	return m
}

// trendChart: the unit's score and rank over the last eight quarters.
func (q *Quarterly) trendChart() *reportChart {
	if len(q.SelfTrend) == 0 {
		return nil
	}
	periods, scores, ranks := make([]string, len(q.SelfTrend)), make([]any, len(q.SelfTrend)), make([]any, len(q.SelfTrend))
	hasRank := false
	for i, p := range q.SelfTrend {
		periods[i], scores[i] = p.Period, p.Score
		if p.Rank != nil {
			ranks[i], hasRank = *p.Rank, true
		}
	}
	o := baseOption()
	o["legend"] = map[string]any{"top": 0}
	o["xAxis"] = map[string]any{"type": "category", "data": periods}
	yAxes := []any{map[string]any{"type": "value", "name": "得分", "scale": true}}
	series := []any{map[string]any{"type": "line", "name": "得分", "data": scores, "itemStyle": map[string]any{"color": colPrimary},
		"label": map[string]any{"show": true, "formatter": "{c}"}}}
	if hasRank {
		yAxes = append(yAxes, map[string]any{"type": "value", "name": "排名", "inverse": true, "minInterval": 1, "min": 1})
		series = append(series, map[string]any{"type": "line", "name": "排名", "yAxisIndex": 1, "data": ranks,
			"itemStyle": map[string]any{"color": colSelf}, "lineStyle": map[string]any{"type": "dashed"}})
	}
	o["yAxis"] = yAxes
	o["series"] = series
	title := "得分与排名走势"
	if !hasRank {
		title = "得分走势" // the root is not ranked: the title says what is drawn
	}
	return &reportChart{ID: "chart-trend", Title: title, Height: 300, Option: o}
}

// systemsChart: a radar of the unit's six sub-scores against the main group's mean.
func (q *Quarterly) systemsChart() *reportChart {
	var ind []any
	var self, avg []any
	hasSelf, hasAvg := false, false
	for _, s := range q.Systems {
		if s.Self == nil && s.Avg == nil {
			continue
		}
		ind = append(ind, map[string]any{"name": s.Name, "max": 100})
		self, avg = append(self, ptrVal(s.Self)), append(avg, ptrVal(s.Avg))
		hasSelf, hasAvg = hasSelf || s.Self != nil, hasAvg || s.Avg != nil
	}
	if len(ind) < 3 {
		return nil
	}
	var data []any
	if hasSelf {
		data = append(data, map[string]any{"name": shortName(q.Unit.Name), "value": self, "itemStyle": map[string]any{"color": colSelf}})
	}
	if hasAvg {
		data = append(data, map[string]any{"name": "下辖单位平均", "value": avg, "itemStyle": map[string]any{"color": colAvg}})
	}
	o := baseOption()
	o["tooltip"] = map[string]any{}
	o["legend"] = map[string]any{"bottom": 0}
	o["radar"] = map[string]any{"indicator": ind, "radius": "62%"}
	o["series"] = []any{map[string]any{"type": "radar", "data": data}}
	return &reportChart{ID: "chart-systems", Title: "六大体系得分", Height: 340, Option: o}
}

func ptrVal(p *float64) any {
	if p == nil {
		return "-" // ECharts' "no value"
	}
	return *p
}

// gradesChart: the grade distribution of the units below.
func (q *Quarterly) gradesChart() *reportChart {
	if q.Summary.Units == 0 {
		return nil
	}
	colors := map[string]string{"excellent": "#1d4ed8", "good": "#60a5fa", "pass": "#fbbf24", "fail": "#ef4444"}
	var slices []any
	for _, g := range data.Grades {
		if n := q.Summary.Grades[g]; n > 0 {
			slices = append(slices, map[string]any{"name": data.GradeNames[g], "value": n, "itemStyle": map[string]any{"color": colors[g]}})
		}
	}
	if len(slices) == 0 {
		return nil
	}
	o := baseOption()
	o["tooltip"] = map[string]any{"trigger": "item"}
	o["series"] = []any{map[string]any{"type": "pie", "radius": []string{"40%", "68%"}, "data": slices,
		"label": map[string]any{"formatter": "{b} {c} 个 ({d}%)"}}}
	return &reportChart{ID: "chart-grades", Title: "等次分布", Height: 280, Option: o}
}

// lossChart: the indicators losing the most points.
func (q *Quarterly) lossChart() *reportChart {
	if len(q.LossesInd) == 0 {
		return nil
	}
	n := len(q.LossesInd)
	names, values := make([]string, n), make([]any, n)
	for i, l := range q.LossesInd {
		names[n-1-i], values[n-1-i] = l.Name, l.Lost
	}
	o := baseOption()
	// The axis name sits under the axis: at its end it was cut to "失".
	o["xAxis"] = map[string]any{"type": "value", "name": "失分（分）", "nameLocation": "middle", "nameGap": 26}
	o["grid"] = map[string]any{"left": 8, "right": 56, "top": 8, "bottom": 34, "containLabel": true}
	o["yAxis"] = map[string]any{"type": "category", "data": names, "axisLabel": map[string]any{"interval": 0}}
	o["series"] = []any{map[string]any{"type": "bar", "data": values, "itemStyle": map[string]any{"color": "#dc2626"},
		"label": map[string]any{"show": true, "position": "right", "formatter": "{c}"}}}
	return &reportChart{ID: "chart-losses", Title: "失分最多的指标", Height: max(220, 26*n+60), Option: o}
}

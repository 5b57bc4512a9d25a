package dashboards

import (
	"fmt"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"

	"jixiao/queries"
)

// ScoreTrend is a unit's score over the quarters as a line, with the
// average of its peer group (when known) as a dashed second line.
func ScoreTrend(lang, unitName string, pts, groupAvg []queries.TrendPoint) Chart {
	c := Chart{ID: "chart-trend", Kind: "trend", Title: T(lang, "trend_chart"), Format: "tips"}
	if len(pts) == 0 {
		return emptyChart(lang, c.ID, c.Kind, c.Title)
	}
	periods := make([]string, len(pts))
	line := make([]opts.LineData, len(pts))
	tips := make([]string, len(pts))
	lo := 100.0
	for i, p := range pts {
		periods[i] = p.Period
		line[i] = opts.LineData{Value: round2(p.Score)}
		tips[i] = trendTip(lang, unitName, p)
		lo = min(lo, p.Score)
	}
	l := charts.NewLine()
	l.SetXAxis(periods).AddSeries(ShortName(unitName), line,
		charts.WithLineChartOpts(opts.LineChart{Smooth: opts.Bool(false), ShowSymbol: opts.Bool(true), SymbolSize: 8}),
		charts.WithLabelOpts(opts.Label{Show: opts.Bool(true), Position: "top"}),
		charts.WithAreaStyleOpts(opts.AreaStyle{Opacity: opts.Float(0.08)}))
	series := [][]string{tips}
	if avg := alignAvg(pts, groupAvg); avg != nil {
		data := make([]opts.LineData, len(avg))
		atips := make([]string, len(avg))
		for i, v := range avg {
			if v == nil {
				data[i] = opts.LineData{Value: "-"}
				continue
			}
			data[i] = opts.LineData{Value: round2(*v)}
			atips[i] = fmt.Sprintf("%s %s\n%s %.2f", pts[i].Period, T(lang, "group_avg"), T(lang, "score"), *v)
			lo = min(lo, *v)
		}
		l.AddSeries(T(lang, "group_avg"), data, charts.WithLineChartOpts(opts.LineChart{ShowSymbol: opts.Bool(true), SymbolSize: 5}),
			charts.WithLineStyleOpts(opts.LineStyle{Type: "dashed", Width: 2, Color: colorAvg}),
			charts.WithItemStyleOpts(opts.ItemStyle{Color: colorAvg}))
		series = append(series, atips)
	}
	l.SetGlobalOptions(
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(len(series) > 1), Top: "0", Right: "8"}),
		charts.WithGridOpts(opts.Grid{Left: "8", Right: "24", Top: "36", Bottom: "8", ContainLabel: opts.Bool(true)}),
		charts.WithYAxisOpts(opts.YAxis{Type: "value", Min: niceMin(lo), Max: 100}),
		charts.WithXAxisOpts(opts.XAxis{Type: "category"}),
	)
	c.Option = optionOf(l)
	set(c.Option, "xAxis.0.boundaryGap", false)
	c.Tips = series
	return c
}

// alignAvg puts the group averages on the unit's periods; nil when there
// is no average to show.
func alignAvg(pts, avg []queries.TrendPoint) []*float64 {
	if len(avg) == 0 {
		return nil
	}
	by := map[string]float64{}
	for _, a := range avg {
		by[a.Period] = a.Score
	}
	out := make([]*float64, len(pts))
	n := 0
	for i, p := range pts {
		if v, ok := by[p.Period]; ok {
			out[i] = &v
			n++
		}
	}
	if n == 0 {
		return nil
	}
	return out
}

func trendTip(lang, unitName string, p queries.TrendPoint) string {
	s := fmt.Sprintf("%s %s\n%s %.2f", PeriodName(lang, p.Period), ShortName(unitName), T(lang, "score"), p.Score)
	if p.Rank != nil && p.Size != nil {
		s += "\n" + T(lang, "rank_of", *p.Rank, *p.Size)
	}
	if p.Grade != nil {
		s += " · " + GradeName(lang, *p.Grade)
	}
	if p.Vetoed {
		s += "\n" + T(lang, "vetoed")
	}
	return s
}

// RankTrend is a unit's rank over the quarters, first place at the top
// (the axis runs from 1 down to the size of the group).
func RankTrend(lang, unitName string, pts []queries.TrendPoint) Chart {
	c := Chart{ID: "chart-rank", Kind: "rank", Title: T(lang, "rank_trend_chart"), Format: "tips"}
	var periods []string
	var line []opts.LineData
	var tips []string
	size := 1
	for _, p := range pts {
		if p.Rank == nil {
			continue
		}
		periods = append(periods, p.Period)
		line = append(line, opts.LineData{Value: *p.Rank})
		tips = append(tips, trendTip(lang, unitName, p))
		if p.Size != nil {
			size = max(size, *p.Size)
		}
	}
	if len(line) == 0 {
		return emptyChart(lang, c.ID, c.Kind, c.Title)
	}
	l := charts.NewLine()
	l.SetXAxis(periods).AddSeries(T(lang, "rank"), line,
		charts.WithLineChartOpts(opts.LineChart{ShowSymbol: opts.Bool(true), SymbolSize: 9}),
		charts.WithLabelOpts(opts.Label{Show: opts.Bool(true), Position: "top"}),
		charts.WithLineStyleOpts(opts.LineStyle{Width: 3, Color: colorSelf}),
		charts.WithItemStyleOpts(opts.ItemStyle{Color: colorSelf}))
	l.SetGlobalOptions(
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(false)}),
		charts.WithGridOpts(opts.Grid{Left: "8", Right: "24", Top: "24", Bottom: "8", ContainLabel: opts.Bool(true)}),
		charts.WithYAxisOpts(opts.YAxis{Type: "value", Inverse: opts.Bool(true), Min: 1, Max: size, MinInterval: 1}),
		charts.WithXAxisOpts(opts.XAxis{Type: "category"}),
	)
	c.Option = optionOf(l)
	c.Tips = [][]string{tips}
	return c
}

// GroupAverage is the mean score of each ranking (its summary's), as a
// trend: the line a unit's own trend is compared with. Anonymised rows
// count, since their scores are shown anyway.
func GroupAverage(rankings []*queries.Ranking) []queries.TrendPoint {
	out := []queries.TrendPoint{}
	for _, r := range rankings {
		if r == nil || len(r.Rows) == 0 || r.Summary.Units == 0 {
			continue
		}
		out = append(out, queries.TrendPoint{Period: r.Period, Score: r.Summary.Mean})
	}
	return out
}

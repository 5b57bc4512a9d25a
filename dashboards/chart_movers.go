package dashboards

import (
	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"

	"jixiao/queries"
)

// RankChangeBar shows who moved in the ranking against the previous period:
// one bar per named unit that moved (the ranking summary's movers), risers
// (▲, up) left, fallers (▼, down) right. Anonymised rows carry no rank
// change and are never drawn.
func RankChangeBar(lang string, r *queries.Ranking) Chart {
	c := Chart{ID: "chart-movers", Kind: "movers", Title: T(lang, "slide_movers"), Format: "tips"}
	var rows []queries.Mover
	if r != nil {
		rows = append(append(rows, r.Summary.Risers...), reverseMovers(r.Summary.Fallers)...)
	}
	if len(rows) == 0 {
		return emptyChart(lang, c.ID, c.Kind, c.Title)
	}
	cats := make([]string, len(rows))
	bars := make([]opts.BarData, len(rows))
	links := make([]string, len(rows))
	tips := make([]string, len(rows))
	for i, m := range rows {
		ch := m.RankChange
		cats[i] = moverName(m)
		color, pos := colorUp, "top"
		if ch < 0 {
			color, pos = colorDown, "bottom"
		}
		bars[i] = opts.BarData{Value: ch, ItemStyle: &opts.ItemStyle{Color: color},
			Label: &opts.Label{Show: opts.Bool(true), Position: pos, Formatter: change(&ch)}}
		links[i] = unitLink(m.UnitCode, r.Period)
		tips[i] = m.UnitName + "\n" + ChangeText(lang, &ch) + "\n" + T(lang, "rank_of", m.Rank, r.Size)
	}
	bar := charts.NewBar()
	bar.SetGlobalOptions(
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(false)}),
		charts.WithGridOpts(opts.Grid{Left: "8", Right: "8", Top: "32", Bottom: "8", ContainLabel: opts.Bool(true)}),
		charts.WithXAxisOpts(opts.XAxis{Type: "category", AxisLabel: &opts.AxisLabel{Interval: "0", Rotate: rotation(len(cats))}}),
		charts.WithYAxisOpts(opts.YAxis{Type: "value", MinInterval: 1}),
	)
	bar.SetXAxis(cats).AddSeries(T(lang, "rank_change"), bars)
	c.Option = optionOf(bar)
	set(series(c.Option, 0), "barMaxWidth", 48)
	c.Links, c.Tips = [][]string{links}, [][]string{tips}
	return c
}

func reverseMovers(ms []queries.Mover) []queries.Mover {
	out := make([]queries.Mover, len(ms))
	for i, m := range ms {
		out[len(ms)-1-i] = m
	}
	return out
}

package dashboards

import (
	"fmt"
	"strings"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"

	"jixiao/queries"
)

// RankingBar is a peer group's ranking as horizontal bars, first at the top.
// Named units show by short name and open their page on click; anonymised
// peers show only as "第3名", with no code or name anywhere in the option;
// the focus unit (or, when focus is "", the viewer's own unit) is
// highlighted. Each bar carries its score and the ▲/▼ rank change against
// the previous period.
func RankingBar(lang string, r *queries.Ranking, focus string) Chart {
	c := Chart{ID: "chart-ranking", Kind: "ranking", Title: T(lang, "ranking_chart"), Format: "tips"}
	if r == nil || len(r.Rows) == 0 {
		return emptyChart(lang, c.ID, c.Kind, c.Title)
	}
	cats := make([]string, len(r.Rows))
	bars := make([]opts.BarData, len(r.Rows))
	links := make([]string, len(r.Rows))
	tips := make([]string, len(r.Rows))
	lo := 100.0
	for i, row := range r.Rows {
		cats[i] = rowLabel(lang, row)
		if isFocus(row, focus) {
			cats[i] = "★ " + cats[i]
		}
		bars[i] = opts.BarData{Value: round2(row.Score), ItemStyle: &opts.ItemStyle{Color: rowColor(row, focus)},
			Label: &opts.Label{Show: opts.Bool(true), Position: "right", Formatter: scoreLabel(lang, row)}}
		if row.UnitCode != nil {
			links[i] = unitLink(*row.UnitCode, r.Period)
		}
		tips[i] = rowTip(lang, row, r.Size)
		lo = min(lo, row.Score)
	}
	bar := charts.NewBar()
	bar.SetGlobalOptions(
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(false)}),
		charts.WithGridOpts(opts.Grid{Left: "8", Right: "96", Top: "8", Bottom: "8", ContainLabel: opts.Bool(true)}),
		charts.WithXAxisOpts(opts.XAxis{Type: "value", Min: niceMin(lo), Max: 100}),
		charts.WithYAxisOpts(opts.YAxis{Type: "category", Inverse: opts.Bool(true),
			AxisLabel: &opts.AxisLabel{Interval: "0", Width: 150, Overflow: "truncate"}}),
	)
	bar.SetXAxis(cats).AddSeries(T(lang, "score"), bars)
	bar.XYReversal()
	c.Option = optionOf(bar)
	set(series(c.Option, 0), "label.rich", rankRich)
	set(series(c.Option, 0), "barMaxWidth", 22)
	c.Links, c.Tips = [][]string{links}, [][]string{tips}
	c.Height = barHeight(len(r.Rows))
	return c
}

// barHeight fits a horizontal bar chart to its rows: 28 px a bar, 340 px
// (the height of the charts beside it) at least.
func barHeight(n int) int {
	return max(340, 28*n+40)
}

// rowLabel is what the axis shows for a ranking row: a short name, or the
// rank alone for an anonymised peer.
func rowLabel(lang string, row queries.RankingRow) string {
	if row.UnitName == nil {
		return T(lang, "rank_n", row.Rank)
	}
	return ShortName(*row.UnitName)
}

// isFocus tells whether a row is the unit to highlight.
func isFocus(row queries.RankingRow, focus string) bool {
	if focus == "" {
		return row.Self
	}
	return row.UnitCode != nil && *row.UnitCode == focus
}

func rowColor(row queries.RankingRow, focus string) string {
	switch {
	case isFocus(row, focus):
		return colorSelf
	case row.UnitCode == nil:
		return colorMuted
	}
	if c, ok := gradeColors[row.Grade]; ok {
		return c
	}
	return colorPrimary
}

// rankRich are the rich-text styles of the score labels (ECharts string
// templates, not code).
var rankRich = map[string]any{
	"s":  map[string]any{"fontWeight": "bold"},
	"up": map[string]any{"color": colorUp, "fontWeight": "bold"},
	"dn": map[string]any{"color": colorDown, "fontWeight": "bold"},
	"v":  map[string]any{"color": "#fff", "backgroundColor": colorDown, "padding": []int{1, 3}, "borderRadius": 2},
}

// scoreLabel is the label beside a bar: "95.12 ▲2". It holds numbers and
// arrows only, never a name, because ECharts reads it as a template.
func scoreLabel(lang string, row queries.RankingRow) string {
	s := fmt.Sprintf("{s|%.2f}", row.Score)
	if ch := change(row.RankChange); ch != "" {
		if *row.RankChange > 0 {
			s += " {up|" + ch + "}"
		} else {
			s += " {dn|" + ch + "}"
		}
	}
	if row.Vetoed {
		s += " {v|" + T(lang, "vetoed") + "}"
	}
	return s
}

// change is "▲2", "▼3" or "" for no change or no previous rank.
func change(c *int) string {
	switch {
	case c == nil || *c == 0:
		return ""
	case *c > 0:
		return fmt.Sprintf("▲%d", *c)
	default:
		return fmt.Sprintf("▼%d", -*c)
	}
}

// ChangeText is a rank change in words: "上升 4 位", "下降 2 位", "名次不变".
func ChangeText(lang string, c *int) string {
	switch {
	case c == nil:
		return T(lang, "new_rank")
	case *c > 0:
		return T(lang, "up_n", *c)
	case *c < 0:
		return T(lang, "down_n", -*c)
	}
	return T(lang, "same_rank")
}

// rowTip is a ranking row's tooltip: plain text lines.
func rowTip(lang string, row queries.RankingRow, size int) string {
	var b strings.Builder
	if row.UnitName != nil {
		b.WriteString(*row.UnitName + "\n")
	}
	b.WriteString(T(lang, "rank_of", row.Rank, size) + "\n")
	fmt.Fprintf(&b, "%s %.2f · %s", T(lang, "score"), row.Score, GradeName(lang, row.Grade))
	if row.UnitCode != nil {
		b.WriteString("\n" + T(lang, "rank_change") + " " + ChangeText(lang, row.RankChange))
	}
	if row.Vetoed {
		b.WriteString("\n" + T(lang, "vetoed"))
	}
	return b.String()
}

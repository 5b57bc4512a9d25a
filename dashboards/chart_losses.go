package dashboards

import (
	"fmt"
	"sort"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"

	"jixiao/queries"
)

// LossBy says what a list of losses is grouped by.
type LossBy int

// The groupings of point losses.
const (
	ByIndicator LossBy = iota // Loss.Code is an indicator code
	ByDept                    // Loss.Code is a department function code (lead_dept)
)

// LossBars shows the largest point losses, largest at the top: by indicator
// (a click opens the indicator) or by responsible department (function
// codes shown by name: ZG → 征管). At most top bars are drawn.
func LossBars(lang string, by LossBy, losses []queries.Loss, period string, top int) Chart {
	c := Chart{ID: "chart-loss-ind", Kind: "losses", Title: T(lang, "loss_ind_chart"), Format: "tips"}
	if by == ByDept {
		c = Chart{ID: "chart-loss-dept", Kind: "losses", Title: T(lang, "loss_dept_chart"), Format: "tips"}
	}
	if top > 0 && len(losses) > top {
		losses = losses[:top]
	}
	if len(losses) == 0 {
		return emptyChart(lang, c.ID, c.Kind, c.Title)
	}
	cats := make([]string, len(losses))
	bars := make([]opts.BarData, len(losses))
	links := make([]string, len(losses))
	tips := make([]string, len(losses))
	color := "#b45309"
	if by == ByDept {
		color = "#7c3aed"
	}
	for i, l := range losses {
		name := l.Name
		if by == ByDept {
			name = DeptName(lang, l.Code)
		} else {
			links[i] = indicatorLink(l.Code, period)
		}
		cats[i] = clip(name, 14)
		bars[i] = opts.BarData{Value: round2(l.Lost)}
		tips[i] = fmt.Sprintf("%s\n%s %.2f · %s", name, T(lang, "lost"), l.Lost, T(lang, "units_n", l.Units))
		if l.Missing > 0 {
			tips[i] += fmt.Sprintf("\n%s %d", T(lang, "missing_n"), l.Missing)
		}
	}
	bar := charts.NewBar()
	bar.SetGlobalOptions(
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(false)}),
		charts.WithGridOpts(opts.Grid{Left: "8", Right: "56", Top: "8", Bottom: "8", ContainLabel: opts.Bool(true)}),
		charts.WithXAxisOpts(opts.XAxis{Type: "value"}),
		charts.WithYAxisOpts(opts.YAxis{Type: "category", Inverse: opts.Bool(true), AxisLabel: &opts.AxisLabel{Interval: "0", Width: 190, Overflow: "truncate"}}),
	)
	bar.SetXAxis(cats).AddSeries(T(lang, "lost"), bars,
		charts.WithItemStyleOpts(opts.ItemStyle{Color: color}),
		charts.WithLabelOpts(opts.Label{Show: opts.Bool(true), Position: "right"}))
	bar.XYReversal()
	c.Option = optionOf(bar)
	set(series(c.Option, 0), "barMaxWidth", 20)
	if by == ByIndicator {
		c.Links = [][]string{links}
	}
	c.Tips = [][]string{tips}
	c.Height = max(240, 26*len(losses)+30)
	return c
}

// clip shortens a label to n characters with an ellipsis.
func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// BreakdownLosses are a unit's own lost points by indicator, largest first,
// from its breakdown.
func BreakdownLosses(b *queries.Breakdown) []queries.Loss {
	if b == nil {
		return nil
	}
	var out []queries.Loss
	for _, r := range b.Indicators {
		if r.Lost <= 0 {
			continue
		}
		l := queries.Loss{Code: r.Code, Name: r.Name, Lost: r.Lost, Units: 1}
		if r.Missing {
			l.Missing = 1
		}
		out = append(out, l)
	}
	sortLosses(out)
	return out
}

// BreakdownDeptLosses are a unit's own lost points by lead department.
func BreakdownDeptLosses(b *queries.Breakdown) []queries.Loss {
	if b == nil {
		return nil
	}
	by := map[string]*queries.Loss{}
	for _, r := range b.Indicators {
		if r.Lost <= 0 {
			continue
		}
		l := by[r.LeadDept]
		if l == nil {
			l = &queries.Loss{Code: r.LeadDept, Name: r.LeadDept, Units: 1}
			by[r.LeadDept] = l
		}
		l.Lost = round2(l.Lost + r.Lost)
		if r.Missing {
			l.Missing++
		}
	}
	out := make([]queries.Loss, 0, len(by))
	for _, l := range by {
		out = append(out, *l)
	}
	sortLosses(out)
	return out
}

func sortLosses(ls []queries.Loss) {
	sort.Slice(ls, func(i, j int) bool {
		if ls[i].Lost != ls[j].Lost {
			return ls[i].Lost > ls[j].Lost
		}
		return ls[i].Code < ls[j].Code
	})
}

package dashboards

import (
	"fmt"
	"io"
	"net/url"
	"strings"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"

	"jixiao/queries"
)

// HealthData is /indicators/health?period=P[&indicator=I]: the quarter's
// indicator health (SPEC §10.2) and, for one indicator, its evidence.
type HealthData struct {
	Page
	Flash
	Rows        []queries.IndicatorHealth
	Evidence    *queries.HealthEvidence // nil without ?indicator=
	Settings    queries.HealthSettings
	CanSettings bool // the office may change the thresholds
}

type healthView struct {
	*HealthData
	Title string
	Table *Table
	Cards []Card
}

// Health renders the indicator health page.
func (p *AnalysisPages) Health(w io.Writer, d *HealthData) error {
	d.Lang = Lang(d.Lang)
	lang := d.Lang
	v := &healthView{HealthData: d, Title: T(lang, "an_health_title")}
	v.Table = &Table{Columns: []string{T(lang, "indicator"), T(lang, "an_tier"), T(lang, "an_units"), T(lang, "an_with_value"),
		T(lang, "an_share_full"), T(lang, "an_missing_rate"), T(lang, "an_appeal_rate"), T(lang, "an_flags"), T(lang, "an_proposal")}}
	for _, h := range d.Rows {
		flags := []string{}
		for _, f := range h.Flags {
			flags = append(flags, T(lang, "an_f_"+f))
		}
		fl := Cell{Text: T(lang, "an_no_flags"), Class: "muted"}
		if len(flags) > 0 {
			fl = Cell{Text: joinFlags(lang, flags), Class: "bad flags"}
		}
		v.Table.Rows = append(v.Table.Rows, []Cell{
			{Text: h.Code + " " + h.Name, Href: healthLink(d.Period, h.Code)},
			{Text: T(lang, "an_tier_"+h.Tier), Class: "muted"},
			{Text: fmt.Sprint(h.Units), Class: "num"}, {Text: fmt.Sprint(h.WithValue), Class: "num"},
			{Text: optPct(h.ShareFull), Class: "num"}, {Text: pct(h.MissingRate), Class: "num"}, {Text: pct(h.AppealRate), Class: "num"},
			fl, {Text: strings.Join(Proposals(lang, h, d.Rows), " ")},
		})
	}
	if ev := d.Evidence; ev != nil {
		v.Cards = pack(chartCards(RatioHistogram(lang, ev), RatioScatter(lang, ev)))
		if len(ev.Twins) > 0 {
			t := &Table{Columns: []string{T(lang, "indicator"), T(lang, "an_tier"), T(lang, "weight")}}
			for _, x := range ev.Twins {
				t.Rows = append(t.Rows, []Cell{{Text: x.Code + " " + x.Name, Href: healthLink(d.Period, x.Code)},
					{Text: T(lang, "an_tier_"+x.Tier)}, {Text: num(x.Weight), Class: "num"}})
			}
			v.Cards = append(v.Cards, Card{ID: "card-twins", Title: T(lang, "an_twins"), Span: 12, Table: t})
		}
	}
	return p.render(w, "health", v)
}

// joinFlags lists flags so that each stays whole on its line: the cell
// breaks only between flags (after 、 and a zero-width space in Chinese,
// with CSS keep-all; after ", " in English, whose words are joined by
// no-break spaces).
func joinFlags(lang string, flags []string) string {
	if lang == "en" {
		for i, f := range flags {
			flags[i] = strings.ReplaceAll(f, " ", "\u00a0")
		}
		return strings.Join(flags, ", ")
	}
	return strings.Join(flags, "、\u200b")
}

func healthLink(period, code string) string {
	return "/indicators/health?period=" + url.QueryEscape(period) + "&indicator=" + url.QueryEscape(code) + "#evidence"
}

func pct(f float64) string { return fmt.Sprintf("%.1f%%", 100*f) }

func optPct(f *float64) string {
	if f == nil {
		return "—"
	}
	return pct(*f)
}

// Proposals are the sentences the office can put in a proposal to drop or
// merge the indicator, one per flag.
func Proposals(lang string, h queries.IndicatorHealth, all []queries.IndicatorHealth) []string {
	name := map[string]string{}
	for _, r := range all {
		name[r.Code] = r.Name
	}
	var out []string
	for _, f := range h.Flags {
		switch f {
		case "non_discriminating":
			share := 0.0
			if h.ShareFull != nil {
				share = *h.ShareFull
			}
			out = append(out, T(lang, "an_p_"+f, h.Name, 100*share))
		case "often_missing":
			out = append(out, T(lang, "an_p_"+f, h.Name, 100*h.MissingRate))
		case "often_appealed":
			out = append(out, T(lang, "an_p_"+f, h.Name, 100*h.AppealRate))
		case "redundant":
			for _, o := range h.RedundantWith {
				out = append(out, T(lang, "an_p_"+f, h.Name, o+" "+name[o], h.Correlations[o]))
			}
		case "double_assessed":
			out = append(out, T(lang, "an_p_"+f, h.Name, strings.Join(h.DoubleWith, "、")))
		}
	}
	return out
}

// RatioHistogram is the distribution of one indicator's completion ratio
// over the named units: ten bins and the units at full points.
func RatioHistogram(lang string, ev *queries.HealthEvidence) Chart {
	c := Chart{ID: "chart-health-dist", Kind: "histogram", Title: ev.Row.Code + " " + ev.Row.Name + " · " + T(lang, "an_distribution"), Span: 6}
	cats := make([]string, len(ev.Bins))
	bars := make([]opts.BarData, len(ev.Bins))
	total := 0
	for i, n := range ev.Bins {
		total += n
		cats[i] = fmt.Sprintf("%d–%d%%", i*10, i*10+10)
		if i == 10 {
			cats[i] = "100%"
		}
		bars[i] = opts.BarData{Value: n}
	}
	if total == 0 {
		return emptyChart(lang, c.ID, c.Kind, c.Title)
	}
	bar := charts.NewBar()
	bar.SetGlobalOptions(
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(false)}),
		charts.WithGridOpts(opts.Grid{Left: "8", Right: "8", Top: "24", Bottom: "8", ContainLabel: opts.Bool(true)}),
		charts.WithXAxisOpts(opts.XAxis{Type: "category", AxisLabel: &opts.AxisLabel{Interval: "0", Rotate: 30}}),
		charts.WithYAxisOpts(opts.YAxis{Type: "value", MinInterval: 1}),
	)
	bar.SetXAxis(cats).AddSeries(T(lang, "an_units"), bars)
	c.Option = optionOf(bar)
	return c
}

// RatioScatter plots the named units' ratios on the indicator against its
// most correlated indicator of the same tier.
func RatioScatter(lang string, ev *queries.HealthEvidence) Chart {
	title := T(lang, "an_scatter", ev.Partner+" "+ev.PartnerName)
	if ev.Correlation != nil {
		title += fmt.Sprintf(" (r = %.3f)", *ev.Correlation)
	}
	c := Chart{ID: "chart-health-scatter", Kind: "scatter", Title: title, Span: 6, Format: "tips"}
	if ev.Partner == "" || len(ev.Points) == 0 {
		return emptyChart(lang, c.ID, c.Kind, T(lang, "an_scatter", "—"))
	}
	pts := make([]opts.ScatterData, len(ev.Points))
	tips := make([]string, len(ev.Points))
	for i, p := range ev.Points {
		pts[i] = opts.ScatterData{Value: []float64{p.X, p.Y}}
		tips[i] = fmt.Sprintf("%s\n%s %.2f / %s %.2f", p.UnitName, ev.Row.Code, p.X, ev.Partner, p.Y)
	}
	sc := charts.NewScatter()
	sc.SetGlobalOptions(
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(false)}),
		charts.WithGridOpts(opts.Grid{Left: "8", Right: "16", Top: "24", Bottom: "8", ContainLabel: opts.Bool(true)}),
		charts.WithXAxisOpts(opts.XAxis{Type: "value", Name: ev.Row.Code, Min: 0, Max: 1}),
		charts.WithYAxisOpts(opts.YAxis{Type: "value", Name: ev.Partner, Min: 0, Max: 1}),
	)
	sc.AddSeries(ev.Row.Code, pts)
	c.Option = optionOf(sc)
	c.Tips = [][]string{tips}
	return c
}

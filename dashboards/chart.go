package dashboards

import (
	"encoding/json"
	"html/template"
	"jixiao/data"
	"math"
	"net/url"
	"strconv"
	"strings"
)

// Chart is one chart of a page: an ECharts option built with go-echarts,
// plus what the page script needs to make it interactive. It reaches the
// browser as JSON inside <script type="application/json">, never as code:
// json.Marshal escapes <, > and &, so no imported name can end the block,
// and every formatter lives in assets/app.js, named by Format.
type Chart struct {
	ID      string // element id, unique on its page
	Title   string
	Empty   bool   // nothing to show: the page prints Note instead
	Note    string // why it is empty
	Caption string // a plain note under a drawn chart
	Height  int    // px; 0 leaves it to the stylesheet
	Span    int    // columns of the page's 12-column grid; 0 lets the page decide

	Kind   string         // ranking, trend, rank, radar, heatmap, grades, losses, boxplot, completion
	Option map[string]any // the ECharts option
	Links  [][]string     // drill-down URL per series and data index (or y index, see LinkBy); "" = none
	LinkBy string         // "" (data index) or "y" (the row of a heat-map cell)
	Format string         // the tooltip/label formatter app.js applies
	Tips   [][]string     // tooltip text per series and data index, plain text
}

// spec is what app.js reads.
type spec struct {
	Kind   string         `json:"kind"`
	Option map[string]any `json:"option"`
	Links  [][]string     `json:"links,omitempty"`
	LinkBy string         `json:"linkBy,omitempty"`
	Format string         `json:"format,omitempty"`
	Tips   [][]string     `json:"tips,omitempty"`
}

// JSON is the chart's data block for the page. The bytes come from
// json.Marshal, which writes <, > and & as \u escapes, so the block cannot
// hold "</script>" whatever the data say.
func (c Chart) JSON() template.JS {
	b, err := data.MarshalJSON(spec{Kind: c.Kind, Option: c.Option, Links: c.Links, LinkBy: c.LinkBy, Format: c.Format, Tips: c.Tips})
	if err != nil {
		return template.JS("null")
	}
	return template.JS(b)
}

// WithID returns the chart under another element id.
func (c Chart) WithID(id string) Chart {
	c.ID = id
	return c
}

// span returns the chart asking for n columns.
func (c Chart) span(n int) Chart {
	c.Span = n
	return c
}

// WithTitle returns the chart under another title.
func (c Chart) WithTitle(t string) Chart {
	c.Title = t
	return c
}

// optioner is any go-echarts chart.
type optioner interface {
	Validate()
	JSON() map[string]interface{}
}

// optionOf takes a finished go-echarts chart's option and removes what the
// page theme decides (palette, empty title and toolbox), so that one theme
// in app.js styles every chart and the meeting's dark theme can restyle it.
// The option goes through JSON once so that builders can adjust it as
// plain maps (series[i]["label"]…) where go-echarts has no field.
func optionOf(c optioner) map[string]any {
	c.Validate()
	b, err := data.MarshalJSON(c.JSON()) // a non-finite number becomes null
	if err != nil {
		panic("dashboards: chart option: " + err.Error()) // only our own types are in it
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		panic("dashboards: chart option: " + err.Error())
	}
	delete(m, "color")
	delete(m, "title")
	delete(m, "toolbox")
	return m
}

// series returns the i-th series of an option as a map (nil when absent).
func series(m map[string]any, i int) map[string]any {
	list, _ := m["series"].([]any)
	if i >= len(list) {
		return nil
	}
	s, _ := list[i].(map[string]any)
	return s
}

// set puts v at a dotted path ("series.0.label.rich"): numbers index
// lists, other keys maps, which are created on the way.
func set(m map[string]any, path string, v any) {
	keys := strings.Split(path, ".")
	var cur any = m
	for i, k := range keys {
		last := i == len(keys)-1
		switch node := cur.(type) {
		case map[string]any:
			if last {
				node[k] = v
				return
			}
			next, ok := node[k]
			if !ok || next == nil {
				next = map[string]any{}
				node[k] = next
			}
			cur = next
		case []any:
			n, err := strconv.Atoi(k)
			if err != nil || n < 0 || n >= len(node) {
				panic("dashboards: no " + path)
			}
			if last {
				node[n] = v
				return
			}
			cur = node[n]
		default:
			panic("dashboards: no " + path)
		}
	}
}

// emptyChart is a chart with nothing to draw.
func emptyChart(lang, id, kind, title string) Chart {
	return Chart{ID: id, Kind: kind, Title: title, Empty: true, Note: T(lang, "no_data")}
}

// unitLink is the page of a unit, keeping the period.
func unitLink(code, period string) string {
	return "/units/" + url.PathEscape(code) + periodQuery(period)
}

// indicatorLink is the page of an indicator, keeping the period.
func indicatorLink(code, period string) string {
	return "/indicators/" + url.PathEscape(code) + periodQuery(period)
}

func periodQuery(period string) string {
	if period == "" {
		return ""
	}
	return "?period=" + url.QueryEscape(period)
}

// round2 rounds half away from zero to 2 decimals for display.
func round2(v float64) float64 {
	return math.Round(v*100) / 100
}

// niceMin is a value-axis start below lo that keeps bars comparable:
// scores of 70…98 start at 60 rather than 0.
func niceMin(lo float64) float64 {
	m := math.Floor((lo-5)/10) * 10
	if m < 0 {
		return 0
	}
	return m
}

// Colours shared by charts and the stylesheet.
const (
	colorPrimary = "#1d4ed8"
	colorSelf    = "#e8590c"
	colorAvg     = "#64748b"
	colorUp      = "#16a34a"
	colorDown    = "#dc2626"
	colorMuted   = "#cbd5e1"
)

// gradeColors are the grades' colours, best to worst.
var gradeColors = map[string]string{"excellent": "#1d4ed8", "good": "#60a5fa", "pass": "#fbbf24", "fail": "#ef4444"}

// gradeOrder lists the grades best first.
var gradeOrder = data.Grades

// systemOrder lists the six systems in the order of the catalogue.
var systemOrder = []string{"law", "taxsys", "service", "admin", "info", "org"}

package dashboards

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"jixiao/data/tabletest"
	"jixiao/queries/scoring"

	"jixiao/queries"
)

// decode reads a chart's data block back as app.js would.
func decode(t *testing.T, c Chart) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal([]byte(c.JSON()), &m); err != nil {
		t.Fatalf("%s: chart JSON does not parse: %v\n%s", c.ID, err, c.JSON())
	}
	return m
}

func categories(t *testing.T, opt map[string]any, axis string) []string {
	t.Helper()
	list := opt[axis].([]any)
	var out []string
	for _, v := range list[0].(map[string]any)["data"].([]any) {
		out = append(out, v.(string))
	}
	return out
}

func TestRankingBarAnonymisesPeers(t *testing.T) {
	c := RankingBar("zh", deptRanking(), "")
	spec := decode(t, c)
	opt := spec["option"].(map[string]any)
	got := categories(t, opt, "yAxis")
	want := []string{"第1名", "第2名", "★ 南宁市局征收管理科", "第4名"}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("labels = %q, want %q", got, want)
	}
	links := spec["links"].([]any)[0].([]any)
	for i, l := range links {
		if (i == 2) != (l != "") {
			t.Errorf("link %d = %q: only the named row may link", i, l)
		}
	}
	tips := c.Tips[0]
	for _, i := range []int{0, 1, 3} {
		if strings.Contains(tips[i], "南宁") || strings.Contains(tips[i], "GX") || strings.Contains(tips[i], T("zh", "rank_change")) {
			t.Errorf("anonymised tip %d leaks: %q", i, tips[i])
		}
	}
	// The only unit text in the whole option is the viewer's own unit.
	raw := string(c.JSON())
	if n := strings.Count(raw, "GX01-"); n != 1 {
		t.Errorf("codes in option: %d, want 1 (the own unit's link)", n)
	}
	// The own unit is highlighted, the anonymised peers are muted.
	data := series(opt, 0)["data"].([]any)
	if col := data[2].(map[string]any)["itemStyle"].(map[string]any)["color"]; col != colorSelf {
		t.Errorf("self colour = %v", col)
	}
	if col := data[0].(map[string]any)["itemStyle"].(map[string]any)["color"]; col != colorMuted {
		t.Errorf("anonymised colour = %v", col)
	}
}

func TestRankingBarShowsRankChange(t *testing.T) {
	c := RankingBar("zh", leaderRanking(), "GX02")
	data := series(c.Option, 0)["data"].([]any)
	label := func(i int) string { return data[i].(map[string]any)["label"].(map[string]any)["formatter"].(string) }
	if got := label(0); got != "{s|95.12} {up|▲2}" {
		t.Errorf("first label = %q", got)
	}
	if got := label(1); got != "{s|88.50} {dn|▼1}" {
		t.Errorf("second label = %q", got)
	}
	if got := label(3); !strings.Contains(got, "{v|一票否决}") {
		t.Errorf("vetoed label = %q", got)
	}
	if got := categories(t, c.Option, "yAxis")[1]; got != "★ 柳州市局" {
		t.Errorf("focus label = %q", got)
	}
	if c.Links[0][0] != "/units/GX01?period=2025Q4" {
		t.Errorf("link = %q", c.Links[0][0])
	}
}

func TestChartJSONEscapesMarkup(t *testing.T) {
	for _, c := range []Chart{
		RankingBar("zh", leaderRanking(), ""), SystemHeatmap("zh", leaderRanking()), SystemRadar("zh", leaderRanking(), "", leaderAverage()),
		LossBars("zh", ByIndicator, losses(), "2025Q4", 10), RankChangeBar("zh", leaderRanking()),
	} {
		raw := string(c.JSON())
		if strings.ContainsAny(raw, "<>") {
			t.Errorf("%s: raw < or > in chart JSON", c.ID)
		}
		if !strings.Contains(raw, `\u003c/script\u003e`) && c.ID != "chart-radar" && c.ID != "chart-movers" {
			t.Errorf("%s: the hostile name should be present, escaped", c.ID)
		}
		if strings.Contains(raw, "function") {
			t.Errorf("%s: option carries code", c.ID)
		}
	}
}

func TestHeatmapRowsLinkUnits(t *testing.T) {
	c := SystemHeatmap("en", leaderRanking())
	if c.LinkBy != "y" || len(c.Links[0]) != 5 || c.Links[0][4] != "/units/GX05?period=2025Q4" {
		t.Fatalf("links = %v by %q", c.Links, c.LinkBy)
	}
	cells := series(c.Option, 0)["data"].([]any)
	if len(cells) != 30 {
		t.Fatalf("cells = %d, want 5 units × 6 systems", len(cells))
	}
	if SystemHeatmap("zh", deptRanking()).Empty != true {
		t.Error("a department (one named row) gets no heat map")
	}
}

// TestRadarDrawsTheGivenAverage: the dashed line is the average read for
// the group (leaderAverage: law 80.8), not one computed from the rows; a
// withheld average draws no line and says why under the chart.
func TestRadarDrawsTheGivenAverage(t *testing.T) {
	c := SystemRadar("zh", leaderRanking(), "GX02", leaderAverage())
	if n := len(c.Option["series"].([]any)); n != 2 || c.Caption != "" {
		t.Fatalf("series = %d, caption %q; want unit and group average", n, c.Caption)
	}
	avg := series(c.Option, 1)["data"].([]any)[0].(map[string]any)["value"].([]any)
	if got := avg[0].(float64); got != 80.8 {
		t.Errorf("average law = %v, want 80.8", got)
	}
	dept := &queries.SystemAverage{Period: "2025Q4", Group: "GX01:department", Units: 4, Withheld: true, MinGroup: 5}
	d := SystemRadar("zh", deptRanking(), "GX01-ZG", dept)
	if n := len(d.Option["series"].([]any)); n != 1 {
		t.Errorf("department radar series = %d, want 1 (the average is withheld)", n)
	}
	if !strings.Contains(d.Caption, "4") || !strings.Contains(d.Caption, "5") {
		t.Errorf("withheld caption %q does not say why", d.Caption)
	}
	shown := &queries.SystemAverage{Period: "2025Q4", Group: "GX01:department", Units: 6, MinGroup: 5, Systems: systems(80)}
	if n := len(SystemRadar("en", deptRanking(), "GX01-ZG", shown).Option["series"].([]any)); n != 2 {
		t.Errorf("department radar with a 6-unit group: %d series, want 2", n)
	}
	if n := len(SystemRadar("zh", leaderRanking(), "GX02", nil).Option["series"].([]any)); n != 1 {
		t.Errorf("no average read: %d series, want the unit alone", n)
	}
}

func TestRankTrendInvertsAxis(t *testing.T) {
	c := RankTrend("zh", "南宁市税务局", trend())
	y := c.Option["yAxis"].([]any)[0].(map[string]any)
	if y["inverse"] != true || y["min"].(float64) != 1 || y["max"].(float64) != 8 {
		t.Errorf("rank axis = %v", y)
	}
}

func TestLossBarsNameDepartments(t *testing.T) {
	c := LossBars("zh", ByDept, deptLosses(), "2025Q4", 10)
	if got := categories(t, c.Option, "yAxis"); !reflect.DeepEqual(got, []string{"征管", "纳服", "未指定"}) {
		t.Errorf("departments = %q", got)
	}
	if c.Links != nil {
		t.Error("departments have no page to open")
	}
	i := LossBars("zh", ByIndicator, losses(), "2025Q4", 1)
	if len(i.Links[0]) != 1 || i.Links[0][0] != "/indicators/SVC01?period=2025Q4" {
		t.Errorf("indicator links = %v", i.Links)
	}
}

func TestBreakdownLossesByDept(t *testing.T) {
	b := &queries.Breakdown{Indicators: []queries.IndicatorResult{
		{Code: "A", Name: "a", LeadDept: "ZG", Lost: 1.25},
		{Code: "B", Name: "b", LeadDept: "NF", Lost: 3, Missing: true},
		{Code: "C", Name: "c", LeadDept: "ZG", Lost: 2.5},
		{Code: "D", Name: "d", LeadDept: "ZG", Lost: 0},
	}}
	got := BreakdownDeptLosses(b)
	want := []queries.Loss{{Code: "ZG", Name: "ZG", Lost: 3.75, Units: 1}, {Code: "NF", Name: "NF", Lost: 3, Units: 1, Missing: 1}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("by dept = %+v", got)
	}
	if l := BreakdownLosses(b); len(l) != 3 || l[0].Code != "B" {
		t.Errorf("by indicator = %+v", l)
	}
}

func TestQuartiles(t *testing.T) {
	got := quartiles([]float64{7, 1, 3, 5, 9})
	if got != [5]float64{1, 3, 5, 7, 9} {
		t.Errorf("quartiles = %v", got)
	}
	if got := quartiles([]float64{1, 2, 3, 4}); got != [5]float64{1, 1.75, 2.5, 3.25, 4} {
		t.Errorf("quartiles = %v", got)
	}
}

func TestBoxplotGroupsByChildOfRoot(t *testing.T) {
	root, city, county, branch := "GX", "GX01", "GX0101", "GX0101-B1"
	units := []queries.Unit{
		{Code: root, Name: "广西"}, {Code: city, Name: "南宁市税务局", ParentCode: &root},
		{Code: county, Name: "兴宁区税务局", ParentCode: &city}, {Code: branch, Name: "兴宁区第一税务分局", ParentCode: &county},
	}
	g := GroupsUnder(units, root)
	if g[branch].Code != city || g[city].Code != city || g[root].Code != root {
		t.Fatalf("groups = %v", g)
	}
	vals := []queries.IndicatorValue{{UnitCode: branch, UnitName: "兴宁区第一税务分局", Actual: fp(90), Target: 95, Weight: 2, Earned: 1}}
	c := IndicatorBoxplot("zh", &queries.Indicator{Target: 95, Unit: "%"}, vals, g, "2025Q4")
	if got := categories(t, c.Option, "xAxis"); !reflect.DeepEqual(got, []string{"南宁市局"}) {
		t.Errorf("boxes = %q", got)
	}
	if c.Links[1][0] != "/units/GX0101-B1?period=2025Q4" {
		t.Errorf("point link = %v", c.Links)
	}
}

func TestPackFillsRows(t *testing.T) {
	cards := pack([]Card{{Span: 7}, {Span: 5}, {Span: 6}, {Span: 12}, {Span: 4}, {Span: 4}})
	var spans []int
	for _, c := range cards {
		spans = append(spans, c.Span)
	}
	if !reflect.DeepEqual(spans, []int{7, 5, 12, 12, 4, 8}) {
		t.Errorf("spans = %v", spans)
	}
}

func TestShortName(t *testing.T) {
	tabletest.Strings(t, "ShortName", ShortName, map[string]string{
		"国家税务总局广西壮族自治区税务局": "广西壮族自治区局",
		"来宾市税务局":    "来宾市局",
		"兴宁区第一税务分局": "兴宁区第一税务分局",
		"税务局":       "税务局",
	})
}

// TestHeatmapBandsFollowGrading: the colour bands are the grade bounds in
// force, not fixed numbers.
func TestHeatmapBandsFollowGrading(t *testing.T) {
	r := leaderRanking()
	r.Grading = scoring.Grading{Ratio: 0.2, Excellent: 85, Good: 75, Pass: 55}
	pieces := SystemHeatmap("zh", r).Option["visualMap"].(map[string]any)["pieces"].([]map[string]any)
	if pieces[0]["gte"] != 85.0 || pieces[1]["gte"] != 75.0 || pieces[2]["gte"] != 55.0 || pieces[3]["lt"] != 55.0 || pieces[0]["label"] != "≥ 85" {
		t.Errorf("bands %v, want 85/75/55", pieces)
	}
	r.Grading = scoring.Grading{}
	if p := SystemHeatmap("zh", r).Option["visualMap"].(map[string]any)["pieces"].([]map[string]any); p[0]["gte"] != 90.0 {
		t.Errorf("without grading: %v, want the defaults of SPEC §3.5", p)
	}
}

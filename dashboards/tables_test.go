package dashboards

import (
	"bytes"
	"regexp"
	"strings"
	"testing"

	"jixiao/queries"
)

// The units below are listed one peer group per table, each in rank
// order, and the units no ranking holds come last: the overview of the
// province never puts a department's rank beside a city's.
func TestChildrenTablesOnePeerGroupEachInRankOrder(t *testing.T) {
	root := queries.Unit{Code: "GX", Name: "国家税务总局广西壮族自治区税务局", Kind: "bureau", Level: "province"}
	depts := &queries.Ranking{Period: "2025Q4", Group: "GX:department", Size: 2, Rows: []queries.RankingRow{
		{Rank: 1, UnitCode: sp("GX-ZG"), UnitName: sp("征收管理处"), Score: 93, Grade: "excellent"},
		{Rank: 2, UnitCode: sp("GX-NF"), UnitName: sp("纳税服务处"), Score: 91, Grade: "good"},
	}}
	// in code order, as the units table gives them
	children := []queries.Unit{
		{Code: "GX-NF", Name: "纳税服务处", Kind: "department"}, {Code: "GX-XX", Name: "信息中心", Kind: "department"},
		{Code: "GX-ZG", Name: "征收管理处", Kind: "department"},
		{Code: "GX01", Name: "南宁市税务局", Kind: "bureau"}, {Code: "GX02", Name: "柳州市税务局", Kind: "bureau"},
		{Code: "GX05", Name: "北海市税务局", Kind: "bureau"}, {Code: "GX13", Name: "来宾市税务局", Kind: "bureau"},
	}
	var b bytes.Buffer
	err := mustPages(t).Overview(&b, &OverviewData{Page: page("zh", "/?period=2025Q4"), Unit: root, Group: leaderRanking(),
		Children: children, ChildRank: []*queries.Ranking{depts}})
	if err != nil {
		t.Fatal(err)
	}
	html := b.String()
	// By hand from leaderRanking (GX01 1st, GX02 2nd, GX13 3rd, GX05 5th)
	// and depts (ZG 1st, NF 2nd); 信息中心 is in no ranking.
	want := map[string][]string{
		"card-children":   {"南宁市税务局", "柳州市税务局", "来宾市税务局", "北海市税务局"},
		"card-children-2": {"征收管理处", "纳税服务处"},
		"card-children-3": {"信息中心"},
	}
	for id, names := range want {
		sec := section(html, id)
		if sec == "" {
			t.Errorf("no table %s", id)
			continue
		}
		if got := rowNames(sec); strings.Join(got, ",") != strings.Join(names, ",") {
			t.Errorf("%s lists %v, want %v", id, got, names)
		}
	}
	if !strings.Contains(section(html, "card-children"), "税务局（4 个）") || !strings.Contains(section(html, "card-children-2"), "部门（2 个）") {
		t.Error("each table's title should name its peer group")
	}
}

// section is the card with the id, up to the next card.
func section(html, id string) string {
	i := strings.Index(html, `id="`+id+`"`)
	if i < 0 {
		return ""
	}
	rest := html[i:]
	if j := strings.Index(rest[1:], `<section class="card`); j >= 0 {
		rest = rest[:j+1]
	}
	return rest
}

var firstLink = regexp.MustCompile(`<tr><td><a href="[^"]*">([^<]*)</a>`)

func rowNames(html string) []string {
	var out []string
	for _, m := range firstLink.FindAllStringSubmatch(html, -1) {
		out = append(out, m[1])
	}
	return out
}

// In English the units of measure are English words; in Chinese they stay.
func TestMeasureUnitInEnglish(t *testing.T) {
	for _, c := range []struct{ lang, unit, want string }{
		{"en", "件", " cases"}, {"en", "天", " days"}, {"en", "分", " pts"}, {"en", "%", "%"}, {"zh", "件", "件"},
	} {
		if got := MeasureUnit(c.lang, c.unit); got != c.want {
			t.Errorf("MeasureUnit(%s, %s) = %q, want %q", c.lang, c.unit, got, c.want)
		}
	}
	var b bytes.Buffer
	err := mustPages(t).Unit(&b, &UnitData{Page: page("en", "/units/GX13"), Unit: queries.Unit{Code: "GX13", Name: "来宾市税务局", Kind: "bureau"},
		Breakdown: &queries.Breakdown{UnitCode: "GX13", Period: "2025Q4", Score: 84.25,
			Indicators: []queries.IndicatorResult{{Code: "A01", Name: "办税等候", System: "service", Unit: "分钟", Weight: 5, Actual: fp(12), Target: 10, Earned: 3, Lost: 2}}}})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "12 min") || strings.Contains(b.String(), "12分钟") {
		t.Error("the English unit page keeps 分钟")
	}
}

// The indicator page does not count the unranked root as a missing value,
// and says what its average is (points earned ÷ weight, not the box plot's
// actual values).
func TestIndicatorPageLeavesTheRootOut(t *testing.T) {
	gx := "GX"
	units := []queries.Unit{{Code: "GX", Name: "国家税务总局广西壮族自治区税务局"}, {Code: "GX01", Name: "百色市税务局", ParentCode: &gx},
		{Code: "GX02", Name: "贺州市税务局", ParentCode: &gx}}
	var b bytes.Buffer
	err := mustPages(t).Indicator(&b, &IndicatorData{Page: page("zh", "/indicators/D04?period=2025Q4"),
		Versions: []queries.Indicator{{Code: "D04", Name: "欠税增减率", System: "taxsys", Unit: "%", Weight: 5, Target: 100}},
		Values: []queries.IndicatorValue{{UnitCode: "GX", UnitName: units[0].Name, Missing: true, Weight: 5},
			{UnitCode: "GX01", UnitName: "百色市税务局", Missing: true, Weight: 5}, {UnitCode: "GX02", UnitName: "贺州市税务局", Actual: fp(99), Target: 100, Weight: 5, Earned: 5}},
		Completion: []queries.Completion{{Period: "2025Q4", Rate: 50, Units: 2, Missing: 1}},
		Groups:     GroupsUnder(units, "GX")})
	if err != nil {
		t.Fatal(err)
	}
	h := b.String()
	if strings.Contains(section(h, "card-lowest"), "广西壮族自治区税务局") {
		t.Error("the root is listed among the lowest (missing) units")
	}
	if !strings.Contains(h, `<div class="stat-label">缺报</div><div class="stat-value">1</div>`) {
		t.Error("missing should count GX01 alone")
	}
	if !strings.Contains(h, "平均得分率") || !strings.Contains(h, "得分 ÷ 权重") {
		t.Error("the average does not say what it averages")
	}
}

// A department opening an indicator that does not apply to it is told so,
// instead of two empty cards.
func TestIndicatorNotApplicableIsExplained(t *testing.T) {
	d := &IndicatorData{Page: page("zh", "/indicators/D01?period=2025Q4"),
		Versions: []queries.Indicator{{Code: "D01", Name: "税收收入完成率", System: "taxsys", Unit: "%", Levels: "city,county", Weight: 20, Target: 100}}}
	d.User = Viewer{Username: "dept", Role: "dept", UnitCode: "GX01-ZG"}
	var b bytes.Buffer
	if err := mustPages(t).Indicator(&b, d); err != nil {
		t.Fatal(err)
	}
	h := b.String()
	if !strings.Contains(h, `id="not-applicable"`) || !strings.Contains(h, "市局、县局") || strings.Contains(h, `class="card`) {
		t.Error("the department sees empty cards without an explanation")
	}
}

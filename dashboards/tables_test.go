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

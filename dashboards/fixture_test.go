package dashboards

import (
	"net/url"

	"jixiao/queries"
)

// hostile is a unit name that would run script if a page treated it as markup.
const hostile = `</script><script>alert(1)</script>`

func sp(s string) *string   { return &s }
func ip(i int) *int         { return &i }
func fp(f float64) *float64 { return &f }

func systems(base float64) map[string]*float64 {
	return map[string]*float64{"law": fp(base + 2), "taxsys": fp(base - 3), "service": fp(base + 4),
		"admin": fp(base - 1), "info": fp(base - 6), "org": fp(base + 1)}
}

// leaderRanking is a group of five named cities, one with a hostile name.
func leaderRanking() *queries.Ranking {
	return &queries.Ranking{Period: "2025Q4", Group: "GX:bureau", Size: 5, Rows: []queries.RankingRow{
		{Rank: 1, RankChange: ip(2), UnitCode: sp("GX01"), UnitName: sp("南宁市税务局"), Score: 95.12, Grade: "excellent", Systems: systems(95)},
		{Rank: 2, RankChange: ip(-1), UnitCode: sp("GX02"), UnitName: sp("柳州市税务局"), Score: 88.5, Grade: "good", Systems: systems(88)},
		{Rank: 3, RankChange: ip(0), UnitCode: sp("GX13"), UnitName: sp(hostile), Score: 84.25, Grade: "good", Systems: systems(84)},
		{Rank: 4, RankChange: ip(4), UnitCode: sp("GX04"), UnitName: sp("梧州市税务局"), Score: 71.0, Grade: "pass", Vetoed: true, Systems: systems(71)},
		{Rank: 5, RankChange: nil, UnitCode: sp("GX05"), UnitName: sp("北海市税务局"), Score: 55.75, Grade: "fail", Systems: systems(56)},
	}, Summary: queries.Summary{ // by hand: (95.12 + 88.5 + 84.25 + 71 + 55.75) / 5 = 78.924
		Units: 5, Mean: 78.92, Min: 55.75, Max: 95.12, Vetoed: 1,
		Grades:  map[string]int{"excellent": 1, "good": 2, "pass": 1, "fail": 1},
		Risers:  []queries.Mover{{UnitCode: "GX04", UnitName: "梧州市税务局", Rank: 4, RankChange: 4}, {UnitCode: "GX01", UnitName: "南宁市税务局", Rank: 1, RankChange: 2}},
		Fallers: []queries.Mover{{UnitCode: "GX02", UnitName: "柳州市税务局", Rank: 2, RankChange: -1}}}}
}

// leaderAverage is leaderRanking's system average worked by hand: law
// (97 + 90 + 86 + 73 + 58) / 5 = 80.8, every system offset as systems().
func leaderAverage() *queries.SystemAverage {
	return &queries.SystemAverage{Period: "2025Q4", Group: "GX:bureau", Units: 5, MinGroup: 5, Systems: map[string]*float64{
		"law": fp(80.8), "taxsys": fp(75.8), "service": fp(82.8), "admin": fp(77.8), "info": fp(72.8), "org": fp(79.8)}}
}

// deptRanking is what a department sees: itself named, peers anonymised.
func deptRanking() *queries.Ranking {
	anon := func(rank int, score float64, grade string) queries.RankingRow {
		return queries.RankingRow{Rank: rank, Score: score, Grade: grade, Systems: map[string]*float64{}}
	}
	return &queries.Ranking{Period: "2025Q4", Group: "GX01:department", Size: 4, Rows: []queries.RankingRow{
		anon(1, 93, "excellent"), anon(2, 90.5, "good"),
		{Rank: 3, RankChange: ip(1), UnitCode: sp("GX01-ZG"), UnitName: sp("南宁市局征收管理科"), Score: 88, Grade: "good", Self: true, Systems: systems(88)},
		anon(4, 70, "pass"),
	}, Summary: queries.Summary{ // by hand: (93 + 90.5 + 88 + 70) / 4 = 85.375, half-up 85.38
		Units: 4, Mean: 85.38, Min: 70, Max: 93,
		Grades: map[string]int{"excellent": 1, "good": 2, "pass": 1, "fail": 0},
		Risers: []queries.Mover{{UnitCode: "GX01-ZG", UnitName: "南宁市局征收管理科", Rank: 3, RankChange: 1}}}}
}

func trend() []queries.TrendPoint {
	var out []queries.TrendPoint
	for i, p := range []string{"2025Q1", "2025Q2", "2025Q3", "2025Q4"} {
		out = append(out, queries.TrendPoint{Period: p, Score: 80 + float64(i)*2, Rank: ip(4 - i), Size: ip(8), Grade: sp("good")})
	}
	return out
}

func losses() []queries.Loss {
	return []queries.Loss{
		{Code: "SVC01", Name: hostile, Lost: 12.5, Units: 5, Missing: 1},
		{Code: "ADM02", Name: "欠税增减率", Lost: 8.25, Units: 4},
	}
}

func deptLosses() []queries.Loss {
	return []queries.Loss{{Code: "ZG", Name: "ZG", Lost: 14}, {Code: "NF", Name: "NF", Lost: 6.75}, {Code: "", Name: "", Lost: 1}}
}

func page(lang, path string) Page {
	u, _ := url.Parse(path)
	return Page{Lang: lang, User: Viewer{Username: "leader", Name: "李建国", Role: "leader", UnitCode: "GX", UnitName: "国家税务总局广西壮族自治区税务局"},
		Period: "2025Q4", Periods: []queries.PeriodStatus{{Period: "2025Q4", Status: "review"}, {Period: "2025Q3", Status: "final"}, {Period: "2025", Status: "review"}},
		Nav: []Link{{Label: "总览", Href: "/", Active: true}, {Label: "讲评会", Href: "/meeting"}}, URL: u,
		Crumbs: []Link{{Label: "广西", Href: "/units/GX"}, {Label: hostile, Active: true}}}
}

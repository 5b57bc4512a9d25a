package dashboards

import (
	"strings"

	"jixiao/queries"
)

// The strings of the scope labels and of the generic table tools join the
// pages' messages at start.
func init() {
	addMessages(scopeMessages)
}

var scopeMessages = map[string][2]string{
	"scope_children":     {"统计范围：%s下属 %d 个%s", "Counts the %[2]d %[3]ss under %[1]s"},
	"scope_group":        {"统计范围：所在对比组 %d 个单位", "Counts the %d units of the peer group"},
	"scope_subtree":      {"统计范围：%s全辖 %d 个单位", "Counts all %[2]d units under %[1]s"},
	"scope_under":        {"统计范围：%s全辖", "Counts all units under %s"},
	"group_title":        {"%s（%d 个）", "%ss (%d)"},
	"not_ranked":         {"未参评", "not ranked"},
	"export_scores":      {"导出成绩", "Export scores"},
	"forbidden_text":     {"您的角色不能打开此页面。如需访问，请联系绩效办。", "Your role may not open this page. Ask the performance office if you need it."},
	"go_back":            {"返回上一页", "Go back"},
	"ind_not_applicable": {"该指标不适用于您所在单位，或本单位在所选期间没有该指标的台账数据（考核层级：%s）。", "This indicator does not apply to your unit, or your unit has no values of it in this period (it applies to: %s)."},
	"all_levels":         {"各层级", "every level"},
	"completion_note":    {"得分 ÷ 权重的平均", "mean of points earned ÷ weight"},
	"search_title":       {"查找单位", "Find a unit"},
	"search_hint":        {"单位代码、名称或拼音首字母", "Unit code, name or pinyin initials"},
	"search_none":        {"没有找到匹配“%s”的单位。", "No unit matches “%s”."},
	"search_n":           {"找到 %d 个单位", "%d units found"},
	"unit_code":          {"代码", "Code"},
	"parent_unit":        {"上级单位", "Parent"},
}

// indicatorLevels lists an indicator's levels ("city,county") for readers.
func indicatorLevels(lang, levels string) string {
	names := map[string][2]string{"province": {"省局", "province"}, "city": {"市局", "city"}, "county": {"县局", "county"}}
	var out []string
	for _, l := range strings.Split(levels, ",") {
		if n, ok := names[strings.TrimSpace(l)]; ok {
			out = append(out, n[map[bool]int{false: 0, true: 1}[lang == "en"]])
		}
	}
	if len(out) == 0 {
		return T(lang, "all_levels")
	}
	sep := "、"
	if lang == "en" {
		sep = ", "
	}
	return strings.Join(out, sep)
}

// GroupScope says which units a ranking's figures count: "统计范围：广西壮族
// 自治区局下属 14 个税务局", so that a slide's "不合格单位 0" is read as the
// cities' count, not the whole subtree's.
func GroupScope(lang string, unit queries.Unit, r *queries.Ranking) string {
	if r == nil || len(r.Rows) == 0 {
		return ""
	}
	parent, kind, ok := strings.Cut(r.Group, ":")
	if ok && parent == unit.Code {
		return T(lang, "scope_children", ShortName(unit.Name), len(r.Rows), kindName(lang, kind))
	}
	return T(lang, "scope_group", len(r.Rows))
}

// SubtreeScope says that a figure counts every unit under unit (n of them
// when n > 0).
func SubtreeScope(lang string, unit queries.Unit, n int) string {
	if n > 0 {
		return T(lang, "scope_subtree", ShortName(unit.Name), n)
	}
	return T(lang, "scope_under", ShortName(unit.Name))
}

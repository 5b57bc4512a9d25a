package data

import "fmt"

// Msg is a user-facing message, rendered in Chinese or English.
type Msg struct {
	Key  string
	Args []any
}

// RowError is one problem in an import file, located as a spreadsheet shows
// it: the header is row 1.
type RowError struct {
	Row     int    `json:"row"`
	Column  string `json:"column"`
	Message string `json:"message"`
}

var catalog = map[string][2]string{
	"missing_column":  {"缺少必需的列 %s（%s）", "required column %s (%s) is missing"},
	"dup_column":      {"列重复出现", "the column appears twice"},
	"required":        {"必填项为空", "this field is required"},
	"bad_code":        {"代码 %q 只能包含英文字母、数字、- 和 _", "code %q may contain only ASCII letters, digits, - and _"},
	"bad_enum":        {"%q 不是有效值，应为：%s", "%q is not valid; expected one of: %s"},
	"bad_number":      {"%q 不是数字", "%q is not a number"},
	"too_large":       {"数值 %s 超出允许范围（绝对值不得超过 %s）", "%s is out of range (the magnitude may not exceed %s)"},
	"bad_period":      {"%q 不是有效的考核期（应为 YYYYQ1…YYYYQ4）", "%q is not a period (YYYYQ1…YYYYQ4)"},
	"bad_bool":        {"%q 不是 true/false（是/否）", "%q is not true/false"},
	"bad_levels":      {"%q 应为 province、city、county 中的一个或多个，用逗号分隔", "%q must be a comma-separated subset of province, city, county"},
	"dup_key":         {"与第 %d 行重复（%s）", "duplicates row %d (%s)"},
	"no_parent":       {"上级单位 %q 不存在", "parent unit %q does not exist"},
	"self_parent":     {"单位不能是自己的上级", "a unit cannot be its own parent"},
	"cycle":           {"上级关系形成循环：%s", "the parent chain forms a cycle: %s"},
	"two_roots":       {"只能有一个根单位（上级代码为空），已有 %q", "only one root unit (empty parent) is allowed; %q is one already"},
	"no_unit":         {"单位 %q 不存在", "unit %q does not exist"},
	"no_indicator":    {"指标 %q 不存在", "indicator %q does not exist"},
	"not_applicable":  {"指标 %s 在 %s 不适用于单位 %s（%s）", "indicator %[1]s does not apply to unit %[3]s (%[4]s) in %[2]s"},
	"period_range":    {"考核期 %s 超出可记录的范围（1000Q1–2047Q4）", "period %s is outside the range the ledger records (1000Q1–2047Q4)"},
	"final_period":    {"考核期 %s 已定稿，不能再修改", "period %s is final and cannot be changed"},
	"final_catalogue": {"指标 %s 在已定稿的考核期 %s 的计分口径不能更改（可新增自下一期起生效的版本）", "indicator %s cannot change how final period %s is scored (add a version valid from a later period instead)"},
	"appeal_decided":  {"该值已由申诉裁定，不能被导入覆盖", "this value was decided by an upheld appeal and cannot be overwritten"},
	"version_overlap": {"指标 %s 的有效期与第 %d 行重叠", "the validity of indicator %s overlaps row %d"},
	"bad_range":       {"起始期 %s 晚于截止期 %s", "valid_from %s is after valid_to %s"},
	"weight_positive": {"权重必须大于 0", "weight must be greater than 0"},
	"floor_side":      {"底线值 %s 与目标值 %s 的方向不符（%s）", "floor %s is on the wrong side of target %s (%s)"},
	"bad_points":      {"分值必须为不小于 0 的数", "points must be a number ≥ 0"},
	"points_max":      {"分值 %s 超过一项加减分的上限 %s 分（设置 adjust.max_points）", "points %s exceed the limit of %s for one adjustment (setting adjust.max_points)"},
	"points_required": {"加分、扣分必须填写分值", "bonus and penalty need points"},
	"bad_file":        {"无法读取文件：%s", "the file cannot be read: %s"},
	"empty_file":      {"文件没有数据行", "the file has no data rows"},
	"root_required":   {"单位表中没有根单位（上级代码为空）", "the units file has no root unit (empty parent_code)"},
	"unit_in_use":     {"单位 %q 已有台账数据，不能更改其类型或层级", "unit %q has ledger values; its kind or level cannot change"},
	"weak_password":   {"密码至少 8 位", "the password must have at least 8 characters"},
}

// Text renders m in lang ("zh" by default, "en").
func (m Msg) Text(lang string) string {
	t, ok := catalog[m.Key]
	if !ok {
		return m.Key
	}
	f := t[0]
	if lang == "en" {
		f = t[1]
	}
	return fmt.Sprintf(f, m.Args...)
}

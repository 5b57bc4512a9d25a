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
	"missing_column":      {"缺少必需的列 %s（%s）", "required column %s (%s) is missing"},
	"dup_column":          {"列重复出现", "the column appears twice"},
	"required":            {"必填项为空", "this field is required"},
	"bad_code":            {"代码 %q 只能包含英文字母、数字、- 和 _", "code %q may contain only ASCII letters, digits, - and _"},
	"bad_enum":            {"%q 不是有效值，应为：%s", "%q is not valid; expected one of: %s"},
	"bad_number":          {"%q 不是数字", "%q is not a number"},
	"too_large":           {"数值 %s 超出允许范围（绝对值不得超过 %s）", "%s is out of range (the magnitude may not exceed %s)"},
	"bad_period":          {"%q 不是有效的考核期（应为 YYYYQ1…YYYYQ4）", "%q is not a period (YYYYQ1…YYYYQ4)"},
	"bad_bool":            {"%q 不是 true/false（是/否）", "%q is not true/false"},
	"bad_levels":          {"%q 应为 province、city、county 中的一个或多个，用逗号分隔", "%q must be a comma-separated subset of province, city, county"},
	"dup_key":             {"与第 %d 行重复（%s）", "duplicates row %d (%s)"},
	"no_parent":           {"上级单位 %q 不存在", "parent unit %q does not exist"},
	"function_kind":       {"职能代码只适用于部门（department），该单位类型为 %q", "a function code is for departments only; this unit is a %q"},
	"dup_function":        {"职能代码 %q 在上级单位 %q 的部门中重复（%s）", "function code %q repeats among the departments of %q (%s)"},
	"self_parent":         {"单位不能是自己的上级", "a unit cannot be its own parent"},
	"cycle":               {"上级关系形成循环：%s", "the parent chain forms a cycle: %s"},
	"two_roots":           {"只能有一个根单位（上级代码为空），已有 %q", "only one root unit (empty parent) is allowed; %q is one already"},
	"no_unit":             {"单位 %q 不存在", "unit %q does not exist"},
	"no_indicator":        {"指标 %q 不存在", "indicator %q does not exist"},
	"not_applicable":      {"指标 %s 在 %s 不适用于单位 %s（%s）", "indicator %[1]s does not apply to unit %[3]s (%[4]s) in %[2]s"},
	"too_many_indicators": {"指标代码 %s 超出指标目录可容纳的数量（最多 %s 个不同代码）", "indicator code %s is one more than the catalogue can hold (%s distinct codes at most)"},
	"period_range":        {"考核期 %s 超出可记录的范围（1000Q1–2047Q4）", "period %s is outside the range the ledger records (1000Q1–2047Q4)"},
	"final_period":        {"考核期 %s 已定稿，不能再修改", "period %s is final and cannot be changed"},
	"final_catalogue":     {"指标 %s 在已定稿的考核期 %s 的计分口径不能更改（可新增自下一期起生效的版本）", "indicator %s cannot change how final period %s is scored (add a version valid from a later period instead)"},
	"appeal_decided":      {"该值已由申诉裁定，不能被导入覆盖", "this value was decided by an upheld appeal and cannot be overwritten"},
	"version_overlap":     {"指标 %s 的有效期与第 %d 行重叠", "the validity of indicator %s overlaps row %d"},
	"bad_range":           {"起始期 %s 晚于截止期 %s", "valid_from %s is after valid_to %s"},
	"weight_positive":     {"权重必须大于 0", "weight must be greater than 0"},
	"floor_side":          {"底线值 %s 与目标值 %s 的方向不符（%s）", "floor %s is on the wrong side of target %s (%s)"},
	"bad_points":          {"分值必须为不小于 0 的数", "points must be a number ≥ 0"},
	"points_max":          {"分值 %s 超过一项加减分的上限 %s 分（设置 adjust.max_points）", "points %s exceed the limit of %s for one adjustment (setting adjust.max_points)"},
	"points_required":     {"加分、扣分必须填写分值", "bonus and penalty need points"},
	"utf16":               {"文件是 UTF-16 编码（Excel 的“Unicode 文本”），无法读取；请另存为 UTF-8 或 GB18030（GBK）编码的 CSV", "the file is UTF-16 (Excel's \"Unicode text\"), which cannot be read; save it as a UTF-8 or GB18030 (GBK) CSV"},
	"bad_encoding":        {"含有既不是 UTF-8 也不是 GB18030（GBK）的字节 0x%02X；请另存为 UTF-8 或 GB18030 编码的 CSV", "holds the byte 0x%02X, which is neither UTF-8 nor GB18030 (GBK) text; save the file as a UTF-8 or GB18030 CSV"},
	"bad_csv":             {"此行无法按 CSV 读取（该行过长或引号不成对）", "this line cannot be read as CSV (it is too long or its quotes do not pair)"},
	"bad_xlsx":            {"不是可读取的 XLSX 工作簿（可能已损坏、加密或不是 Excel 文件）；请在 Excel 中另存为 .xlsx 或 CSV", "not a readable XLSX workbook (damaged, encrypted or not an Excel file); save it again as .xlsx or CSV"},
	"bad_parquet":         {"不是可读取的 Parquet 文件（可能已损坏或不完整）", "not a readable Parquet file (damaged or incomplete)"},
	"bad_cell":            {"单元格内容无法读取（含有无效字符）", "the cell cannot be read (it holds invalid characters)"},
	"no_sheet":            {"工作簿中没有工作表", "the workbook has no sheet"},
	"sheet_too_large":     {"工作表解压后超过 %d MiB 的上限；请拆分文件或改用 CSV", "the sheet unpacks to more than %d MiB, the limit; split the file or use CSV"},
	"cell_too_large":      {"单元格超过 %d KiB 的上限", "the cell is larger than %d KiB, the limit"},
	"too_many_rows":       {"工作表超过 %d 行（Excel 工作表的上限）", "the sheet has more than %d rows (a worksheet's limit)"},
	"empty_file":          {"文件没有数据行", "the file has no data rows"},
	"root_required":       {"单位表中没有根单位（上级代码为空）", "the units file has no root unit (empty parent_code)"},
	"unit_in_use":         {"单位 %q 已有台账数据，不能更改其类型或层级", "unit %q has ledger values; its kind or level cannot change"},
	"weak_password":       {"密码至少 10 个字符", "the password must have at least 10 characters"},
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

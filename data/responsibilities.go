package data

// SPEC §13 (指标定责到岗): the import table of responsibilities, per bureau
// and indicator code the leader in charge (分管领导) and the responsible
// person (责任人), both usernames. An empty cell clears that person; a row
// with both empty removes the bureau's entry for the indicator.

// KindResponsibilities is the import table of SPEC §13.
const KindResponsibilities Kind = "responsibilities"

func init() {
	Kinds = append(Kinds, KindResponsibilities)
	Tables[KindResponsibilities] = []Field{
		{Name: "unit_code", Aliases: []string{"单位代码", "代码"}, Type: TCode, Required: true},
		{Name: "indicator_code", Aliases: []string{"指标代码"}, Type: TCode, Required: true},
		{Name: "leader", Aliases: []string{"分管领导"}, Type: TCode},
		{Name: "owner", Aliases: []string{"责任人", "岗位责任人"}, Type: TCode},
	}
	for k, v := range responsibilityMessages {
		catalog[k] = v
	}
}

var responsibilityMessages = map[string][2]string{
	"resp_not_bureau":  {"单位 %q 不是税务局：责任按局（领导班子）逐项指标指定", "unit %q is not a bureau: responsibilities are named per bureau and indicator"},
	"resp_no_user":     {"用户 %q 不存在", "user %q does not exist"},
	"resp_disabled":    {"用户 %q 已停用", "user %q is disabled"},
	"resp_wrong_unit":  {"用户 %q 既不属于 %s，也不属于其内设部门", "user %q belongs neither to %s nor to one of its departments"},
	"resp_never_apply": {"指标 %s 从不适用于单位 %s（%s）", "indicator %s never applies to unit %s (%s)"},
	"resp_not_yours":   {"无权指定单位 %q 的分管领导和责任人", "you may not name the leader and owner of unit %q"},
}

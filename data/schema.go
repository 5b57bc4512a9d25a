// Package data holds jixiao's domain in plain Go: the import tables and their
// columns, periods, file reading (CSV in UTF-8 or GB18030, XLSX) and the demo
// province. It knows no HTTP and no SQL engine.
package data

import "strings"

// Kind names an importable table.
type Kind string

// The importable tables, in the order a province is loaded.
const (
	KindUnits       Kind = "units"
	KindIndicators  Kind = "indicators"
	KindValues      Kind = "values"
	KindAdjustments Kind = "adjustments"
	KindUsers       Kind = "users"
)

// Kinds lists every importable table in load order.
var Kinds = []Kind{KindUnits, KindIndicators, KindValues, KindAdjustments, KindUsers}

// FieldType says how a cell is checked.
type FieldType int

// Field types.
const (
	TText   FieldType = iota // free text
	TCode                    // ASCII letters, digits, '-', '_'
	TEnum                    // one of Field.Enum
	TNumber                  // a number, optionally with a trailing '%'
	TPeriod                  // a quarter YYYYQn
	TBool                    // true/false (also 是/否, 1/0)
	TLevels                  // empty or a comma-separated subset of province,city,county
	TCodes                   // comma-separated codes
)

// Field is one column of an import table.
type Field struct {
	Name     string   // canonical English header
	Aliases  []string // accepted Chinese headers
	Type     FieldType
	Required bool
	Enum     []string
}

// Enumerations of the domain (SPEC §1).
var (
	UnitKinds   = []string{"bureau", "department", "branch"}
	Levels      = []string{"province", "city", "county"}
	Systems     = []string{"law", "taxsys", "service", "admin", "info", "org"}
	Tiers       = []string{"decision", "management", "execution"}
	Directions  = []string{"higher", "lower"}
	Rules       = []string{"linear", "threshold", "deadline"}
	Methods     = []string{"desk", "field", "both"}
	AdjKinds    = []string{"bonus", "penalty", "veto"}
	Roles       = []string{"admin", "office", "committee", "leader", "dept", "staff"}
	AuthKinds   = []string{"local", "ldap"} // how an account signs in (SPEC §14)
	Statuses    = []string{"open", "review", "final"}
	Grades      = []string{"excellent", "good", "pass", "fail"}
	SystemNames = map[string]string{"law": "税法体系", "taxsys": "税制体系", "service": "服务体系", "admin": "征管体系", "info": "信息体系", "org": "组织体系"}
	GradeNames  = map[string]string{"excellent": "优秀", "good": "良好", "pass": "合格", "fail": "不合格"}
)

// TierOfKind maps a unit kind to the tier of indicators that apply to it.
var TierOfKind = map[string]string{"bureau": "decision", "department": "management", "branch": "execution"}

// Tables gives the columns of each import table, in template order.
var Tables = map[Kind][]Field{
	KindUnits: {
		{Name: "code", Aliases: []string{"代码", "单位代码"}, Type: TCode, Required: true},
		{Name: "name", Aliases: []string{"名称", "单位名称"}, Type: TText, Required: true},
		{Name: "parent_code", Aliases: []string{"上级代码"}, Type: TCode},
		{Name: "kind", Aliases: []string{"类型"}, Type: TEnum, Required: true, Enum: UnitKinds},
		{Name: "level", Aliases: []string{"层级"}, Type: TEnum, Required: true, Enum: Levels},
		{Name: "peer_group", Aliases: []string{"对比组"}, Type: TText},
		{Name: "function", Aliases: []string{"职能代码"}, Type: TCode},
	},
	KindIndicators: {
		{Name: "code", Aliases: []string{"代码", "指标代码"}, Type: TCode, Required: true},
		{Name: "name", Aliases: []string{"名称", "指标名称"}, Type: TText, Required: true},
		{Name: "system", Aliases: []string{"体系"}, Type: TEnum, Required: true, Enum: Systems},
		{Name: "tier", Aliases: []string{"考核层级"}, Type: TEnum, Required: true, Enum: Tiers},
		{Name: "levels", Aliases: []string{"适用层级"}, Type: TLevels},
		{Name: "unit", Aliases: []string{"计量单位"}, Type: TText},
		{Name: "direction", Aliases: []string{"方向"}, Type: TEnum, Required: true, Enum: Directions},
		{Name: "rule", Aliases: []string{"计分规则"}, Type: TEnum, Required: true, Enum: Rules},
		{Name: "weight", Aliases: []string{"权重", "分值"}, Type: TNumber, Required: true},
		{Name: "target", Aliases: []string{"目标值"}, Type: TNumber, Required: true},
		{Name: "floor", Aliases: []string{"底线值"}, Type: TNumber},
		{Name: "lead_dept", Aliases: []string{"牵头部门"}, Type: TCode},
		{Name: "coop_depts", Aliases: []string{"配合部门"}, Type: TCodes},
		{Name: "method", Aliases: []string{"考评方式"}, Type: TEnum, Enum: Methods},
		{Name: "source", Aliases: []string{"数据来源"}, Type: TText},
		{Name: "key_task", Aliases: []string{"重点任务"}, Type: TBool},
		{Name: "valid_from", Aliases: []string{"起始期"}, Type: TPeriod},
		{Name: "valid_to", Aliases: []string{"截止期"}, Type: TPeriod},
	},
	KindValues: {
		{Name: "indicator_code", Aliases: []string{"指标代码", "代码"}, Type: TCode, Required: true},
		{Name: "unit_code", Aliases: []string{"单位代码"}, Type: TCode, Required: true},
		{Name: "period", Aliases: []string{"期间", "考核期"}, Type: TPeriod, Required: true},
		{Name: "actual", Aliases: []string{"实际值"}, Type: TNumber, Required: true},
		{Name: "target", Aliases: []string{"目标值"}, Type: TNumber},
		{Name: "note", Aliases: []string{"备注"}, Type: TText},
	},
	KindAdjustments: {
		{Name: "unit_code", Aliases: []string{"单位代码", "代码"}, Type: TCode, Required: true},
		{Name: "period", Aliases: []string{"期间", "考核期"}, Type: TPeriod, Required: true},
		{Name: "kind", Aliases: []string{"类别", "类型"}, Type: TEnum, Required: true, Enum: AdjKinds},
		{Name: "points", Aliases: []string{"分值"}, Type: TNumber},
		{Name: "reason", Aliases: []string{"原因"}, Type: TText, Required: true},
		{Name: "indicator_code", Aliases: []string{"指标代码"}, Type: TCode},
	},
	KindUsers: {
		{Name: "username", Aliases: []string{"用户名"}, Type: TCode, Required: true},
		{Name: "name", Aliases: []string{"姓名", "名称"}, Type: TText, Required: true},
		{Name: "unit_code", Aliases: []string{"单位代码", "代码"}, Type: TCode, Required: true},
		{Name: "role", Aliases: []string{"角色"}, Type: TEnum, Required: true, Enum: Roles},
		// empty for an ldap account, and for an existing account whose
		// password stays (SPEC §14)
		{Name: "password", Aliases: []string{"密码"}, Type: TText},
		{Name: "auth", Aliases: []string{"认证方式"}, Type: TEnum, Enum: AuthKinds},
		{Name: "email", Aliases: []string{"邮箱"}, Type: TText},
	},
}

// ParseKind validates a table name given on the command line or in a URL.
func ParseKind(s string) (Kind, bool) {
	for _, k := range Kinds {
		if string(k) == strings.ToLower(strings.TrimSpace(s)) {
			return k, true
		}
	}
	return "", false
}

// ChineseHeader returns the header the downloadable template uses for f.
func (f Field) ChineseHeader() string {
	if len(f.Aliases) > 0 {
		return f.Aliases[0]
	}
	return f.Name
}

package queries

import (
	"sort"
	"sync"
)

// SettingDef is one setting of jixiao (SPEC §14): its key, type, default,
// range or options, and what it does, in Chinese and English. Every key a
// feature reads from the settings table is registered here (or, for a
// feature in its own package, with RegisterSetting), so that the settings
// page and API list it and a value is checked before it is stored.
type SettingDef struct {
	Key     string
	Area    string   // grading, appeals, health, privacy, limits, sources, ldap, smtp …
	Type    string   // int, float, bool, string, enum, secret
	Default string   // as stored ("" for none)
	Min     *float64 // int and float only
	Max     *float64
	Options []string // enum only
	Zh, En  string   // what it does
	// Check refines the validation of a string (a URL, a DN template).
	Check func(v string) error `json:"-"`
}

// The setting types.
const (
	SetInt    = "int"
	SetFloat  = "float"
	SetBool   = "bool"
	SetString = "string"
	SetEnum   = "enum"
	SetSecret = "secret" // stored sealed (Store.Secrets), never shown
)

// AreaGrading holds SPEC §3.5's settings: a change re-grades the quarters
// and years that are not final, and the province office may make it.
const AreaGrading = "grading"

var registry = struct {
	sync.RWMutex
	m map[string]SettingDef
}{m: map[string]SettingDef{}}

// RegisterSetting adds a setting to the registry (at init; a second
// registration of a key replaces the first).
func RegisterSetting(d SettingDef) {
	registry.Lock()
	registry.m[d.Key] = d
	registry.Unlock()
}

// SettingDefs lists every registered setting by area order, then key.
func SettingDefs() []SettingDef {
	registry.RLock()
	out := make([]SettingDef, 0, len(registry.m))
	for _, d := range registry.m {
		out = append(out, d)
	}
	registry.RUnlock()
	sort.Slice(out, func(i, j int) bool {
		ai, aj := areaOrder(out[i].Area), areaOrder(out[j].Area)
		if ai != aj {
			return ai < aj
		}
		return out[i].Key < out[j].Key
	})
	return out
}

// SettingAreas are the areas in the order the settings page shows them.
var SettingAreas = []string{AreaGrading, "appeals", "health", "privacy", "adjust", "import", "evidence", "sources", "collection", "ldap", "smtp", "net"}

func areaOrder(a string) int {
	for i, x := range SettingAreas {
		if x == a {
			return i
		}
	}
	return len(SettingAreas)
}

// LookupSetting is the definition of key.
func LookupSetting(key string) (SettingDef, bool) {
	registry.RLock()
	defer registry.RUnlock()
	d, ok := registry.m[key]
	return d, ok
}

func fnumPtr(v float64) *float64 { return &v }

func init() {
	for _, d := range []SettingDef{
		{Key: "grade.ratio", Area: AreaGrading, Type: SetFloat, Default: "0.2", Min: fnumPtr(0), Max: fnumPtr(1),
			Zh: "对比组中可评为优秀的比例", En: "share of a peer group that may be rated excellent"},
		{Key: "grade.excellent", Area: AreaGrading, Type: SetFloat, Default: "90", Min: fnumPtr(0), Max: fnumPtr(100),
			Zh: "优秀的最低得分", En: "lowest score for excellent"},
		{Key: "grade.good", Area: AreaGrading, Type: SetFloat, Default: "80", Min: fnumPtr(0), Max: fnumPtr(100),
			Zh: "良好的最低得分", En: "lowest score for good"},
		{Key: "grade.pass", Area: AreaGrading, Type: SetFloat, Default: "60", Min: fnumPtr(0), Max: fnumPtr(100),
			Zh: "合格的最低得分", En: "lowest score for pass"},
		{Key: "grade.quota_rounding", Area: AreaGrading, Type: SetEnum, Default: "half_up", Options: []string{"half_up", "ceiling", "floor"},
			Zh: "优秀名额（人数 × 比例）的取整方式：四舍五入、向上、向下", En: "rounding of the excellent quota (n × ratio): half up, ceiling, floor"},
		{Key: "appeal.window_days", Area: "appeals", Type: SetInt, Default: "10", Min: fnumPtr(0), Max: fnumPtr(365),
			Zh: "考核期进入公示后受理申诉的天数", En: "days after a quarter enters review during which appeals are accepted"},
		{Key: "health.full_share", Area: "health", Type: SetFloat, Default: "0.9", Min: fnumPtr(0), Max: fnumPtr(1),
			Zh: "满分单位占比达到此值时指标标记为“区分度不足”", En: "share of units at full points from which an indicator does not discriminate"},
		{Key: "health.missing_rate", Area: "health", Type: SetFloat, Default: "0.2", Min: fnumPtr(0), Max: fnumPtr(1),
			Zh: "缺报率达到此值时标记为“经常缺报”", En: "missing rate from which an indicator is often missing"},
		{Key: "health.correlation", Area: "health", Type: SetFloat, Default: "0.95", Min: fnumPtr(0), Max: fnumPtr(1),
			Zh: "同层级两项指标相关系数达到此值时标记为“重复”", En: "correlation from which two indicators of a tier are redundant"},
		{Key: "health.appeal_rate", Area: "health", Type: SetFloat, Default: "0.1", Min: fnumPtr(0), Max: fnumPtr(100),
			Zh: "申诉率达到此值时标记为“经常被申诉”", En: "appeals per applicable unit from which an indicator is often appealed"},
		{Key: "privacy.min_group_for_average", Area: "privacy", Type: SetInt, Default: "5", Min: fnumPtr(1), Max: fnumPtr(1000),
			Zh: "对比组单位少于此数时不显示组平均（防止反推）", En: "smallest peer group whose average is shown (smaller ones could be worked back)"},
		{Key: "adjust.max_points", Area: "adjust", Type: SetFloat, Default: "10", Min: fnumPtr(0), Max: fnumPtr(1000),
			Zh: "一项加分或扣分的最高分值（表单和导入）", En: "most points of one bonus or penalty (form and imports)"},
		{Key: SettingMaxValue, Area: "import", Type: SetFloat, Default: "1e12", Min: fnumPtr(1), Max: fnumPtr(1e12),
			Zh: "导入数值绝对值的上限", En: "largest magnitude of an imported number"},
		{Key: SettingXLSXSheetBytes, Area: "import", Type: SetInt, Default: "268435456", Min: fnumPtr(1 << 20), Max: fnumPtr(4 << 30),
			Zh: "XLSX 工作表解压后的最大字节数", En: "largest unpacked size of a workbook's sheet (bytes)"},
		{Key: SettingXLSXCellBytes, Area: "import", Type: SetInt, Default: "32768", Min: fnumPtr(1 << 10), Max: fnumPtr(1 << 20),
			Zh: "XLSX 单元格的最大字节数", En: "largest cell of a workbook (bytes)"},
		{Key: SettingEvidenceFiles, Area: "evidence", Type: SetInt, Default: "20", Min: fnumPtr(1), Max: fnumPtr(1000),
			Zh: "一项申诉、整改或加减分的佐证文件数上限", En: "evidence files on one appeal, rectification or adjustment"},
		{Key: SettingEvidenceItemBytes, Area: "evidence", Type: SetInt, Default: "52428800", Min: fnumPtr(1 << 20), Max: fnumPtr(1 << 30),
			Zh: "一项的佐证文件总大小上限（字节）", En: "total size of one item's evidence (bytes)"},
		{Key: SettingEvidenceUnitBytes, Area: "evidence", Type: SetInt, Default: "524288000", Min: fnumPtr(1 << 20), Max: fnumPtr(100 << 30),
			Zh: "一个单位佐证文件总大小上限（字节）", En: "total size of a unit's evidence (bytes)"},
		{Key: "import.max_rows", Area: "import", Type: SetInt, Default: "5000000", Min: fnumPtr(1), Max: fnumPtr(1e9),
			Zh: "一次采集（§11）最多导入的行数", En: "most rows of one pull (§11)"},
		{Key: "net.proxy_header", Area: "net", Type: SetString, Check: checkProxyHeader,
			Zh: "可信代理传递客户端地址的请求头（X-Forwarded-For 或 X-Real-IP），为空则不信任任何请求头", En: "header in which a trusted proxy gives the client's address (X-Forwarded-For or X-Real-IP); empty: none"},
		{Key: "net.trusted_proxies", Area: "net", Type: SetString, Check: checkProxies,
			Zh: "可信代理的地址或网段（逗号分隔），为空则不信任任何代理", En: "addresses or CIDR ranges of the trusted proxies (comma-separated); empty: none"},
		{Key: "sources.timeout_s", Area: "sources", Type: SetInt, Default: "300", Min: fnumPtr(1), Max: fnumPtr(86400),
			Zh: "从税务系统采集台账时单条查询的超时（秒）", En: "statement timeout of a pull from a tax system (seconds)"},
		{Key: "collection.sources", Area: "collection", Type: SetString, Default: "manual",
			Zh: "由基层自行申报的指标数据来源（逗号分隔）", En: "indicator sources that units declare themselves (comma-separated)"},
		{Key: "auth.ldap.url", Area: "ldap", Type: SetString, Check: checkLDAPURL,
			Zh: "目录服务地址（ldap:// 或 ldaps://），为空则不使用目录登录", En: "directory URL (ldap:// or ldaps://); empty: no directory sign-on"},
		{Key: "auth.ldap.bind_dn", Area: "ldap", Type: SetString, Check: checkBindTemplate,
			Zh: "绑定 DN 模板，%s 为用户名，如 uid=%s,ou=people,dc=tax,dc=gov,dc=cn", En: "bind DN template, %s is the username, e.g. uid=%s,ou=people,dc=tax,dc=gov,dc=cn"},
		{Key: "auth.ldap.base_dn", Area: "ldap", Type: SetString, Check: checkDN,
			Zh: "查找用户的起点 DN（查找后绑定方式）", En: "base DN of the user search (search-then-bind)"},
		{Key: "auth.ldap.filter", Area: "ldap", Type: SetString, Check: checkFilterTemplate,
			Zh: "查找用户的过滤器，%s 为用户名，如 (uid=%s)", En: "search filter, %s is the username, e.g. (uid=%s)"},
		{Key: "auth.ldap.service_dn", Area: "ldap", Type: SetString, Check: checkDN,
			Zh: "查找用户所用的服务账号 DN", En: "DN of the service account that searches"},
		{Key: "auth.ldap.service_password", Area: "ldap", Type: SetSecret,
			Zh: "服务账号密码（只写，加密保存）", En: "service account password (write-only, stored encrypted)"},
		{Key: "auth.ldap.starttls", Area: "ldap", Type: SetBool, Default: "false",
			Zh: "在 ldap:// 连接上使用 StartTLS", En: "use StartTLS on an ldap:// connection"},
		{Key: "auth.ldap.timeout_s", Area: "ldap", Type: SetInt, Default: "10", Min: fnumPtr(1), Max: fnumPtr(120),
			Zh: "目录服务连接和查询的超时（秒）", En: "timeout of the directory's connection and requests (seconds)"},
		{Key: "notify.smtp.host", Area: "smtp", Type: SetString, Check: checkHost,
			Zh: "发送通知邮件的 SMTP 服务器，为空则不发邮件", En: "SMTP server for notification e-mail; empty: no e-mail"},
		{Key: "notify.smtp.port", Area: "smtp", Type: SetInt, Default: "25", Min: fnumPtr(1), Max: fnumPtr(65535),
			Zh: "SMTP 端口", En: "SMTP port"},
		{Key: "notify.smtp.from", Area: "smtp", Type: SetString, Check: checkMail,
			Zh: "发件人地址", En: "sender address"},
		{Key: "notify.smtp.user", Area: "smtp", Type: SetString,
			Zh: "SMTP 登录用户名（为空则不登录）", En: "SMTP user name (empty: no authentication)"},
		{Key: "notify.smtp.password", Area: "smtp", Type: SetSecret,
			Zh: "SMTP 密码（只写，加密保存）", En: "SMTP password (write-only, stored encrypted)"},
		{Key: "notify.smtp.starttls", Area: "smtp", Type: SetBool, Default: "false",
			Zh: "使用 StartTLS 加密连接", En: "use StartTLS"},
	} {
		RegisterSetting(d)
	}
}

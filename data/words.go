package data

import "strings"

// The words of the domain in both languages, in one room: the names of
// grades, statuses (of periods, appeals, rectification items,
// declarations), rectification sources, systems, department functions,
// unit kinds and periods that every face (pages, slides, reports, exports)
// shows. lang is "en" for English, anything else Chinese.

var gradeNamesEn = map[string]string{"excellent": "Excellent", "good": "Good", "pass": "Pass", "fail": "Fail"}

// GradeName is the display name of a grade (优秀 …); unknown grades show as
// themselves.
func GradeName(lang, g string) string { return word(lang, g, GradeNames, gradeNamesEn) }

// StatusNames are the names of a period's statuses (SPEC §1.6).
var StatusNames = map[string]string{"open": "采集中", "review": "公示中", "final": "已定稿"}

var statusNamesEn = map[string]string{"open": "collecting", "review": "in review", "final": "final"}

// StatusName is the display name of a period status.
func StatusName(lang, s string) string { return word(lang, s, StatusNames, statusNamesEn) }

var systemNamesEn = map[string]string{"law": "Tax law", "taxsys": "Tax system", "service": "Service",
	"admin": "Administration", "info": "Information", "org": "Organisation"}

// SystemName is the display name of one of the six core systems.
func SystemName(lang, code string) string { return word(lang, code, SystemNames, systemNamesEn) }

// DeptNames maps the department function codes of lead_dept and coop_depts
// to the Chinese names a bureau uses for them.
var DeptNames = map[string]string{
	"ZG": "征管", "NF": "纳服", "SZ": "税政", "FZ": "法制", "CW": "财务", "XX": "信息",
	"RJ": "人事", "JC": "纪检", "HW": "货劳", "SD": "所得税", "JB": "稽查", "BG": "办公室",
	"KJ": "考核考评", "DC": "督察内审", "CH": "社保非税", "GS": "国际税收", "CX": "财行税",
	"ZC": "政策法规", "DS": "大企业", "SB": "社保", "JX": "绩效",
}

var deptNamesEn = map[string]string{
	"ZG": "Collection", "NF": "Taxpayer services", "SZ": "Tax policy", "FZ": "Legal affairs",
	"CW": "Finance", "XX": "Information", "RJ": "Personnel", "JC": "Discipline",
	"HW": "Goods & services tax", "SD": "Income tax", "JB": "Inspection", "BG": "General office",
}

// DeptName is the display name of a department function code; unknown codes
// show as themselves, an empty code as "unassigned".
func DeptName(lang, code string) string {
	if code == "" {
		return pick(lang, "未指定", "unassigned")
	}
	return word(lang, code, DeptNames, deptNamesEn)
}

// PeriodName shows a period as people say it: 2025Q3 → 2025年第三季度 /
// 2025 Q3, 2025 → 2025年度 / 2025 (year).
func PeriodName(lang, p string) string {
	if len(p) == 4 {
		return p + pick(lang, "年度", " (year)")
	}
	if len(p) == 6 && p[4] == 'Q' {
		if lang == "en" {
			return p[:4] + " Q" + p[5:]
		}
		if q, ok := map[byte]string{'1': "一", '2': "二", '3': "三", '4': "四"}[p[5]]; ok {
			return p[:4] + "年第" + q + "季度"
		}
	}
	return p
}

func word(lang, key string, zh, en map[string]string) string {
	m := zh
	if lang == "en" {
		m = en
	}
	if n, ok := m[key]; ok {
		return n
	}
	return key
}

func pick(lang, zh, en string) string {
	if lang == "en" {
		return en
	}
	return zh
}

// AppealStatusNames are the names of an appeal's statuses (SPEC §5).
var AppealStatusNames = map[string]string{"submitted": "待审核", "forwarded": "待裁定", "rejected": "已驳回", "upheld": "已支持", "dismissed": "不予支持"}

var appealStatusNamesEn = map[string]string{"submitted": "submitted", "forwarded": "forwarded", "rejected": "rejected", "upheld": "upheld", "dismissed": "dismissed"}

// AppealStatusName is the display name of an appeal status.
func AppealStatusName(lang, s string) string {
	return word(lang, s, AppealStatusNames, appealStatusNamesEn)
}

// RectStatusNames are the names of a rectification item's statuses (SPEC §5).
var RectStatusNames = map[string]string{"open": "未开始", "in_progress": "整改中", "done": "已完成"}

var rectStatusNamesEn = map[string]string{"open": "open", "in_progress": "in progress", "done": "done"}

// RectStatusName is the display name of a rectification status.
func RectStatusName(lang, s string) string { return word(lang, s, RectStatusNames, rectStatusNamesEn) }

// RectSourceNames are where a rectification item comes from.
var RectSourceNames = map[string]string{"meeting": "讲评会", "feedback": "社会反馈"}

var rectSourceNamesEn = map[string]string{"meeting": "review meeting", "feedback": "social feedback"}

// RectSourceName is the display name of a rectification item's source.
func RectSourceName(lang, s string) string { return word(lang, s, RectSourceNames, rectSourceNamesEn) }

// SubmissionStatusNames are the names of a declaration's statuses (SPEC §12;
// "none": nothing submitted yet).
var SubmissionStatusNames = map[string]string{"draft": "草稿", "submitted": "待审核", "returned": "已退回", "accepted": "已通过", "none": "未报送"}

var submissionStatusNamesEn = map[string]string{"draft": "draft", "submitted": "submitted", "returned": "returned", "accepted": "accepted", "none": "not submitted"}

// SubmissionStatusName is the display name of a declaration's status.
func SubmissionStatusName(lang, s string) string {
	return word(lang, s, SubmissionStatusNames, submissionStatusNamesEn)
}

// KindNames are the names of the unit kinds (SPEC §1.1) as tables show
// them; KindGroupNames as a peer group of that kind is titled.
var (
	KindNames        = map[string]string{"bureau": "税务局", "department": "部门", "branch": "分局"}
	kindNamesEn      = map[string]string{"bureau": "bureau", "department": "department", "branch": "branch"}
	KindGroupNames   = map[string]string{"bureau": "税务局", "department": "内设部门", "branch": "税务分局"}
	kindGroupNamesEn = map[string]string{"bureau": "bureaus", "department": "departments", "branch": "branches"}
)

// KindName is the display name of a unit kind.
func KindName(lang, k string) string { return word(lang, k, KindNames, kindNamesEn) }

// KindGroupName names the units of a kind as a group (下属税务局, 内设部门).
func KindGroupName(lang, k string) string { return word(lang, k, KindGroupNames, kindGroupNamesEn) }

// ShortName shortens a unit name the way bureaus say it on charts and in
// reports: 国家税务总局广西壮族自治区税务局 → 广西壮族自治区局, 来宾市税务局 → 来宾市局.
func ShortName(name string) string {
	n := strings.TrimPrefix(name, "国家税务总局")
	if strings.HasSuffix(n, "税务局") && len(n) > len("税务局") {
		n = strings.TrimSuffix(n, "税务局") + "局"
	}
	if n == "" {
		return name
	}
	return n
}

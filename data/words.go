package data

// The words of the domain in both languages, in one room: the names of
// grades, period statuses, systems, department functions and periods that
// every face (pages, slides, reports, exports) shows. lang is "en" for
// English, anything else Chinese.

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

package dashboards

import (
	"fmt"
	"html/template"
)

// funcs are the template functions every page may use.
var funcs = template.FuncMap{
	"asset":  AssetPath,
	"t":      T,
	"period": PeriodName,
	"status": StatusName,
	"grade":  GradeName,
	"system": SystemName,
	"dept":   DeptName,
	"short":  ShortName,
	"score":  func(v float64) string { return fmt.Sprintf("%.2f", v) },
	"num":    num,
	"optnum": func(v *float64) string {
		if v == nil {
			return "—"
		}
		return num(*v)
	},
	"unitHref":      unitLink,
	"indicatorHref": indicatorLink,
	"kindName":      kindName,
	"roleName":      roleName,
	"add":           func(a, b int) int { return a + b },
}

var kindNames = map[string][2]string{
	"bureau": {"税务局", "bureau"}, "department": {"部门", "department"}, "branch": {"分局", "branch"},
}

func kindName(lang, k string) string {
	if n, ok := kindNames[k]; ok {
		if lang == "en" {
			return n[1]
		}
		return n[0]
	}
	return k
}

var roleNames = map[string][2]string{
	"admin": {"系统管理员", "administrator"}, "office": {"绩效办", "performance office"},
	"committee": {"考评委员会", "committee"}, "leader": {"领导班子", "leader"},
	"dept": {"部门", "department"}, "staff": {"基层", "staff"},
}

func roleName(lang, r string) string {
	if n, ok := roleNames[r]; ok {
		if lang == "en" {
			return n[1]
		}
		return n[0]
	}
	return r
}

package dashboards

import (
	"fmt"
	"html/template"

	"jixiao/data"
)

// funcs are the template functions every page may use.
var funcs = template.FuncMap{
	"asset":  AssetPath,
	"t":      T,
	"period": PeriodName,
	"status": StatusName,
	// The workflows' statuses and sources (data's words).
	"appealStatus": data.AppealStatusName,
	"rectStatus":   data.RectStatusName,
	"subStatus":    data.SubmissionStatusName,
	"source":       data.RectSourceName,
	"grade":        GradeName,
	"system":       SystemName,
	"dept":         DeptName,
	"short":        ShortName,
	"score":        func(v float64) string { return fmt.Sprintf("%.2f", v) },
	"num":          num,
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

// kindName is the display name of a unit kind (data's words).
var kindName = data.KindName

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

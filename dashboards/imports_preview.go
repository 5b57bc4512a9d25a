package dashboards

import "fmt"

// The dry run's table reads its optional figures through these.
func init() {
	funcs["delta"] = func(before, after *float64) string {
		if before == nil || after == nil {
			return "—"
		}
		return fmt.Sprintf("%+.2f", *after-*before)
	}
	funcs["optint"] = func(v *int) string {
		if v == nil {
			return "—"
		}
		return fmt.Sprint(*v)
	}
	funcs["optgrade"] = func(lang string, g *string) string {
		if g == nil {
			return "—"
		}
		return GradeName(lang, *g)
	}
	addMessages(previewMessages)
}

var previewMessages = map[string][2]string{
	"imp_dry":       {"试运行", "Dry run"},
	"imp_dry_hint":  {"完整执行导入与重新计分后撤销：显示将发生的变化，不保存任何数据", "Runs the whole import and rescoring, then undoes it: shows what would change, stores nothing"},
	"imp_dry_title": {"试运行结果（未保存）", "Dry run (nothing stored)"},
	"imp_dry_ok":    {"试运行完成：%s，%d 行；以下为导入后将发生的变化，数据未保存。", "Dry run done: %s, %d rows. This is what the import would change; nothing was stored."},
	"imp_dry_again": {"确认无误后，请选择同一文件并点击“导入”。", "If this is right, choose the same file and press Import."},
	"imp_added":     {"新增行", "Rows added"},
	"imp_replaced":  {"替换行", "Rows replaced"},
	"imp_moved":     {"得分变动的结果", "Results that move"},
	"imp_before":    {"导入前", "Before"},
	"imp_after":     {"导入后", "After"},
	"imp_delta":     {"变化", "Change"},
	"imp_no_moves":  {"没有得分、排名或等次发生变化。", "No score, rank or grade changes."},
	"imp_uploading": {"上传中… %d%%", "Uploading… %d%%"},
	"imp_working":   {"正在校验与计分…", "Validating and scoring…"},
}

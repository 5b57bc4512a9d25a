package dashboards

// The imports page's strings join the pages' messages at start.
func init() {
	addMessages(importMessages)
}

var importMessages = map[string][2]string{
	"imp_nav":   {"数据导入", "Data import"},
	"imp_title": {"数据导入", "Data import"},
	"imp_explain": {"每个文件作为一个批次整体导入：只要有一处错误，整个文件都不导入，数据不作任何更改，并列出全部错误（行号与表格软件一致，表头为第 1 行）。支持 CSV（UTF-8 或 Excel 保存的 GBK）、XLSX（第一个工作表）和 Parquet，表头可用中文或英文。同一键值再次导入将覆盖原值。",
		"Each file is imported as one batch: any error rejects the whole file, nothing is changed, and every error is listed (rows as a spreadsheet numbers them: the header is row 1). CSV (UTF-8 or GBK as saved by Excel), XLSX (first sheet) and Parquet are read; headers may be Chinese or English. Importing a key again replaces its value."},
	"imp_kind_units":       {"单位", "Units"},
	"imp_kind_indicators":  {"指标", "Indicators"},
	"imp_kind_values":      {"指标台账", "Indicator values"},
	"imp_kind_adjustments": {"加减分", "Adjustments"},
	"imp_kind_users":       {"用户", "Users"},
	"imp_columns":          {"列", "Columns"},
	"imp_required":         {"必填", "required"},
	"imp_templates":        {"下载模板", "Templates"},
	"imp_template_suffix":  {"导入模板", " import template"},
	"imp_file":             {"选择文件", "File"},
	"imp_upload":           {"导入", "Import"},
	"imp_ok":               {"批次 %d 已导入：%s，%d 行。", "Batch %d imported: %s, %d rows."},
	"imp_rejected":         {"文件“%s”未导入，数据未作任何更改：共 %d 处错误，见下表。", "“%s” was rejected and nothing was changed: %d error(s), listed below."},
	"imp_errors":           {"错误清单", "Errors"},
	"imp_row":              {"行", "Row"},
	"imp_col":              {"列", "Column"},
	"imp_msg":              {"错误说明", "Problem"},
	"imp_history":          {"导入批次", "Batch history"},
	"imp_batch":            {"批次", "Batch"},
	"imp_kind":             {"类型", "Type"},
	"imp_filename":         {"文件名", "File name"},
	"imp_rows":             {"行数", "Rows"},
	"imp_user":             {"导入人", "Imported by"},
	"imp_time":             {"时间", "Time"},
	"imp_sha":              {"SHA-256", "SHA-256"},
	"imp_status":           {"状态", "Status"},
	"imp_active":           {"有效", "in effect"},
	"imp_rolled":           {"已回滚", "rolled back"},
	"imp_rollback":         {"回滚", "Roll back"},
	"imp_rollback_warn":    {"回滚将删除该批次导入的数据，并恢复被其覆盖的原值", "Rolling back removes the batch's data and restores the values it replaced"},
	"imp_rolled_ok":        {"批次 %d 已回滚。", "Batch %d was rolled back."},
	"imp_no_batches":       {"尚无导入记录", "Nothing imported yet"},
}

package dashboards

import "time"

// The report centre's strings and template helpers join the pages' at start.
func init() {
	addMessages(reportCenterMessages)
	funcs["stamp"] = func(t time.Time) string { return t.Local().Format("2006-01-02 15:04") }
	funcs["runStatus"] = func(lang, s string) string { return T(lang, "rc_run_"+s) }
}

var reportCenterMessages = map[string][2]string{
	"rc_nav":           {"报告中心", "Reports"},
	"rc_title":         {"报告中心", "Report centre"},
	"rc_new":           {"新", "new"},
	"rc_new_n":         {"%d 份新报告", "%d new"},
	"rc_all":           {"全部报告（%d）", "All reports (%d)"},
	"rc_all_periods":   {"全部考核期", "All quarters"},
	"rc_empty":         {"还没有收到季度报告。考核期进入公示后，本单位及下辖税务局的季度绩效分析报告会自动生成并出现在这里。", "No quarterly report yet. When a quarter goes to review, the quarterly reports of your bureau and the bureaus under it are generated and appear here."},
	"rc_empty_period":  {"该考核期没有可查看的报告。", "No report for this quarter."},
	"rc_generated":     {"生成于 %s", "generated %s"},
	"rc_outdated":      {"数据已更新", "data changed since"},
	"rc_outdated_hint": {"报告生成后数据有变动（如申诉改判、导入）：报告保留生成时的数据，可在“季度报告”页按最新数据重新下载。", "The data changed after this report was built (an appeal ruling, an import): the report keeps the data it was built from; the quarterly report page builds one from today's data."},
	"rc_last_visit":    {"上次查看：%s", "Last visit: %s"},
	"rc_never":         {"首次查看", "first visit"},
	"rc_hint":          {"考核期进入公示时，系统为每个税务局自动生成季度绩效分析报告（HTML、XLSX），按其绩效办和领导所见的范围编制；这里列出您可接收的报告。", "When a quarter goes to review, each bureau's quarterly analysis report (HTML, XLSX) is generated with what its office and leaders see; here are the ones you receive."},
	"rc_pdf_on_demand": {"PDF 按需生成，点击后需等待数秒。", "PDF is made on demand: it takes a few seconds."},
	"rc_pdf_none":      {"本服务器未安装 Chromium，无法生成 PDF；可打开 HTML 报告后用浏览器“打印为 PDF”。", "This server has no Chromium, so no PDF: open the HTML report and print it to PDF from the browser."},
	"rc_admin":         {"生成情况（管理员）", "Generation (administrator)"},
	"rc_failed":        {"生成失败", "failed"},
	"rc_skipped":       {"未生成", "not generated"},
	"rc_ok":            {"已生成", "generated"},
	"rc_attempted":     {"尝试于 %s（%s）", "attempted %s (%s)"},
	"rc_older_kept":    {"此前生成的报告仍保留", "the earlier report is kept"},
	"rc_retry":         {"重新生成", "Generate again"},
	"rc_retried_ok":    {"已重新生成 %s 的报告。", "The report of %s was generated again."},
	"rc_retried_fail":  {"重新生成 %s 的报告未成功：%s", "Generating the report of %s failed again: %s"},
	"rc_failed_n":      {"%d 个税务局的报告生成失败，点此查看并重试", "%d bureaus' reports failed: see them and retry"},
	"rc_no_problems":   {"所有报告均已生成，没有失败。", "Every report was generated; nothing failed."},
	"rc_runs":          {"生成批次", "Runs"},
	"rc_run_status":    {"状态", "Status"},
	"rc_requested":     {"发起", "Requested"},
	"rc_finished":      {"完成时间", "Finished"},
	"rc_run_pending":   {"排队中", "queued"},
	"rc_run_running":   {"生成中", "running"},
	"rc_run_done":      {"已完成", "done"},
	"rc_run_cancelled": {"已取消（退回）", "cancelled (sent back)"},
}

// The radar's note when the peer group's average is withheld (issue 13).
func init() {
	addMessages(map[string][2]string{"radar_avg_withheld": {
		"对比组仅 %d 个单位（少于 %d 个），为免推算出其他匿名单位的体系得分，不显示组平均。",
		"The peer group has only %d units (fewer than %d): its average would give away the anonymised units' system scores, so it is not shown."}})
}

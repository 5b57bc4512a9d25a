package dashboards

// The collection's strings (SPEC §12) join the pages' at start.
func init() {
	for k, v := range collectionMessages {
		if _, taken := messages[k]; !taken {
			messages[k] = v
		}
	}
}

var collectionMessages = map[string][2]string{
	"co_nav":              {"数据报送", "Submissions"},
	"co_title":            {"数据报送", "Data submissions"},
	"co_fieldcheck":       {"实地核查", "Field check"},
	"co_fieldchecks":      {"实地核查记录", "Field checks"},
	"co_no_fieldcheck":    {"该数值未经实地核查。", "This value was not checked in the field."},
	"co_fieldcheck_point": {"核查值 %s（案头值 %s），核查人 %s，%s", "verified %s (desk value %s), by %s on %s"},
	"co_finding":          {"核查结论", "Finding"},
	"co_verified":         {"核查值", "Verified"},
	"co_desk":             {"案头值", "Desk value"},
	"co_checked_by":       {"核查人", "Checked by"},
	"co_checked_mark":     {"〔已实地核查〕", "[field-checked]"},
	"co_notes":            {"情况说明", "Explanations"},
	"co_notes_point":      {"共 %d 份已审核通过的情况说明（失分原因与改进措施）", "Accepted explanations (causes of lost points and measures): %d"},
	"co_cause":            {"原因分析", "Cause"},
	"co_measures":         {"改进措施", "Measures"},
	"co_whole_quarter":    {"整体", "the quarter as a whole"},
	"co_form":             {"本单位报送", "Our declaration"},
	"co_form_hint":        {"填写本单位自行申报的指标数值，保存为草稿后提交；上级绩效办审核通过后计入得分。", "Enter the values your unit declares, save a draft, then submit: they count once the office above accepts them."},
	"co_queue":            {"待审核报送", "Submissions to review"},
	"co_progress":         {"各单位报送进度", "Progress by unit"},
	"co_deadline":         {"报送截止日期", "Deadline"},
	"co_no_deadline":      {"未设置截止日期", "no deadline set"},
	"co_set_deadline":     {"设置截止日期", "Set the deadline"},
	"co_last_quarter":     {"上季度值", "Last quarter"},
	"co_change":           {"较上季度", "Change"},
	"co_value":            {"本季度申报值", "Declared value"},
	"co_save":             {"保存草稿", "Save draft"},
	"co_submit":           {"提交审核", "Submit"},
	"co_accept":           {"审核通过", "Accept"},
	"co_return":           {"退回", "Return"},
	"co_return_reason":    {"退回理由", "Reason for returning"},
	"co_status":           {"状态", "Status"},
	"co_late":             {"逾期提交", "late"},
	"co_history":          {"办理记录", "History"},
	"co_none":             {"未报送", "not submitted"},
	"co_step_created":     {"创建", "created"},
	"co_step_edited":      {"修改", "edited"},
	"co_step_submitted":   {"提交", "submitted"},
	"co_step_returned":    {"退回", "returned"},
	"co_step_accepted":    {"通过", "accepted"},
	"co_nothing_owed":     {"本单位在该季度没有需要自行申报的指标。", "Your unit declares no value in this quarter."},
	"co_queue_empty":      {"没有待审核的报送。", "No submission to review."},
	"co_owed":             {"应报指标", "Indicators"},
	"co_counts":           {"应报 %d 个单位：%s %d，%s %d，%s %d，%s %d（逾期提交 %d）", "%[1]d units owe values: %[3]d %[2]s, %[5]d %[4]s, %[7]d %[6]s, %[9]d %[8]s (%[10]d late)"},
	"co_explain":          {"撰写情况说明", "Write an explanation"},
	"co_explain_hint":     {"公示或定稿后，说明本单位失分或排名下降的原因及改进措施；上级绩效办审核通过后显示在单位页面、讲评会和季度报告中。", "Once a quarter is in review or final, explain why your unit lost points or fell and what it will do; once the office above accepts it, it appears on the unit page, in the meeting and in the quarterly report."},
	"co_explanations":     {"情况说明", "Explanations"},
	"co_send":             {"提交", "Send"},
	"co_due_left":         {"距截止还有 %d 天", "%d days left"},
	"co_overdue":          {"已逾期", "overdue"},
	"co_whole":            {"（整体）", "(whole quarter)"},
	"co_parent":           {"上级单位", "Parent"},
	"co_prev":             {"上一页", "Previous"},
	"co_next":             {"下一页", "Next"},
	"co_owed_units":       {"应报单位", "Units owing"},
}

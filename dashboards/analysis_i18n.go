package dashboards

// The analysis tools' strings (SPEC §10) join the pages' messages at start.
func init() {
	for k, v := range analysisMessages {
		if _, taken := messages[k]; !taken {
			messages[k] = v
		}
	}
}

var analysisMessages = map[string][2]string{
	"an_nav_whatif":              {"权重模拟", "Weight what-if"},
	"an_nav_health":              {"指标体检", "Indicator health"},
	"an_warnings":                {"预警", "Early warnings"},
	"an_warn_none":               {"本期无预警。", "No warnings this quarter."},
	"an_warn_count":              {"本期共 %d 条预警，其中 %d 条为高。", "%d warnings this quarter, %d of them high."},
	"an_kind":                    {"类别", "Kind"},
	"an_severity":                {"级别", "Severity"},
	"an_message":                 {"说明", "Details"},
	"an_sev_high":                {"高", "high"},
	"an_sev_medium":              {"中", "medium"},
	"an_sev_low":                 {"低", "low"},
	"an_k_near_threshold":        {"临近分档线", "Near a grade threshold"},
	"an_k_falling":               {"得分下滑", "Falling"},
	"an_k_missing_data":          {"数据缺失", "Missing data"},
	"an_k_rectification_due":     {"整改临期", "Rectification due"},
	"an_k_rectification_overdue": {"整改逾期", "Rectification overdue"},
	"an_as_of":                   {"数据截至 %s", "Data as of %s"},
	"an_as_of_none":              {"本期尚无台账数据", "No ledger values for this quarter yet"},
	"an_completeness":            {"台账进度", "Ledger completeness"},
	"an_expected":                {"应报", "Expected"},
	"an_received":                {"已报", "Received"},
	"an_rate":                    {"到位率", "Arrived"},
	"an_last_batch":              {"最近导入", "Last batch"},
	"an_dept_total":              {"%s 合计：%d / %d", "%s total: %d / %d"},
	"an_explain":                 {"得分说明", "Score explained"},
	"an_explain_link":            {"说明", "why"},
	"an_formula":                 {"计算过程", "Computation"},
	"an_version":                 {"指标版本", "Indicator version"},
	"an_valid":                   {"有效期 %s 至 %s", "valid %s to %s"},
	"an_open_end":                {"不限", "open"},
	"an_source":                  {"数据来源", "Where the value came from"},
	"an_batch":                   {"导入批次 #%d：%s 于 %s 导入，文件 %s，SHA-256 %s", "batch #%d imported by %s at %s, file %s, SHA-256 %s"},
	"an_no_batch":                {"台账中无该值（按缺失计 0 分）。", "No value in the ledger (scored 0 as missing)."},
	"an_target_value":            {"目标值取自台账中本单位本期的目标值", "the target is this unit's own target in the ledger"},
	"an_target_ind":              {"目标值取自指标目录", "the target is the catalogue's"},
	"an_appeals":                 {"申诉", "Appeals"},
	"an_no_appeals":              {"本期该指标无申诉。", "No appeal on this indicator this quarter."},
	"an_adjustments":             {"本期加减分（影响总分）", "Adjustments of the quarter (they move the total)"},
	"an_no_adjustments":          {"本期无加减分。", "No adjustments this quarter."},
	"an_ratio":                   {"完成比例", "Ratio"},
	"an_back_unit":               {"返回单位页", "Back to the unit"},
	"an_old_actual":              {"被替换的原值", "Value replaced"},
	"an_decided_actual":          {"裁定值", "Decided value"},
	"an_claimed":                 {"申诉值", "Claimed"},
	"an_target_from":             {"目标来源", "Target from"},
}

var healthMessages = map[string][2]string{
	"an_health_title":         {"指标体检", "Indicator health"},
	"an_health_sub":           {"找出区分度不足、相互重复、重复考核、经常缺报和经常申诉的指标，为精简指标体系提供依据。", "Indicators that do not discriminate, duplicate one another, assess twice, are often missing or often appealed: evidence for slimming the catalogue."},
	"an_tier":                 {"考核层级", "Tier"},
	"an_units":                {"适用单位", "Units"},
	"an_with_value":           {"有数据", "With value"},
	"an_share_full":           {"满分占比", "At full points"},
	"an_missing_rate":         {"缺报率", "Missing"},
	"an_appeal_rate":          {"申诉率", "Appealed"},
	"an_flags":                {"问题", "Flags"},
	"an_proposal":             {"建议", "Proposal"},
	"an_evidence":             {"证据", "Evidence"},
	"an_no_flags":             {"未发现问题", "no issue"},
	"an_f_non_discriminating": {"区分度不足", "not discriminating"},
	"an_f_often_missing":      {"经常缺报", "often missing"},
	"an_f_often_appealed":     {"经常申诉", "often appealed"},
	"an_f_redundant":          {"与其他指标重复", "redundant"},
	"an_f_double_assessed":    {"重复考核", "assessed twice"},
	"an_p_non_discriminating": {"“%s”本期 %.0f%% 的单位得满分，难以区分优劣，建议提高目标值或取消该指标。", "%s: %.0f%% of units earn full points, so it cannot tell them apart; raise its target or drop it."},
	"an_p_often_missing":      {"“%s”本期缺报率 %.0f%%，建议核实数据来源与报送口径，数据无法稳定取得时暂停考核。", "%s: %.0f%% of values are missing; check its source, and suspend it while values cannot be had reliably."},
	"an_p_often_appealed":     {"“%s”本期申诉率 %.0f%%，建议明确考核口径与计分规则。", "%s: appealed by %.0f%% of units; make its definition and scoring rule clearer."},
	"an_p_redundant":          {"“%s”与 %s 的完成情况高度相关（相关系数 %.2f），建议合并为一项指标。", "%s moves with %s (correlation %.2f); merge them into one indicator."},
	"an_p_double_assessed":    {"“%s”同时在 %s 考核，建议只在一个层级考核，为基层减负。", "%s is assessed at %s as well; assess it at one tier only and spare the grassroots."},
	"an_distribution":         {"完成比例分布（单位数）", "Completion ratio (units)"},
	"an_scatter":              {"与 %s 的完成比例对比", "Ratio against %s"},
	"an_twins":                {"同名指标", "Indicators of the same name"},
	"an_settings":             {"阈值设置", "Thresholds"},
	"an_save":                 {"保存", "Save"},
	"an_saved":                {"阈值已保存。", "Thresholds saved."},
	"an_set_full_share":       {"满分占比 ≥", "Full-points share ≥"},
	"an_set_missing_rate":     {"缺报率 ≥", "Missing rate ≥"},
	"an_set_correlation":      {"相关系数 ≥", "Correlation ≥"},
	"an_set_appeal_rate":      {"申诉率 ≥", "Appeal rate ≥"},
	"an_view_evidence":        {"查看证据", "evidence"},
	"an_tier_decision":        {"决策层", "decision"},
	"an_tier_management":      {"管理层", "management"},
	"an_tier_execution":       {"执行层", "execution"},
}

func init() {
	for k, v := range healthMessages {
		if _, taken := messages[k]; !taken {
			messages[k] = v
		}
	}
}

var whatifMessages = map[string][2]string{
	"an_whatif_title":    {"权重模拟", "Weight what-if"},
	"an_whatif_sub":      {"调整六大体系系数和单项指标权重，立即看到本组各单位的得分、排名和等次如何变化；模拟不改变任何已存结果。", "Move the six systems' factors and single indicators' weights and see at once how every unit of the group would score, rank and grade; nothing stored changes."},
	"an_group":           {"对比组", "Peer group"},
	"an_systems":         {"体系系数", "System factors"},
	"an_weights":         {"指标权重", "Indicator weights"},
	"an_run":             {"模拟", "Run"},
	"an_reset":           {"复位", "Reset"},
	"an_today":           {"当前", "Today"},
	"an_scenario":        {"模拟", "Scenario"},
	"an_slope":           {"排名变化（左：当前，右：模拟）", "Rank moves (left: today, right: scenario)"},
	"an_grade_changes":   {"等次变化", "Grade changes"},
	"an_no_grade_change": {"本方案下没有单位的等次发生变化。", "No unit changes grade in this scenario."},
	"an_grade_change_n":  {"%d 个单位的等次发生变化。", "%d units change grade."},
	"an_all_units":       {"全部单位", "All units"},
	"an_rank_move":       {"名次变化", "Move"},
	"an_no_score":        {"无适用指标", "no indicator left"},
	"an_save_as":         {"保存方案", "Save scenario"},
	"an_name":            {"方案名称", "Name"},
	"an_saved_list":      {"已保存的方案", "Saved scenarios"},
	"an_no_saved":        {"本单位尚无保存的方案。", "No saved scenario for your unit yet."},
	"an_open":            {"打开", "Open"},
	"an_delete":          {"删除", "Delete"},
	"an_apply":           {"生成新指标版本", "Make new indicator versions"},
	"an_apply_from":      {"自季度", "from quarter"},
	"an_applied":         {"已通过指标导入生成新版本（批次 #%d）。", "New indicator versions imported (batch #%d)."},
	"an_saved_ok":        {"方案已保存。", "Scenario saved."},
	"an_deleted":         {"方案已删除。", "Scenario deleted."},
	"an_owner":           {"创建人", "Owner"},
	"an_changes":         {"调整内容", "Changes"},
	"an_no_changes":      {"（未调整）", "(no change)"},
}

func init() {
	for k, v := range whatifMessages {
		if _, taken := messages[k]; !taken {
			messages[k] = v
		}
	}
}

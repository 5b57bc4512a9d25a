package dashboards

import (
	"fmt"

	"jixiao/data"
)

// Lang returns "en" for English and "zh" (the default) for anything else.
func Lang(s string) string {
	if s == "en" {
		return "en"
	}
	return "zh"
}

// The domain's words live in data (words.go), shared with reports.
var (
	// DeptNames maps department function codes to their Chinese names.
	DeptNames = data.DeptNames
	// DeptName is the display name of a department function code.
	DeptName = data.DeptName
	// SystemName is the display name of one of the six core systems.
	SystemName = data.SystemName
	// GradeName is the display name of a grade (优秀 …).
	GradeName = data.GradeName
	// StatusName is the display name of a period status.
	StatusName = data.StatusName
	// PeriodName shows a period as people say it (2025年第三季度).
	PeriodName = data.PeriodName
	// AppealStatusName is the display name of an appeal status.
	AppealStatusName = data.AppealStatusName
	// ShortName shortens a unit name (来宾市税务局 → 来宾市局).
	ShortName = data.ShortName
)

// T translates a message key; args fill %v verbs.
func T(lang, key string, args ...any) string {
	m, ok := messages[key]
	if !ok {
		return key
	}
	s := m[0]
	if lang == "en" {
		s = m[1]
	}
	if len(args) > 0 {
		return fmt.Sprintf(s, args...)
	}
	return s
}

// addMessages adds an area's UI strings to messages at start; a key
// already taken keeps its first words.
func addMessages(ms map[string][2]string) {
	for k, v := range ms {
		if _, taken := messages[k]; !taken {
			messages[k] = v
		}
	}
}

// messages holds every UI string as {Chinese, English}.
var messages = map[string][2]string{
	"app":              {"绩效管理分析平台", "Performance analytics"},
	"brand":            {"绩效", "jixiao"},
	"overview":         {"总览", "Overview"},
	"meeting":          {"讲评会", "Review meeting"},
	"logout":           {"退出", "Sign out"},
	"login":            {"登录", "Sign in"},
	"login_title":      {"登录绩效管理分析平台", "Sign in to jixiao"},
	"username":         {"用户名", "Username"},
	"password":         {"密码", "Password"},
	"login_failed":     {"用户名或密码错误", "Wrong username or password"},
	"login_required":   {"请输入用户名和密码", "Enter your username and password"},
	"login_throttled":  {"失败次数过多，请稍后再试", "Too many failures; try again later"},
	"login_error":      {"登录失败，请稍后再试", "Sign-in failed; try again later"},
	"period":           {"考核期", "Period"},
	"go":               {"查看", "Show"},
	"lang_switch":      {"English", "中文"},
	"score":            {"得分", "Score"},
	"rank":             {"排名", "Rank"},
	"grade":            {"等次", "Grade"},
	"rank_change":      {"名次变化", "Rank change"},
	"rank_of":          {"第 %d 名 / 共 %d 个", "No. %d of %d"},
	"rank_n":           {"第%d名", "No. %d"},
	"units_n":          {"%d 个单位", "%d units"},
	"group_size":       {"参评单位", "Units ranked"},
	"group_avg":        {"组平均", "Group average"},
	"avg_score":        {"平均得分", "Average score"},
	"base":             {"基础得分", "Base score"},
	"bonus":            {"加分", "Bonus"},
	"penalty":          {"扣分", "Penalty"},
	"vetoed":           {"一票否决", "Vetoed"},
	"up_n":             {"上升 %d 位", "up %d"},
	"down_n":           {"下降 %d 位", "down %d"},
	"same_rank":        {"名次不变", "unchanged"},
	"new_rank":         {"新进", "new"},
	"not_ranked":       {"不参与排名", "not ranked"},
	"no_data":          {"暂无数据", "No data"},
	"no_data_year":     {"年度期间无指标明细，请选择季度查看", "Indicator detail exists per quarter: choose a quarter"},
	"ranking_chart":    {"对比组排名", "Peer-group ranking"},
	"grades_chart":     {"等次分布", "Grade distribution"},
	"heatmap_chart":    {"六大体系得分热力图", "Systems heat map"},
	"radar_chart":      {"六大体系雷达图", "Six systems"},
	"trend_chart":      {"得分走势", "Score trend"},
	"rank_trend_chart": {"排名走势", "Rank trend"},
	"loss_ind_chart":   {"失分最多的指标", "Largest losses by indicator"},
	"loss_dept_chart":  {"按牵头部门的失分", "Losses by responsible department"},
	"box_chart":        {"各单位完成值分布", "Distribution across units"},
	"completion_chart": {"完成率走势", "Completion over time"},
	"completion":       {"平均得分率", "Average share of points earned"},
	"missing_n":        {"缺报", "Missing"},
	"lost":             {"失分", "Lost"},
	"earned":           {"得分", "Earned"},
	"weight":           {"分值", "Weight"},
	"actual":           {"实际值", "Actual"},
	"target":           {"目标值", "Target"},
	"note":             {"备注", "Note"},
	"indicator":        {"指标", "Indicator"},
	"system":           {"体系", "System"},
	"lead_dept":        {"牵头部门", "Lead department"},
	"coop_depts":       {"配合部门", "Cooperating"},
	"unit":             {"单位", "Unit"},
	"missing":          {"缺报", "missing"},
	"decided":          {"申诉改定", "decided on appeal"},
	"breakdown":        {"指标得分明细", "Indicator breakdown"},
	"adjustments":      {"加减分与一票否决", "Bonuses, penalties and vetoes"},
	"reason":           {"原因", "Reason"},
	"kind":             {"类别", "Kind"},
	"points":           {"分值", "Points"},
	"bonus_kind":       {"加分", "bonus"},
	"penalty_kind":     {"扣分", "penalty"},
	"veto_kind":        {"一票否决", "veto"},
	"children":         {"下级单位", "Units below"},
	"place_in_group":   {"在对比组中的位置", "Place in the peer group"},
	"this_unit":        {"本单位", "This unit"},
	"best":             {"第一名", "First"},
	"worst":            {"末位", "Last"},
	"catalogue":        {"指标说明", "Indicator"},
	"rule":             {"计分规则", "Scoring rule"},
	"direction":        {"方向", "Direction"},
	"higher":           {"越高越好", "higher is better"},
	"lower":            {"越低越好", "lower is better"},
	"linear":           {"线性", "linear"},
	"threshold":        {"达标", "threshold"},
	"deadline":         {"时限", "deadline"},
	"floor":            {"底线值", "Floor"},
	"valid":            {"有效期", "Valid"},
	"method":           {"考评方式", "Method"},
	"desk":             {"案头考评", "desk review"},
	"field":            {"实地核查", "field check"},
	"both":             {"案头+实地", "desk and field"},
	"source":           {"数据来源", "Source"},
	"key_task":         {"重点任务", "Key task"},
	"lowest_units":     {"完成较差的单位", "Units furthest from target"},
	"dept_none":        {"未指定", "unassigned"},
	"not_found":        {"未找到或无权查看", "Not found"},
	"not_found_text":   {"该页面不存在，或您无权查看。", "This page does not exist or you may not see it."},
	"forbidden":        {"无权访问", "Forbidden"},
	"error":            {"出错了", "Something went wrong"},
	"error_text":       {"服务器内部错误，请稍后再试。", "Internal error; please try again later."},
	"back_home":        {"返回总览", "Back to the overview"},
	"slide_title":      {"%s 绩效讲评会", "Performance review, %s"},
	"slide_ranking":    {"排名情况", "Ranking"},
	"slide_movers":     {"名次升降", "Risers and fallers"},
	"slide_losses":     {"主要失分", "Largest losses"},
	"slide_systems":    {"六大体系", "The six systems"},
	"risers":           {"上升", "Risers"},
	"fallers":          {"下降", "Fallers"},
	"meeting_keys":     {"← → 或空格翻页 · F 全屏 · Esc 退出全屏", "← → or space to move · F full screen · Esc to leave"},
	"all_periods":      {"全部期间", "All periods"},
	"print":            {"打印", "Print"},
	"present":          {"放映讲评会", "Present meeting"},
	"unit_page":        {"单位详情", "Unit"},
	"indicator_page":   {"指标详情", "Indicator"},
	"anonymous_note":   {"其他单位已匿名，仅显示名次、得分与等次。", "Other units are anonymised: rank, score and grade only."},
	"skip":             {"跳到正文", "Skip to content"},
	"full_marks":       {"满分单位", "Full marks"},
	"unit_kind":        {"类型", "Kind"},
	"pt_summary":       {"本期参评 %d 个单位，平均得分 %.2f 分。", "%d units ranked, average score %.2f."},
	"pt_top_loss":      {"最大失分指标：%s（合计失分 %.2f 分）。", "Largest loss: %s (%.2f points in all)."},
	"pt_first":         {"第一名：%s，%.2f 分。", "First: %s, %.2f."},
	"pt_last":          {"末位：%s，%.2f 分。", "Last: %s, %.2f."},
	"pt_spread":        {"首末相差 %.2f 分。", "%.2f points between first and last."},
	"pt_vetoed":        {"%s 被一票否决，不得评为优秀。", "%s is vetoed and cannot be excellent."},
	"pt_no_movers":     {"与上期相比名次没有变化。", "No rank changed since the previous period."},
	"pt_loss_ind":      {"最大失分指标：%s，合计失分 %.2f 分，涉及 %d 个单位。", "Largest loss: %s, %.2f points over %d units."},
	"pt_loss_ind2":     {"其次：%s，失分 %.2f 分。", "Next: %s, %.2f points."},
	"pt_loss_dept":     {"失分最多的牵头部门：%s（%.2f 分）。", "Department losing most: %s (%.2f points)."},
	"pt_missing":       {"共有 %d 项数据缺报，按零分计。", "%d values missing, scored as zero."},
	"pt_sys_best":      {"最强体系：%s（组平均 %.2f 分）。", "Strongest system: %s (group average %.2f)."},
	"pt_sys_worst":     {"最弱体系：%s（组平均 %.2f 分）。", "Weakest system: %s (group average %.2f)."},
	"pt_sys_low":       {"%s 的%s得分最低（%.2f 分），需重点关注。", "%s is lowest on %s (%.2f): needs attention."},
	"and_more":         {"等", " and more"},
	"slide_n":          {"第 %d / %d 页", "%d / %d"},
	"prev":             {"上一页", "Previous"},
	"next":             {"下一页", "Next"},
	"fullscreen":       {"全屏", "Full screen"},
	"exit_meeting":     {"退出放映", "Leave"},
}

package dashboards

// The navigation's menus and the labels of the pages other features add
// (their pages bring the rest of their words).
func init() {
	addMessages(navMessages)
}

var navMessages = map[string][2]string{
	"nav_g_overview":     {"总览", "Overview"},
	"nav_g_analysis":     {"分析", "Analysis"},
	"nav_g_workflow":     {"工作流", "Workflow"},
	"nav_g_reports":      {"报告", "Reports"},
	"nav_g_admin":        {"管理", "Admin"},
	"nav_menu":           {"菜单", "Menu"},
	"nav_accountability": {"指标定责", "Accountability"},
	"nav_submissions":    {"数据报送", "Submissions"},
	"nav_sources":        {"系统采集", "Sources"},
	"nav_users":          {"用户管理", "Users"},
	"nav_settings":       {"系统设置", "Settings"},
}

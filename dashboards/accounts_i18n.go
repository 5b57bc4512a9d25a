package dashboards

// The words of the accounts and settings pages (SPEC §14) join the pages'.
func init() {
	addMessages(accountMessages)
	funcs["roleName"] = func(lang, r string) string { return T(lang, "acc_role_"+r) }
	funcs["areaName"] = func(lang, a string) string { return T(lang, "acc_area_"+a) }
	funcs["inList"] = func(list []string, v string) bool {
		for _, x := range list {
			if x == v {
				return true
			}
		}
		return false
	}
	funcs["descOf"] = func(lang, zh, en string) string {
		if lang == "en" {
			return en
		}
		return zh
	}
}

var accountMessages = map[string][2]string{
	"acc_users_title":          {"用户管理", "Users"},
	"acc_users_explain":        {"管理员管理全部账号；省局绩效办管理本局及下辖单位的账号，但不能创建、更改管理员或考评委员会账号。更改密码、角色、单位、认证方式或停用账号后，该用户的登录会话和 API 令牌立即失效。", "The administrator manages every account; the province office manages the accounts of its bureau and the units below it, but never creates or changes an administrator or committee account. A change of password, role, unit or sign-in method, or disabling an account, ends its sessions and API tokens at once."},
	"acc_new_user":             {"新建用户", "New user"},
	"acc_edit_user":            {"编辑用户 %s", "Edit user %s"},
	"acc_username":             {"用户名", "Username"},
	"acc_name":                 {"姓名", "Name"},
	"acc_unit":                 {"单位", "Unit"},
	"acc_role":                 {"角色", "Role"},
	"acc_auth":                 {"认证方式", "Sign-in"},
	"acc_auth_local":           {"本地密码", "local password"},
	"acc_auth_ldap":            {"目录服务（LDAP）", "directory (LDAP)"},
	"acc_email":                {"邮箱", "E-mail"},
	"acc_password":             {"密码", "Password"},
	"acc_password_hint":        {"至少 10 个字符，不能与用户名相同；LDAP 账号无需填写", "at least 10 characters, not the username; not needed for an LDAP account"},
	"acc_new_password":         {"新密码", "New password"},
	"acc_reset_password":       {"重置密码", "Reset password"},
	"acc_status":               {"状态", "Status"},
	"acc_enabled":              {"正常", "active"},
	"acc_disabled":             {"已停用", "disabled"},
	"acc_disable":              {"停用账号", "Disable the account"},
	"acc_save":                 {"保存", "Save"},
	"acc_create":               {"创建", "Create"},
	"acc_edit":                 {"编辑", "Edit"},
	"acc_cancel":               {"取消", "Cancel"},
	"acc_no_users":             {"没有可查看的账号。", "No account to show."},
	"acc_count":                {"共 %d 个账号", "%d accounts"},
	"acc_role_admin":           {"系统管理员", "administrator"},
	"acc_role_office":          {"绩效办", "performance office"},
	"acc_role_committee":       {"考评委员会", "assessment committee"},
	"acc_role_leader":          {"领导", "leader"},
	"acc_role_dept":            {"部门", "department"},
	"acc_role_staff":           {"基层", "branch staff"},
	"acc_settings_title":       {"系统设置", "Settings"},
	"acc_settings_explain":     {"每项设置都有默认值、类型和取值范围；超出范围或类型不符的值会被拒绝且不作任何更改，每次更改都记入审计日志。更改评定等次的设置后，未定稿的季度和年度立即重新评定，已定稿的不变。密码类设置只能写入，不会显示。", "Every setting has a default, a type and a range; a value of the wrong type or out of range is refused and nothing changes, and every change is audited. A change of a grading setting re-grades the quarters and years that are not final at once; final ones keep their grades. Passwords are write-only and never shown."},
	"acc_setting":              {"设置项", "Setting"},
	"acc_value":                {"当前值", "Value"},
	"acc_default":              {"默认值", "Default"},
	"acc_range":                {"范围", "Range"},
	"acc_secret_set":           {"已设置", "set"},
	"acc_secret_unset":         {"未设置", "not set"},
	"acc_secret_hint":          {"输入新值以替换；留空并保存则清除", "type a new value to replace it; save empty to clear"},
	"acc_read_only":            {"只读", "read-only"},
	"acc_empty_default":        {"（空）", "(empty)"},
	"acc_area_grading":         {"等次评定", "Grading"},
	"acc_area_appeals":         {"申诉", "Appeals"},
	"acc_area_health":          {"指标体检", "Indicator health"},
	"acc_area_privacy":         {"隐私", "Privacy"},
	"acc_area_adjust":          {"加减分", "Adjustments"},
	"acc_area_import":          {"导入限制", "Import limits"},
	"acc_area_evidence":        {"佐证材料", "Evidence"},
	"acc_area_sources":         {"系统采集", "Sources"},
	"acc_area_collection":      {"数据报送", "Collection"},
	"acc_area_ldap":            {"目录登录（LDAP）", "Directory sign-on (LDAP)"},
	"acc_area_smtp":            {"邮件通知（SMTP）", "E-mail (SMTP)"},
	"acc_area_net":             {"网络与代理", "Network and proxies"},
	"acc_true":                 {"是", "yes"},
	"acc_false":                {"否", "no"},
	"acc_login_directory_down": {"目录服务（LDAP）暂时无法访问，请稍后再试", "The directory (LDAP) cannot be reached; try again later"},
}

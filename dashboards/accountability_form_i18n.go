package dashboards

// The words of the accountability page's form (SPEC §13).
func init() {
	addMessages(dutyFormMessages)
}

var dutyFormMessages = map[string][2]string{
	"acc_form_title": {"指定分管领导和责任人", "Name the leader and the responsible person"},
	"acc_indicator":  {"指标", "Indicator"},
	"acc_updated":    {"指定人", "Named by"},
	"acc_username":   {"用户名", "username"},
	"acc_save":       {"保存", "Save"},
	"acc_none_named": {"该局尚未指定任何指标的责任人。", "No indicator of this bureau has anyone named yet."},
	"acc_form_hint":  {"填写该局或其内设部门用户的用户名；留空即清除该项，两项都留空则删除该指标的分工。批量指定请用“数据导入”的“责任分工”表。", "Usernames of users of the bureau or of its departments; an empty field clears that person, both empty remove the entry. To name many at once, import the “Responsibilities” table."},
	"acc_saved":      {"已保存：%s 的指标 %s。", "Saved: %s, indicator %s."},
}

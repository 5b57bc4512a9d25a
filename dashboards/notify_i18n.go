package dashboards

// The notification pages' strings join the pages' at start.
func init() {
	addMessages(notifyMessages)
	funcs["ntText"] = func(lang, zh, en string) string {
		if lang == "en" && en != "" {
			return en
		}
		return zh
	}
	funcs["ntChannels"] = func() []string { return []string{"inapp", "email", "both"} }
}

var notifyMessages = map[string][2]string{
	"nt_nav":                      {"通知", "Notifications"},
	"nt_title":                    {"通知", "Notifications"},
	"nt_bell":                     {"通知（%d 条未读）", "Notifications (%d unread)"},
	"nt_unread":                   {"%d 条未读", "%d unread"},
	"nt_empty":                    {"暂无通知。报告生成、申诉流转、整改到期等事项会出现在这里。", "No notification yet. Reports ready, appeal steps, rectification deadlines and more appear here."},
	"nt_mark_seen":                {"全部标为已读", "Mark all read"},
	"nt_open":                     {"查看", "Open"},
	"nt_new":                      {"未读", "new"},
	"nt_prefs":                    {"通知方式", "How you are notified"},
	"nt_prefs_hint":               {"站内通知总会收到；选择“邮件”或“两者”时另发邮件到 %s。", "The inbox always receives them; “e-mail” or “both” also sends an e-mail to %s."},
	"nt_prefs_noemail":            {"站内通知总会收到；您的账号没有登记邮箱，选择邮件暂不会发送。", "The inbox always receives them; your account has no e-mail address, so no e-mail is sent yet."},
	"nt_event":                    {"事件", "Event"},
	"nt_ch_inapp":                 {"站内", "In-app"},
	"nt_ch_email":                 {"邮件", "E-mail"},
	"nt_ch_both":                  {"两者", "Both"},
	"nt_save":                     {"保存", "Save"},
	"nt_saved":                    {"已保存通知方式。", "Your choices were saved."},
	"nt_ev_report_ready":          {"季度报告已生成", "A report is ready"},
	"nt_ev_pull_failed":           {"数据采集失败", "A pull failed"},
	"nt_ev_submission_due":        {"报送即将到期", "A submission is due"},
	"nt_ev_submission_overdue":    {"报送已逾期", "A submission is overdue"},
	"nt_ev_submission_returned":   {"报送被退回", "A submission was returned"},
	"nt_ev_submission_accepted":   {"报送已采纳", "A submission was accepted"},
	"nt_ev_appeal_moved":          {"申诉有新进展", "An appeal moved"},
	"nt_ev_rectification_due":     {"整改即将到期", "A rectification is due"},
	"nt_ev_rectification_overdue": {"整改已逾期", "A rectification is overdue"},
	"wh_nav":                      {"Webhook", "Webhooks"},
	"wh_title":                    {"Webhook 推送", "Webhooks"},
	"wh_hint":                     {"事件发生时向以下地址 POST 一条 JSON（event、at、text…），请求头 X-Jixiao-Signature 为 sha256= 加正文在密钥下的 HMAC-SHA256 十六进制值；失败按退避重试。", "When an event happens, a JSON body (event, at, text, …) is POSTed to each address; the header X-Jixiao-Signature is sha256= and the hex HMAC-SHA256 of the body under the secret; failures are retried with backoff."},
	"wh_url":                      {"地址", "URL"},
	"wh_events":                   {"事件", "Events"},
	"wh_secret":                   {"签名密钥", "Signing secret"},
	"wh_secret_hint":              {"只写：保存后不再显示", "write-only: never shown again"},
	"wh_add":                      {"添加 Webhook", "Add webhook"},
	"wh_added":                    {"已添加 Webhook。", "The webhook was added."},
	"wh_deleted":                  {"已删除 Webhook。", "The webhook was deleted."},
	"wh_delete":                   {"删除", "Delete"},
	"wh_none":                     {"还没有 Webhook。", "No webhook yet."},
	"wh_deliveries":               {"最近投递", "Latest deliveries"},
	"wh_no_delivery":              {"尚无投递。", "No delivery yet."},
	"wh_attempt":                  {"第 %d 次", "attempt %d"},
	"wh_status":                   {"状态", "Status"},
	"wh_error":                    {"错误", "Error"},
	"wh_at":                       {"事件时间", "Event time"},
	"wh_by":                       {"添加人", "Added by"},
}

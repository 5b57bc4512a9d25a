package dashboards

// The accountability page's strings (SPEC §13) join the pages' messages.
func init() {
	addMessages(accountabilityMessages)
}

var accountabilityMessages = map[string][2]string{
	"acc_title":                 {"指标定责到岗", "Indicators to people"},
	"acc_sub":                   {"%s · %d 人次，按失分从多到少", "%s · %d people, largest loss first"},
	"acc_hint":                  {"每位分管领导和岗位责任人所负责指标在该局的得分与失分（年度为各季度之和），以及该局的得分、排名和等次；只向该局及其上级局的用户显示。责任分工在“数据导入”页以“责任分工”表导入，或通过 PUT /api/responsibilities 逐项指定。", "Each leader in charge and responsible person with the bureau's points on their indicators (a year sums its quarters) and the bureau's score, rank and grade; shown only to users of that bureau and of the bureaus above it. Responsibilities are imported on the Data import page (table “Responsibilities”) or set one by one with PUT /api/responsibilities."},
	"acc_download":              {"下载 XLSX（干部考核）", "Download XLSX (cadre review)"},
	"acc_empty":                 {"该期没有可显示的责任人：您所在局及其下级局尚未指定分管领导和责任人，或您无权查看。", "No one to show for this period: no leader or owner is named for your bureau or the bureaus below it, or you may not see them."},
	"acc_person":                {"姓名", "Name"},
	"acc_unit":                  {"单位", "Bureau"},
	"acc_as":                    {"身份", "Role"},
	"acc_leader":                {"分管领导", "Leader in charge"},
	"acc_owner":                 {"责任人", "Responsible person"},
	"acc_inds":                  {"负责指标（失分）", "Indicators (points lost)"},
	"acc_weight":                {"分值", "Weight"},
	"acc_earned":                {"得分", "Earned"},
	"acc_lost":                  {"失分", "Lost"},
	"acc_missing":               {"缺报", "Missing"},
	"acc_score":                 {"单位得分", "Bureau score"},
	"acc_rank":                  {"排名", "Rank"},
	"acc_grade":                 {"等次", "Grade"},
	"acc_of":                    {"%d/%d", "%d of %d"},
	"imp_kind_responsibilities": {"责任分工", "Responsibilities"},
}

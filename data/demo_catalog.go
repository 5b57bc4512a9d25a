package data

// The fixed content of the demo province: cities and their counties, the
// departments of a bureau, the indicator catalogue, adjustments and users.

// demoCity is a city bureau of the demo province with its real counties.
type demoCity struct {
	name     string // 南宁市
	counties []string
}

// demoCities are the 14 cities of Guangxi, GX01…GX14 in this order.
var demoCities = []demoCity{
	{"南宁市", []string{"兴宁区", "青秀区", "江南区", "西乡塘区", "良庆区", "邕宁区", "武鸣区", "横州市"}},
	{"柳州市", []string{"城中区", "鱼峰区", "柳南区", "柳北区", "柳江区", "柳城县", "鹿寨县"}},
	{"桂林市", []string{"秀峰区", "叠彩区", "象山区", "七星区", "雁山区", "临桂区", "阳朔县", "灵川县"}},
	{"梧州市", []string{"万秀区", "长洲区", "龙圩区", "苍梧县", "藤县", "岑溪市"}},
	{"北海市", []string{"海城区", "银海区", "铁山港区", "合浦县"}},
	{"防城港市", []string{"港口区", "防城区", "上思县", "东兴市"}},
	{"钦州市", []string{"钦南区", "钦北区", "灵山县", "浦北县"}},
	{"贵港市", []string{"港北区", "港南区", "覃塘区", "平南县", "桂平市"}},
	{"玉林市", []string{"玉州区", "福绵区", "容县", "陆川县", "博白县", "兴业县", "北流市"}},
	{"百色市", []string{"右江区", "田阳区", "田东县", "德保县", "那坡县", "凌云县", "乐业县", "靖西市"}},
	{"贺州市", []string{"八步区", "平桂区", "昭平县", "钟山县", "富川瑶族自治县"}},
	{"河池市", []string{"金城江区", "宜州区", "南丹县", "天峨县", "凤山县", "东兰县", "罗城仫佬族自治县", "环江毛南族自治县"}},
	{"来宾市", []string{"兴宾区", "忻城县", "象州县", "武宣县", "金秀瑶族自治县", "合山市"}},
	{"崇左市", []string{"江州区", "扶绥县", "宁明县", "龙州县", "大新县", "天等县", "凭祥市"}},
}

// demoMatrixCity is the city whose branches form one matrix peer group.
const demoMatrixCity = "GX13"

// demoFunc is an internal department function of a bureau.
type demoFunc struct {
	code, province, city string // city "" = province bureau only
}

// demoFuncs are the departments; the first eight exist in every city bureau.
var demoFuncs = []demoFunc{
	{"ZG", "征收管理处", "征收管理科"},
	{"NF", "纳税服务处", "纳税服务科"},
	{"SZ", "税政处", "税政科"},
	{"FZ", "法制处", "法制科"},
	{"CW", "财务管理处", "财务管理科"},
	{"XX", "信息中心", "信息中心"},
	{"RJ", "人事教育处", "人事教育科"},
	{"JC", "纪检组", "纪检组"},
	{"HW", "货物和劳务税处", ""},
	{"SD", "所得税处", ""},
}

// demoIndicator is one indicator version, with the physical bounds of its
// generated actual values (lo, hi).
type demoIndicator struct {
	code, name, system, tier, levels, unit, dir, rule string
	weight, target, floor                             float64
	lead, coop, method, source                        string
	key                                               bool
	from, to                                          string
	lo, hi                                            float64
}

// integer reports whether actual values are whole numbers (days late, counts).
func (d *demoIndicator) integer() bool { return d.rule == "deadline" || d.unit == "件" }

// validIn reports whether the version is valid in quarter q (YYYYQn strings
// compare in time order).
func (d *demoIndicator) validIn(q string) bool {
	return (d.from == "" || q >= d.from) && (d.to == "" || q <= d.to)
}

// demoIndicators is the catalogue: 25 decision, 18 management and 17
// execution indicators; D02 changes weight in 2025Q1, D11 starts in 2025Q1.
var demoIndicators = []demoIndicator{
	// 决策层 (bureaus)
	{"D01", "税收收入预算完成率", "taxsys", "decision", "", "%", "higher", "linear", 8, 100, 90, "CW", "SZ,ZG", "desk", "golden_tax_3", false, "", "", 80, 112},
	{"D02", "减税降费政策落实率", "law", "decision", "", "%", "higher", "linear", 5, 100, 90, "SZ", "FZ,NF", "both", "manual", true, "", "2024Q4", 80, 100},
	{"D02", "减税降费政策落实率", "law", "decision", "", "%", "higher", "linear", 6, 100, 90, "SZ", "FZ,NF", "both", "manual", true, "2025Q1", "", 80, 100},
	{"D03", "组织收入质量评价", "taxsys", "decision", "", "分", "higher", "linear", 4, 95, 70, "SZ", "CW", "desk", "golden_tax_3", false, "", "", 50, 100},
	{"D04", "纳税人满意度", "service", "decision", "", "分", "higher", "linear", 6, 92, 75, "NF", "", "field", "survey", false, "", "", 60, 100},
	{"D05", "12366热线接通率", "service", "decision", "province,city", "%", "higher", "linear", 3, 95, 80, "NF", "XX", "desk", "12366", false, "", "", 60, 100},
	{"D06", "办税服务厅平均等候时长", "service", "decision", "city,county", "分钟", "lower", "linear", 3, 10, 30, "NF", "ZG", "desk", "golden_tax_3", false, "", "", 2, 60},
	{"D07", "征管质量风险事项发生率", "admin", "decision", "", "%", "lower", "linear", 4, 0.5, 3, "ZG", "JC", "desk", "golden_tax_3", false, "", "", 0, 8},
	{"D08", "欠税增减率", "admin", "decision", "", "%", "lower", "linear", 4, 0, 10, "ZG", "CW", "desk", "golden_tax_3", false, "", "", -15, 30},
	{"D09", "按期申报率", "admin", "decision", "", "%", "higher", "linear", 4, 99, 95, "ZG", "NF", "desk", "golden_tax_3", false, "", "", 85, 100},
	{"D10", "税收风险应对成效", "admin", "decision", "", "%", "higher", "linear", 4, 90, 60, "ZG", "JC,SZ", "both", "golden_tax_3", false, "", "", 30, 100},
	{"D11", "数电发票推广应用率", "admin", "decision", "", "%", "higher", "linear", 3, 95, 80, "ZG", "XX,NF", "desk", "golden_tax_3", false, "2025Q1", "", 60, 100},
	{"D12", "依法行政考评", "law", "decision", "", "分", "higher", "linear", 5, 95, 70, "FZ", "ZG,SZ", "field", "manual", false, "", "", 50, 100},
	{"D13", "行政复议纠错率", "law", "decision", "", "%", "lower", "linear", 3, 1, 5, "FZ", "", "desk", "manual", false, "", "", 0, 12},
	{"D14", "重大税务案件审理按期办结", "law", "decision", "", "天", "lower", "deadline", 3, 0, 15, "FZ", "JC", "desk", "manual", false, "", "", 0, 40},
	{"D15", "税收政策执行评估达标", "taxsys", "decision", "", "分", "higher", "threshold", 3, 85, 60, "SZ", "FZ", "both", "manual", false, "", "", 50, 100},
	{"D16", "出口退税平均办理时间", "taxsys", "decision", "", "天", "lower", "linear", 3, 3, 10, "SZ", "CW", "desk", "golden_tax_3", false, "", "", 1, 20},
	{"D17", "社保费和非税收入征收计划完成率", "taxsys", "decision", "", "%", "higher", "linear", 4, 100, 90, "SZ", "CW", "desk", "golden_tax_3", true, "", "", 80, 110},
	{"D18", "征管数据质量合格率", "info", "decision", "", "%", "higher", "threshold", 4, 98, 90, "XX", "ZG", "desk", "golden_tax_3", false, "", "", 85, 100},
	{"D19", "网络与数据安全事件", "info", "decision", "", "件", "lower", "threshold", 3, 0, 2, "XX", "", "desk", "manual", false, "", "", 0, 3},
	{"D20", "电子税务局业务网上办理率", "info", "decision", "", "%", "higher", "linear", 3, 95, 80, "XX", "NF", "desk", "golden_tax_3", false, "", "", 60, 100},
	{"D21", "党风廉政建设责任制落实", "org", "decision", "", "分", "higher", "linear", 5, 95, 70, "JC", "RJ", "field", "manual", false, "", "", 50, 100},
	{"D22", "领导班子综合考评", "org", "decision", "", "分", "higher", "linear", 5, 90, 70, "RJ", "", "field", "survey", false, "", "", 50, 100},
	{"D23", "干部教育培训完成率", "org", "decision", "", "%", "higher", "linear", 3, 100, 85, "RJ", "", "desk", "manual", false, "", "", 70, 100},
	{"D24", "部门预算执行进度", "org", "decision", "", "%", "higher", "linear", 3, 95, 75, "CW", "", "desk", "manual", false, "", "", 50, 100},
	{"D25", "基层分局规范化建设达标率", "org", "decision", "county", "%", "higher", "linear", 3, 100, 80, "ZG", "RJ,NF", "field", "manual", false, "", "", 60, 100},
	// 管理层 (departments)
	{"M01", "规范性文件合法性审核率", "law", "management", "province", "%", "higher", "linear", 6, 100, 90, "FZ", "", "desk", "manual", false, "", "", 80, 100},
	{"M02", "规范性文件备案按期完成", "law", "management", "", "天", "lower", "deadline", 5, 0, 10, "FZ", "", "desk", "manual", false, "", "", 0, 25},
	{"M03", "税收政策宣传辅导覆盖率", "law", "management", "", "%", "higher", "linear", 5, 95, 75, "NF", "SZ", "desk", "manual", false, "", "", 50, 100},
	{"M04", "税收分析报告质量", "taxsys", "management", "", "分", "higher", "linear", 6, 90, 60, "SZ", "CW", "field", "manual", false, "", "", 40, 100},
	{"M05", "税源分析预测准确率", "taxsys", "management", "province,city", "%", "higher", "linear", 6, 95, 80, "SZ", "", "desk", "golden_tax_3", false, "", "", 60, 100},
	{"M06", "减免税备案核查完成率", "taxsys", "management", "", "%", "higher", "linear", 5, 100, 85, "SZ", "ZG", "desk", "golden_tax_3", true, "", "", 60, 100},
	{"M07", "纳税服务投诉按期处理率", "service", "management", "", "%", "higher", "linear", 6, 100, 90, "NF", "", "desk", "12366", false, "", "", 75, 100},
	{"M08", "12366工单平均办结时长", "service", "management", "", "天", "lower", "linear", 5, 2, 7, "NF", "XX", "desk", "12366", false, "", "", 0.5, 12},
	{"M09", "业务协同事项办结时效", "service", "management", "", "天", "lower", "deadline", 5, 0, 10, "ZG", "NF", "desk", "golden_tax_3", false, "", "", 0, 25},
	{"M10", "风险任务按期推送率", "admin", "management", "", "%", "higher", "linear", 6, 100, 80, "ZG", "", "desk", "golden_tax_3", false, "", "", 50, 100},
	{"M11", "征管问题整改完成率", "admin", "management", "", "%", "higher", "linear", 6, 100, 70, "ZG", "JC", "both", "manual", false, "", "", 40, 100},
	{"M12", "数据治理问题清零率", "info", "management", "", "%", "higher", "linear", 6, 100, 70, "XX", "ZG", "desk", "golden_tax_3", false, "", "", 40, 100},
	{"M13", "系统故障平均修复时长", "info", "management", "", "分钟", "lower", "linear", 5, 30, 120, "XX", "", "desk", "manual", false, "", "", 5, 240},
	{"M14", "信息化项目按期交付", "info", "management", "", "天", "lower", "deadline", 5, 0, 20, "XX", "CW", "desk", "manual", false, "", "", 0, 45},
	{"M15", "部门协作事项完成率", "org", "management", "", "%", "higher", "linear", 5, 100, 80, "RJ", "", "desk", "manual", false, "", "", 50, 100},
	{"M16", "督办事项按期办结", "org", "management", "", "%", "higher", "threshold", 6, 100, 90, "RJ", "", "desk", "manual", false, "", "", 80, 100},
	{"M17", "公文处理平均时长", "org", "management", "", "天", "lower", "linear", 4, 3, 8, "RJ", "", "desk", "manual", false, "", "", 1, 15},
	{"M18", "内控监督发现问题数", "org", "management", "", "件", "lower", "linear", 4, 0, 5, "JC", "FZ", "field", "manual", false, "", "", 0, 10},
	// 执行层 (branches)
	{"E01", "办税平均等候时长", "service", "execution", "", "分钟", "lower", "linear", 7, 10, 40, "NF", "", "desk", "golden_tax_3", false, "", "", 2, 70},
	{"E02", "纳税人满意度", "service", "execution", "", "分", "higher", "linear", 7, 92, 75, "NF", "", "field", "survey", false, "", "", 60, 100},
	{"E03", "首问责任一次办结率", "service", "execution", "", "%", "higher", "threshold", 5, 95, 80, "NF", "", "desk", "golden_tax_3", false, "", "", 70, 100},
	{"E04", "12366工单按期办结率", "service", "execution", "", "%", "higher", "linear", 5, 100, 85, "NF", "XX", "desk", "12366", false, "", "", 60, 100},
	{"E05", "申报准确率", "admin", "execution", "", "%", "higher", "linear", 7, 99, 90, "ZG", "", "desk", "golden_tax_3", false, "", "", 80, 100},
	{"E06", "按期申报率", "admin", "execution", "", "%", "higher", "linear", 7, 99, 95, "ZG", "", "desk", "golden_tax_3", false, "", "", 88, 100},
	{"E07", "欠税清缴按期完成", "admin", "execution", "", "天", "lower", "deadline", 6, 0, 15, "ZG", "", "desk", "golden_tax_3", false, "", "", 0, 40},
	{"E08", "风险任务应对完成率", "admin", "execution", "", "%", "higher", "linear", 7, 100, 70, "ZG", "JC", "desk", "golden_tax_3", false, "", "", 30, 100},
	{"E09", "异常发票处置及时率", "admin", "execution", "", "%", "higher", "linear", 5, 98, 80, "ZG", "", "desk", "golden_tax_3", false, "", "", 60, 100},
	{"E10", "税收执法过错率", "law", "execution", "", "%", "lower", "linear", 6, 0.5, 3, "FZ", "", "desk", "golden_tax_3", false, "", "", 0, 8},
	{"E11", "行政处罚规范率", "law", "execution", "", "%", "higher", "linear", 6, 100, 90, "FZ", "", "field", "manual", false, "", "", 80, 100},
	{"E12", "减税降费政策直达快享率", "taxsys", "execution", "", "%", "higher", "linear", 6, 100, 90, "SZ", "NF", "desk", "golden_tax_3", true, "", "", 75, 100},
	{"E13", "社保费征收计划完成率", "taxsys", "execution", "county", "%", "higher", "linear", 6, 100, 85, "SZ", "CW", "desk", "golden_tax_3", false, "", "", 70, 110},
	{"E14", "数据质量问题整改率", "info", "execution", "", "%", "higher", "linear", 5, 100, 80, "XX", "", "desk", "golden_tax_3", false, "", "", 50, 100},
	{"E15", "非接触式办税占比", "info", "execution", "", "%", "higher", "linear", 5, 90, 70, "XX", "NF", "desk", "golden_tax_3", false, "", "", 40, 100},
	{"E16", "队伍建设综合评价", "org", "execution", "", "分", "higher", "linear", 5, 90, 70, "RJ", "", "field", "manual", false, "", "", 50, 100},
	{"E17", "廉政风险防控达标", "org", "execution", "", "分", "higher", "threshold", 3, 90, 60, "JC", "", "field", "manual", false, "", "", 50, 100},
}

// demoTargetOverrides are the indicators whose values sometimes carry a
// unit-specific target (核定目标).
var demoTargetOverrides = map[string][]float64{
	"D01": {97, 98, 102, 103},
	"E13": {95, 98, 102},
}

// demoNotes are the occasional notes on ledger values.
var demoNotes = []string{
	"数据已经市局复核",
	"含补录数据，已核实",
	"受台风“摩羯”影响，部分业务延期办理",
	"系统切换期间数据人工补录",
	"剔除不可抗力因素后计算",
	"数据口径调整,已报区局备案",
	"经核实，原\"逾期\"记录系系统误判",
}

type demoAdj struct{ unit, period, kind, points, reason, indicator string }

// demoAdjustments are the bonuses, penalties and the one veto; every unit
// and indicator named exists at every scale.
var demoAdjustments = []demoAdj{
	{"GX01", "2025Q4", "bonus", "2", "获国家税务总局通报表扬", ""},
	{"GX03", "2025Q3", "bonus", "1.5", "税收营商环境创新做法获总局推广", ""},
	{"GX05", "2024Q2", "penalty", "2", "发生重大负面涉税舆情", "D04"},
	{"GX08", "2025Q2", "penalty", "1", "督办事项逾期未办结", ""},
	{"GX13", "2025Q1", "bonus", "3", "承担全区绩效管理改革试点任务", ""},
	{"GX14", "2024Q3", "bonus", "2", "边境口岸税收服务创新获自治区表彰", ""},
	{"GX0101", "2025Q4", "bonus", "1", "重点税源专项评估成效突出", "D10"},
	{"GX0203", "2024Q3", "penalty", "1.5", "征管数据质量问题被区局通报", "D18"},
	{"GX0404", "2025Q2", "bonus", "2", "查处重大虚开发票案件", ""},
	{"GX1002", "2024Q4", "penalty", "0.5", "办税服务厅排队时间过长被督办", "D06"},
	{"GX-FZ", "2025Q1", "bonus", "1.5", "规范性文件清理工作获总局表扬", "M02"},
	{"GX01-ZG", "2025Q4", "bonus", "1", "征管改革经验材料被总局采用", ""},
	{"GX06-XX", "2024Q4", "penalty", "2", "发生网络安全事件被通报", "M12"},
	{"GX12-NF", "2025Q3", "penalty", "1", "纳税人有效投诉被总局转办", "M07"},
	{"GX1301-B2", "2025Q4", "bonus", "1.5", "“便民办税春风行动”成效突出", "E03"},
	{"GX1303-B1", "2025Q3", "penalty", "1", "办税服务厅服务态度被投诉", "E02"},
	{"GX0702-B1", "2024Q1", "penalty", "2.5", "执法过错被行政复议撤销", "E10"},
	{"GX1105-B2", "2025Q2", "bonus", "0.5", "调研成果获市局领导批示", ""},
	{"GX0901-B1", "2025Q1", "bonus", "1", "优化营商环境典型案例入选", ""},
	{"GX0303-B2", "2025Q4", "penalty", "1.5", "欠税清缴工作推进不力被通报", "E07"},
	{"GX0902", "2025Q4", "veto", "0", "发生重大廉政问题", ""},
}

// DemoPassword is the password of every demo account.
const DemoPassword = "jixiao2025"

// demoLogins are the demo accounts, one per role at least.
var demoLogins = []DemoLogin{
	{"admin", DemoPassword, "admin", "GX", "系统管理员"},
	{"office", DemoPassword, "office", "GX", "陈晓燕"},
	{"committee", DemoPassword, "committee", "GX", "黄志刚"},
	{"leader", DemoPassword, "leader", "GX", "李建国"},
	{"city_office", DemoPassword, "office", "GX13", "韦秀兰"},
	{"city_leader", DemoPassword, "leader", "GX01", "覃海峰"},
	{"county_leader", DemoPassword, "leader", "GX0101", "蒙振华"},
	{"dept", DemoPassword, "dept", "GX01-ZG", "陆小梅"},
	{"staff", DemoPassword, "staff", "GX1301-B1", "莫文斌"},
}

package data

// The demo's lived-in quarter: a review meeting of the quarter before with
// its minutes, rectification items from it (two overdue, one closed), and
// appeals on the quarter in review at each step of their way. The loader
// (cmd_demo_workflow.go) applies them through the store, as people would.

// DemoMeeting is one review meeting (讲评会) of the demo, with its minutes.
type DemoMeeting struct {
	Unit, Title, Location, Attendees, Minutes, Decisions string
	DaysAgo                                              int // held this many days before the demo was loaded
}

// DemoRect is one rectification item of the demo.
type DemoRect struct {
	Unit, Source, Title, Detail, Measures, Status, Evidence string
	DueInDays                                               int  // negative: overdue
	FromMeeting                                             bool // set at the province's meeting
}

// DemoAppeal is one appeal on the quarter in review: filed by By on the
// indicator where Unit lost most, then taken through Steps.
type DemoAppeal struct {
	By, Unit, Reason string
	Steps            []DemoStep
}

// DemoStep is a step of an appeal: "forward"/"reject" by an office,
// "uphold"/"dismiss" by the committee.
type DemoStep struct{ By, Decision, Comment string }

// DemoMeetings is the province's meeting on the quarter before the one in review.
func DemoMeetings() []DemoMeeting {
	return []DemoMeeting{{
		Unit: "GX", Title: "第三季度绩效讲评会", Location: "区局三楼会议室", DaysAgo: 45,
		Attendees: "区局领导班子、各处室负责人、各市局分管领导",
		Minutes:   "通报第三季度绩效考评结果；贺州、防城港、梧州市局位列前三；河池市局末位，办税平均等候时长、行政处罚规范率失分较多。",
		Decisions: "一、河池市局于一个月内提交办税服务厅排队治理方案；二、各市局对行政处罚案卷开展自查；三、信息中心牵头解决数据缺报问题。",
	}}
}

// DemoRects are the items set at that meeting and from social feedback.
func DemoRects() []DemoRect {
	return []DemoRect{
		{Unit: "GX03", Source: "meeting", FromMeeting: true, Title: "办税服务厅排队时间过长", DueInDays: -12, Status: "in_progress",
			Detail: "讲评会通报：办税平均等候时长连续两个季度超标。", Measures: "增开潮汐窗口，推行预约办税。"},
		{Unit: "GX05", Source: "meeting", FromMeeting: true, Title: "行政处罚案卷不规范", DueInDays: -5, Status: "open",
			Detail: "案卷抽查发现文书不全。", Measures: "开展案卷自查，组织法制培训。"},
		{Unit: "GX01", Source: "meeting", FromMeeting: true, Title: "指标数据缺报", DueInDays: -20, Status: "done",
			Detail: "两项指标本季度缺报。", Measures: "明确报送责任人。", Evidence: "已补报并建立报送台账，见附件说明。"},
		{Unit: "GX07", Source: "feedback", Title: "12366 热线回访不及时", DueInDays: 25, Status: "open",
			Detail: "纳税人反映工单回访超期。", Measures: "工单超时自动提醒。"},
	}
}

// DemoAppeals are the appeals on the quarter in review.
func DemoAppeals() []DemoAppeal {
	return []DemoAppeal{
		{By: "staff", Unit: "GX1301-B1", Reason: "台账漏计两次回访记录，申请按实际完成值计分。"},
		{By: "city_office", Unit: "GX1302", Reason: "系统取数口径有误，已附核对表。",
			Steps: []DemoStep{{By: "city_office", Decision: "forward", Comment: "经核对属实，转呈考评委员会。"}}},
		{By: "office", Unit: "GX05", Reason: "统计时点错误，应以季末数据为准。",
			Steps: []DemoStep{{By: "office", Decision: "forward", Comment: "转呈。"}, {By: "committee", Decision: "uphold", Comment: "经审议，支持申诉。"}}},
		{By: "office", Unit: "GX09", Reason: "申请剔除不可抗力影响。",
			Steps: []DemoStep{{By: "office", Decision: "reject", Comment: "证据不足，予以驳回。"}}},
	}
}

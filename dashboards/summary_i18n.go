package dashboards

// The strings of the ranking summary's faces (key figures, talking points,
// the slide of units below the pass line) join the pages' at start. Grade
// names come from data's words, the line from the grading in force.
func init() {
	addMessages(summaryMessages)
}

var summaryMessages = map[string][2]string{
	"grade_units": {"%s单位", "%s"},
	"pt_grades":   {"%s %d 个，%s %d 个，%s %d 个，%s %d 个。", "%s %d, %s %d, %s %d, %s %d."},
	"slide_below": {"%s 分以下单位", "Units below %s"},
	"none_below":  {"本期没有得分低于 %s 分的单位。", "No unit scored below %s this period."},
	"pt_below":    {"%d 个单位得分低于 %s 分：%s。", "%d units scored below %s: %s."},
}

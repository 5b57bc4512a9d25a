package reports

import (
	"fmt"
	"strings"

	"jixiao/data"
	"jixiao/queries"
)

// talkingPoints are the report's opening lines: where the unit stands,
// how its units did, who rose and fell, where points were lost, and what
// is still open.
func (q *Quarterly) talkingPoints() []string {
	var out []string
	name := shortName(q.Unit.Name)
	if s := q.Self; s != nil {
		line := fmt.Sprintf("本期%s得分 %s", name, fmtScore(s.Score))
		if s.Rank != nil && s.Size != nil {
			line += fmt.Sprintf("，在 %d 个同类单位中排名第 %d", *s.Size, *s.Rank)
			line += changeText(q.SelfChange)
		}
		if s.Grade != nil {
			line += "，等次为" + data.GradeNames[*s.Grade]
		}
		if s.Vetoed {
			line += "（被一票否决）"
		}
		out = append(out, line+"。")
	}
	if sm := q.Summary; sm.Units > 0 {
		var gs []string
		for _, g := range data.Grades {
			if n := sm.Grades[g]; n > 0 {
				gs = append(gs, fmt.Sprintf("%s %d 个", data.GradeNames[g], n))
			}
		}
		line := fmt.Sprintf("下辖 %d 个考核单位平均得分 %s，最高 %s，最低 %s", sm.Units, fmtScore(sm.Mean), fmtScore(sm.Max), fmtScore(sm.Min))
		if len(gs) > 0 {
			line += "；" + strings.Join(gs, "、")
		}
		out = append(out, line+"。")
	}
	if up, down := q.movers(); up != nil || down != nil {
		var parts []string
		if up != nil {
			parts = append(parts, fmt.Sprintf("进步最大的是%s（上升 %d 位）", shortName(up.UnitName), up.RankChange))
		}
		if down != nil {
			parts = append(parts, fmt.Sprintf("退步最大的是%s（下降 %d 位）", shortName(down.UnitName), -down.RankChange))
		}
		out = append(out, strings.Join(parts, "，")+"。")
	}
	if len(q.LossesInd) > 0 {
		l := q.LossesInd[0]
		out = append(out, fmt.Sprintf("失分最多的指标是“%s”，共失 %s 分，涉及 %d 个单位。", l.Name, fmtScore(l.Lost), l.Units))
	}
	if len(q.LossesDept) > 0 && q.LossesDept[0].Code != "" {
		l := q.LossesDept[0]
		out = append(out, fmt.Sprintf("按牵头部门看，%s牵头的指标失分最多（%s 分）。", deptName(l.Code), fmtScore(l.Lost)))
	}
	if n := q.Summary.Rects.Overdue; n > 0 {
		out = append(out, fmt.Sprintf("有 %d 项整改事项已逾期未完成，须督促办结。", n))
	}
	if n := q.Summary.Appeals[queries.AppealSubmitted] + q.Summary.Appeals[queries.AppealForwarded]; n > 0 {
		out = append(out, fmt.Sprintf("本期尚有 %d 件申诉未办结。", n))
	}
	return out
}

// movers are the main group's biggest riser and faller (its ranking's
// summary), nil when none moved that way.
func (q *Quarterly) movers() (up, down *queries.Mover) {
	for _, g := range q.Groups {
		if g.Group != q.MainGroup {
			continue
		}
		if sm := g.Ranking.Summary; len(sm.Risers) > 0 {
			up = &sm.Risers[0]
		}
		if sm := g.Ranking.Summary; len(sm.Fallers) > 0 {
			down = &sm.Fallers[0]
		}
	}
	return up, down
}

func changeText(c *int) string {
	switch {
	case c == nil:
		return ""
	case *c > 0:
		return fmt.Sprintf("，较上期上升 %d 位", *c)
	case *c < 0:
		return fmt.Sprintf("，较上期下降 %d 位", -*c)
	}
	return "，与上期持平"
}

// changeMark is ▲n, ▼n, — or empty.
func changeMark(c *int) string {
	switch {
	case c == nil:
		return ""
	case *c > 0:
		return fmt.Sprintf("▲%d", *c)
	case *c < 0:
		return fmt.Sprintf("▼%d", -*c)
	}
	return "—"
}

// deptName is a lead department as the report names it: 征管（ZG）.
func deptName(code string) string {
	if code == "" {
		return data.DeptName("zh", code)
	}
	if n := data.DeptName("zh", code); n != code {
		return n + "（" + code + "）"
	}
	return code
}

// rectStatusZH and sourceZH name a rectification's status and source (data's words).
func rectStatusZH(s string) string { return data.RectStatusName("zh", s) }
func sourceZH(s string) string     { return data.RectSourceName("zh", s) }

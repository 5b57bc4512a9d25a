package dashboards

import (
	"fmt"
	"io"
	"sort"
	"strings"

	"jixiao/queries"
)

// OverviewData is what the overview (/) shows for the signed-in user's
// scope in one period. The server fills it from scoped reads; every field
// may be empty, and the page then says so.
type OverviewData struct {
	Page
	Unit      queries.Unit           // the user's unit
	Score     *queries.TrendPoint    // the unit's own result in the period (nil: none)
	Self      *queries.Ranking       // the unit's own peer group (nil for the root)
	Group     *queries.Ranking       // the group the overview ranks: the unit's child bureaus, else its own peers
	Trend     []queries.TrendPoint   // the unit's quarters
	SelfAvg   []queries.TrendPoint   // mean score of the unit's peer group (or of Group for the root) per quarter
	ByInd     []queries.Loss         // largest losses under the unit, by indicator
	ByDept    []queries.Loss         // … by responsible department
	Children  []queries.Unit         // the units right below, for navigation
	ChildRank []*queries.Ranking     // the rankings the children take part in (for their scores in the list)
	Anonymous bool                   // peers are anonymised for this user
	SystemAvg *queries.SystemAverage // the radar group's system average (RadarGroup), one scoped read
	Reports   *ReportCard            // the 报告中心 card; nil for users who receive no report
	// Extra holds sections added by other features (overdue rectifications …),
	// shown after the charts.
	Extra []Section
}

// overviewView is the overview as the template reads it.
type overviewView struct {
	*OverviewData
	Title string
	Stats []Stat
	Cards []Card
}

// Overview renders the overview page.
func (p *Pages) Overview(w io.Writer, d *OverviewData) error {
	d.Lang = Lang(d.Lang)
	v := &overviewView{OverviewData: d, Title: d.Unit.Name}
	lang := d.Lang
	selfRow := findRow(d.Self, d.Unit.Code)
	v.Stats = unitStats(lang, d.Score, d.Self, selfRow)
	if d.Group != nil && (d.Self == nil || d.Group.Group != d.Self.Group) {
		v.Stats = append(v.Stats, groupStats(lang, d.Group)...)
	}
	radarGroup, focus := RadarGroup(d)
	charts := []Chart{RankingBar(lang, d.Group, ""), GradeDistribution(lang, d.Group)}
	heat, radar := SystemHeatmap(lang, d.Group), SystemRadar(lang, radarGroup, focus, d.SystemAvg)
	if !heat.Empty {
		charts = append(charts, heat, radar)
	}
	losses := []Chart{LossBars(lang, ByIndicator, d.ByInd, d.Period, 12), LossBars(lang, ByDept, d.ByDept, d.Period, 12)}
	if len(d.Period) == 4 {
		losses = []Chart{yearNote(lang, "chart-loss-ind", T(lang, "loss_ind_chart")), yearNote(lang, "chart-loss-dept", T(lang, "loss_dept_chart"))}
	}
	trend := ScoreTrend(lang, d.Unit.Name, d.Trend, d.SelfAvg)
	switch {
	case selfRow == nil:
		// The root is not ranked: its trend and the losses share a row.
		charts = append(charts, trend.span(4), losses[0].span(4), losses[1].span(4))
	case heat.Empty:
		// A department sees no heat map: radar and losses share a row.
		charts = append(charts, trend, RankTrend(lang, d.Unit.Name, d.Trend), radar.span(4), losses[0].span(4), losses[1].span(4))
	default:
		charts = append(charts, trend, RankTrend(lang, d.Unit.Name, d.Trend), losses[0], losses[1])
	}
	v.Cards = chartCards(charts...)
	v.Cards = append(v.Cards, childrenCards(lang, d.Children, append([]*queries.Ranking{d.Group}, d.ChildRank...), d.Period)...)
	v.Cards = pack(append(v.Cards, sectionCards(d.Extra)...))
	return p.render(w, "overview", "layout", v)
}

// RadarGroup is the ranking the overview's radar draws and the unit it
// focuses on: the unit in its own group when it is ranked, else the
// overview's group (the root's children). The server reads its average.
func RadarGroup(d *OverviewData) (*queries.Ranking, string) {
	if findRow(d.Self, d.Unit.Code) != nil {
		return d.Self, d.Unit.Code
	}
	return d.Group, ""
}

// yearNote stands for a chart that exists per quarter only.
func yearNote(lang, id, title string) Chart {
	c := emptyChart(lang, id, "note", title)
	c.Note = T(lang, "no_data_year")
	return c
}

// findRow is the named row of code in r, or nil.
func findRow(r *queries.Ranking, code string) *queries.RankingRow {
	if r == nil {
		return nil
	}
	for i := range r.Rows {
		if c := r.Rows[i].UnitCode; c != nil && *c == code {
			return &r.Rows[i]
		}
	}
	return nil
}

// unitStats are a unit's key figures: score, rank "第 3 名 / 共 8 个" with its
// change, and grade.
func unitStats(lang string, score *queries.TrendPoint, group *queries.Ranking, row *queries.RankingRow) []Stat {
	var out []Stat
	switch {
	case row != nil:
		out = append(out, Stat{Label: T(lang, "score"), Value: fmt.Sprintf("%.2f", row.Score)})
	case score != nil:
		out = append(out, Stat{Label: T(lang, "score"), Value: fmt.Sprintf("%.2f", score.Score)})
	}
	if row != nil && group != nil {
		st := Stat{Label: T(lang, "rank"), Value: T(lang, "rank_of", row.Rank, group.Size), Note: ChangeText(lang, row.RankChange)}
		if row.RankChange != nil && *row.RankChange > 0 {
			st.Tone = "up"
			st.Note = "▲ " + st.Note
		} else if row.RankChange != nil && *row.RankChange < 0 {
			st.Tone = "down"
			st.Note = "▼ " + st.Note
		}
		out = append(out, st)
		g := Stat{Label: T(lang, "grade"), Value: GradeName(lang, row.Grade), Tone: gradeTone(row.Grade)}
		if row.Vetoed {
			g.Note = T(lang, "vetoed")
		}
		out = append(out, g)
	}
	return out
}

func gradeTone(g string) string {
	switch g {
	case "excellent":
		return "good"
	case "fail":
		return "bad"
	}
	return ""
}

// groupStats are a ranking's key figures from its summary (queries'
// Summary, over the rows the ranking shows): size, mean, excellent and
// fail counts.
func groupStats(lang string, r *queries.Ranking) []Stat {
	if r == nil || len(r.Rows) == 0 {
		return nil
	}
	sm := r.Summary
	return []Stat{
		{Label: T(lang, "group_size"), Value: fmt.Sprint(sm.Units)},
		{Label: T(lang, "avg_score"), Value: fmt.Sprintf("%.2f", sm.Mean)},
		{Label: T(lang, "grade_units", GradeName(lang, "excellent")), Value: fmt.Sprint(sm.Grades["excellent"]), Tone: "good"},
		{Label: T(lang, "grade_units", GradeName(lang, "fail")), Value: fmt.Sprint(sm.Grades["fail"]), Tone: toneIf(sm.Grades["fail"] > 0, "bad")},
	}
}

func toneIf(ok bool, tone string) string {
	if ok {
		return tone
	}
	return ""
}

// kindOrder lists bureaus, then branches, then departments.
var kindOrder = map[string]int{"bureau": 0, "branch": 1, "department": 2}

// childrenCards list the units below, one table per peer group (a rank
// compares only within its group), each in rank order; the units no
// ranking holds follow in a last table. The first card keeps the id
// "card-children".
func childrenCards(lang string, children []queries.Unit, ranks []*queries.Ranking, period string) []Card {
	if len(children) == 0 {
		return nil
	}
	type placed struct {
		u   queries.Unit
		row *queries.RankingRow
	}
	byRank := make([][]placed, len(ranks))
	var rest []queries.Unit
	seen := map[string]bool{}
	for _, u := range children {
		if seen[u.Code] {
			continue
		}
		seen[u.Code] = true
		at := -1
		var x *queries.RankingRow
		for i, rk := range ranks {
			if x = findRow(rk, u.Code); x != nil {
				at = i
				break
			}
		}
		if at < 0 {
			rest = append(rest, u)
			continue
		}
		byRank[at] = append(byRank[at], placed{u, x})
	}
	var cards []Card
	add := func(title string, t *Table) {
		id := "card-children"
		if len(cards) > 0 {
			id = fmt.Sprintf("card-children-%d", len(cards)+1)
		}
		cards = append(cards, Card{ID: id, Title: title, Span: 12, Table: t, Compact: len(t.Rows) > 12})
	}
	for i, ps := range byRank {
		if len(ps) == 0 {
			continue
		}
		sort.SliceStable(ps, func(a, b int) bool { return ps[a].row.Rank < ps[b].row.Rank })
		t := childrenHead(lang)
		for _, p := range ps {
			t.Rows = append(t.Rows, childRow(lang, p.u, p.row, ranks[i].Size, period))
		}
		add(T(lang, "children")+" · "+groupTitle(lang, ranks[i], len(ps)), t)
	}
	if len(rest) > 0 {
		sort.SliceStable(rest, func(i, j int) bool { return kindOrder[rest[i].Kind] < kindOrder[rest[j].Kind] })
		t := childrenHead(lang)
		for _, u := range rest {
			t.Rows = append(t.Rows, childRow(lang, u, nil, 0, period))
		}
		title := T(lang, "children")
		if len(cards) > 0 {
			title += " · " + T(lang, "not_ranked")
		}
		add(title, t)
	}
	return cards
}

// groupTitle names a peer group by the kind of its units: "税务局（14 个）".
func groupTitle(lang string, r *queries.Ranking, n int) string {
	name := r.Group
	if _, kind, ok := strings.Cut(r.Group, ":"); ok {
		name = kindName(lang, kind)
	}
	return T(lang, "group_title", name, n)
}

func childrenHead(lang string) *Table {
	return &Table{Columns: []string{T(lang, "unit"), T(lang, "unit_kind"), T(lang, "score"), T(lang, "rank"), T(lang, "grade"), T(lang, "rank_change")}}
}

// childRow is one unit below with its result (x nil: not ranked).
func childRow(lang string, u queries.Unit, x *queries.RankingRow, size int, period string) []Cell {
	row := []Cell{{Text: u.Name, Href: unitLink(u.Code, period)}, {Text: kindName(lang, u.Kind), Class: "muted"}}
	if x == nil {
		return append(row, Cell{Text: "—", Class: "num muted"}, Cell{Text: "—", Class: "num muted"}, Cell{Text: "—", Class: "muted"}, Cell{Text: "—", Class: "muted"})
	}
	return append(row, Cell{Text: fmt.Sprintf("%.2f", x.Score), Class: "num"},
		Cell{Text: fmt.Sprintf("%d / %d", x.Rank, size), Class: "num"},
		Cell{Text: GradeName(lang, x.Grade), Class: "grade-" + x.Grade},
		changeCell(lang, x.RankChange))
}

func changeCell(lang string, c *int) Cell {
	switch {
	case c != nil && *c > 0:
		return Cell{Text: "▲ " + fmt.Sprint(*c), Class: "num up"}
	case c != nil && *c < 0:
		return Cell{Text: "▼ " + fmt.Sprint(-*c), Class: "num down"}
	case c != nil:
		return Cell{Text: "—", Class: "num muted"}
	}
	return Cell{Text: T(lang, "new_rank"), Class: "muted"}
}

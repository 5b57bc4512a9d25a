package dashboards

import (
	"fmt"
	"io"
	"sort"
	"strings"

	"jixiao/queries"
)

// MeetingData is one period of the quarterly review meeting (讲评会) for a
// scope: the group it ranks and where the points were lost.
type MeetingData struct {
	Page
	Unit  queries.Unit     // whose meeting: the user's unit, or ?unit=
	Group *queries.Ranking // the group under review
	// SystemAvg is Group's system average (one scoped read), for the radar
	// and the systems' talking points.
	SystemAvg *queries.SystemAverage
	ByInd     []queries.Loss // largest losses under Unit, by indicator
	ByDept    []queries.Loss // … by responsible department
	// Scores are the results of every unit under Unit in the period, for the
	// slide of units below the pass line (nil: the group's rows are used instead).
	Scores []queries.ScoreRow
	Auto   int // seconds between slides; 0 = by keyboard only
	// ExtraPoints are added to the summary slide's talking points, and
	// ExtraSlides shown before the closing slide, by features built later
	// (overdue rectifications …).
	ExtraPoints []string
	ExtraSlides []Slide
}

type meetingView struct {
	*MeetingData
	Title  string
	Slides []Slide
}

// Meeting renders meeting mode: full-screen slides with generated talking points.
func (p *Pages) Meeting(w io.Writer, d *MeetingData) error {
	d.Lang = Lang(d.Lang)
	v := &meetingView{MeetingData: d, Title: T(d.Lang, "slide_title", PeriodName(d.Lang, d.Period))}
	v.Slides = Slides(d)
	return p.render(w, "meeting", "meeting", v)
}

// Slides builds the meeting's slides: summary, ranking, risers and
// fallers, losses, the six systems, units below the pass line (60 by
// default), then any extra slides.
func Slides(d *MeetingData) []Slide {
	lang := Lang(d.Lang)
	r := d.Group
	summary := Slide{ID: "slide-summary", Title: T(lang, "slide_title", PeriodName(lang, d.Period)),
		Stats: groupStats(lang, r), Points: append(SummaryPoints(lang, r, d.ByInd), d.ExtraPoints...),
		Charts: []Chart{GradeDistribution(lang, r).WithID("m-grades")}}
	ranking := Slide{ID: "slide-ranking", Title: T(lang, "slide_ranking"), Points: RankingPoints(lang, r),
		Charts: []Chart{RankingBar(lang, r, "").WithID("m-ranking")}}
	movers := Slide{ID: "slide-movers", Title: T(lang, "slide_movers"), Points: MoverPoints(lang, r, 3),
		Charts: []Chart{RankChangeBar(lang, r).WithID("m-movers")}}
	losses := Slide{ID: "slide-losses", Title: T(lang, "slide_losses"), Points: LossPoints(lang, d.ByInd, d.ByDept),
		Charts: []Chart{LossBars(lang, ByIndicator, d.ByInd, d.Period, 10).WithID("m-loss-ind"), LossBars(lang, ByDept, d.ByDept, d.Period, 10).WithID("m-loss-dept")}}
	if len(d.Period) == 4 {
		losses.Charts, losses.Empty = nil, T(lang, "no_data_year")
	}
	systems := Slide{ID: "slide-systems", Title: T(lang, "slide_systems"), Points: SystemPoints(lang, r, d.SystemAvg),
		Charts: []Chart{SystemRadar(lang, r, "", d.SystemAvg).WithID("m-radar"), SystemHeatmap(lang, r).WithID("m-heatmap")}}
	line := passLine(r)
	low := belowRows(d, line)
	below := Slide{ID: "slide-below60", Title: T(lang, "slide_below", bound(line)), Points: BelowPoints(lang, low, line)}
	if t := belowTable(lang, low, 15); t != nil {
		below.Table = t
	} else {
		below.Empty = T(lang, "none_below", bound(line))
	}
	group := GroupScope(lang, d.Unit, r)
	summary.Scope, ranking.Scope, movers.Scope, systems.Scope = group, group, group, group
	losses.Scope = SubtreeScope(lang, d.Unit, 0)
	below.Scope = SubtreeScope(lang, d.Unit, len(belowPool(d)))
	out := []Slide{summary, ranking, movers, losses, systems, below}
	return append(out, d.ExtraSlides...)
}

// named is the short name of a named row, or "第N名" for an anonymised one.
func named(lang string, row queries.RankingRow) string {
	if row.UnitName == nil {
		return T(lang, "rank_n", row.Rank)
	}
	return ShortName(*row.UnitName)
}

// SummaryPoints: how many units, the mean, the grades (the ranking's
// summary), the largest loss.
func SummaryPoints(lang string, r *queries.Ranking, byInd []queries.Loss) []string {
	if r == nil || len(r.Rows) == 0 {
		return []string{T(lang, "no_data")}
	}
	sm := r.Summary
	out := []string{T(lang, "pt_summary", sm.Units, sm.Mean)}
	var names []any
	for i, g := range gradeOrder {
		n := GradeName(lang, g)
		if i > 0 && lang == "en" {
			n = strings.ToLower(n) // "Excellent 1, good 2, …"
		}
		names = append(names, n, sm.Grades[g])
	}
	out = append(out, T(lang, "pt_grades", names...))
	if len(byInd) > 0 {
		out = append(out, T(lang, "pt_top_loss", byInd[0].Name, byInd[0].Lost))
	}
	return out
}

// RankingPoints: the first and the last, and the spread between them.
func RankingPoints(lang string, r *queries.Ranking) []string {
	if r == nil || len(r.Rows) == 0 {
		return nil
	}
	first, last := r.Rows[0], r.Rows[len(r.Rows)-1]
	out := []string{T(lang, "pt_first", named(lang, first), first.Score)}
	if len(r.Rows) > 1 {
		out = append(out, T(lang, "pt_last", named(lang, last), last.Score), T(lang, "pt_spread", first.Score-last.Score))
	}
	for _, row := range r.Rows {
		if row.Vetoed && row.UnitName != nil {
			out = append(out, T(lang, "pt_vetoed", named(lang, row)))
		}
	}
	return out
}

// moverName is a mover's short name.
func moverName(m queries.Mover) string { return ShortName(m.UnitName) }

// MoverPoints: "来宾市局 上升 4 位" for the n biggest risers and fallers of
// the ranking's summary.
func MoverPoints(lang string, r *queries.Ranking, n int) []string {
	var out []string
	if r != nil {
		for _, ms := range [][]queries.Mover{r.Summary.Risers, r.Summary.Fallers} {
			for i := 0; i < len(ms) && i < n; i++ {
				ch := ms[i].RankChange
				out = append(out, moverName(ms[i])+" "+ChangeText(lang, &ch))
			}
		}
	}
	if len(out) == 0 {
		out = append(out, T(lang, "pt_no_movers"))
	}
	return out
}

// LossPoints: the indicators and the departments that lost the most.
func LossPoints(lang string, byInd, byDept []queries.Loss) []string {
	var out []string
	if len(byInd) > 0 {
		out = append(out, T(lang, "pt_loss_ind", byInd[0].Name, byInd[0].Lost, byInd[0].Units))
	}
	if len(byInd) > 1 {
		out = append(out, T(lang, "pt_loss_ind2", byInd[1].Name, byInd[1].Lost))
	}
	if len(byDept) > 0 {
		out = append(out, T(lang, "pt_loss_dept", DeptName(lang, byDept[0].Code), byDept[0].Lost))
	}
	missing := 0
	for _, l := range byInd {
		missing += l.Missing
	}
	if missing > 0 {
		out = append(out, T(lang, "pt_missing", missing))
	}
	return out
}

// SystemPoints: the strongest and the weakest system on the group average
// (ga, the scoped read), and the named unit lagging most on the weakest.
func SystemPoints(lang string, r *queries.Ranking, ga *queries.SystemAverage) []string {
	rows := namedWithSystems(r)
	if len(rows) == 0 || ga == nil || ga.Withheld {
		return nil
	}
	avg := ga.Systems
	best, worst := "", ""
	for _, sys := range systemOrder {
		v := avg[sys]
		if v == nil {
			continue
		}
		if best == "" || *v > *avg[best] {
			best = sys
		}
		if worst == "" || *v < *avg[worst] {
			worst = sys
		}
	}
	if best == "" {
		return nil
	}
	out := []string{T(lang, "pt_sys_best", SystemName(lang, best), *avg[best]), T(lang, "pt_sys_worst", SystemName(lang, worst), *avg[worst])}
	// The unit that lags most on the weakest system.
	var low *queries.RankingRow
	for i := range rows {
		if v := rows[i].Systems[worst]; v != nil && (low == nil || *v < *low.Systems[worst]) {
			low = &rows[i]
		}
	}
	if low != nil {
		out = append(out, T(lang, "pt_sys_low", named(lang, *low), SystemName(lang, worst), *low.Systems[worst]))
	}
	return out
}

// belowRows are the named results under the line, lowest first: from
// every unit under the meeting's unit when the server gave them, else from
// the group.
func belowRows(d *MeetingData, line float64) []queries.ScoreRow {
	var out []queries.ScoreRow
	for _, r := range belowPool(d) {
		if r.Score < line {
			out = append(out, r)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Score < out[j].Score })
	return out
}

// belowPool is the period's named results the below-the-line slide looks at.
func belowPool(d *MeetingData) []queries.ScoreRow {
	rows := d.Scores
	if rows == nil && d.Group != nil {
		for _, row := range d.Group.Rows {
			if row.UnitCode == nil {
				continue
			}
			grade, rank, size := row.Grade, row.Rank, d.Group.Size
			rows = append(rows, queries.ScoreRow{Period: d.Group.Period, UnitCode: *row.UnitCode, UnitName: *row.UnitName,
				Score: row.Score, Grade: &grade, Rank: &rank, Size: &size, Vetoed: row.Vetoed})
		}
	}
	var out []queries.ScoreRow
	for _, r := range rows {
		if r.Period == d.Period {
			out = append(out, r)
		}
	}
	return out
}

// BelowPoints: how many units scored under the line, and the lowest.
func BelowPoints(lang string, low []queries.ScoreRow, line float64) []string {
	if len(low) == 0 {
		return nil
	}
	list := ""
	for i, r := range low {
		if i == 5 {
			list += T(lang, "and_more")
			break
		}
		if i > 0 {
			list += "、"
		}
		list += ShortName(r.UnitName)
	}
	return []string{T(lang, "pt_below", len(low), bound(line), list)}
}

// belowTable lists at most n of the units under the line.
func belowTable(lang string, low []queries.ScoreRow, n int) *Table {
	if len(low) == 0 {
		return nil
	}
	t := &Table{Columns: []string{T(lang, "unit"), T(lang, "score"), T(lang, "rank"), T(lang, "grade")}}
	for i, r := range low {
		if i == n {
			break
		}
		rank, grade := Cell{Text: "—", Class: "num muted"}, Cell{Text: "—", Class: "muted"}
		if r.Rank != nil && r.Size != nil {
			rank = Cell{Text: fmt.Sprintf("%d / %d", *r.Rank, *r.Size), Class: "num"}
		}
		if r.Grade != nil {
			grade = Cell{Text: GradeName(lang, *r.Grade), Class: "grade-" + *r.Grade}
		}
		t.Rows = append(t.Rows, []Cell{{Text: r.UnitName, Href: unitLink(r.UnitCode, r.Period)},
			{Text: fmt.Sprintf("%.2f", r.Score), Class: "num bad"}, rank, grade})
	}
	return t
}

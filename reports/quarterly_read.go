package reports

import (
	"context"
	"fmt"
	"sort"

	"jixiao/data"
	"jixiao/queries"
)

// maxTrendUnits bounds the trend table (one query per unit).
const maxTrendUnits = 40

// subtree maps each named visible unit under the report's unit to its
// distance below it (0 = the unit itself).
func (q *Quarterly) subtree(ctx context.Context, src Source) (map[string]int, map[string]queries.Unit, error) {
	units, err := src.UnitsUnder(ctx, q.Unit.Code)
	if err != nil {
		return nil, nil, err
	}
	q.order = units
	byCode := make(map[string]queries.Unit, len(units))
	dist := make(map[string]int, len(units))
	for _, u := range units {
		byCode[u.Code], dist[u.Code] = u, u.Depth-q.Unit.Depth
	}
	return dist, byCode, nil
}

func (q *Quarterly) readScores(ctx context.Context, src Source) error {
	dist, byCode, err := q.subtree(ctx, src)
	if err != nil {
		return err
	}
	q.dist, q.units = dist, byCode
	rows, err := src.ScoresUnder(ctx, q.Period, q.Unit.Code)
	if err != nil {
		return err
	}
	for i, r := range rows {
		if r.UnitCode == q.Unit.Code {
			q.Self = &rows[i]
		}
	}
	sm, err := src.SummaryUnder(ctx, q.Period, q.Unit.Code)
	if err != nil {
		return err
	}
	q.Summary.Summary = sm
	if q.Self != nil && q.Self.Group != nil {
		r, err := src.RankingForUnit(ctx, q.Period, q.Unit.Code)
		if err := ignoreNotFound(err); err != nil {
			return err
		}
		for _, row := range rowsOf(r) {
			// The report's unit, not the viewer's (row.Self): an admin or a
			// city leader reads a county's report.
			if row.UnitCode != nil && *row.UnitCode == q.Unit.Code {
				q.SelfChange = row.RankChange
			}
		}
	}
	return nil
}

func rowsOf(r *queries.Ranking) []queries.RankingRow {
	if r == nil {
		return nil
	}
	return r.Rows
}

// readGroups ranks every group of the units one and two levels below the
// unit (its child bureaus, departments and their branches): nearer levels
// first, bureaus before branches before departments, then in tree order.
func (q *Quarterly) readGroups(ctx context.Context, src Source) error {
	seen := map[string]bool{}
	var firsts []queries.Unit
	for _, u := range q.unitsInOrder() {
		if d := q.dist[u.Code]; d < 1 || d > 2 || u.Group == nil || seen[*u.Group] {
			continue
		}
		seen[*u.Group] = true
		firsts = append(firsts, u)
	}
	kindOrder := map[string]int{"bureau": 0, "branch": 1, "department": 2}
	sort.SliceStable(firsts, func(i, j int) bool {
		a, b := firsts[i], firsts[j]
		if q.dist[a.Code] != q.dist[b.Code] {
			return q.dist[a.Code] < q.dist[b.Code]
		}
		return kindOrder[a.Kind] < kindOrder[b.Kind]
	})
	for _, u := range firsts {
		r, err := src.Ranking(ctx, q.Period, *u.Group)
		if err := ignoreNotFound(err); err != nil {
			return err
		}
		if r != nil {
			q.Groups = append(q.Groups, GroupTable{Group: *u.Group, Title: q.groupTitle(u), Ranking: r})
		}
	}
	return nil
}

func (q *Quarterly) unitsInOrder() []queries.Unit {
	out := make([]queries.Unit, 0, len(q.dist))
	for _, u := range q.order { // tree order
		if _, ok := q.dist[u.Code]; ok {
			out = append(out, u)
		}
	}
	return out
}

// groupTitle names a group for readers: 百色市局 · 下属税务局, or the matrix group's name.
func (q *Quarterly) groupTitle(member queries.Unit) string {
	if member.PeerGroup != nil && *member.PeerGroup != "" {
		return "对比组 " + *member.PeerGroup
	}
	parent := ""
	if member.ParentCode != nil {
		if p, ok := q.units[*member.ParentCode]; ok {
			parent = shortName(p.Name)
		}
	}
	return parent + " · " + data.KindGroupName("zh", member.Kind)
}

// readSystems compares the six systems across the main group (the child
// bureaus when there are any) with the unit's own sub-scores.
func (q *Quarterly) readSystems(ctx context.Context, src Source) error {
	g, err := src.OverviewGroup(ctx, q.Unit.Code)
	if err := ignoreNotFound(err); err != nil {
		return err
	}
	q.MainGroup = g
	rows := q.mainRows(ctx, src)
	means := map[string]*float64{}
	if g != "" {
		if means, err = src.SystemMeansUnder(ctx, q.Period, q.Unit.Code, g); err != nil {
			return err
		}
	}
	for _, sys := range queries.SystemCols {
		row := SystemRow{System: sys, Name: data.SystemName("zh", sys), Avg: means[sys]}
		if q.Self != nil {
			row.Self = q.Self.Systems[sys]
		}
		for _, r := range rows {
			v := r.Systems[sys]
			if v == nil || r.UnitName == nil || q.dist[*r.UnitCode] < 1 {
				continue // 下辖: units below the report's unit only, never its peers
			}
			if row.BestScore == nil || *v > *row.BestScore {
				row.Best, row.BestScore = shortName(*r.UnitName), v
			}
			if row.WorstScr == nil || *v < *row.WorstScr {
				row.Worst, row.WorstScr = shortName(*r.UnitName), v
			}
		}
		q.Systems = append(q.Systems, row)
	}
	return nil
}

// mainRows are the named rows of the main group's ranking.
func (q *Quarterly) mainRows(ctx context.Context, src Source) []queries.RankingRow {
	for _, g := range q.Groups {
		if g.Group == q.MainGroup {
			return namedRows(g.Ranking)
		}
	}
	if q.MainGroup == "" {
		return nil
	}
	r, err := src.Ranking(ctx, q.Period, q.MainGroup)
	if err != nil {
		return nil
	}
	return namedRows(r)
}

func namedRows(r *queries.Ranking) []queries.RankingRow {
	var out []queries.RankingRow
	for _, row := range rowsOf(r) {
		if row.UnitCode != nil {
			out = append(out, row)
		}
	}
	return out
}

func (q *Quarterly) readLosses(ctx context.Context, src Source) error {
	ind, err := src.LossesByIndicator(ctx, q.Period, q.Unit.Code, 1000)
	if err := ignoreNotFound(err); err != nil {
		return err
	}
	for _, l := range ind {
		q.Summary.Missing += l.Missing
	}
	q.LossesInd = ind[:min(len(ind), 10)]
	dept, err := src.LossesByDept(ctx, q.Period, q.Unit.Code, 10)
	q.LossesDept = dept
	return ignoreNotFound(err)
}

// readTrend reads the unit's last eight quarters and the main group's last four.
func (q *Quarterly) readTrend(ctx context.Context, src Source) error {
	p, _ := data.ParsePeriod(q.Period)
	var periods []string
	from8 := p
	for i := 0; i < 8; i++ {
		if i < 4 {
			periods = append([]string{from8.String()}, periods...)
		}
		if i < 7 {
			from8 = from8.Prev()
		}
	}
	var err error
	q.SelfTrend, err = src.Trend(ctx, q.Unit.Code, from8.String(), q.Period)
	if err := ignoreNotFound(err); err != nil {
		return err
	}
	q.Trend.Periods = periods
	for i, r := range q.mainRows(ctx, src) {
		if i >= maxTrendUnits {
			break
		}
		pts, err := src.Trend(ctx, *r.UnitCode, periods[0], q.Period)
		if err := ignoreNotFound(err); err != nil {
			return err
		}
		row := TrendRow{Code: *r.UnitCode, Name: *r.UnitName, Scores: make([]*float64, len(periods)), Ranks: make([]*int, len(periods))}
		for _, pt := range pts {
			for j, per := range periods {
				if pt.Period == per {
					v := pt.Score
					row.Scores[j], row.Ranks[j] = &v, pt.Rank
				}
			}
		}
		q.Trend.Rows = append(q.Trend.Rows, row)
	}
	return nil
}

// readWorkflow reads the quarter's appeals and meetings under the unit, and
// its rectification items: the quarter's and every one still open.
func (q *Quarterly) readWorkflow(ctx context.Context, src Source) error {
	var err error
	if q.Appeals, err = src.Appeals(ctx, queries.AppealFilter{Period: q.Period, Under: q.Unit.Code}); err != nil {
		return err
	}
	q.Summary.Appeals = map[string]int{}
	for _, a := range q.Appeals {
		q.Summary.Appeals[a.Status]++
	}
	f := queries.RectFilter{Under: q.Unit.Code, Current: q.Period}
	if q.Rects, err = src.Rectifications(ctx, f); err != nil {
		return err
	}
	if q.Summary.Rects, err = src.RectificationCounts(ctx, f); err != nil {
		return err
	}
	q.Meetings, err = src.Meetings(ctx, queries.MeetingFilter{Period: q.Period, Under: q.Unit.Code})
	return err
}

// shortName shortens a bureau's name as the dashboards do: 国家税务总局百色市税务局 → 百色市局.
func shortName(name string) string { return data.ShortName(name) }

func fmtScore(v float64) string { return fmt.Sprintf("%.2f", v) }

package reports

import "sort"

// Names lists, sorted and once each, the code of every unit the report
// names: the unit, its subtree's named units, the rows of its rankings and
// trend table, and the units of its appeals, rectifications and meetings.
// The report centre serves a stored report only to readers who still see
// every one of them named, so that a move of the unit tree never carries a
// unit to a reader outside its scope.
func (q *Quarterly) Names() []string {
	set := map[string]bool{q.Unit.Code: true}
	for _, u := range q.order {
		set[u.Code] = true
	}
	for _, g := range q.Groups {
		for _, r := range rowsOf(g.Ranking) {
			if r.UnitCode != nil {
				set[*r.UnitCode] = true
			}
		}
	}
	for _, r := range q.Trend.Rows {
		set[r.Code] = true
	}
	for _, a := range q.Appeals {
		set[a.UnitCode] = true
	}
	for _, r := range q.Rects {
		set[r.UnitCode] = true
	}
	for _, m := range q.Meetings {
		set[m.UnitCode] = true
	}
	out := make([]string, 0, len(set))
	for c := range set {
		if c != "" {
			out = append(out, c)
		}
	}
	sort.Strings(out)
	return out
}

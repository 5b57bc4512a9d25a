package queries

import (
	"sort"
)

// The scoped reads of ranking.go, trend.go and breakdown.go answered from a
// Snapshot. Each returns exactly what its Store method returns for the
// same data version, or ErrSnapshotMiss where the SQL would fail.

// GroupOf is Store.GroupOf.
func (sn *Snapshot) GroupOf(sc Scope, unit string) (string, error) {
	if err := sn.mustSee(sc, unit); err != nil {
		return "", err
	}
	g, ok := sn.grpOf(unit)
	if !ok {
		return "", ErrNotFound // the root is not ranked
	}
	return g, nil
}

// RankingForUnit is Store.RankingForUnit.
func (sn *Snapshot) RankingForUnit(sc Scope, period, unit string) (*Ranking, error) {
	g, err := sn.GroupOf(sc, unit)
	if err != nil {
		return nil, err
	}
	return sn.Ranking(sc, period, g)
}

// Ranking is Store.Ranking.
func (sn *Snapshot) Ranking(sc Scope, period, group string) (*Ranking, error) {
	if !sn.seesPeriod(sc, period) {
		return nil, ErrNotFound
	}
	type cand struct {
		s     *snapScore
		u     *snapUnit
		named bool
	}
	var cs []cand
	for _, i := range sn.byGroup[period+"\x00"+group] {
		s := &sn.scores[i]
		u, ok := sn.unit(s.unit)
		if !ok {
			continue // JOIN units
		}
		named := sn.named(sc, s.unit, u.grp)
		if !named && !sn.anonPeer(sc, u.grp) {
			continue
		}
		if !s.rank.Valid || !s.size.Valid || !s.grade.Valid {
			return nil, ErrSnapshotMiss // the SQL fails to scan a NULL there
		}
		cs = append(cs, cand{s, u, named})
	}
	if len(cs) == 0 {
		return nil, ErrNotFound
	}
	// ORDER BY rank, sort_key (NULLS LAST).
	sort.SliceStable(cs, func(i, j int) bool {
		a, b := cs[i], cs[j]
		if a.s.rank.Int64 != b.s.rank.Int64 {
			return a.s.rank.Int64 < b.s.rank.Int64
		}
		if a.u.sortKey.Valid != b.u.sortKey.Valid {
			return a.u.sortKey.Valid
		}
		return a.u.sortKey.String < b.u.sortKey.String
	})
	r := &Ranking{Period: period, Group: group, Rows: make([]RankingRow, 0, len(cs))}
	for _, c := range cs {
		s := c.s
		row := RankingRow{Rank: int(s.rank.Int64), Score: s.score, Grade: s.grade.String, Vetoed: s.vetoed, Self: s.unit == sc.Unit}
		r.Size = int(s.size.Int64)
		if c.named {
			code, name := s.unit, c.u.name
			row.UnitCode, row.UnitName = &code, &name
			row.RankChange = nullInt(s.rankChange)
			row.Systems = systemsMap(s.sys[:])
		} else {
			row.Vetoed = false
			row.Systems = map[string]*float64{}
		}
		r.Rows = append(r.Rows, row)
	}
	return r, nil
}

// Trend is Store.Trend.
func (sn *Snapshot) Trend(sc Scope, unit, from, to string) ([]TrendPoint, error) {
	if err := sn.mustSee(sc, unit); err != nil {
		return nil, err
	}
	years := isYear(from) || isYear(to)
	out := []TrendPoint{}
	for _, i := range sn.byUnit[unit] {
		s := &sn.scores[i]
		if s.isYear != years || (from != "" && s.period < from) || (to != "" && s.period > to) || !sn.seesPeriod(sc, s.period) || len(out) >= 1000 {
			continue
		}
		out = append(out, TrendPoint{Period: s.period, Score: s.score, Rank: nullInt(s.rank), Size: nullInt(s.size),
			Grade: nullStr(s.grade), Vetoed: s.vetoed})
	}
	return out, nil
}

// Breakdown is Store.Breakdown.
func (sn *Snapshot) Breakdown(sc Scope, unit, period string) (*Breakdown, error) {
	if err := sn.mustSee(sc, unit); err != nil {
		return nil, err
	}
	if !sn.seesPeriod(sc, period) {
		return nil, ErrNotFound
	}
	b := &Breakdown{UnitCode: unit, Period: period, Indicators: []IndicatorResult{}, Adjustments: []Adjustment{}}
	found := false
	for _, i := range sn.byUnit[unit] {
		s := &sn.scores[i]
		if s.period != period || s.isYear {
			continue
		}
		if !s.base.Valid || !s.bonus.Valid || !s.penalty.Valid {
			return nil, ErrSnapshotMiss // "incomplete score"
		}
		b.Score, b.Base, b.Bonus, b.Penalty, b.Vetoed = s.score, s.base.Float64, s.bonus.Float64, s.penalty.Float64, s.vetoed
		found = true
	}
	if !found {
		return nil, ErrNotFound
	}
	u, ok := sn.unit(unit)
	if !ok {
		return nil, ErrNotFound
	}
	b.UnitName = u.name
	if ord, ok := sn.quarters[period]; ok {
		err := sn.results(unit, ord, func(a *snapAttr, v *snapValue, target, earned, lost float64) {
			r := IndicatorResult{Code: a.code, Name: a.name, System: a.system, Unit: a.displayUnit, LeadDept: a.leadDept,
				Weight: a.weight, Target: target, Earned: round2(earned), Lost: round2(lost), Missing: v == nil}
			if v != nil {
				actual := v.actual
				r.Actual, r.Decided = &actual, v.decided
				if v.note >= 0 {
					r.Note = sn.notes[v.note]
				}
			}
			b.Indicators = append(b.Indicators, r)
		})
		if err != nil {
			return nil, err
		}
	}
	b.Adjustments = append(b.Adjustments, sn.adjust[unit+"\x00"+period]...)
	return b, nil
}

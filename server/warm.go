package server

import (
	"context"
	"sort"

	"jixiao/queries"
	"jixiao/queries/reads"
)

// Warmer is extra warming for a scope and its user's unit, for page code
// that reads more than the overview API does. Register with AddWarmer
// before the server starts serving.
type Warmer func(ctx context.Context, v *reads.View, unit string)

// AddWarmer adds a warming step run for every user's scope after each data change.
func (s *Server) AddWarmer(w Warmer) {
	s.warmers = append(s.warmers, w)
}

// maxWarmScopes bounds one warming run; leaders come first, as the review
// meeting's room is mostly leaders.
const maxWarmScopes = 2000

// warmScopes computes the overview of every distinct scope among the
// users in a new data version (the read door runs it before and after
// publishing the version), so that a room opening the overview at once
// hits warm data.
func (s *Server) warmScopes(ctx context.Context, open func(queries.Scope) *reads.View) {
	accs, err := s.Accounts.All(ctx)
	if err != nil {
		if ctx.Err() == nil {
			s.log.Warn("warming: users", "err", err)
		}
		return
	}
	rank := map[string]int{"admin": 0, "leader": 1, "committee": 2, "office": 3, "dept": 4, "staff": 5}
	sort.SliceStable(accs, func(i, j int) bool { return rank[accs[i].Role] < rank[accs[j].Role] })
	pol := s.policy.get()
	seen := map[string]bool{}
	for _, a := range accs {
		if ctx.Err() != nil || len(seen) >= maxWarmScopes {
			return
		}
		sc := pol.ScopeOf(&a)
		unit := a.UnitCode
		k := sc.Key() + "|" + unit
		if seen[k] || len(sc.Statuses) == 0 {
			continue
		}
		seen[k] = true
		v := open(sc)
		for _, period := range warmPeriods(ctx, v) {
			if _, err := s.overviewJSON(ctx, v, unit, period); err != nil && ctx.Err() == nil {
				s.log.Debug("warming overview", "user", a.Username, "period", period, "err", err)
			}
		}
		for _, w := range s.warmers {
			w(ctx, v, unit)
		}
	}
}

// warmPeriods are the periods whose overview a scope is likely to open:
// the default (newest visible quarter, "") and the newest quarter in
// review, which is the one a review meeting discusses while the office
// already collects the next.
func warmPeriods(ctx context.Context, v *reads.View) []string {
	out := []string{""}
	ps, err := v.Periods(ctx)
	if err != nil {
		return out
	}
	latest := ""
	for _, p := range ps {
		if len(p.Period) != 6 {
			continue
		}
		if latest == "" {
			latest = p.Period
		}
		if p.Status == "review" {
			if p.Period != latest {
				out = append(out, p.Period)
			}
			break
		}
	}
	return out
}

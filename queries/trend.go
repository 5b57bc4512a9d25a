package queries

import (
	"context"
)

// TrendPoint is a unit's result in one period.
type TrendPoint struct {
	Period string  `json:"period"`
	Score  float64 `json:"score"`
	Rank   *int    `json:"rank"`
	Size   *int    `json:"size"`
	Grade  *string `json:"grade"`
	Vetoed bool    `json:"vetoed"`
}

// Trend returns a named unit's quarters (or years, when from and to are
// years) between from and to inclusive; empty bounds are open.
func (s *Store) Trend(ctx context.Context, sc Scope, unit, from, to string) ([]TrendPoint, error) {
	h, hs, err := s.heldScope(ctx, sc)
	if err != nil {
		return nil, err
	}
	if !hs.sees(unit, seeNamed) {
		return nil, ErrNotFound
	}
	years := isYear(from) || isYear(to)
	out := []TrendPoint{}
	for _, r := range h.byUnit[unit] {
		if r.isYear != years || (from != "" && r.period < from) || (to != "" && r.period > to) || !hs.visible[r.period] {
			continue
		}
		if len(out) >= 1000 {
			break
		}
		out = append(out, TrendPoint{Period: r.period, Score: r.score, Rank: nullInt(r.rank), Size: nullInt(r.size),
			Grade: nullStr(r.grade), Vetoed: r.vetoed})
	}
	return out, nil
}

func isYear(p string) bool { return len(p) == 4 }

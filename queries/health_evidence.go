package queries

import (
	"context"
	"fmt"
	"math"
)

// HealthEvidence is what the office shows for one indicator's health: the
// distribution of its completion ratio, the scatter against its most
// correlated indicator of the same tier, and the versions of other tiers
// sharing its name. Only units the scope sees named appear in it.
type HealthEvidence struct {
	Row         IndicatorHealth `json:"row"`
	Bins        []int           `json:"bins"` // ratio in [0,0.1), …, [0.9,1), and exactly 1
	Partner     string          `json:"partner"`
	PartnerName string          `json:"partner_name"`
	Correlation *float64        `json:"correlation"`
	Points      []ScatterPoint  `json:"points"`
	Twins       []VersionAt     `json:"twins"`
}

// ScatterPoint is one named unit's ratios on the indicator (X) and its partner (Y).
type ScatterPoint struct {
	UnitName string  `json:"unit_name"`
	X        float64 `json:"x"`
	Y        float64 `json:"y"`
}

// HealthEvidence returns the evidence of one indicator in the quarter;
// ErrNotFound when it applies to no unit in scope.
func (s *Store) HealthEvidence(ctx context.Context, sc Scope, period, code string) (*HealthEvidence, error) {
	rows, err := s.Health(ctx, sc, period)
	if err != nil {
		return nil, err
	}
	ev := &HealthEvidence{Bins: make([]int, 11), Points: []ScatterPoint{}, Twins: []VersionAt{}}
	found := false
	for _, r := range rows {
		if r.Code == code {
			ev.Row, found = r, true
		}
	}
	if !found {
		return nil, ErrNotFound
	}
	best := -2.0
	for other, c := range ev.Row.Correlations {
		if c > best || (c == best && other < ev.Partner) {
			best, ev.Partner = c, other
		}
	}
	if ev.Partner != "" {
		ev.Correlation = &best
	}
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	w, wa := sc.with()
	q := w + `, res AS (SELECT unit_code, indicator_code, name, ratio FROM (` + resultsSQL() + `)
	                  WHERE NOT missing AND unit_code IN (SELECT unit_code FROM vis WHERE named))
	SELECT a.ratio, b.ratio, b.name, u.name FROM res a JOIN units u ON u.code = a.unit_code
	LEFT JOIN res b ON b.unit_code = a.unit_code AND b.indicator_code = ?
	WHERE a.indicator_code = ? ORDER BY u.sort_key LIMIT 100000`
	dbRows, err := s.db.QueryContext(ctx, q, append(wa, period, ev.Partner, code)...)
	if err != nil {
		return nil, fmt.Errorf("health evidence: %w", err)
	}
	defer dbRows.Close()
	for dbRows.Next() {
		var x float64
		var y *float64
		var pname *string
		var unit string
		if err := dbRows.Scan(&x, &y, &pname, &unit); err != nil {
			return nil, err
		}
		ev.Bins[int(math.Min(10, math.Floor(x*10)))]++
		if y != nil {
			ev.Points = append(ev.Points, ScatterPoint{UnitName: unit, X: roundTo(x, 4), Y: roundTo(*y, 4)})
			ev.PartnerName = *pname
		}
	}
	if err := dbRows.Err(); err != nil {
		return nil, err
	}
	ord, err := s.quarterOrd(ctx, sc, period)
	if err != nil {
		return nil, err
	}
	vs, err := s.versionsAt(ctx, ord)
	if err != nil {
		return nil, err
	}
	for _, c := range ev.Row.DoubleWith {
		ev.Twins = append(ev.Twins, vs[c])
	}
	return ev, nil
}

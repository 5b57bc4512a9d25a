package queries

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
)

// SystemAverage is a peer group's mean of each system sub-score in one
// period, over the group's scored units the scope sees, as the radar draws
// it beside a unit. When some of those units are anonymised to the scope
// and there are fewer than MinGroup of them, the average is withheld: with
// two to four units, a mean and one's own scores give away an anonymised
// peer's system scores.
type SystemAverage struct {
	Period   string              `json:"period"`
	Group    string              `json:"group"`
	Units    int                 `json:"units"`
	Systems  map[string]*float64 `json:"systems"` // nil when withheld
	Withheld bool                `json:"withheld"`
	MinGroup int                 `json:"min_group"`
}

// DefaultMinGroupForAverage is the setting privacy.min_group_for_average.
const DefaultMinGroupForAverage = 5

// MinGroupForAverage reads privacy.min_group_for_average (default 5; a
// value below 1 or not a whole number is ignored).
func (s *Store) MinGroupForAverage(ctx context.Context) int {
	var v string
	if err := s.db.QueryRowContext(ctx, "SELECT value FROM settings WHERE key = 'privacy.min_group_for_average'").Scan(&v); err != nil {
		return DefaultMinGroupForAverage
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 {
		return DefaultMinGroupForAverage
	}
	return n
}

// GroupSystemAverage is the system average of group in period (a quarter
// or a year) over the rows the scope sees, named or anonymised, or
// ErrNotFound when it sees none.
func (s *Store) GroupSystemAverage(ctx context.Context, sc Scope, period, group string) (*SystemAverage, error) {
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	min := s.MinGroupForAverage(ctx)
	n, na := sc.sees("s.unit_code", "u.grp", seeNamed)
	v, va := sc.sees("s.unit_code", "u.grp", seeAny)
	p, pa := sc.periodCond("s.period")
	avg := func(col string) string { return half2("avg(s." + col + "::DOUBLE)") }
	q := `SELECT count(*), count(*) FILTER (WHERE ` + n + `), ` + avg("law") + `, ` + avg("taxsys") + `, ` + avg("service") + `, ` +
		avg("admin") + `, ` + avg("info") + `, ` + avg("org") + `
		FROM scores s JOIN units u ON u.code = s.unit_code
		WHERE s.period = ? AND s.grp = ? AND ` + p + ` AND ` + v
	args := append(append(append(na, period, group), pa...), va...)
	out := &SystemAverage{Period: period, Group: group, MinGroup: min}
	var named int
	sys := make([]sql.NullFloat64, 6)
	if err := s.db.QueryRowContext(ctx, q, args...).Scan(&out.Units, &named, &sys[0], &sys[1], &sys[2], &sys[3], &sys[4], &sys[5]); err != nil {
		return nil, fmt.Errorf("group average: %w", err)
	}
	if out.Units == 0 {
		return nil, ErrNotFound
	}
	if named < out.Units && out.Units < min {
		out.Withheld = true
		return out, nil
	}
	out.Systems = systemsMap(sys)
	return out, nil
}

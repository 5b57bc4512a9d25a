package queries

import (
	"context"
	"database/sql"
	"fmt"
)

// Indicator is one version of an indicator from the catalogue.
type Indicator struct {
	Code      string   `json:"code"`
	Version   int      `json:"version"`
	Name      string   `json:"name"`
	System    string   `json:"system"`
	Tier      string   `json:"tier"`
	Levels    string   `json:"levels"`
	Unit      string   `json:"unit"`
	Direction string   `json:"direction"`
	Rule      string   `json:"rule"`
	Weight    float64  `json:"weight"`
	Target    float64  `json:"target"`
	Floor     *float64 `json:"floor"`
	LeadDept  string   `json:"lead_dept"`
	CoopDepts string   `json:"coop_depts"`
	Method    string   `json:"method"`
	Source    string   `json:"source"`
	KeyTask   bool     `json:"key_task"`
	ValidFrom string   `json:"valid_from"`
	ValidTo   string   `json:"valid_to"`
}

// Indicators lists the catalogue (every version), by code. The catalogue is
// not unit data: every signed-in user may read it.
func (s *Store) Indicators(ctx context.Context, code string) ([]Indicator, error) {
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	rows, err := s.db.QueryContext(ctx, `SELECT code, version, name, system, tier, levels, coalesce(unit, ''), direction, rule, weight, target, floor,
		coalesce(lead_dept, ''), coalesce(coop_depts, ''), coalesce(method, ''), coalesce(source, ''), key_task, coalesce(valid_from, ''), coalesce(valid_to, '')
		FROM indicators WHERE (? = '' OR code = ?) ORDER BY code, version`, code, code)
	if err != nil {
		return nil, fmt.Errorf("indicators: %w", err)
	}
	defer rows.Close()
	out := []Indicator{}
	for rows.Next() {
		var i Indicator
		var floor sql.NullFloat64
		if err := rows.Scan(&i.Code, &i.Version, &i.Name, &i.System, &i.Tier, &i.Levels, &i.Unit, &i.Direction, &i.Rule, &i.Weight, &i.Target, &floor,
			&i.LeadDept, &i.CoopDepts, &i.Method, &i.Source, &i.KeyTask, &i.ValidFrom, &i.ValidTo); err != nil {
			return nil, err
		}
		i.Floor = nullFloat(floor)
		out = append(out, i)
	}
	return out, rows.Err()
}

// IndicatorValue is one named visible unit's value of an indicator in a quarter.
type IndicatorValue struct {
	UnitCode string   `json:"unit_code"`
	UnitName string   `json:"unit_name"`
	Actual   *float64 `json:"actual"`
	Target   float64  `json:"target"`
	Earned   float64  `json:"earned"`
	Weight   float64  `json:"weight"`
	Missing  bool     `json:"missing"`
}

// IndicatorValues lists an indicator across the named visible units in a quarter.
func (s *Store) IndicatorValues(ctx context.Context, sc Scope, code, period string) ([]IndicatorValue, error) {
	if err := s.mustSeePeriod(ctx, sc, period); err != nil {
		return nil, err
	}
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	sc, err := s.widest(ctx, sc)
	if err != nil {
		return nil, err
	}
	v, args := sc.sees("r.unit_code", "", seeNamed)
	rows, err := s.db.QueryContext(ctx, `SELECT r.unit_code, u.name, r.actual, r.target, `+half2("r.earned")+`, r.weight, r.missing
		FROM results r JOIN units u ON u.code = r.unit_code
		WHERE r.indicator_code = ? AND r.period = ? AND `+v+` ORDER BY u.sort_key LIMIT 200000`, append([]any{code, period}, args...)...)
	if err != nil {
		return nil, fmt.Errorf("indicator values: %w", err)
	}
	defer rows.Close()
	out := []IndicatorValue{}
	for rows.Next() {
		var x IndicatorValue
		var a sql.NullFloat64
		if err := rows.Scan(&x.UnitCode, &x.UnitName, &a, &x.Target, &x.Earned, &x.Weight, &x.Missing); err != nil {
			return nil, err
		}
		x.Actual = nullFloat(a)
		out = append(out, x)
	}
	return out, rows.Err()
}

// Completion is an indicator's completion over the named visible units in one quarter.
type Completion struct {
	Period  string  `json:"period"`
	Rate    float64 `json:"rate"` // mean share of the weight earned, in %
	Units   int     `json:"units"`
	Missing int     `json:"missing"`
}

// IndicatorCompletion returns the completion of an indicator per visible quarter.
func (s *Store) IndicatorCompletion(ctx context.Context, sc Scope, code string) ([]Completion, error) {
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	sc, err := s.widest(ctx, sc)
	if err != nil {
		return nil, err
	}
	p, pa := sc.periodCond("r.period")
	v, va := sc.sees("r.unit_code", "", seeNamed)
	rows, err := s.db.QueryContext(ctx, `SELECT r.period, `+half2("100 * avg(r.ratio)")+`, count(*), count(*) FILTER (WHERE r.missing)
		FROM results r
		WHERE r.indicator_code = ? AND `+p+` AND `+v+` GROUP BY r.period ORDER BY r.period`, append(append([]any{code}, pa...), va...)...)
	if err != nil {
		return nil, fmt.Errorf("indicator completion: %w", err)
	}
	defer rows.Close()
	out := []Completion{}
	for rows.Next() {
		var c Completion
		if err := rows.Scan(&c.Period, &c.Rate, &c.Units, &c.Missing); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

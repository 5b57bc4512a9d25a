package queries

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
)

// HealthSettings are the thresholds of SPEC §10.2, kept as settings
// (health.full_share, health.missing_rate, health.correlation,
// health.appeal_rate, health.min_units, health.min_pairs).
type HealthSettings struct {
	FullShare   float64 `json:"full_share"`
	MissingRate float64 `json:"missing_rate"`
	Correlation float64 `json:"correlation"`
	AppealRate  float64 `json:"appeal_rate"`
	MinUnits    int     `json:"min_units"` // units with a value before non_discriminating applies
	MinPairs    int     `json:"min_pairs"` // units with both values before a correlation counts
}

// DefaultHealth is SPEC §10.2.
var DefaultHealth = HealthSettings{FullShare: 0.9, MissingRate: 0.2, Correlation: 0.95, AppealRate: 0.1, MinUnits: 5, MinPairs: 10}

// HealthSettingKeys are the settings the office may change.
var HealthSettingKeys = []string{"health.full_share", "health.missing_rate", "health.correlation", "health.appeal_rate"}

// LoadHealth reads the health thresholds, falling back to the defaults.
func (s *Store) LoadHealth(ctx context.Context) (HealthSettings, error) {
	h := DefaultHealth
	rows, err := s.db.QueryContext(ctx, "SELECT key, value FROM settings WHERE key LIKE 'health.%'")
	if err != nil {
		return h, err
	}
	defer rows.Close()
	field := map[string]*float64{"health.full_share": &h.FullShare, "health.missing_rate": &h.MissingRate,
		"health.correlation": &h.Correlation, "health.appeal_rate": &h.AppealRate}
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return h, err
		}
		f, ferr := strconv.ParseFloat(v, 64)
		if p := field[k]; p != nil && ferr == nil && f >= 0 && !math.IsNaN(f) && !math.IsInf(f, 0) {
			*p = f
		}
	}
	return h, rows.Err()
}

// IndicatorHealth is one row of SPEC §10.2.
type IndicatorHealth struct {
	Code          string             `json:"code"`
	Name          string             `json:"name"`
	Tier          string             `json:"tier"`
	System        string             `json:"system"`
	Units         int                `json:"units"`
	WithValue     int                `json:"with_value"`
	ShareFull     *float64           `json:"share_full"`
	MissingRate   float64            `json:"missing_rate"`
	AppealRate    float64            `json:"appeal_rate"`
	Appeals       int                `json:"appeals"`
	RedundantWith []string           `json:"redundant_with"`
	Correlations  map[string]float64 `json:"correlations"`
	DoubleWith    []string           `json:"double_assessed_with"`
	Flags         []string           `json:"flags"`
}

// Health returns one row per indicator version valid in the quarter that
// applies to at least one unit in scope, computed over those units
// (anonymised peers count; their codes never appear), flagged rows first.
func (s *Store) Health(ctx context.Context, sc Scope, period string) ([]IndicatorHealth, error) {
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	ord, err := s.quarterOrd(ctx, sc, period)
	if err != nil {
		return nil, err
	}
	hs, err := s.LoadHealth(ctx)
	if err != nil {
		return nil, err
	}
	out, idx, err := s.healthRows(ctx, sc, period)
	if err != nil {
		return nil, err
	}
	if err := s.healthPairs(ctx, sc, period, hs, out, idx); err != nil {
		return nil, err
	}
	if err := s.healthTwins(ctx, ord, out, idx); err != nil {
		return nil, err
	}
	for i := range out {
		h := &out[i]
		if h.ShareFull != nil && h.WithValue >= hs.MinUnits && roundTo(*h.ShareFull, 6) >= hs.FullShare {
			h.Flags = append(h.Flags, "non_discriminating")
		}
		if roundTo(h.MissingRate, 6) >= hs.MissingRate {
			h.Flags = append(h.Flags, "often_missing")
		}
		if roundTo(h.AppealRate, 6) >= hs.AppealRate {
			h.Flags = append(h.Flags, "often_appealed")
		}
		if len(h.RedundantWith) > 0 {
			h.Flags = append(h.Flags, "redundant")
		}
		if len(h.DoubleWith) > 0 {
			h.Flags = append(h.Flags, "double_assessed")
		}
		if h.ShareFull != nil {
			v := roundTo(*h.ShareFull, 6)
			h.ShareFull = &v
		}
		h.MissingRate, h.AppealRate = roundTo(h.MissingRate, 6), roundTo(h.AppealRate, 6)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if (len(out[i].Flags) > 0) != (len(out[j].Flags) > 0) {
			return len(out[i].Flags) > 0
		}
		return out[i].Code < out[j].Code
	})
	return out, nil
}

// healthRows counts, per version, the applicable units in scope, those with
// a value, those earning full points and the appeals filed.
func (s *Store) healthRows(ctx context.Context, sc Scope, period string) ([]IndicatorHealth, map[string]int, error) {
	w, wa := sc.with()
	q := w + `, res AS (SELECT * FROM (` + resultsSQL() + `) WHERE unit_code IN (SELECT unit_code FROM vis)),
	ap AS (SELECT indicator_code, count(*) AS n FROM appeals
	       WHERE period = ? AND unit_code IN (SELECT unit_code FROM vis) GROUP BY indicator_code)
	SELECT r.indicator_code, any_value(r.name), any_value(r.tier), any_value(r.system), count(*), count(r.actual),
	       count(*) FILTER (WHERE NOT r.missing AND r.ratio = 1), coalesce(any_value(ap.n), 0)
	FROM res r LEFT JOIN ap ON ap.indicator_code = r.indicator_code
	GROUP BY r.indicator_code ORDER BY r.indicator_code LIMIT 100000`
	rows, err := s.db.QueryContext(ctx, q, append(wa, period, period)...)
	if err != nil {
		return nil, nil, fmt.Errorf("health: %w", err)
	}
	defer rows.Close()
	out, idx := []IndicatorHealth{}, map[string]int{}
	for rows.Next() {
		h := IndicatorHealth{RedundantWith: []string{}, DoubleWith: []string{}, Flags: []string{}, Correlations: map[string]float64{}}
		var full int
		if err := rows.Scan(&h.Code, &h.Name, &h.Tier, &h.System, &h.Units, &h.WithValue, &full, &h.Appeals); err != nil {
			return nil, nil, err
		}
		if h.WithValue > 0 {
			v := float64(full) / float64(h.WithValue)
			h.ShareFull = &v
		}
		h.MissingRate = 1 - float64(h.WithValue)/float64(h.Units)
		h.AppealRate = float64(h.Appeals) / float64(h.Units)
		idx[h.Code] = len(out)
		out = append(out, h)
	}
	return out, idx, rows.Err()
}

// healthPairs finds the redundant pairs: indicators of one tier whose
// ratios over the units in scope having both correlate at or above the
// threshold (at least MinPairs units, both ratios varying).
func (s *Store) healthPairs(ctx context.Context, sc Scope, period string, hs HealthSettings, out []IndicatorHealth, idx map[string]int) error {
	w, wa := sc.with()
	q := w + `, res AS (SELECT unit_code, indicator_code, tier, ratio FROM (` + resultsSQL() + `)
	                  WHERE NOT missing AND unit_code IN (SELECT unit_code FROM vis))
	SELECT a.indicator_code, b.indicator_code, corr(a.ratio, b.ratio)
	FROM res a JOIN res b ON b.unit_code = a.unit_code AND b.tier = a.tier AND b.indicator_code > a.indicator_code
	GROUP BY 1, 2
	HAVING count(*) >= ? AND count(DISTINCT a.ratio) > 1 AND count(DISTINCT b.ratio) > 1
	ORDER BY 1, 2 LIMIT 100000`
	rows, err := s.db.QueryContext(ctx, q, append(wa, period, hs.MinPairs)...)
	if err != nil {
		return fmt.Errorf("health pairs: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var a, b string
		var c sql.NullFloat64
		if err := rows.Scan(&a, &b, &c); err != nil {
			return err
		}
		if !c.Valid || math.IsNaN(c.Float64) {
			continue
		}
		r := roundTo(c.Float64, 6)
		ia, oka := idx[a]
		ib, okb := idx[b]
		if !oka || !okb {
			continue
		}
		out[ia].Correlations[b], out[ib].Correlations[a] = r, r
		if r >= hs.Correlation {
			out[ia].RedundantWith = append(out[ia].RedundantWith, b)
			out[ib].RedundantWith = append(out[ib].RedundantWith, a)
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	for i := range out {
		sort.Strings(out[i].RedundantWith)
	}
	return nil
}

// healthTwins finds the indicators of another tier valid in the quarter
// with the same name once spaces are trimmed: the grassroots assessed again
// on what a bureau answers for.
func (s *Store) healthTwins(ctx context.Context, ord int, out []IndicatorHealth, idx map[string]int) error {
	vs, err := s.versionsAt(ctx, ord)
	if err != nil {
		return err
	}
	for code, i := range idx {
		me := vs[code]
		for _, v := range vs {
			if v.Tier != me.Tier && strings.TrimSpace(v.Name) == strings.TrimSpace(me.Name) {
				out[i].DoubleWith = append(out[i].DoubleWith, v.Code)
			}
		}
		sort.Strings(out[i].DoubleWith)
	}
	return nil
}

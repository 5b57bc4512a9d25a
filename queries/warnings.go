package queries

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"time"

	"jixiao/queries/scoring"
)

// Warning is one early warning of SPEC §10.4.
type Warning struct {
	Kind          string   `json:"kind"`     // near_threshold, falling, missing_data, rectification_due, rectification_overdue
	Severity      string   `json:"severity"` // high, medium, low
	UnitCode      string   `json:"unit_code"`
	UnitName      string   `json:"unit_name"`
	IndicatorCode *string  `json:"indicator_code"`
	Message       string   `json:"message"`
	Count         *int     `json:"count,omitempty"`      // missing_data: applicable indicators without a value
	Threshold     *float64 `json:"threshold,omitempty"`  // near_threshold: the grade threshold T
	Score         *float64 `json:"score,omitempty"`      // the rounded score
	PrevScore     *float64 `json:"prev_score,omitempty"` // falling: the previous quarter's rounded score
	ItemID        *int64   `json:"item_id,omitempty"`    // rectifications: the item
	PullID        *int64   `json:"pull_id,omitempty"`    // pull_failed: the pull (SPEC §11)
	Pull          string   `json:"pull,omitempty"`       // pull_failed: its name
}

// RectificationDueDays is how close a deadline must be for a warning.
const RectificationDueDays = 14

// Warnings returns the early warnings of a quarter over the units the scope
// sees named: units near a grade threshold, falling units, units with
// missing data, and due and overdue rectification items. Messages are in
// lang ("zh" or "en"). Ordered by severity, kind and unit.
func (s *Store) Warnings(ctx context.Context, sc Scope, period, lang string) ([]Warning, error) {
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	if _, err := s.quarterOrd(ctx, sc, period); err != nil {
		return nil, err
	}
	g, err := s.LoadGrading(ctx)
	if err != nil {
		return nil, err
	}
	out, err := s.scoreWarnings(ctx, sc, period, g, lang)
	if err != nil {
		return nil, err
	}
	rw, err := s.rectWarnings(ctx, sc, lang)
	if err != nil {
		return nil, err
	}
	out = append(out, rw...)
	sw, err := s.submissionWarnings(ctx, sc, period, lang, time.Now())
	if err != nil {
		return nil, err
	}
	out = append(out, sw...)
	sevRank := map[string]int{"high": 0, "medium": 1, "low": 2}
	kindRank := map[string]int{"rectification_overdue": 0, "near_threshold": 1, "falling": 2, "missing_data": 3, "rectification_due": 4,
		"submission_overdue": 0, "submission_due": 5, "submission_returned": 5}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if sevRank[a.Severity] != sevRank[b.Severity] {
			return sevRank[a.Severity] < sevRank[b.Severity]
		}
		if kindRank[a.Kind] != kindRank[b.Kind] {
			return kindRank[a.Kind] < kindRank[b.Kind]
		}
		return a.UnitCode < b.UnitCode
	})
	return out, nil
}

// scoreWarnings compares rounded scores as decimals in SQL (thresholds
// travel as strings cast to DECIMAL), so that 91.99 is below 90 + 2 exactly.
func (s *Store) scoreWarnings(ctx context.Context, sc Scope, period string, g scoring.Grading, lang string) ([]Warning, error) {
	w, wa := sc.with()
	dec := func(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }
	q := w + `SELECT s.unit_code, u.name, s.score::VARCHAR, s.rank IS NOT NULL, coalesce(s.missing, 0),
	       p.score::VARCHAR,
	       s.rank IS NOT NULL AND p.score IS NOT NULL AND p.score - s.score >= 5.00,
	       s.rank IS NOT NULL AND NOT s.vetoed AND s.score >= ?::DECIMAL(10,2) AND s.score < ?::DECIMAL(10,2) + 2,
	       s.rank IS NOT NULL AND s.score >= ?::DECIMAL(10,2) AND s.score < ?::DECIMAL(10,2) + 2,
	       s.rank IS NOT NULL AND s.score >= ?::DECIMAL(10,2) AND s.score < ?::DECIMAL(10,2) + 2
	FROM scores s JOIN units u ON u.code = s.unit_code
	LEFT JOIN scores p ON p.unit_code = s.unit_code AND NOT p.is_year AND p.ord = s.ord - 1
	     AND p.period IN (SELECT period FROM vp)
	WHERE s.period = ? AND NOT s.is_year AND s.unit_code IN (SELECT unit_code FROM vis WHERE named)
	ORDER BY u.sort_key LIMIT 1000000`
	args := append(wa, dec(g.Excellent), dec(g.Excellent), dec(g.Good), dec(g.Good), dec(g.Pass), dec(g.Pass), period)
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("warnings: %w", err)
	}
	defer rows.Close()
	out := []Warning{}
	for rows.Next() {
		var code, name, score string
		var ranked, falling, nExc, nGood, nPass bool
		var missing int
		var prev *string
		if err := rows.Scan(&code, &name, &score, &ranked, &missing, &prev, &falling, &nExc, &nGood, &nPass); err != nil {
			return nil, err
		}
		sf := decFloat(score)
		near := func(t float64, sev string) {
			ts, tf := dec(t), t
			out = append(out, Warning{Kind: "near_threshold", Severity: sev, UnitCode: code, UnitName: name, Threshold: &tf, Score: sf,
				Message: tr(lang, fmt.Sprintf("得分 %s，高出 %s 分档线不足 2 分", score, ts), fmt.Sprintf("score %s is less than 2 points above the %s threshold", score, ts))})
		}
		if nExc {
			near(g.Excellent, "low")
		}
		if nGood {
			near(g.Good, "medium")
		}
		if nPass {
			near(g.Pass, "high")
		}
		if falling {
			out = append(out, Warning{Kind: "falling", Severity: "high", UnitCode: code, UnitName: name, Score: sf, PrevScore: decFloat(*prev),
				Message: tr(lang, fmt.Sprintf("得分由上季度 %s 降至 %s", *prev, score), fmt.Sprintf("score fell from %s last quarter to %s", *prev, score))})
		}
		if missing > 0 {
			n := missing
			out = append(out, Warning{Kind: "missing_data", Severity: "medium", UnitCode: code, UnitName: name, Count: &n,
				Message: tr(lang, fmt.Sprintf("%d 项适用指标缺少台账数据，按 0 分计", n), fmt.Sprintf("%d applicable indicators have no value and earn 0", n))})
		}
	}
	return out, rows.Err()
}

// rectWarnings are the visible items not done whose deadline has passed or
// falls within RectificationDueDays, as the SQL of the list flags them.
func (s *Store) rectWarnings(ctx context.Context, sc Scope, lang string) ([]Warning, error) {
	items, err := s.Rectifications(ctx, sc, RectFilter{})
	if err != nil {
		return nil, err
	}
	out := []Warning{}
	for _, r := range items {
		if r.Status == "done" {
			continue
		}
		id := r.ID
		switch {
		case r.Overdue:
			out = append(out, Warning{Kind: "rectification_overdue", Severity: "high", UnitCode: r.UnitCode, UnitName: r.UnitName,
				IndicatorCode: r.IndicatorCode, ItemID: &id,
				Message: tr(lang, fmt.Sprintf("整改事项“%s”已逾期（期限 %s）", r.Title, r.Deadline), fmt.Sprintf("rectification “%s” is overdue (deadline %s)", r.Title, r.Deadline))})
		case r.Due:
			out = append(out, Warning{Kind: "rectification_due", Severity: "medium", UnitCode: r.UnitCode, UnitName: r.UnitName,
				IndicatorCode: r.IndicatorCode, ItemID: &id,
				Message: tr(lang, fmt.Sprintf("整改事项“%s”将于 %s 到期", r.Title, r.Deadline), fmt.Sprintf("rectification “%s” is due on %s", r.Title, r.Deadline))})
		}
	}
	return out, nil
}

// decFloat is a DECIMAL's text as a number (nil when it does not parse).
func decFloat(s string) *float64 {
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return nil
	}
	return &f
}

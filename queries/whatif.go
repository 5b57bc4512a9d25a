package queries

import (
	"context"
	"database/sql"
	"fmt"
	"maps"
	"math"
	"slices"
	"sort"
)

// Scenario is a weight what-if of SPEC §10.1: one quarter, one peer group
// (named, or the group of a unit), new weights of indicator codes and
// factors of whole systems (applied after the weights).
type Scenario struct {
	Period  string             `json:"period"`
	Group   string             `json:"group,omitempty"`
	Unit    string             `json:"unit,omitempty"`
	Weights map[string]float64 `json:"weights"`
	Systems map[string]float64 `json:"systems"`
}

// WhatIfRow is one unit of the group today and in the scenario; an
// anonymised unit has no code or name; a unit left with no applicable
// indicator has no scenario score, rank or grade.
type WhatIfRow struct {
	UnitCode    *string  `json:"unit_code"`
	UnitName    *string  `json:"unit_name"`
	Score       float64  `json:"score"`
	Rank        int      `json:"rank"`
	Grade       string   `json:"grade"`
	WhatIfScore *float64 `json:"whatif_score"`
	WhatIfRank  *int     `json:"whatif_rank"`
	WhatIfGrade *string  `json:"whatif_grade"`
	Self        bool     `json:"self"`
}

// WhatIf is a scenario's answer, ordered by whatif_rank (units without a
// scenario score last), then code; anonymised peers, which carry no
// scenario figures, follow in today's rank order.
type WhatIf struct {
	Period string      `json:"period"`
	Group  string      `json:"group"`
	Size   int         `json:"size"`
	Rows   []WhatIfRow `json:"rows"`
}

// Bounds of a scenario: a weight, a system factor, and the weight a
// version ends with (its weight, or the scenario's, times its system's
// factor). Beyond them sums overflow (1e308 scored as NaN) and no
// catalogue means it.
const (
	MaxScenarioWeight = 10000.0
	MaxScenarioFactor = 100.0
)

// checkScenario validates a scenario against the quarter's catalogue:
// every problem named by its key, at most MaxErrors of them (as an import).
func (s *Store) checkScenario(ctx context.Context, sc Scope, sn *Scenario) (int, error) {
	ord, err := s.quarterOrd(ctx, sc, sn.Period)
	if err != nil {
		return 0, err
	}
	vs, err := s.versionsAt(ctx, ord)
	if err != nil {
		return 0, err
	}
	var probs []ParamProblem
	add := func(key, msg string) {
		if len(probs) < MaxErrors {
			probs = append(probs, ParamProblem{Key: key, Message: msg})
		}
	}
	if (sn.Group == "") == (sn.Unit == "") {
		add("group", "give group or unit, one of them / 须指定 group 或 unit 之一")
	}
	for _, c := range slices.Sorted(maps.Keys(sn.Weights)) {
		w := sn.Weights[c]
		if _, ok := vs[c]; !ok {
			add(c, fmt.Sprintf("indicator %s has no version valid in %s / 指标 %s 在 %s 无有效版本", c, sn.Period, c, sn.Period))
		} else if !(w >= 0) || math.IsInf(w, 0) {
			add(c, "a weight must be zero or positive / 权重不能为负数")
		} else if w > MaxScenarioWeight {
			add(c, fmt.Sprintf("a weight may not exceed %g / 权重不能超过 %g", MaxScenarioWeight, MaxScenarioWeight))
		}
	}
	for _, k := range slices.Sorted(maps.Keys(sn.Systems)) {
		f := sn.Systems[k]
		switch {
		case !slices.Contains(SystemCols, k):
			add(k, fmt.Sprintf("unknown system %q (law, taxsys, service, admin, info, org) / 未知体系", k))
		case !(f >= 0) || math.IsInf(f, 0):
			add(k, "a factor must be zero or positive / 系数不能为负数")
		case f > MaxScenarioFactor:
			add(k, fmt.Sprintf("a factor may not exceed %g / 系数不能超过 %g", MaxScenarioFactor, MaxScenarioFactor))
		default:
			for _, c := range overweight(vs, sn.Weights, k, f) {
				add(k, fmt.Sprintf("%s × %g would give %s a weight above %g / 系数使指标 %s 的权重超过 %g", k, f, c, MaxScenarioWeight, c, MaxScenarioWeight))
			}
		}
	}
	if len(probs) > 0 {
		return 0, &ParamError{Problems: probs}
	}
	return ord, nil
}

// overweight lists, in code order, the versions of system sys whose weight
// (the scenario's or the stored one) times factor exceeds MaxScenarioWeight.
func overweight(vs map[string]VersionAt, weights map[string]float64, sys string, factor float64) []string {
	var out []string
	for code, v := range vs {
		w := v.Weight
		if nw, ok := weights[code]; ok {
			w = nw
		}
		if v.System == sys && w*factor > MaxScenarioWeight {
			out = append(out, code)
		}
	}
	sort.Strings(out)
	return out
}

// WhatIf scores a scenario for one peer group the scope sees, storing
// nothing: the quarter is rescored by the scoring statements into temp
// tables of one connection (ScoreScenarioGroup), and compared with today's
// stored results. The rows are those a ranking of the group shows the
// scope, anonymised alike.
func (s *Store) WhatIf(ctx context.Context, sc Scope, sn Scenario) (*WhatIf, error) {
	if _, err := s.checkScenario(ctx, sc, &sn); err != nil {
		return nil, err
	}
	group := sn.Group
	if sn.Unit != "" {
		g, err := s.GroupOf(ctx, sc, sn.Unit)
		if err != nil {
			return nil, err
		}
		group = g
	}
	today, err := s.groupToday(ctx, sc, sn.Period, group)
	if err != nil {
		return nil, err
	}
	scen, err := s.ScoreScenarioGroup(ctx, sn.Period, group, sn.Weights, sn.Systems)
	if err != nil {
		return nil, err
	}
	byCode := map[string]ScenarioRow{}
	for _, r := range scen {
		byCode[r.UnitCode] = r
	}
	out := &WhatIf{Period: sn.Period, Group: group, Rows: []WhatIfRow{}}
	codes := make([]string, len(today))
	order := make([]int, len(today)) // -1: anonymised, after every named row, in today's order
	for i, t := range today {
		out.Size = t.size
		row := WhatIfRow{Score: t.score, Rank: t.rank, Grade: t.grade, Self: t.code == sc.Unit}
		// An anonymised peer shows what its ranking row shows (anonymised):
		// its stored rank, score and grade, never a recomputed one.
		if anonymised(t.named) {
			order[i] = -1
			out.Rows = append(out.Rows, row)
			continue
		}
		code, name := t.code, t.name
		row.UnitCode, row.UnitName = &code, &name
		if r, ok := byCode[t.code]; ok && r.Group == group && r.Rank != nil {
			ws, rk, g := r.Score, *r.Rank, r.Grade
			row.WhatIfScore, row.WhatIfRank, row.WhatIfGrade = &ws, &rk, &g
		}
		codes[i] = t.code
		out.Rows = append(out.Rows, row)
	}
	idx := make([]int, len(out.Rows))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool {
		if oa, ob := order[idx[a]], order[idx[b]]; oa != ob {
			return oa > ob
		} else if oa < 0 {
			return false
		}
		ra, rb := out.Rows[idx[a]].WhatIfRank, out.Rows[idx[b]].WhatIfRank
		if (ra == nil) != (rb == nil) {
			return ra != nil
		}
		if ra != nil && *ra != *rb {
			return *ra < *rb
		}
		return codes[idx[a]] < codes[idx[b]]
	})
	sorted := make([]WhatIfRow, len(idx))
	for i, j := range idx {
		sorted[i] = out.Rows[j]
	}
	out.Rows = sorted
	return out, nil
}

type todayRow struct {
	code, name, grade string
	score             float64
	rank, size        int
	named             bool
}

// groupToday is the group's stored ranking of the quarter over the units
// the scope sees (named or anonymised); ErrNotFound when it sees none.
func (s *Store) groupToday(ctx context.Context, sc Scope, period, group string) ([]todayRow, error) {
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	w, wa := sc.with()
	q := w + `SELECT s.unit_code, u.name, s.score::DOUBLE, s.rank, s.size, s.grade, v.named
	FROM scores s JOIN units u ON u.code = s.unit_code JOIN vis v ON v.unit_code = s.unit_code
	WHERE s.period = ? AND NOT s.is_year AND s.grp = ? AND s.rank IS NOT NULL AND s.period IN (SELECT period FROM vp)
	ORDER BY s.rank, s.unit_code LIMIT 100000`
	rows, err := s.db.QueryContext(ctx, q, append(wa, period, group)...)
	if err != nil {
		return nil, fmt.Errorf("what-if: %w", err)
	}
	defer rows.Close()
	var out []todayRow
	for rows.Next() {
		var t todayRow
		var grade sql.NullString
		if err := rows.Scan(&t.code, &t.name, &t.score, &t.rank, &t.size, &grade, &t.named); err != nil {
			return nil, err
		}
		t.grade = grade.String
		out = append(out, t)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, ErrNotFound
	}
	return out, nil
}

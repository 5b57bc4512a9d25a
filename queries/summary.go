package queries

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"

	"jixiao/data"
)

// Summary is the key figures of a set of scored units as one scope sees
// them, computed once here for every face (overview, meeting, charts,
// report): how many units, their mean score (the mean of the rounded
// scores, rounded half-up to 2 decimals as SPEC §3.2), the lowest and the
// highest, how many earned each grade, how many of the named ones were
// vetoed, and for a ranking the biggest movers. Rows a scope sees
// anonymised count with their score and grade (the ranking shows both) but
// never with their veto or rank change (the ranking hides both).
type Summary struct {
	Units  int            `json:"units"`
	Mean   float64        `json:"mean"`
	Min    float64        `json:"min"`
	Max    float64        `json:"max"`
	Grades map[string]int `json:"grades"` // excellent, good, pass, fail (each present, 0 when none)
	Vetoed int            `json:"vetoed"` // named units vetoed
	// Risers and Fallers are the named units that moved against the
	// previous period, the biggest move first, equal moves in rank order
	// (a ranking's summary only).
	Risers  []Mover `json:"risers"`
	Fallers []Mover `json:"fallers"`
}

// Mover is a named unit of a ranking with its rank change (positive: up).
type Mover struct {
	UnitCode   string `json:"unit_code"`
	UnitName   string `json:"unit_name"`
	Rank       int    `json:"rank"`
	RankChange int    `json:"rank_change"`
}

// summaryCols are the summary's aggregate columns over scores s; named is
// the condition under which a row tells its veto.
func summaryCols(named string) string {
	return `count(*), ` + half2("sum(s.score)::DOUBLE / count(*)") + `, min(s.score)::DOUBLE, max(s.score)::DOUBLE,
		count(*) FILTER (WHERE s.grade = 'excellent'), count(*) FILTER (WHERE s.grade = 'good'),
		count(*) FILTER (WHERE s.grade = 'pass'), count(*) FILTER (WHERE s.grade = 'fail'),
		count(*) FILTER (WHERE s.vetoed AND ` + named + `)`
}

// scanSummary scans the columns of summaryCols after those of lead.
func scanSummary(sc interface{ Scan(...any) error }, lead ...any) (Summary, error) {
	var out Summary
	var mean, lo, hi sql.NullFloat64
	g := make([]int, len(data.Grades))
	if err := sc.Scan(append(lead, &out.Units, &mean, &lo, &hi, &g[0], &g[1], &g[2], &g[3], &out.Vetoed)...); err != nil {
		return out, err
	}
	if out.Units == 0 {
		return out, nil // nothing seen: the zero summary
	}
	out.Mean, out.Min, out.Max = mean.Float64, lo.Float64, hi.Float64
	out.Grades = make(map[string]int, len(data.Grades))
	for i, k := range data.Grades {
		out.Grades[k] = g[i]
	}
	return out, nil
}

// loadSummaries is the summary of every group and period over all its
// units, every one named (the held answer for the scopes that see a whole
// group named).
func loadSummaries(ctx context.Context, x sqlExecer) (map[heldGroupKey]Summary, error) {
	return loadSummariesInto(ctx, x, map[heldGroupKey]Summary{}, "true")
}

// loadSummariesInto adds to out the summaries of the groups and periods of
// scores s that where selects (a delta load reads the changed ones only).
func loadSummariesInto(ctx context.Context, x sqlExecer, out map[heldGroupKey]Summary, where string, args ...any) (map[heldGroupKey]Summary, error) {
	rows, err := x.QueryContext(ctx, `SELECT s.period, s.grp, `+summaryCols("true")+`
		FROM scores s JOIN units u ON u.code = s.unit_code WHERE s.grp IS NOT NULL AND (`+where+`) GROUP BY s.period, s.grp`, args...)
	if err != nil {
		return nil, fmt.Errorf("held summaries: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var k heldGroupKey
		sm, err := scanSummary(rows, &k.period, &k.grp)
		if err != nil {
			return nil, err
		}
		out[k] = sm
	}
	return out, rows.Err()
}

// errMoved says a write moved the data version between the held rows and
// the SQL asked beside them.
var errMoved = errors.New("data version moved")

// summarize sets r.Summary: the held summary of the group when the scope
// sees every unit of it named, else the same SQL over the units the scope
// sees (Scope.sees); the movers from r's own rows, which are anonymised
// already. errMoved when a write landed since h was loaded.
func (s *Store) summarize(ctx context.Context, sc Scope, h *held, hs *heldScope, r *Ranking) error {
	all := h.byGroup[heldGroupKey{r.Period, r.Group}]
	whole := true
	for _, sr := range all {
		if !hs.sees(sr.unit.code, seeNamed) {
			whole = false
			break
		}
	}
	sm, ok := h.summaries[heldGroupKey{r.Period, r.Group}]
	if !whole || !ok {
		var err error
		if sm, err = s.scopedSummary(ctx, sc, h, r.Period, r.Group); err != nil {
			return err
		}
	}
	// A copy per ranking: the held summary is shared by every reader.
	r.Summary = sm
	r.Summary.Grades = make(map[string]int, len(sm.Grades))
	for g, n := range sm.Grades {
		r.Summary.Grades[g] = n
	}
	r.Summary.Risers, r.Summary.Fallers = movers(r.Rows)
	return nil
}

// scopedSummaryKey is a scope's summary of one group and period.
type scopedSummaryKey struct{ scope, period, grp string }

// maxScopedSummaries bounds the scoped summaries kept per data version;
// past it they are forgotten and asked again.
const maxScopedSummaries = 4096

// scopedSummary is the summary of group in period over the units sc sees
// (named or anonymised) in h's data version, asked once per version.
func (s *Store) scopedSummary(ctx context.Context, sc Scope, h *held, period, group string) (Summary, error) {
	k := scopedSummaryKey{sc.Key(), period, group}
	h.mu.Lock()
	sm, ok := h.scoped[k]
	h.mu.Unlock()
	if ok {
		return sm, nil
	}
	sm, err := s.askSummary(ctx, sc, h.version, period, group)
	if err != nil {
		return sm, err
	}
	h.mu.Lock()
	if h.scoped == nil || len(h.scoped) >= maxScopedSummaries {
		h.scoped = map[scopedSummaryKey]Summary{}
	}
	h.scoped[k] = sm
	h.mu.Unlock()
	return sm, nil
}

// askSummary runs the summary's SQL for the units sc sees of group in
// period; errMoved unless the data version is still v.
func (s *Store) askSummary(ctx context.Context, sc Scope, v int64, period, group string) (Summary, error) {
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	n, na := sc.sees("s.unit_code", "u.grp", seeNamed)
	vis, va := sc.sees("s.unit_code", "u.grp", seeAny)
	p, pa := sc.periodCond("s.period")
	q := `SELECT (SELECT v FROM data_version), ` + summaryCols(n) + `
		FROM scores s JOIN units u ON u.code = s.unit_code
		WHERE s.period = ? AND s.grp = ? AND ` + p + ` AND ` + vis
	args := append(append(append(na, period, group), pa...), va...)
	var got int64
	sm, err := scanSummary(s.db.QueryRowContext(ctx, q, args...), &got)
	if err != nil {
		return sm, fmt.Errorf("ranking summary: %w", err)
	}
	if got != v {
		return sm, errMoved
	}
	return sm, nil
}

// SummaryUnder is the summary of period over the named units the scope sees
// strictly below root (its subtree, root excluded), as the quarterly
// report opens with; no movers.
func (s *Store) SummaryUnder(ctx context.Context, sc Scope, period, root string) (Summary, error) {
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	w, args := sc.with()
	q := w + `SELECT ` + summaryCols("true") + `
		FROM scores s JOIN vis ON vis.unit_code = s.unit_code AND vis.named JOIN vp ON vp.period = s.period
		WHERE s.period = ? AND s.unit_code <> ? AND s.unit_code IN (SELECT descendant FROM unit_tree WHERE ancestor = ?)`
	sm, err := scanSummary(s.db.QueryRowContext(ctx, q, append(args, period, root, root)...))
	if err != nil {
		return sm, fmt.Errorf("summary: %w", err)
	}
	return sm, nil
}

// movers are the named rows that moved, risers and fallers, the biggest
// move first and equal moves in the rows' (rank) order. Anonymised rows
// carry no rank change and never appear.
func movers(rows []RankingRow) (up, down []Mover) {
	up, down = []Mover{}, []Mover{}
	for _, row := range rows {
		if row.RankChange == nil || row.UnitCode == nil || row.UnitName == nil || *row.RankChange == 0 {
			continue
		}
		m := Mover{UnitCode: *row.UnitCode, UnitName: *row.UnitName, Rank: row.Rank, RankChange: *row.RankChange}
		if m.RankChange > 0 {
			up = append(up, m)
		} else {
			down = append(down, m)
		}
	}
	sort.SliceStable(up, func(i, j int) bool { return up[i].RankChange > up[j].RankChange })
	sort.SliceStable(down, func(i, j int) bool { return down[i].RankChange < down[j].RankChange })
	return up, down
}

// SystemMeansUnder is the mean of each system sub-score (rounded half-up
// to 2 decimals as SPEC §3.2; absent where no unit has one) over the named
// units the scope sees strictly below root in group, in period: the
// quarterly report's comparison of the six systems across the units it
// covers, never their peers outside.
func (s *Store) SystemMeansUnder(ctx context.Context, sc Scope, period, root, group string) (map[string]*float64, error) {
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	w, args := sc.with()
	avg := func(col string) string { return half2("avg(s." + col + "::DOUBLE)") }
	q := w + `SELECT ` + avg("law") + `, ` + avg("taxsys") + `, ` + avg("service") + `, ` + avg("admin") + `, ` + avg("info") + `, ` + avg("org") + `
		FROM scores s JOIN vis ON vis.unit_code = s.unit_code AND vis.named JOIN vp ON vp.period = s.period
		WHERE s.period = ? AND s.grp = ? AND s.unit_code <> ? AND s.unit_code IN (SELECT descendant FROM unit_tree WHERE ancestor = ?)`
	sys := make([]sql.NullFloat64, len(SystemCols))
	if err := s.db.QueryRowContext(ctx, q, append(args, period, group, root, root)...).Scan(&sys[0], &sys[1], &sys[2], &sys[3], &sys[4], &sys[5]); err != nil {
		return nil, fmt.Errorf("system means: %w", err)
	}
	out := map[string]*float64{}
	for c, v := range systemsMap(sys) {
		if v != nil {
			out[c] = v
		}
	}
	return out, nil
}

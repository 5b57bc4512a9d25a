package queries

import (
	"context"
	"errors"

	"jixiao/queries/scoring"
)

// RankingRow is one unit of a ranking; anonymised rows carry rank, score and
// grade only (code, name, rank change and systems are nil).
type RankingRow struct {
	Rank       int                 `json:"rank"`
	RankChange *int                `json:"rank_change"`
	UnitCode   *string             `json:"unit_code"`
	UnitName   *string             `json:"unit_name"`
	Score      float64             `json:"score"`
	Grade      string              `json:"grade"`
	Vetoed     bool                `json:"vetoed"`
	Self       bool                `json:"self"`
	Systems    map[string]*float64 `json:"systems"`
}

// Ranking is one peer group in one period, ordered by rank.
type Ranking struct {
	Period string       `json:"period"`
	Group  string       `json:"group"`
	Size   int          `json:"size"`
	Rows   []RankingRow `json:"rows"`
	// Grading holds the bounds the grades were given by (for colour bands).
	Grading scoring.Grading `json:"-"`
	// Summary is the rows' key figures (summary.go), over the same rows.
	Summary Summary `json:"summary"`
}

// GroupOf returns the peer group of a unit the scope sees named.
func (s *Store) GroupOf(ctx context.Context, sc Scope, unit string) (string, error) {
	h, hs, err := s.heldScope(ctx, sc)
	if err != nil {
		return "", err
	}
	u := h.units[unit]
	if u == nil || !hs.sees(unit, seeNamed) {
		return "", ErrNotFound
	}
	if !u.grp.Valid {
		return "", ErrNotFound // the root is not ranked
	}
	return u.grp.String, nil
}

// RankingForUnit is the ranking of the peer group of unit.
func (s *Store) RankingForUnit(ctx context.Context, sc Scope, period, unit string) (*Ranking, error) {
	g, err := s.GroupOf(ctx, sc, unit)
	if err != nil {
		return nil, err
	}
	return s.Ranking(ctx, sc, period, g)
}

// Ranking returns the visible rows of group in period (a quarter or a year),
// as scoring stored them, each named or anonymised as the scope sees the
// unit: anonymised rows carry rank, score and grade only. A group or
// period the scope cannot see is ErrNotFound.
func (s *Store) Ranking(ctx context.Context, sc Scope, period, group string) (*Ranking, error) {
	h, hs, err := s.heldScope(ctx, sc)
	if err != nil {
		return nil, err
	}
	r := &Ranking{Period: period, Group: group, Rows: []RankingRow{}, Grading: h.grading}
	if !hs.visible[period] {
		return nil, ErrNotFound
	}
	for _, sr := range h.byGroup[heldGroupKey{period, group}] {
		code := sr.unit.code
		if !hs.sees(code, seeAny) {
			continue
		}
		r.Size = int(sr.size.Int64)
		row := RankingRow{Rank: int(sr.rank.Int64), Score: sr.score, Grade: sr.grade.String, Self: code == sc.Unit}
		if !anonymised(hs.sees(code, seeNamed)) {
			name := sr.unit.name
			row.UnitCode, row.UnitName = &code, &name
			row.RankChange = nullInt(sr.rankChange)
			row.Vetoed = sr.vetoed
			row.Systems = systemsMap(sr.sys[:])
		} else {
			row.Systems = map[string]*float64{}
		}
		r.Rows = append(r.Rows, row)
	}
	if len(r.Rows) == 0 {
		return nil, ErrNotFound
	}
	if err := s.summarize(ctx, sc, h, hs, r); errors.Is(err, errMoved) {
		return s.Ranking(ctx, sc, period, group) // a write landed: answer from the new version
	} else if err != nil {
		return nil, err
	}
	return r, nil
}

// anonymised is the one rule of every output that lists a group's units
// (a ranking, a what-if, and the reports and pages that read rankings):
// a unit the scope sees but not named (named is the SQL answer of
// Scope.sees, held for the data version) shows its stored rank, score and
// grade and nothing else: no code, name, rank change, veto, systems, nor
// any figure recomputed for it.
func anonymised(named bool) bool { return !named }

package queries

import (
	"context"
	"database/sql"
	"fmt"
	"slices"

	"jixiao/queries/scoring"
)

// ScenarioRow is one unit's score in a what-if scenario (SPEC §10.1).
type ScenarioRow struct {
	UnitCode string  `json:"unit_code"`
	Group    string  `json:"grp"`   // peer group, "" when the unit is not ranked
	Score    float64 `json:"score"` // rounded as §3.2
	Rank     *int    `json:"rank"`  // nil when the unit has no peer group
	Size     *int    `json:"size"`
	Grade    string  `json:"grade"` // §3.5 with the stored grading settings; "" when not ranked
}

// ScoreScenario scores one quarter as if the indicator versions valid in
// it had other weights (SPEC §10.1), with the statements of score.sql that
// score every quarter, into temp tables of one connection: it stores
// nothing (scores and result_rows are left alone). weights replaces the
// weight of the versions of an indicator code valid in period (0 drops the
// indicator); systems then multiplies the weight of every version of a
// system (0 drops the system). Values, targets, adjustments and vetoes
// stay. It returns every unit scored in the quarter, by code: unit_code,
// peer group, score, rank, group size and grade. A unit left with no
// applicable indicator has no row. It is not scoped: the caller applies
// the scope. Unknown codes are ignored; an unknown system, a negative
// weight or factor, or a period that is not a known quarter is an error.
func (s *Store) ScoreScenario(ctx context.Context, period string, weights map[string]float64, systems map[string]float64) ([]ScenarioRow, error) {
	return s.scoreScenario(ctx, period, "", weights, systems)
}

// ScoreScenarioGroup is ScoreScenario for the units of one peer group only
// (ranks and grades are per group, so they are the same): a what-if of one
// group scores a tenth of a province's quarter or less.
func (s *Store) ScoreScenarioGroup(ctx context.Context, period, group string, weights map[string]float64, systems map[string]float64) ([]ScenarioRow, error) {
	return s.scoreScenario(ctx, period, group, weights, systems)
}

func (s *Store) scoreScenario(ctx context.Context, period, group string, weights map[string]float64, systems map[string]float64) ([]ScenarioRow, error) {
	for code, w := range weights {
		if !(w >= 0) {
			return nil, fmt.Errorf("scenario: weight of %s: %v is negative", code, w)
		}
	}
	for sys, f := range systems {
		if !slices.Contains(SystemCols, sys) {
			return nil, fmt.Errorf("scenario: unknown system %q", sys)
		}
		if !(f >= 0) {
			return nil, fmt.Errorf("scenario: factor of %s: %v is negative", sys, f)
		}
	}
	g, err := s.LoadGrading(ctx)
	if err != nil {
		return nil, err
	}
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	defer conn.ExecContext(context.Background(), `DROP TABLE IF EXISTS temp.whatif_ind;
		DROP TABLE IF EXISTS temp.whatif_scores; DROP TABLE IF EXISTS temp.frozen; DROP TABLE IF EXISTS temp.live;
		DROP TABLE IF EXISTS temp.whatif_units`)
	var ord int
	err = conn.QueryRowContext(ctx, `SELECT ord FROM periods WHERE period = ?`, period).Scan(&ord)
	if err == sql.ErrNoRows {
		return nil, fmt.Errorf("scenario: %w: period %s", ErrNotFound, period)
	}
	if err != nil {
		return nil, err
	}
	for _, q := range []string{
		`CREATE OR REPLACE TEMP TABLE live AS SELECT ?::INTEGER AS ord`,
		`CREATE OR REPLACE TEMP TABLE whatif_ind AS SELECT * FROM class_ind WHERE ? BETWEEN from_ord AND to_ord`,
	} {
		if _, err := conn.ExecContext(ctx, q, ord); err != nil {
			return nil, fmt.Errorf("scenario: %w", err)
		}
	}
	if _, err := conn.ExecContext(ctx, `CREATE OR REPLACE TEMP TABLE whatif_scores AS SELECT * FROM scores LIMIT 0`); err != nil {
		return nil, fmt.Errorf("scenario: %w", err)
	}
	for code, w := range weights {
		if _, err := conn.ExecContext(ctx, `UPDATE temp.whatif_ind SET weight = ? WHERE indicator_code = ?`, w, code); err != nil {
			return nil, fmt.Errorf("scenario: %w", err)
		}
	}
	for sys, f := range systems {
		if _, err := conn.ExecContext(ctx, `UPDATE temp.whatif_ind SET weight = weight * ? WHERE sys_no = ?`, f, slices.Index(SystemCols, sys)+1); err != nil {
			return nil, fmt.Errorf("scenario: %w", err)
		}
	}
	if _, err := conn.ExecContext(ctx, `DELETE FROM temp.whatif_ind WHERE weight = 0`); err != nil {
		return nil, fmt.Errorf("scenario: %w", err)
	}
	sg := scoring.Scenario("temp.whatif_ind", "temp.whatif_scores")
	if group != "" {
		if _, err := conn.ExecContext(ctx, `CREATE OR REPLACE TEMP TABLE whatif_units AS SELECT * FROM unit_class WHERE grp = ?`, group); err != nil {
			return nil, fmt.Errorf("scenario: %w", err)
		}
		sg.Units = "temp.whatif_units"
		// Only the group's values of the quarter: the join then builds on
		// thousands of rows, not the whole ledger.
		sg.Ledger = fmt.Sprintf(`(SELECT k, actual, target, note, batch_id, decided FROM ledger_k
			WHERE jx_ord(k) = %d AND jx_unit(k) IN (SELECT uid FROM temp.whatif_units))`, ord)
	}
	if err := sg.Run(ctx, conn, g); err != nil {
		return nil, err
	}
	rows, err := conn.QueryContext(ctx, `SELECT unit_code, coalesce(grp, ''), score::DOUBLE, rank, size, coalesce(grade, '')
		FROM temp.whatif_scores ORDER BY unit_code`)
	if err != nil {
		return nil, fmt.Errorf("scenario: %w", err)
	}
	defer rows.Close()
	out := []ScenarioRow{}
	for rows.Next() {
		var r ScenarioRow
		var rank, size sql.NullInt64
		if err := rows.Scan(&r.UnitCode, &r.Group, &r.Score, &rank, &size, &r.Grade); err != nil {
			return nil, err
		}
		if rank.Valid {
			r.Rank, r.Size = new(int), new(int)
			*r.Rank, *r.Size = int(rank.Int64), int(size.Int64)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

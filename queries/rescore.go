package queries

import (
	"context"

	"jixiao/queries/scoring"
)

// rescore is scoring.Rescore in a write's transaction x, skipped when a
// full scoring would find nothing to score nor to remove: no period, no
// score, no result row (the units and indicators imports of a new store).
// Every section of score.sql then reads and writes empty tables.
func rescore(ctx context.Context, x sqlExecer, g scoring.Grading, pending string) error {
	if pending == "" {
		var some bool
		if err := x.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM periods) OR EXISTS (SELECT 1 FROM scores)
			OR EXISTS (SELECT 1 FROM result_rows) OR EXISTS (SELECT 1 FROM result_sigs)`).Scan(&some); err != nil {
			return err
		}
		if !some {
			return nil
		}
	}
	return scoring.Rescore(ctx, x, g, pending)
}

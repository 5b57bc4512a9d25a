package imports

import (
	"context"
	"errors"
	"fmt"

	"jixiao/data"
	"jixiao/queries"
)

// Preview is what a dry run found an import would change: the real
// import ran in its transaction, was measured, and was rolled back.
type Preview struct {
	Rows     int64       `json:"rows"`     // rows in the file
	Added    int64       `json:"added"`    // rows that add a record
	Replaced int64       `json:"replaced"` // rows that replace one
	Moved    int64       `json:"moved"`    // results whose score, rank or grade change
	Scores   []ScoreMove `json:"scores"`   // the largest of those moves, at most previewMoves
}

// ScoreMove is one result a dry run would change.
type ScoreMove struct {
	Period    string   `json:"period"`
	UnitCode  string   `json:"unit_code"`
	UnitName  string   `json:"unit_name"`
	Before    *float64 `json:"before"` // nil: not scored before
	After     *float64 `json:"after"`  // nil: no longer scored
	RankFrom  *int     `json:"rank_before"`
	RankTo    *int     `json:"rank_after"`
	GradeFrom *string  `json:"grade_before"`
	GradeTo   *string  `json:"grade_after"`
}

const previewMoves = 200

// errDryRun ends a dry run's transaction: writePending rolls back on it.
var errDryRun = errors.New("dry run")

// kindTables are the tables whose growth counts a kind's added rows.
var kindTables = map[data.Kind]string{
	data.KindUnits: "units", data.KindIndicators: "indicators", data.KindValues: "ledger_k",
	data.KindAdjustments: "adjustments", data.KindUsers: "users",
	data.KindResponsibilities: "responsibilities",
}

// previewBefore keeps, inside the import's transaction, what the preview
// compares against: the results and the size of the kind's table.
func previewBefore(ctx context.Context, tx queries.Execer, kind data.Kind) (int64, error) {
	if _, err := tx.ExecContext(ctx, `CREATE OR REPLACE TEMP TABLE dry_before AS
		SELECT period, unit_code, score, rank, grade FROM scores`); err != nil {
		return 0, err
	}
	return countTable(ctx, tx, kind)
}

func countTable(ctx context.Context, tx queries.Execer, kind data.Kind) (int64, error) {
	var n int64
	t, ok := kindTables[kind]
	if !ok {
		return 0, fmt.Errorf("no table for %s", kind)
	}
	err := tx.QueryRowContext(ctx, "SELECT count(*) FROM "+t).Scan(&n)
	return n, err
}

// previewAfter measures the applied, rescored import against previewBefore.
func previewAfter(ctx context.Context, tx queries.Execer, kind data.Kind, rows, before int64) (*Preview, error) {
	after, err := countTable(ctx, tx, kind)
	if err != nil {
		return nil, err
	}
	p := &Preview{Rows: rows, Added: max(0, after-before)}
	p.Replaced = max(0, rows-p.Added)
	const join = ` FROM dry_before b FULL JOIN scores a ON a.period = b.period AND a.unit_code = b.unit_code `
	const where = ` WHERE a.score IS DISTINCT FROM b.score OR a.rank IS DISTINCT FROM b.rank OR a.grade IS DISTINCT FROM b.grade `
	if err := tx.QueryRowContext(ctx, "SELECT count(*)"+join+where).Scan(&p.Moved); err != nil {
		return nil, err
	}
	rs, err := tx.QueryContext(ctx, `SELECT coalesce(a.period, b.period), coalesce(a.unit_code, b.unit_code), coalesce(u.name, ''),
		b.score::DOUBLE, a.score::DOUBLE, b.rank, a.rank, b.grade, a.grade`+join+
		`LEFT JOIN units u ON u.code = coalesce(a.unit_code, b.unit_code)`+where+
		`ORDER BY abs(coalesce(a.score, 0) - coalesce(b.score, 0)) DESC, 1, 2 LIMIT ?`, previewMoves)
	if err != nil {
		return nil, err
	}
	defer rs.Close()
	for rs.Next() {
		var m ScoreMove
		if err := rs.Scan(&m.Period, &m.UnitCode, &m.UnitName, &m.Before, &m.After, &m.RankFrom, &m.RankTo, &m.GradeFrom, &m.GradeTo); err != nil {
			return nil, err
		}
		p.Scores = append(p.Scores, m)
	}
	return p, rs.Err()
}

package queries

import (
	"context"
	"fmt"
	"math"
	"time"
)

// ProgressRow is one unit owing declared values in a quarter and how far
// its declaration is (SPEC §12: the province's progress by bureau).
type ProgressRow struct {
	UnitCode   string `json:"unit_code"`
	UnitName   string `json:"unit_name"`
	ParentCode string `json:"parent_code"`
	ParentName string `json:"parent_name"`
	Kind       string `json:"kind"`
	Owed       int    `json:"owed"`   // collected indicators applicable to it
	Status     string `json:"status"` // none (nothing submitted yet), submitted, returned, accepted; draft for the unit itself
	Late       bool   `json:"late"`
	Submitted  bool   `json:"submitted"` // has submitted at least once
	ID         *int64 `json:"submission_id"`
}

// CollectionProgress lists the units the scope sees (their workflow
// items: its own unit and subtree) that owe values of the collected
// sources in the quarter, in tree order. Another unit's draft shows as none.
func (s *Store) CollectionProgress(ctx context.Context, sc Scope, period string) ([]ProgressRow, error) {
	ord, err := quarterOrdOf(period)
	if err != nil {
		return nil, err
	}
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	src, err := collectionSources(ctx, s.db)
	if err != nil {
		return nil, err
	}
	own := sc.Unit
	if sc, err = s.widest(ctx, sc); err != nil {
		return nil, err
	}
	f, fa := sc.sees("u.code", "u.grp", seeFlow)
	// A parent outside the scope (the unit's own parent) is not named.
	pn, pa := sc.sees("p.code", "p.grp", seeNamed)
	q := `WITH owe AS (
		SELECT a.unit_code, count(*) AS n FROM applicable a JOIN indicators i ON i.code = a.indicator_code AND i.version = a.version
		WHERE ? BETWEEN a.from_ord AND a.to_ord AND list_contains(` + sourcesSQL(src) + `, i.source) GROUP BY a.unit_code)
	SELECT u.code, u.name, CASE WHEN ` + pn + ` THEN p.code ELSE '' END, CASE WHEN ` + pn + ` THEN p.name ELSE '' END, u.kind, owe.n,
	       CASE WHEN s.id IS NULL OR (s.status = 'draft' AND u.code <> ?) THEN 'none' ELSE s.status END,
	       coalesce(s.late, false), s.first_submitted_at IS NOT NULL,
	       CASE WHEN s.status <> 'draft' OR u.code = ? THEN s.id END
	FROM owe JOIN units u ON u.code = owe.unit_code JOIN units p ON p.code = u.parent_code
	LEFT JOIN submissions s ON s.unit_code = u.code AND s.period = ?
	WHERE ` + f + ` ORDER BY u.sort_key LIMIT 100000`
	args := append(append(append(append([]any{ord}, pa...), pa...), own, own, period), fa...)
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("collection progress: %w", err)
	}
	defer rows.Close()
	out := []ProgressRow{}
	for rows.Next() {
		var r ProgressRow
		if err := rows.Scan(&r.UnitCode, &r.UnitName, &r.ParentCode, &r.ParentName, &r.Kind, &r.Owed, &r.Status, &r.Late, &r.Submitted, &r.ID); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// daysLeft is the number of whole days from today to the deadline day in
// the server's time zone (0 on the day itself, negative after it).
func daysLeft(ends, now time.Time) int {
	last := ends.AddDate(0, 0, -1)
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.Local)
	return int(math.Round(last.Sub(today).Hours() / 24))
}

package queries

import (
	"context"
	"fmt"
)

// checkEvidenceQuota refuses a file that would pass the evidence limits
// (settings evidence.*): the number of files and their total size on one
// item, and the total size of every file on the unit's items, so that no
// one can fill the database with evidence.
func checkEvidenceQuota(ctx context.Context, x sqlExecer, kind string, owner int64, unit string, size int64) error {
	lim, err := loadLimits(ctx, x)
	if err != nil {
		return err
	}
	var files, itemBytes, unitBytes int64
	if err := x.QueryRowContext(ctx, `SELECT
		  count(*) FILTER (WHERE owner_kind = ? AND owner_id = ?),
		  coalesce(sum(size) FILTER (WHERE owner_kind = ? AND owner_id = ?), 0),
		  coalesce(sum(size), 0)
		FROM attachments
		WHERE (owner_kind = 'appeal' AND owner_id IN (SELECT id FROM appeals WHERE unit_code = ?))
		   OR (owner_kind = 'rectification' AND owner_id IN (SELECT id FROM rectifications WHERE unit_code = ?))
		   OR (owner_kind = 'adjustment' AND owner_id IN (SELECT id FROM adjustments WHERE unit_code = ?))`,
		kind, owner, kind, owner, unit, unit, unit).Scan(&files, &itemBytes, &unitBytes); err != nil {
		return err
	}
	mib := func(n int64) string { return fmt.Sprintf("%.0f MB", float64(n)/(1<<20)) }
	switch {
	case files+1 > lim.EvidenceFiles:
		return invalid(fmt.Sprintf("每项最多上传 %d 份证明材料", lim.EvidenceFiles),
			fmt.Sprintf("an item takes at most %d evidence files", lim.EvidenceFiles))
	case itemBytes+size > lim.EvidenceItemBytes:
		return invalid(fmt.Sprintf("每项证明材料合计不能超过 %s", mib(lim.EvidenceItemBytes)),
			fmt.Sprintf("the evidence of one item is limited to %s in total", mib(lim.EvidenceItemBytes)))
	case unitBytes+size > lim.EvidenceUnitBytes:
		return invalid(fmt.Sprintf("单位 %s 的证明材料合计不能超过 %s", unit, mib(lim.EvidenceUnitBytes)),
			fmt.Sprintf("the evidence of unit %s is limited to %s in total", unit, mib(lim.EvidenceUnitBytes)))
	}
	return nil
}

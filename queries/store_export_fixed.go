package queries

import "context"

// RebuildApplicableIndicators is RebuildApplicable after an import of
// indicators: the units' classes (unit_class) stay, only which versions
// apply to each class is derived again.
func RebuildApplicableIndicators(ctx context.Context, x Execer) error {
	return rebuildApplicableOf(ctx, x, false)
}

package queries

import "context"

// rebuildApplicable derives which indicator versions apply to which units
// (SPEC §1.2: tier from kind, levels), so that scoring joins one small table.
func rebuildApplicable(ctx context.Context, x sqlExecer) error {
	_, err := x.ExecContext(ctx, `DELETE FROM applicable;
		INSERT INTO applicable
		SELECT u.code, i.code, i.version, coalesce(i.from_ord, -1), coalesce(i.to_ord, 1000000),
		       i.name, i.system, i.weight, i.direction, i.rule, i.lead_dept, i.unit, i.floor, i.target
		FROM units u JOIN indicators i
		  ON i.tier = CASE u.kind WHEN 'bureau' THEN 'decision' WHEN 'department' THEN 'management' ELSE 'execution' END
		 AND (i.levels = '' OR list_contains(string_split(i.levels, ','), u.level))`)
	return err
}

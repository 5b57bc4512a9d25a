package queries

import "context"

// rebuildApplicable derives which indicator versions apply to which units
// (SPEC §1.2: tier from kind, levels), so that scoring joins one small table.
func rebuildApplicable(ctx context.Context, x sqlExecer) error {
	if err := fillKeys(ctx, x); err != nil {
		return err
	}
	_, err := x.ExecContext(ctx, `
		DELETE FROM applicable;
		INSERT INTO applicable (unit_code, indicator_code, version, from_ord, to_ord, name, system, weight, direction, rule,
		                        lead_dept, display_unit, floor, target, kbase, uid, sys_no, thr, hi)
		SELECT u.code, i.code, i.version, coalesce(i.from_ord, -1), coalesce(i.to_ord, 1000000),
		       i.name, i.system, i.weight, i.direction, i.rule, i.lead_dept, i.unit, i.floor, i.target,
		       uk.id * 16777216 + ik.id * 8192, uk.id,
		       list_position(['law', 'taxsys', 'service', 'admin', 'info', 'org'], i.system),
		       i.rule = 'threshold', i.rule <> 'deadline' AND i.direction = 'higher'
		FROM units u JOIN indicators i
		  ON i.tier = CASE u.kind WHEN 'bureau' THEN 'decision' WHEN 'department' THEN 'management' ELSE 'execution' END
		 AND (i.levels = '' OR list_contains(string_split(i.levels, ','), u.level))
		JOIN unit_keys uk ON uk.code = u.code JOIN indicator_keys ik ON ik.code = i.code;
		`)
	return err
}

// fillKeys gives every unit and indicator code its integer id, once.
func fillKeys(ctx context.Context, x sqlExecer) error {
	_, err := x.ExecContext(ctx, `
		INSERT INTO unit_keys SELECT code, nextval('unit_key_ids') FROM units WHERE code NOT IN (SELECT code FROM unit_keys);
		INSERT INTO indicator_keys SELECT code, nextval('indicator_key_ids') FROM (SELECT DISTINCT code FROM indicators)
		  WHERE code NOT IN (SELECT code FROM indicator_keys);`)
	return err
}

package queries

import "context"

// rebuildApplicable derives which indicator versions apply to which units
// (SPEC §1.2: tier from kind, levels). The rule is applied once, per class
// of units (one kind and level): class_ind holds each class's versions,
// unit_class each unit's class; the view applicable is their product for
// reads (migration 091).
func rebuildApplicable(ctx context.Context, x sqlExecer) error {
	return rebuildApplicableOf(ctx, x, true)
}

// rebuildApplicableOf is rebuildApplicable; with units false, unit_class
// stays as it is (an import of indicators leaves the units, and so each
// unit's class: only class_ind is derived again).
func rebuildApplicableOf(ctx context.Context, x sqlExecer, units bool) error {
	if err := fillKeys(ctx, x); err != nil {
		return err
	}
	unitClass := ""
	if units {
		unitClass = `
		DELETE FROM unit_class;
		INSERT INTO unit_class (uid, cls, code, grp, gid)
		SELECT uk.id, c.cls, u.code, u.grp, CASE WHEN u.grp IS NOT NULL THEN dense_rank() OVER (ORDER BY u.grp) END
		FROM units u JOIN temp.classes c ON c.kind = u.kind AND c.level = u.level
		JOIN unit_keys uk ON uk.code = u.code;`
	}
	_, err := x.ExecContext(ctx, `
		CREATE OR REPLACE TEMP TABLE classes AS
		SELECT row_number() OVER (ORDER BY kind, level)::INTEGER AS cls, kind, level FROM (SELECT DISTINCT kind, level FROM units);`+unitClass+`
		DELETE FROM class_ind;
		INSERT INTO class_ind
		SELECT c.cls, ik.id, i.code, i.version, coalesce(i.from_ord, -1), coalesce(i.to_ord, 1000000), i.weight,
		       list_position(['law', 'taxsys', 'service', 'admin', 'info', 'org'], i.system),
		       i.rule = 'threshold', i.rule <> 'deadline' AND i.direction = 'higher', i.target, i.floor
		FROM temp.classes c JOIN indicators i
		  ON i.tier = CASE c.kind WHEN 'bureau' THEN 'decision' WHEN 'department' THEN 'management' ELSE 'execution' END
		 AND (i.levels = '' OR list_contains(string_split(i.levels, ','), c.level))
		JOIN indicator_keys ik ON ik.code = i.code;
		DROP TABLE temp.classes;
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

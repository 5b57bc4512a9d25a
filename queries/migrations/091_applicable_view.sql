-- Which indicator versions apply to which units is unit_class × class_ind
-- (rebuildApplicable fills both): a view of them, not one stored row per
-- unit and version (592,422 rows with text columns at demo scale 9, which
-- every import of units or indicators rewrote). Its readers take the
-- unit's code, the version's code, number and quarters, and the key base.
DROP INDEX IF EXISTS applicable_unit;
DROP TABLE applicable;
CREATE VIEW applicable AS
SELECT uc.code AS unit_code, ci.indicator_code, ci.version, ci.from_ord, ci.to_ord,
       ci.weight, ci.floor, ci.target, jx_key(uc.uid, ci.iid, 0) AS kbase, uc.uid, ci.sys_no, ci.thr, ci.hi
FROM unit_class uc JOIN class_ind ci ON ci.cls = uc.cls;

-- A result row says whether its value was missing, as scoring decided it
-- (the rows it adds for values not in the ledger), so that the points of
-- a quarter are read from result_rows and the catalogue alone: the sums
-- of the overview's losses no longer join the 2.7 M-row ledger.
ALTER TABLE result_rows ADD COLUMN missing BOOLEAN DEFAULT false;
UPDATE result_rows SET missing = true
WHERE NOT EXISTS (SELECT 1 FROM ledger_k l WHERE l.k = jx_key(result_rows.uid, result_rows.iid, result_rows.ord));

-- The points of each result row (SPEC §3.1: earned = w·r, lost = w − w·r),
-- the one place they are computed; results adds the ledger's value.
CREATE VIEW result_points AS
SELECT r.uid, r.iid, r.ord, r.version, uk.code AS unit_code, ik.code AS indicator_code,
       i.name, i.system, i.tier, i.lead_dept, i.unit AS display_unit, i.rule, i.direction,
       i.weight, i.target, i.floor, r.ratio, i.weight * r.ratio AS earned, i.weight - i.weight * r.ratio AS lost, r.missing,
       nullif(i.valid_from, '') AS valid_from, nullif(i.valid_to, '') AS valid_to
FROM result_rows r
JOIN unit_keys uk ON uk.id = r.uid
JOIN indicator_keys ik ON ik.id = r.iid
JOIN indicators i ON i.code = ik.code AND i.version = r.version;

DROP VIEW results;
CREATE VIEW results AS
SELECT r.unit_code, p.period, r.ord, r.indicator_code, r.version,
       r.name, r.system, r.tier, r.lead_dept, r.display_unit, r.rule, r.direction,
       r.weight, l.actual, coalesce(l.target, r.target) AS target,
       CASE WHEN l.target IS NOT NULL THEN 'value' ELSE 'indicator' END AS target_from,
       r.floor, r.ratio, r.earned, r.lost, r.missing,
       r.valid_from, r.valid_to,
       coalesce(l.decided, false) AS decided, l.note, l.batch_id, r.uid, r.iid
FROM result_points r
JOIN periods p ON p.ord = r.ord
LEFT JOIN ledger_k l ON l.k = jx_key(r.uid, r.iid, r.ord);

-- A result row keeps only what scoring decided: which version applied to
-- the unit in the quarter and the completion ratio. The value itself
-- (actual, target, note, batch) is the ledger row of the same key, and
-- weight, floor and target of the version its catalogue row: view
-- results joins them, so scoring writes five numbers per row.
DROP VIEW results;
DROP TABLE result_rows;
CREATE TABLE result_rows (
    uid BIGINT NOT NULL,
    iid BIGINT NOT NULL,
    ord INTEGER NOT NULL,
    version INTEGER NOT NULL,
    ratio DOUBLE NOT NULL  -- SPEC §3.1 r; 0 when the value is missing
);

CREATE VIEW results AS
SELECT uk.code AS unit_code, p.period, r.ord, ik.code AS indicator_code, r.version,
       i.name, i.system, i.tier, i.lead_dept, i.unit AS display_unit, i.rule, i.direction,
       i.weight, l.actual, coalesce(l.target, i.target) AS target,
       CASE WHEN l.target IS NOT NULL THEN 'value' ELSE 'indicator' END AS target_from,
       i.floor, r.ratio, i.weight * r.ratio AS earned, i.weight - i.weight * r.ratio AS lost, l.k IS NULL AS missing,
       nullif(i.valid_from, '') AS valid_from, nullif(i.valid_to, '') AS valid_to,
       coalesce(l.decided, false) AS decided, l.note, l.batch_id, r.uid, r.iid
FROM result_rows r
JOIN unit_keys uk ON uk.id = r.uid
JOIN indicator_keys ik ON ik.id = r.iid
JOIN indicators i ON i.code = ik.code AND i.version = r.version
JOIN periods p ON p.ord = r.ord
LEFT JOIN ledger_k l ON l.k = jx_key(r.uid, r.iid, r.ord);

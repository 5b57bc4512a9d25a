-- Reads select stored rows: the views that recomputed §3.1 go. The rule
-- of each version is named on its results.
DROP VIEW IF EXISTS v_results_by;
DROP VIEW IF EXISTS v_results;
DROP VIEW IF EXISTS v_applicable_by;
DROP VIEW IF EXISTS v_applicable;
DROP MACRO IF EXISTS completion_ratio;

CREATE OR REPLACE VIEW results AS
SELECT uk.code AS unit_code, p.period, r.ord, ik.code AS indicator_code, r.version,
       i.name, i.system, i.tier, i.lead_dept, i.unit AS display_unit, i.rule, i.direction,
       r.weight, r.actual, r.target, CASE WHEN r.own_target THEN 'value' ELSE 'indicator' END AS target_from,
       r.floor, r.ratio, r.earned, r.lost, r.missing,
       nullif(i.valid_from, '') AS valid_from, nullif(i.valid_to, '') AS valid_to,
       r.decided, r.note, r.batch_id, r.uid, r.iid
FROM result_rows r
JOIN unit_keys uk ON uk.id = r.uid
JOIN indicator_keys ik ON ik.id = r.iid
JOIN indicators i ON i.code = ik.code AND i.version = r.version
JOIN periods p ON p.ord = r.ord;

-- The quarter of a ledger key's ord, as periods.period writes it.
CREATE MACRO jx_period(o) AS (o // 4)::VARCHAR || 'Q' || (o % 4 + 1)::VARCHAR;

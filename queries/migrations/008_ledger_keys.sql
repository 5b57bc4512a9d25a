-- The ledger keeps its rows on the integer key only: k = unit_id * 2^24 +
-- indicator_id * 2^13 + period ord (year*4 + quarter - 1). Writing and
-- scanning strings was most of the cost of importing and scoring millions
-- of values. View ledger gives the codes and the period back for reads;
-- writes go to ledger_k.
UPDATE ledger SET k = uk.id * 16777216 + ik.id * 8192 + p.ord
FROM unit_keys uk, indicator_keys ik, periods p
WHERE ledger.k IS NULL AND uk.code = ledger.unit_code AND ik.code = ledger.indicator_code AND p.period = ledger.period;

CREATE TABLE ledger_k (
    k BIGINT NOT NULL,
    actual DOUBLE NOT NULL,
    target DOUBLE,
    note VARCHAR,
    batch_id BIGINT,
    decided BOOLEAN NOT NULL DEFAULT false,   -- set by an upheld appeal
    original_actual DOUBLE                    -- the value before the ruling
);
INSERT INTO ledger_k SELECT k, actual, target, note, batch_id, decided, original_actual FROM ledger WHERE k IS NOT NULL ORDER BY k;

DROP VIEW IF EXISTS v_results_by;
DROP VIEW IF EXISTS v_applicable_by;
DROP VIEW IF EXISTS v_results;
DROP VIEW IF EXISTS v_applicable;
DROP TABLE ledger;

CREATE VIEW ledger AS
SELECT ik.code AS indicator_code, uk.code AS unit_code,
       ((l.k % 8192) // 4)::VARCHAR || 'Q' || (l.k % 4 + 1)::VARCHAR AS period,
       l.actual, l.target, l.note, l.batch_id, l.decided, l.original_actual, l.k
FROM ledger_k l
JOIN unit_keys uk ON uk.id = l.k // 16777216
JOIN indicator_keys ik ON ik.id = (l.k // 8192) % 2048;

CREATE VIEW v_applicable AS
SELECT a.unit_code, p.period, p.ord, a.indicator_code, a.version,
       a.name AS indicator_name, a.system, a.weight, a.direction, a.rule, a.lead_dept,
       a.display_unit, a.floor, coalesce(l.target, a.target) AS target,
       l.actual, l.actual IS NULL AS missing, l.note, coalesce(l.decided, false) AS decided,
       a.uid, a.sys_no
FROM applicable a
JOIN periods p ON p.ord BETWEEN a.from_ord AND a.to_ord
LEFT JOIN ledger_k l ON l.k = a.kbase + p.ord;

-- Reads filtered on one unit, indicator or period: the same rows.
CREATE VIEW v_applicable_by AS SELECT * FROM v_applicable;

CREATE VIEW v_results AS
SELECT *, weight * r AS earned, weight - weight * r AS lost FROM (
  SELECT *, completion_ratio(missing, rule, direction, actual, target, floor) AS r FROM v_applicable);

CREATE VIEW v_results_by AS SELECT * FROM v_results;

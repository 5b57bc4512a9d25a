-- SPEC §3.1 stored at scoring time: one row per (unit, quarter, applicable
-- indicator version), written in the same transaction as the scores.
-- Rows of final quarters are written once and never rewritten. The row is
-- keyed on integers (unit, indicator, quarter ord); view results names them.
CREATE TABLE result_rows (
    uid BIGINT NOT NULL,
    iid BIGINT NOT NULL,
    ord INTEGER NOT NULL,
    version INTEGER NOT NULL,
    sys_no INTEGER,
    weight DOUBLE NOT NULL,
    actual DOUBLE,               -- NULL when missing
    target DOUBLE,               -- the target used
    own_target BOOLEAN NOT NULL, -- the value carried its own target
    floor DOUBLE,
    ratio DOUBLE NOT NULL,
    earned DOUBLE NOT NULL,
    lost DOUBLE NOT NULL,
    missing BOOLEAN NOT NULL,
    decided BOOLEAN NOT NULL,
    note VARCHAR,
    batch_id BIGINT
);

-- Full-precision base, so that a batch of adjustments rescores from it.
ALTER TABLE scores ADD COLUMN base_f DOUBLE;

CREATE VIEW results AS
SELECT uk.code AS unit_code, p.period, r.ord, ik.code AS indicator_code, r.version,
       i.name, i.system, i.tier, i.lead_dept, i.unit AS display_unit,
       r.weight, r.actual, r.target, CASE WHEN r.own_target THEN 'value' ELSE 'indicator' END AS target_from,
       r.floor, r.ratio, r.earned, r.lost, r.missing,
       nullif(i.valid_from, '') AS valid_from, nullif(i.valid_to, '') AS valid_to,
       r.decided, r.note, r.batch_id, r.uid, r.iid
FROM result_rows r
JOIN unit_keys uk ON uk.id = r.uid
JOIN indicator_keys ik ON ik.id = r.iid
JOIN indicators i ON i.code = ik.code AND i.version = r.version
JOIN periods p ON p.ord = r.ord;

-- The ledger key (ledger.go): k = unit id * 2^24 + indicator id * 2^13 +
-- quarter ord, and its parts.
CREATE MACRO jx_key(u, i, o) AS u * 16777216 + i * 8192 + o;
CREATE MACRO jx_unit(k) AS k // 16777216;
CREATE MACRO jx_ind(k) AS (k // 8192) % 2048;
CREATE MACRO jx_ord(k) AS k % 8192;

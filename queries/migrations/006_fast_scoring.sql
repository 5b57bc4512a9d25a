-- Full-precision system sub-scores: a year's sub-score is the mean of its
-- quarters' at full precision, also when those quarters are frozen.
ALTER TABLE scores ADD COLUMN law_f DOUBLE;
ALTER TABLE scores ADD COLUMN taxsys_f DOUBLE;
ALTER TABLE scores ADD COLUMN service_f DOUBLE;
ALTER TABLE scores ADD COLUMN admin_f DOUBLE;
ALTER TABLE scores ADD COLUMN info_f DOUBLE;
ALTER TABLE scores ADD COLUMN org_f DOUBLE;

-- Which indicator version applies to which unit (tier and levels), with the
-- version's attributes, rebuilt when units or indicators change.
CREATE TABLE applicable (
    unit_code VARCHAR NOT NULL,
    indicator_code VARCHAR NOT NULL,
    version INTEGER NOT NULL,
    from_ord INTEGER NOT NULL,
    to_ord INTEGER NOT NULL,
    name VARCHAR, system VARCHAR, weight DOUBLE, direction VARCHAR, rule VARCHAR,
    lead_dept VARCHAR, display_unit VARCHAR, floor DOUBLE, target DOUBLE
);

CREATE OR REPLACE VIEW v_applicable AS
SELECT a.unit_code, p.period, p.ord, a.indicator_code, a.version,
       a.name AS indicator_name, a.system, a.weight, a.direction, a.rule, a.lead_dept,
       a.display_unit, a.floor, coalesce(l.target, a.target) AS target,
       l.actual, l.actual IS NULL AS missing, l.note, coalesce(l.decided, false) AS decided
FROM applicable a
JOIN periods p ON p.ord BETWEEN a.from_ord AND a.to_ord
LEFT JOIN ledger l
  ON l.indicator_code = a.indicator_code AND l.unit_code = a.unit_code AND l.period = p.period;

-- Integer keys: scoring joins the ledger on one BIGINT instead of three strings.
-- k = unit_id * 2^24 + indicator_id * 2^13 + period ord (year*4 + quarter - 1).
CREATE SEQUENCE unit_key_ids START 1;
CREATE TABLE unit_keys (code VARCHAR PRIMARY KEY, id BIGINT NOT NULL);
CREATE SEQUENCE indicator_key_ids START 1;
CREATE TABLE indicator_keys (code VARCHAR PRIMARY KEY, id BIGINT NOT NULL);
ALTER TABLE ledger ADD COLUMN k BIGINT;
ALTER TABLE applicable ADD COLUMN kbase BIGINT;
ALTER TABLE applicable ADD COLUMN uid BIGINT;
ALTER TABLE applicable ADD COLUMN sys_no INTEGER;

CREATE OR REPLACE VIEW v_applicable AS
SELECT a.unit_code, p.period, p.ord, a.indicator_code, a.version,
       a.name AS indicator_name, a.system, a.weight, a.direction, a.rule, a.lead_dept,
       a.display_unit, a.floor, coalesce(l.target, a.target) AS target,
       l.actual, l.actual IS NULL AS missing, l.note, coalesce(l.decided, false) AS decided,
       a.uid, a.sys_no
FROM applicable a
JOIN periods p ON p.ord BETWEEN a.from_ord AND a.to_ord
LEFT JOIN ledger l ON l.k = a.kbase + p.ord;

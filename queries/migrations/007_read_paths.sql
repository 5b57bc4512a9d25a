-- Read paths of the scoped API (rankings, trend, breakdown, indicator
-- values): point lookups by unit use ART indexes instead of full scans.
CREATE INDEX scores_unit ON scores (unit_code);
CREATE INDEX unit_tree_descendant ON unit_tree (descendant);
CREATE INDEX applicable_unit ON applicable (unit_code);

-- v_applicable and v_results with the ledger joined on its unit, indicator
-- and period as well as on the integer key (the same rows: k identifies the
-- three), so that a read filtered on one unit, indicator or period reaches
-- the ledger scan instead of probing all of it. Scoring keeps v_results.
CREATE VIEW v_applicable_by AS
SELECT a.unit_code, p.period, p.ord, a.indicator_code, a.version,
       a.name AS indicator_name, a.system, a.weight, a.direction, a.rule, a.lead_dept,
       a.display_unit, a.floor, coalesce(l.target, a.target) AS target,
       l.actual, l.actual IS NULL AS missing, l.note, coalesce(l.decided, false) AS decided,
       a.uid, a.sys_no
FROM applicable a
JOIN periods p ON p.ord BETWEEN a.from_ord AND a.to_ord
LEFT JOIN ledger l ON l.k = a.kbase + p.ord AND l.unit_code = a.unit_code
 AND l.indicator_code = a.indicator_code AND l.period = p.period;

-- SPEC §3.1 in one place: the completion ratio r, used by both results views.
CREATE MACRO completion_ratio(missing_, rule_, direction_, actual_, target_, floor_) AS CASE
    WHEN missing_ THEN 0.0
    WHEN rule_ = 'threshold' OR target_ = floor_ THEN
      CASE WHEN rule_ <> 'deadline' AND direction_ = 'higher'
           THEN CASE WHEN actual_ >= target_ THEN 1.0 ELSE 0.0 END
           ELSE CASE WHEN actual_ <= target_ THEN 1.0 ELSE 0.0 END END
    WHEN rule_ = 'linear' AND direction_ = 'higher'
      THEN greatest(0.0, least(1.0, (actual_ - floor_) / (target_ - floor_)))
    ELSE greatest(0.0, least(1.0, (floor_ - actual_) / (floor_ - target_)))
  END;

CREATE OR REPLACE VIEW v_results AS
SELECT *, weight * r AS earned, weight - weight * r AS lost FROM (
  SELECT *, completion_ratio(missing, rule, direction, actual, target, floor) AS r FROM v_applicable);

CREATE VIEW v_results_by AS
SELECT *, weight * r AS earned, weight - weight * r AS lost FROM (
  SELECT *, completion_ratio(missing, rule, direction, actual, target, floor) AS r FROM v_applicable_by);

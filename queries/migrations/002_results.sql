-- Every (unit, quarter, applicable indicator version) with its ledger value.
CREATE VIEW v_applicable AS
SELECT u.code AS unit_code, p.period, p.ord, i.code AS indicator_code, i.version,
       i.name AS indicator_name, i.system, i.weight, i.direction, i.rule, i.lead_dept,
       i.unit AS display_unit, i.floor, coalesce(l.target, i.target) AS target,
       l.actual, l.actual IS NULL AS missing, l.note, coalesce(l.decided, false) AS decided
FROM units u
JOIN periods p ON true
JOIN indicators i
  ON i.tier = CASE u.kind WHEN 'bureau' THEN 'decision' WHEN 'department' THEN 'management' ELSE 'execution' END
 AND (i.levels = '' OR list_contains(string_split(i.levels, ','), u.level))
 AND coalesce(i.from_ord, -1) <= p.ord AND p.ord <= coalesce(i.to_ord, 1000000)
LEFT JOIN ledger l
  ON l.indicator_code = i.code AND l.unit_code = u.code AND l.period = p.period;

-- SPEC §3.1: the completion ratio r and the points earned and lost.
CREATE VIEW v_results AS
SELECT *, weight * r AS earned, weight - weight * r AS lost FROM (
  SELECT *, CASE
    WHEN missing THEN 0.0
    WHEN rule = 'threshold' OR target = floor THEN
      CASE WHEN rule <> 'deadline' AND direction = 'higher'
           THEN CASE WHEN actual >= target THEN 1.0 ELSE 0.0 END
           ELSE CASE WHEN actual <= target THEN 1.0 ELSE 0.0 END END
    WHEN rule = 'linear' AND direction = 'higher'
      THEN greatest(0.0, least(1.0, (actual - floor) / (target - floor)))
    ELSE greatest(0.0, least(1.0, (floor - actual) / (floor - target)))
  END AS r
  FROM v_applicable);

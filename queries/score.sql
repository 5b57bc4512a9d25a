-- Recompute scores (SPEC §3) for every period that is not frozen.
-- Placeholders: $exc $good $pass (grade thresholds), $quota (quota expression of n).
CREATE OR REPLACE TEMP TABLE frozen AS
SELECT period FROM periods WHERE status = 'final'
UNION ALL
SELECT left(period, 4) FROM periods GROUP BY left(period, 4) HAVING bool_and(status = 'final');

DELETE FROM scores WHERE period NOT IN (SELECT period FROM temp.frozen);

-- Quarters: base score over the applicable indicators, adjustments, system sub-scores.
INSERT INTO scores
WITH agg AS (
  SELECT unit_code, period, any_value(ord) AS ord,
         100 * sum(earned) / sum(weight) AS base,
         count(*) FILTER (WHERE missing) AS missing,
         100 * sum(earned) FILTER (WHERE system = 'law') / sum(weight) FILTER (WHERE system = 'law') AS law,
         100 * sum(earned) FILTER (WHERE system = 'taxsys') / sum(weight) FILTER (WHERE system = 'taxsys') AS taxsys,
         100 * sum(earned) FILTER (WHERE system = 'service') / sum(weight) FILTER (WHERE system = 'service') AS service,
         100 * sum(earned) FILTER (WHERE system = 'admin') / sum(weight) FILTER (WHERE system = 'admin') AS admin,
         100 * sum(earned) FILTER (WHERE system = 'info') / sum(weight) FILTER (WHERE system = 'info') AS info,
         100 * sum(earned) FILTER (WHERE system = 'org') / sum(weight) FILTER (WHERE system = 'org') AS org
  FROM v_results
  WHERE period NOT IN (SELECT period FROM temp.frozen)
  GROUP BY unit_code, period
), adj AS (
  SELECT unit_code, period,
         sum(points) FILTER (WHERE kind = 'bonus') AS bonus,
         sum(points) FILTER (WHERE kind = 'penalty') AS penalty,
         bool_or(kind = 'veto') AS vetoed
  FROM adjustments GROUP BY unit_code, period
), base AS (
  SELECT a.period, false AS is_year, a.ord, a.unit_code, u.grp,
         round(round(greatest(0, a.base + coalesce(j.bonus, 0) - coalesce(j.penalty, 0)), 6)::DECIMAL(18,6), 2)::DECIMAL(10,2) AS score,
         round(round(a.base, 6)::DECIMAL(18,6), 2)::DECIMAL(10,2) AS base,
         coalesce(j.bonus, 0) AS bonus, coalesce(j.penalty, 0) AS penalty, coalesce(j.vetoed, false) AS vetoed,
         round(round(a.law, 6)::DECIMAL(18,6), 2) AS law, round(round(a.taxsys, 6)::DECIMAL(18,6), 2) AS taxsys,
         round(round(a.service, 6)::DECIMAL(18,6), 2) AS service, round(round(a.admin, 6)::DECIMAL(18,6), 2) AS admin,
         round(round(a.info, 6)::DECIMAL(18,6), 2) AS info, round(round(a.org, 6)::DECIMAL(18,6), 2) AS org,
         a.missing
  FROM agg a JOIN units u ON u.code = a.unit_code
  LEFT JOIN adj j ON j.unit_code = a.unit_code AND j.period = a.period
)
SELECT period, is_year, ord, unit_code, grp, score, base, bonus, penalty, vetoed,
       law, taxsys, service, admin, info, org, NULL, NULL, NULL, NULL, missing
FROM base;

-- Years: the mean of the rounded quarterly scores (SPEC §3.3).
INSERT INTO scores
WITH q AS (
  SELECT s.*, left(s.period, 4) AS year FROM scores s WHERE NOT s.is_year
), sys AS (
  -- system sub-scores of a year: the mean of the quarterly sub-scores at full precision
  SELECT unit_code, left(period, 4) AS year, system, 100 * sum(earned) / sum(weight) AS sub
  FROM v_results GROUP BY unit_code, period, system
), sysy AS (
  SELECT unit_code, year,
         avg(sub) FILTER (WHERE system = 'law') AS law, avg(sub) FILTER (WHERE system = 'taxsys') AS taxsys,
         avg(sub) FILTER (WHERE system = 'service') AS service, avg(sub) FILTER (WHERE system = 'admin') AS admin,
         avg(sub) FILTER (WHERE system = 'info') AS info, avg(sub) FILTER (WHERE system = 'org') AS org
  FROM sys GROUP BY unit_code, year
)
SELECT q.year, true, any_value(q.ord) // 4, q.unit_code, any_value(u.grp),
       round(round(avg(q.score::DOUBLE), 6)::DECIMAL(18,6), 2)::DECIMAL(10,2),
       round(round(avg(q.base::DOUBLE), 6)::DECIMAL(18,6), 2)::DECIMAL(10,2),
       sum(q.bonus), sum(q.penalty), bool_or(q.vetoed),
       round(round(any_value(y.law), 6)::DECIMAL(18,6), 2), round(round(any_value(y.taxsys), 6)::DECIMAL(18,6), 2),
       round(round(any_value(y.service), 6)::DECIMAL(18,6), 2), round(round(any_value(y.admin), 6)::DECIMAL(18,6), 2),
       round(round(any_value(y.info), 6)::DECIMAL(18,6), 2), round(round(any_value(y.org), 6)::DECIMAL(18,6), 2),
       NULL, NULL, NULL, NULL, sum(q.missing)
FROM q JOIN units u ON u.code = q.unit_code
LEFT JOIN sysy y ON y.unit_code = q.unit_code AND y.year = q.year
WHERE q.year NOT IN (SELECT period FROM temp.frozen)
GROUP BY q.year, q.unit_code;

-- Rank and grade within each peer group (SPEC §3.4, §3.5).
UPDATE scores SET rank = r.rank, size = r.size, grade = r.grade
FROM (
  SELECT period, unit_code, rank, size,
         CASE WHEN erank IS NOT NULL AND erank - 1 < $quota THEN 'excellent'
              WHEN score >= $good THEN 'good' WHEN score >= $pass THEN 'pass' ELSE 'fail' END AS grade
  FROM (
    SELECT period, unit_code, score,
           rank() OVER (PARTITION BY period, grp ORDER BY score DESC) AS rank,
           count(*) OVER (PARTITION BY period, grp) AS size,
           CASE WHEN NOT vetoed AND score >= $exc
                THEN rank() OVER (PARTITION BY period, grp, (NOT vetoed AND score >= $exc) ORDER BY score DESC) END AS erank
    FROM scores WHERE grp IS NOT NULL AND period NOT IN (SELECT period FROM temp.frozen))
) r
WHERE scores.period = r.period AND scores.unit_code = r.unit_code;

-- Rank change against the previous period of the same kind; positive = moved up.
UPDATE scores SET rank_change = prev.rank - scores.rank
FROM scores prev
WHERE prev.unit_code = scores.unit_code AND prev.is_year = scores.is_year AND prev.ord = scores.ord - 1
  AND prev.rank IS NOT NULL AND scores.rank IS NOT NULL
  AND scores.period NOT IN (SELECT period FROM temp.frozen);

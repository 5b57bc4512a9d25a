-- A reference implementation of SPEC §3 in plain PostgreSQL, written from
-- the SPEC alone (not from jixiao's score.sql): the same four import files
-- loaded with COPY, every unit scored, ranked and graded, and the scores
-- exported as the JSON of SPEC §7. Sections (-- @name) are run by pgref.go:
-- @tables before the COPYs, @score after them, @export for the JSON.
-- The database's collation is C (codes are ASCII; PostgreSQL 15 compares
-- other collations, C.UTF-8 included, through strcoll). Defaults of the
-- grading settings (SPEC §3.5): 90 / 80 / 60, 20 %, quota
-- rounded half-up.

-- @tables
-- The import files as they are (SPEC §1.1–§1.4); COPY fills them.
CREATE TABLE units (code text, name text, parent_code text, kind text, level text, peer_group text, function text);
CREATE TABLE indicators (code text, name text, system text, tier text, levels text, unit text, direction text, rule text,
                         weight float8, target float8, floor float8, lead_dept text, coop_depts text, method text,
                         source text, key_task text, valid_from text, valid_to text);
CREATE TABLE ledger (indicator_code text, unit_code text, period text, actual float8, target float8, note text);
CREATE TABLE adjustments (unit_code text, period text, kind text, points float8, reason text, indicator_code text);

-- @score
ANALYZE units;
ANALYZE indicators;
ANALYZE ledger;
ANALYZE adjustments;

-- Quarters: every one found in the ledger or the adjustments (SPEC §1.6),
-- with a number that orders them (year × 4 + quarter − 1).
CREATE TABLE quarters AS
SELECT period, substr(period, 1, 4)::int * 4 + substr(period, 6, 1)::int - 1 AS ord
FROM (SELECT period FROM ledger UNION SELECT period FROM adjustments) p;

-- Each unit's tier (from its kind), peer group (SPEC §1.1: peer_group, else
-- parent:kind; none for the root) and place in the tree (the codes from the
-- root down, for the export's order).
CREATE TABLE unit_info AS
WITH RECURSIVE path(code, sort_key) AS (
  SELECT code, code FROM units WHERE coalesce(parent_code, '') = ''
  UNION ALL
  SELECT u.code, p.sort_key || '/' || u.code FROM units u JOIN path p ON u.parent_code = p.code
)
SELECT u.code, u.name, u.level,
       CASE u.kind WHEN 'bureau' THEN 'decision' WHEN 'department' THEN 'management' WHEN 'branch' THEN 'execution' END AS tier,
       CASE WHEN coalesce(u.parent_code, '') = '' THEN NULL
            ELSE coalesce(nullif(u.peer_group, ''), u.parent_code || ':' || u.kind) END AS grp,
       p.sort_key
FROM units u JOIN path p ON p.code = u.code;
ANALYZE unit_info;

-- Indicator versions with their validity as quarter numbers (empty = unbounded).
CREATE TABLE versions AS
SELECT code, system, tier, coalesce(levels, '') = '' AS all_levels, string_to_array(replace(levels, ' ', ''), ',') AS levels,
       direction, rule, weight, target, floor,
       coalesce(substr(valid_from, 1, 4)::int * 4 + substr(valid_from, 6, 1)::int - 1, -1) AS from_ord,
       coalesce(substr(valid_to, 1, 4)::int * 4 + substr(valid_to, 6, 1)::int - 1, 1000000) AS to_ord
FROM indicators;
ANALYZE versions;
ANALYZE quarters;

-- SPEC §3.1 and §3.2 before adjustments: every indicator version applicable
-- to the unit in the quarter (tier, levels, validity) with its ledger value
-- if any; the completion ratio r by rule; base and the six system
-- sub-scores as 100 × Σ W·r / Σ W.
CREATE TABLE quarter_base AS
WITH points AS (
  SELECT u.code AS unit_code, q.period, v.system, v.weight,
         CASE
           WHEN l.unit_code IS NULL THEN 0.0::float8               -- missing: r = 0
           WHEN v.rule = 'threshold' OR coalesce(l.target, v.target) = v.floor THEN
             CASE WHEN v.rule <> 'deadline' AND v.direction = 'higher'
                  THEN (l.actual >= coalesce(l.target, v.target))::int::float8
                  ELSE (l.actual <= coalesce(l.target, v.target))::int::float8 END
           WHEN v.rule = 'linear' AND v.direction = 'higher' THEN
             greatest(0.0, least(1.0, (l.actual - v.floor) / (coalesce(l.target, v.target) - v.floor)))
           ELSE                                                     -- linear lower, deadline
             greatest(0.0, least(1.0, (v.floor - l.actual) / (v.floor - coalesce(l.target, v.target))))
         END AS r
  FROM unit_info u
  CROSS JOIN quarters q
  JOIN versions v ON v.tier = u.tier AND (v.all_levels OR u.level = ANY (v.levels))
                 AND q.ord BETWEEN v.from_ord AND v.to_ord
  LEFT JOIN ledger l ON l.indicator_code = v.code AND l.unit_code = u.code AND l.period = q.period
)
SELECT unit_code, period,
       100 * sum(weight * r) / sum(weight) AS base,
       100 * sum(weight * r) FILTER (WHERE system = 'law') / sum(weight) FILTER (WHERE system = 'law') AS law,
       100 * sum(weight * r) FILTER (WHERE system = 'taxsys') / sum(weight) FILTER (WHERE system = 'taxsys') AS taxsys,
       100 * sum(weight * r) FILTER (WHERE system = 'service') / sum(weight) FILTER (WHERE system = 'service') AS service,
       100 * sum(weight * r) FILTER (WHERE system = 'admin') / sum(weight) FILTER (WHERE system = 'admin') AS admin,
       100 * sum(weight * r) FILTER (WHERE system = 'info') / sum(weight) FILTER (WHERE system = 'info') AS info,
       100 * sum(weight * r) FILTER (WHERE system = 'org') / sum(weight) FILTER (WHERE system = 'org') AS org
FROM points
GROUP BY unit_code, period;

-- SPEC §3.2 and §3.3: quarter scores with bonus, penalty and veto, rounded
-- to 6 decimals then half-up to 2 in numeric (exact); years as the mean of
-- the rounded quarter scores, vetoed when any quarter is, sub-scores the
-- means of the quarters' full-precision ones.
CREATE TABLE period_scores AS
WITH adj AS (
  SELECT unit_code, period,
         coalesce(sum(points) FILTER (WHERE kind = 'bonus'), 0) AS bonus,
         coalesce(sum(points) FILTER (WHERE kind = 'penalty'), 0) AS penalty,
         bool_or(kind = 'veto') AS vetoed
  FROM adjustments GROUP BY unit_code, period
), q AS (
  SELECT b.unit_code, b.period, false AS is_year,
         round(round(greatest(0, b.base + coalesce(a.bonus, 0) - coalesce(a.penalty, 0))::numeric, 6), 2) AS score,
         coalesce(a.vetoed, false) AS vetoed, b.law, b.taxsys, b.service, b.admin, b.info, b.org
  FROM quarter_base b LEFT JOIN adj a ON a.unit_code = b.unit_code AND a.period = b.period
)
SELECT * FROM q
UNION ALL
SELECT unit_code, substr(period, 1, 4), true, round(round(avg(score), 6), 2), bool_or(vetoed),
       avg(law), avg(taxsys), avg(service), avg(admin), avg(info), avg(org)
FROM q GROUP BY unit_code, substr(period, 1, 4);

-- SPEC §3.4 and §3.5: rank within the peer group and period (ties share,
-- the next skips); quota = floor(n × 0.2 + 0.5); excellent when not
-- vetoed, score ≥ 90 and fewer than quota such units score strictly
-- higher — the rank among those units alone, less one; then good ≥ 80,
-- pass ≥ 60, fail. The root has no group, rank, size or grade.
CREATE TABLE ref_scores AS
WITH ranked AS (
  SELECT s.*, u.grp,
         rank() OVER (PARTITION BY s.period, u.grp ORDER BY s.score DESC) AS rank,
         count(*) OVER (PARTITION BY s.period, u.grp) AS size
  FROM period_scores s JOIN unit_info u ON u.code = s.unit_code
), eligible AS (
  SELECT unit_code, period, rank() OVER (PARTITION BY period, grp ORDER BY score DESC) AS erank
  FROM ranked WHERE grp IS NOT NULL AND NOT vetoed AND score >= 90
)
SELECT r.unit_code, r.period, r.is_year, r.grp, r.score, r.vetoed,
       CASE WHEN r.grp IS NOT NULL THEN r.rank END AS rank,
       CASE WHEN r.grp IS NOT NULL THEN r.size END AS size,
       CASE WHEN r.grp IS NULL THEN NULL
            WHEN e.erank - 1 < floor(r.size * 0.2 + 0.5) THEN 'excellent'
            WHEN r.score >= 80 THEN 'good'
            WHEN r.score >= 60 THEN 'pass'
            ELSE 'fail' END AS grade,
       round(round(r.law::numeric, 6), 2) AS law, round(round(r.taxsys::numeric, 6), 2) AS taxsys,
       round(round(r.service::numeric, 6), 2) AS service, round(round(r.admin::numeric, 6), 2) AS admin,
       round(round(r.info::numeric, 6), 2) AS info, round(round(r.org::numeric, 6), 2) AS org
FROM ranked r LEFT JOIN eligible e ON e.unit_code = r.unit_code AND e.period = r.period;

-- @export
-- SPEC §7: one object per scored unit and period, quarters then years, in
-- tree order.
SELECT coalesce(json_agg(json_build_object(
         'period', s.period, 'unit_code', s.unit_code, 'unit_name', u.name, 'group', s.grp,
         'score', s.score, 'rank', s.rank, 'size', s.size, 'grade', s.grade, 'vetoed', s.vetoed,
         'systems', json_build_object('law', s.law, 'taxsys', s.taxsys, 'service', s.service,
                                      'admin', s.admin, 'info', s.info, 'org', s.org))
       ORDER BY s.is_year, s.period, u.sort_key COLLATE "C"), '[]')::text
FROM ref_scores s JOIN unit_info u ON u.code = s.unit_code;

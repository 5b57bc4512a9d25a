-- Scoring (SPEC §3), in sections run by score.go. Placeholders:
-- $exc $good $pass (grade thresholds), $quota (quota expression of size),
-- $sigs (the signatures of the stored result rows, result_sigs),
-- $ledger (the ledger rows scored: k, actual, target), $pending (those a
-- write of values adds: section untouched), $versions (each class's indicator
-- versions: class_ind, or a scenario's copy with other weights), $results
-- and $scores (where the rows go: result_rows and scores, or a scenario's
-- temp tables), $units (the units scored: unit_class, or a scenario's
-- group), $ranked (the rows of temp.cand ranked and written: temp.cand, or
-- those of the periods in temp.dirty), $kept (the stored score rows a rank
-- change may compare with: the frozen ones, or those outside temp.dirty).
-- temp.live holds the quarters scored.

-- @frozen
CREATE OR REPLACE TEMP TABLE frozen AS
SELECT period FROM periods WHERE status = 'final'
UNION ALL
SELECT left(period, 4) FROM periods GROUP BY left(period, 4) HAVING bool_and(status = 'final');

-- @live
CREATE OR REPLACE TEMP TABLE live AS
SELECT ord FROM periods WHERE period NOT IN (SELECT period FROM temp.frozen);

-- @untouched
-- The quarters scored that a write of values leaves alone ($pending holds
-- its values: k, actual, target): their result rows stay, and section
-- agg_kept takes their bases from the stored scores. Only when every unit
-- scored in each of them has its stored score row (none otherwise: every
-- quarter is scored from the ledger).
CREATE OR REPLACE TEMP TABLE untouched AS
WITH u AS (
  SELECT ord FROM temp.live WHERE ord NOT IN (SELECT DISTINCT jx_ord(k) FROM $pending)
), e AS (
  SELECT cp.ord, count(*) AS n
  FROM $units uc JOIN (SELECT DISTINCT ci.cls, p.ord FROM $versions ci JOIN u p ON p.ord BETWEEN ci.from_ord AND ci.to_ord) cp ON cp.cls = uc.cls
  GROUP BY cp.ord
), g AS (
  SELECT ord, count(*) AS n FROM scores WHERE NOT is_year AND ord IN (SELECT ord FROM u) GROUP BY ord
)
SELECT ord FROM u
WHERE NOT EXISTS (SELECT 1 FROM u LEFT JOIN e USING (ord) LEFT JOIN g USING (ord) WHERE coalesce(e.n, 0) <> coalesce(g.n, 0));

DELETE FROM temp.live WHERE ord IN (SELECT ord FROM temp.untouched);

-- @prep
-- SPEC §3.1, the one place: each class's versions per quarter scored
-- (cip); temp.scored joins each ledger value to its unit's class and to
-- the class's version on the key (jx_key; a value whose indicator no
-- longer applies finds none) with its completion ratio.
-- pos numbers a class's versions in a quarter (0, 1, …): the bit of
-- each in the mask of the values present (section agg).
CREATE OR REPLACE TEMP TABLE cip AS
SELECT ci.cls, ci.iid, ci.version, p.ord, jx_key(ci.cls::BIGINT, ci.iid, p.ord) AS ck,
       ci.weight, ci.sys_no, ci.thr, ci.hi, ci.target, ci.floor,
       (row_number() OVER (PARTITION BY ci.cls, p.ord ORDER BY ci.iid) - 1)::INTEGER AS pos
FROM $versions ci JOIN temp.live p ON p.ord BETWEEN ci.from_ord AND ci.to_ord;

CREATE OR REPLACE TEMP VIEW scored AS
SELECT jx_unit(l.k) AS uid, c.iid, c.ord, c.version, c.sys_no, c.weight, c.pos,
       ratio_of(c.thr, c.hi, l.actual, coalesce(l.target, c.target), c.floor) AS ratio
FROM $ledger l JOIN $units uc ON uc.uid = jx_unit(l.k)
JOIN temp.cip c ON c.ck = jx_key(uc.cls::BIGINT, jx_ind(l.k), jx_ord(l.k));

-- @agg
-- SPEC §3.2 before adjustments: base and system sub-scores at full
-- precision per unit and quarter, summed from temp.scored; weights come
-- from the class's versions alone, a missing value earns 0. sig is the
-- signature of the unit's result rows in the quarter: the class's
-- versions (csig) and each present value's version and ratio (esig),
-- each row hashed and combined by xor (each indicator has one row).
-- mask has the bit pos of each value present (when a class has at most
-- 64 versions in a quarter: section missing_mask), a UBIGINT (shifting
-- by an INTEGER would make it a HUGEINT, slower).
CREATE OR REPLACE TEMP TABLE agg AS
WITH cw AS (
  SELECT cls, ord, count(*) AS n, sum(weight) AS weight,
         sum(weight) FILTER (WHERE sys_no = 1) AS w1, sum(weight) FILTER (WHERE sys_no = 2) AS w2,
         sum(weight) FILTER (WHERE sys_no = 3) AS w3, sum(weight) FILTER (WHERE sys_no = 4) AS w4,
         sum(weight) FILTER (WHERE sys_no = 5) AS w5, sum(weight) FILTER (WHERE sys_no = 6) AS w6,
         bit_xor(hash(iid, version)) AS csig
  FROM temp.cip GROUP BY cls, ord
), w AS (
  SELECT uc.uid, uc.code, uc.grp, uc.gid, cw.* FROM $units uc JOIN cw ON cw.cls = uc.cls
), e AS (
  SELECT uid, ord, count(*) AS present, sum(weight * ratio) AS earned,
         sum(weight * ratio) FILTER (WHERE sys_no = 1) AS e1, sum(weight * ratio) FILTER (WHERE sys_no = 2) AS e2,
         sum(weight * ratio) FILTER (WHERE sys_no = 3) AS e3, sum(weight * ratio) FILTER (WHERE sys_no = 4) AS e4,
         sum(weight * ratio) FILTER (WHERE sys_no = 5) AS e5, sum(weight * ratio) FILTER (WHERE sys_no = 6) AS e6,
         bit_xor(hash(iid, version, ratio)) AS esig, bit_or(1::UBIGINT << (pos % 64)::UBIGINT) AS mask
  FROM temp.scored GROUP BY uid, ord
)
SELECT w.uid, w.code AS unit_code, w.grp, w.gid, p.period, w.ord,
       100 * coalesce(e.earned, 0) / w.weight AS base, w.n - coalesce(e.present, 0) AS missing,
       100 * coalesce(e.e1, 0) / w.w1 AS law, 100 * coalesce(e.e2, 0) / w.w2 AS taxsys,
       100 * coalesce(e.e3, 0) / w.w3 AS service, 100 * coalesce(e.e4, 0) / w.w4 AS admin,
       100 * coalesce(e.e5, 0) / w.w5 AS info, 100 * coalesce(e.e6, 0) / w.w6 AS org,
       hash(coalesce(e.esig, 0::UBIGINT), w.csig) AS sig, coalesce(e.mask, 0::UBIGINT) AS mask
FROM w LEFT JOIN e ON e.uid = w.uid AND e.ord = w.ord
JOIN periods p ON p.ord = w.ord;

-- @results
-- The result rows of the quarters scored, written where they changed:
-- the units and quarters whose signature (temp.agg) differs from the one
-- stored with their rows in $sigs, and those scored no more, lose their
-- rows; the changed ones get the rows of temp.scored (sections rows_some
-- or rows_all) and of their missing values (missing_mask or missing). A
-- write that moves nothing writes no result row.
CREATE OR REPLACE TEMP TABLE changed AS
SELECT a.uid, a.ord, a.uid * 16384 + a.ord AS uo, a.sig, a.missing, a.mask
FROM temp.agg a LEFT JOIN $sigs s ON s.uid = a.uid AND s.ord = a.ord
WHERE s.sig IS DISTINCT FROM a.sig
UNION ALL
SELECT s.uid, s.ord, s.uid * 16384 + s.ord, NULL, 0, NULL
FROM $sigs s ANTI JOIN temp.agg a ON a.uid = s.uid AND a.ord = s.ord
WHERE s.ord IN (SELECT ord FROM temp.live);

DELETE FROM $results WHERE ord IN (SELECT ord FROM temp.live) AND uid * 16384 + ord IN (SELECT uo FROM temp.changed);

DELETE FROM $sigs WHERE uid * 16384 + ord IN (SELECT uo FROM temp.changed);

INSERT INTO $sigs (uid, ord, sig) SELECT uid, ord, sig FROM temp.changed WHERE sig IS NOT NULL;

-- @rows_some
-- The rows of the values present in the changed units and quarters (run
-- when some changed, not all).
INSERT INTO $results (uid, iid, ord, version, ratio, missing)
SELECT s.uid, s.iid, s.ord, s.version, s.ratio, false
FROM temp.scored s SEMI JOIN temp.changed c ON c.uo = s.uid * 16384 + s.ord AND c.sig IS NOT NULL;

-- @rows_all
-- The same when every unit and quarter scored changed (a first import):
-- every row of temp.scored, without probing temp.changed.
INSERT INTO $results (uid, iid, ord, version, ratio, missing)
SELECT s.uid, s.iid, s.ord, s.version, s.ratio, false
FROM temp.scored s;

-- @missing_mask
-- The rows of the values missing in the changed units and quarters that
-- miss some: the class's versions whose bit is not in the mask of the
-- values present (run only when one misses some and no class has more
-- than 64 versions in a quarter; section missing otherwise).
INSERT INTO $results (uid, iid, ord, version, ratio, missing)
SELECT c.uid, ci.iid, c.ord, ci.version, 0.0, true
FROM temp.changed c JOIN $units uc ON uc.uid = c.uid
JOIN temp.cip ci ON ci.cls = uc.cls AND ci.ord = c.ord
WHERE c.missing > 0 AND (c.mask >> ci.pos::UBIGINT) & 1::UBIGINT = 0;

-- @missing
-- The same read back from the result rows just written, for a class
-- with more than 64 versions in a quarter.
INSERT INTO $results (uid, iid, ord, version, ratio, missing)
WITH short AS (
  SELECT c.uid, uc.cls, c.ord, c.uo FROM temp.changed c JOIN $units uc ON uc.uid = c.uid WHERE c.missing > 0
)
SELECT s.uid, c.iid, c.ord, c.version, 0.0, true
FROM short s JOIN temp.cip c ON c.cls = s.cls AND c.ord = s.ord
ANTI JOIN (SELECT r.uid, r.iid, r.ord FROM $results r SEMI JOIN short ON short.uo = r.uid * 16384 + r.ord) r
  ON r.uid = s.uid AND r.iid = c.iid AND r.ord = c.ord;

-- @agg_stored
-- The same from the stored scores, for a write that changes adjustments
-- only: the base and sub-scores cannot have moved.
CREATE OR REPLACE TEMP TABLE agg AS
SELECT uc.uid, uc.code AS unit_code, uc.grp, uc.gid, s.period, s.ord, s.base_f AS base, s.missing,
       s.law_f AS law, s.taxsys_f AS taxsys, s.service_f AS service, s.admin_f AS admin, s.info_f AS info, s.org_f AS org
FROM scores s JOIN $units uc ON uc.code = s.unit_code
WHERE NOT s.is_year AND s.ord IN (SELECT ord FROM temp.live);

-- @dirty
-- The periods whose score rows a write of values may change, as
-- is_year * 16384 + ord: the quarters of temp.changed, their years, and
-- the period after each of the same kind (its rank change), those not
-- frozen only. A score depends on its unit's result rows (their
-- signatures say which changed), adjustments, group and the grading,
-- which such a write leaves; a rank and a grade on the group's scores in
-- the same period.
CREATE OR REPLACE TEMP TABLE dirty AS
WITH k AS (
  SELECT DISTINCT ord + d AS dk FROM (SELECT DISTINCT ord FROM temp.changed), (VALUES (0), (1)) t(d)
  UNION
  SELECT DISTINCT 16384 + ord // 4 + d FROM (SELECT DISTINCT ord FROM temp.changed), (VALUES (0), (1)) t(d)
)
SELECT dk FROM k WHERE dk IN (
  SELECT ord FROM periods WHERE period NOT IN (SELECT period FROM temp.frozen)
  UNION
  SELECT 16384 + ord // 4 FROM periods WHERE left(period, 4) NOT IN (SELECT period FROM temp.frozen));

-- @agg_kept
-- The bases of the quarters in temp.untouched that a period of temp.dirty
-- needs (the quarter itself, or its year), from the stored scores (as
-- section agg_stored).
INSERT INTO agg (uid, unit_code, grp, gid, period, ord, base, missing, law, taxsys, service, admin, info, org)
SELECT uc.uid, uc.code, uc.grp, uc.gid, s.period, s.ord, s.base_f, s.missing,
       s.law_f, s.taxsys_f, s.service_f, s.admin_f, s.info_f, s.org_f
FROM scores s JOIN $units uc ON uc.code = s.unit_code
WHERE NOT s.is_year AND s.ord IN (SELECT ord FROM temp.untouched)
  AND (s.ord IN (SELECT dk FROM temp.dirty) OR 16384 + s.ord // 4 IN (SELECT dk FROM temp.dirty));

-- @cand
CREATE OR REPLACE TEMP TABLE cand AS
WITH adj AS (
  SELECT unit_code, period,
         sum(points) FILTER (WHERE kind = 'bonus') AS bonus,
         sum(points) FILTER (WHERE kind = 'penalty') AS penalty,
         bool_or(kind = 'veto') AS vetoed
  FROM adjustments GROUP BY unit_code, period
)
SELECT a.period, false AS is_year, a.ord, a.uid, a.unit_code, a.grp, a.gid,
       round(round(greatest(0, a.base + coalesce(j.bonus, 0) - coalesce(j.penalty, 0)), 6)::DECIMAL(18,6), 2)::DECIMAL(10,2) AS score,
       round(round(a.base, 6)::DECIMAL(18,6), 2)::DECIMAL(10,2) AS base, a.base AS base_f,
       coalesce(j.bonus, 0) AS bonus, coalesce(j.penalty, 0) AS penalty, coalesce(j.vetoed, false) AS vetoed,
       a.missing, a.law AS law_f, a.taxsys AS taxsys_f, a.service AS service_f, a.admin AS admin_f, a.info AS info_f, a.org AS org_f
FROM temp.agg a
LEFT JOIN adj j ON j.unit_code = a.unit_code AND j.period = a.period;

-- @years
-- Years: the mean of the rounded quarterly scores (SPEC §3.3); system
-- sub-scores are the means of the quarterly ones at full precision.
INSERT INTO cand
WITH q AS (
  SELECT ord // 4 AS y, uid, score, base, bonus, penalty, vetoed, missing, law_f, taxsys_f, service_f, admin_f, info_f, org_f
  FROM cand WHERE NOT is_year
  UNION ALL
  SELECT s.ord // 4, u.uid, s.score, s.base, s.bonus, s.penalty, s.vetoed, s.missing, s.law_f, s.taxsys_f, s.service_f, s.admin_f, s.info_f, s.org_f
  FROM scores s JOIN $units u ON u.code = s.unit_code
  WHERE NOT s.is_year AND s.period IN (SELECT period FROM temp.frozen)
)
SELECT q.y::VARCHAR AS year, true, q.y, q.uid, any_value(u.code), any_value(u.grp), any_value(u.gid),
       round(round(avg(q.score::DOUBLE), 6)::DECIMAL(18,6), 2)::DECIMAL(10,2),
       round(round(avg(q.base::DOUBLE), 6)::DECIMAL(18,6), 2)::DECIMAL(10,2), NULL,
       sum(q.bonus), sum(q.penalty), bool_or(q.vetoed), sum(q.missing),
       avg(law_f), avg(taxsys_f), avg(service_f), avg(admin_f), avg(info_f), avg(org_f)
FROM q JOIN unit_class u ON u.uid = q.uid
WHERE q.y::VARCHAR NOT IN (SELECT period FROM temp.frozen)
GROUP BY q.y, q.uid;

-- @replace
DELETE FROM scores WHERE period NOT IN (SELECT period FROM temp.frozen);

-- @replace_units
-- The same for the units scored only (a write that changes the
-- adjustments of a few units rescores their peer groups alone).
DELETE FROM scores WHERE period NOT IN (SELECT period FROM temp.frozen) AND unit_code IN (SELECT code FROM $units);

-- @replace_dirty
-- The score rows of the periods in temp.dirty go; the others stay.
DELETE FROM scores WHERE is_year::INTEGER * 16384 + ord IN (SELECT dk FROM temp.dirty);

-- @rank
-- Rank and grade within each peer group (SPEC §3.4, §3.5) and the rank change
-- against the previous period of the same kind (positive = moved up):
-- $previous holds the ranks of the previous periods, keyed by $prevkey
-- (section prev_all, or prev_period when the periods are ranked one by
-- one, in order).
INSERT INTO $scores (period, is_year, ord, unit_code, grp, score, base, bonus, penalty, vetoed,
                    law, taxsys, service, admin, info, org, rank, size, grade, rank_change, missing,
                    law_f, taxsys_f, service_f, admin_f, info_f, org_f, base_f)
WITH w AS (
  -- One sort per group: the rank among the units eligible for excellent
  -- (not vetoed, score at least the threshold) is 1 + the eligible units
  -- scoring strictly higher: those scoring at least as high, less the
  -- eligible ties.
  SELECT c.*,
         rank() OVER g AS rank0, count(*) OVER (PARTITION BY is_year, ord, gid) AS size0,
         sum((NOT vetoed AND score >= $exc)::INTEGER) OVER (g RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS elig_ge,
         sum((NOT vetoed AND score >= $exc)::INTEGER) OVER (g RANGE BETWEEN CURRENT ROW AND CURRENT ROW) AS elig_ties
  FROM $ranked c
  WINDOW g AS (PARTITION BY is_year, ord, gid ORDER BY score DESC)
), ranked AS (
  SELECT w.*,
         CASE WHEN grp IS NOT NULL THEN rank0 END AS rank,
         CASE WHEN grp IS NOT NULL THEN size0 END AS size,
         CASE WHEN grp IS NOT NULL AND NOT vetoed AND score >= $exc THEN elig_ge - elig_ties + 1 END AS erank
  FROM w
), prev AS (
  $previous
)
SELECT r.period, r.is_year, r.ord, r.unit_code, r.grp, r.score, r.base, r.bonus, r.penalty, r.vetoed,
       round(round(r.law_f, 6)::DECIMAL(18,6), 2), round(round(r.taxsys_f, 6)::DECIMAL(18,6), 2),
       round(round(r.service_f, 6)::DECIMAL(18,6), 2), round(round(r.admin_f, 6)::DECIMAL(18,6), 2),
       round(round(r.info_f, 6)::DECIMAL(18,6), 2), round(round(r.org_f, 6)::DECIMAL(18,6), 2),
       r.rank, r.size,
       CASE WHEN r.grp IS NULL THEN NULL
            WHEN r.erank IS NOT NULL AND r.erank - 1 < $quota THEN 'excellent'
            WHEN r.score >= $good THEN 'good' WHEN r.score >= $pass THEN 'pass' ELSE 'fail' END,
       p.rank - r.rank, r.missing,
       r.law_f, r.taxsys_f, r.service_f, r.admin_f, r.info_f, r.org_f, r.base_f
FROM ranked r
LEFT JOIN prev p ON p.pk = $prevkey;

-- @prev_all
-- The previous ranks of a rank of every period at once, keyed by unit,
-- kind of period and the period after this one.
SELECT (uid * 2 + is_year::INTEGER) * 16384 + ord + 1 AS pk, rank FROM ranked WHERE rank IS NOT NULL
  UNION ALL
  -- only the kept rows: rows of other periods in scores are the ones this
  -- statement is inserting, which DuckDB lets the statement see (duplicates)
  SELECT (u.uid * 2 + s.is_year::INTEGER) * 16384 + s.ord + 1, s.rank FROM scores s JOIN unit_class u ON u.code = s.unit_code
  WHERE s.rank IS NOT NULL AND $kept

-- @prev_period
-- The same for a rank of one period when the periods are ranked one by
-- one, in order (a large scoring, see rankWholeRows in scoring.go): the
-- previous period's rows are in scores by then (ranked just before, kept
-- or frozen), keyed by unit.
SELECT unit_code AS pk, rank FROM scores WHERE rank IS NOT NULL AND is_year = $year AND ord = $ord - 1

-- @cleanup
DROP VIEW IF EXISTS temp.scored;
DROP TABLE IF EXISTS temp.changed;
DROP TABLE IF EXISTS temp.dirty;
DROP TABLE IF EXISTS temp.untouched;
DROP TABLE IF EXISTS temp.cand;
DROP TABLE IF EXISTS temp.agg;
DROP TABLE IF EXISTS temp.cip;
DROP TABLE IF EXISTS temp.live;

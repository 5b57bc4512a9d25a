-- Scoring rewrites every score row of the open periods in each write; an
-- ART index on scores made each commit cost seconds at 200 k rows. Reads
-- by unit are answered from the in-memory snapshot, or by a scan.
DROP INDEX IF EXISTS scores_unit;

-- The rule of each applicable version as two flags, so that scoring
-- compares no strings per value.
ALTER TABLE applicable ADD COLUMN thr BOOLEAN;
ALTER TABLE applicable ADD COLUMN hi BOOLEAN;
UPDATE applicable SET thr = rule = 'threshold', hi = rule <> 'deadline' AND direction = 'higher';

-- SPEC §3.1, the completion ratio r of a value present in the ledger.
-- thr: a threshold rule; hi: higher is better (never for deadline).
-- Linear in both directions is (A - F) / (T - F), clamped: for lower is
-- better that equals (F - A) / (F - T) exactly (IEEE negation is exact).
CREATE MACRO ratio_of(thr_, hi_, actual_, target_, floor_) AS CASE
    WHEN thr_ OR target_ = floor_ THEN
      CASE WHEN hi_ THEN CASE WHEN actual_ >= target_ THEN 1.0 ELSE 0.0 END
           ELSE CASE WHEN actual_ <= target_ THEN 1.0 ELSE 0.0 END END
    ELSE greatest(0.0, least(1.0, (actual_ - floor_) / (target_ - floor_)))
  END;

CREATE OR REPLACE MACRO completion_ratio(missing_, rule_, direction_, actual_, target_, floor_) AS CASE
    WHEN missing_ THEN 0.0
    ELSE ratio_of(rule_ = 'threshold', rule_ <> 'deadline' AND direction_ = 'higher', actual_, target_, floor_)
  END;

-- Scoring writes only the result rows that changed (issue 18 step 6): each
-- unit and quarter with result rows keeps the signature of its rows, and
-- a rescoring rewrites only the units and quarters whose signature moved
-- (score.sql, sections agg and results). The signature xors a hash of
-- each row's indicator and version with a hash of each present value's
-- indicator, version and ratio; filled here from the rows stored.
CREATE TABLE result_sigs (
    uid BIGINT NOT NULL,
    ord INTEGER NOT NULL,
    sig UBIGINT NOT NULL
);
INSERT INTO result_sigs
SELECT uid, ord, hash(coalesce(bit_xor(hash(iid, version, ratio)) FILTER (WHERE NOT missing), 0::UBIGINT), bit_xor(hash(iid, version)))
FROM result_rows GROUP BY uid, ord;

-- The grading settings (SPEC §3.5) the stored grades were computed with,
-- written by every scoring that ranks every open period: a write of
-- values, which ranks only the periods whose results changed, ranks them
-- all when the grading has changed since (scoring.Rescore).
CREATE TABLE scored_with (grading VARCHAR NOT NULL);

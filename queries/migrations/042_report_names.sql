-- The units each stored report names (issue 17): a stored report is served
-- only to readers who still see every one of them named, so that a move of
-- the unit tree never carries a unit's scores and ranks to a reader outside
-- its scope. Reports stored before this migration do not say whom they
-- name: they are served to no one but the administrator until generated
-- again, and a run is queued for each of their quarters to do that.
CREATE TABLE report_names (
    period VARCHAR NOT NULL,
    unit_code VARCHAR NOT NULL,   -- the report's bureau
    named VARCHAR NOT NULL        -- a unit the report names
);
INSERT INTO report_runs (period, requested_by)
SELECT DISTINCT period, 'migration 042 (report names)' FROM reports ORDER BY period;

-- The report centre (报告中心): the quarterly report of every bureau,
-- generated when its quarter goes to review, with the runs that made them.
-- A run is queued in the transaction that moves the quarter, so that a
-- crash before or during it leaves a run to finish at the next start.
CREATE SEQUENCE report_run_ids;
CREATE TABLE report_runs (
    id BIGINT PRIMARY KEY DEFAULT nextval('report_run_ids'),
    period VARCHAR NOT NULL,
    status VARCHAR NOT NULL DEFAULT 'pending',  -- pending | running | done | cancelled
    requested_by VARCHAR NOT NULL,
    requested_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
    started_at TIMESTAMP,
    finished_at TIMESTAMP
);
-- One row per attempt at one bureau's report: ok, failed (message in plain
-- words for the administrator) or skipped (no score in the period).
CREATE SEQUENCE report_log_ids;
CREATE TABLE report_log (
    id BIGINT PRIMARY KEY DEFAULT nextval('report_log_ids'),
    run_id BIGINT,                 -- NULL: a retry outside a run
    period VARCHAR NOT NULL,
    unit_code VARCHAR NOT NULL,
    status VARCHAR NOT NULL,       -- ok | failed | skipped
    message VARCHAR NOT NULL DEFAULT '',
    attempted_by VARCHAR NOT NULL,
    attempted_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
    millis BIGINT NOT NULL DEFAULT 0
);
-- The stored reports, one per (period, unit, format), replaced whole. The
-- body is gzip; an HTML body is stored without the ECharts library, which
-- the download inlines again at byte offset lib_at (the same library in
-- every report: 1 MB each otherwise).
CREATE TABLE reports (
    period VARCHAR NOT NULL,
    unit_code VARCHAR NOT NULL,
    format VARCHAR NOT NULL,       -- html | xlsx
    body BLOB NOT NULL,
    lib_at BIGINT,
    size BIGINT NOT NULL,          -- bytes of the file as built
    generated_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
    data_version BIGINT NOT NULL,  -- the data the report was built from
    run_id BIGINT
);
-- When each user last opened the report centre: what is new since.
CREATE TABLE report_visits (
    username VARCHAR PRIMARY KEY,
    seen_at TIMESTAMP NOT NULL
);

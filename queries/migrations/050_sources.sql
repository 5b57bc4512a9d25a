-- SPEC §11: sources (connections to the tax systems' databases), pulls (a
-- query on a source, a schedule) and their runs. A source's password is
-- stored sealed (AES-GCM, key outside the database: queries/secrets),
-- never in plain text.
CREATE SEQUENCE source_ids;
CREATE TABLE sources (
    id BIGINT PRIMARY KEY DEFAULT nextval('source_ids'),
    name VARCHAR NOT NULL,
    driver VARCHAR NOT NULL,           -- postgres | mysql
    dsn VARCHAR NOT NULL,              -- without the password
    password_sealed VARCHAR NOT NULL DEFAULT '',
    created_by VARCHAR NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL DEFAULT current_timestamp
);
CREATE SEQUENCE pull_ids;
CREATE TABLE pulls (
    id BIGINT PRIMARY KEY DEFAULT nextval('pull_ids'),
    name VARCHAR NOT NULL,
    source_id BIGINT NOT NULL,
    query VARCHAR NOT NULL,
    schedule VARCHAR NOT NULL DEFAULT '',  -- '' | five-field cron | @every D
    periods VARCHAR NOT NULL DEFAULT 'open', -- 'open' | comma-separated quarters
    created_by VARCHAR NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL DEFAULT current_timestamp
);
-- One row per run that was not a dry run; errors is a JSON array of
-- {row, column, message} (row 0: the run as a whole).
CREATE SEQUENCE pull_run_ids;
CREATE TABLE pull_runs (
    id BIGINT PRIMARY KEY DEFAULT nextval('pull_run_ids'),
    pull_id BIGINT NOT NULL,
    period VARCHAR NOT NULL,
    "trigger" VARCHAR NOT NULL,         -- schedule | manual
    run_by VARCHAR NOT NULL DEFAULT '',
    started_at TIMESTAMP NOT NULL,
    finished_at TIMESTAMP,
    status VARCHAR NOT NULL,            -- ok | unchanged | failed
    rows BIGINT NOT NULL DEFAULT 0,
    batch_id BIGINT,
    errors VARCHAR NOT NULL DEFAULT '[]'
);

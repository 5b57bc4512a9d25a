-- Collection (SPEC §12): units declare the values of the indicators whose
-- source is collected (manual), the office above accepts or returns them.
-- No foreign keys and no unique indexes on rows that are updated: DuckDB
-- refuses some updates of indexed rows; uniqueness is kept by the writer.
CREATE SEQUENCE submission_ids;
CREATE TABLE submissions (
    id BIGINT PRIMARY KEY DEFAULT nextval('submission_ids'),
    unit_code VARCHAR NOT NULL,
    period VARCHAR NOT NULL,
    status VARCHAR NOT NULL DEFAULT 'draft',  -- draft | submitted | returned | accepted
    late BOOLEAN NOT NULL DEFAULT false,      -- fixed at the first submit
    first_submitted_at TIMESTAMP,
    batch_id BIGINT,                          -- the values batch written on acceptance
    created_by VARCHAR NOT NULL,
    created_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
    updated_at TIMESTAMP NOT NULL DEFAULT current_timestamp
);
CREATE TABLE submission_items (
    submission_id BIGINT NOT NULL,
    pos INTEGER NOT NULL,
    indicator_code VARCHAR NOT NULL,
    actual DOUBLE NOT NULL,
    note VARCHAR
);
CREATE TABLE submission_steps (
    submission_id BIGINT NOT NULL,
    step VARCHAR NOT NULL,                    -- created | edited | submitted | returned | accepted
    username VARCHAR NOT NULL,
    step_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
    comment VARCHAR
);
-- Deadlines per quarter: the end of the day in the server's time zone.
CREATE TABLE collection_deadlines (
    period VARCHAR NOT NULL,
    deadline DATE NOT NULL,
    set_by VARCHAR NOT NULL,
    set_at TIMESTAMP NOT NULL DEFAULT current_timestamp
);
-- Field checks (SPEC §12.1): a verified value found on site.
CREATE SEQUENCE field_check_ids;
CREATE TABLE field_checks (
    id BIGINT PRIMARY KEY DEFAULT nextval('field_check_ids'),
    unit_code VARCHAR NOT NULL,
    period VARCHAR NOT NULL,
    indicator_code VARCHAR NOT NULL,
    verified_actual DOUBLE NOT NULL,
    desk_actual DOUBLE,                       -- the value in force before the check (NULL: none)
    finding VARCHAR NOT NULL,
    checked_by VARCHAR NOT NULL,
    checked_at TIMESTAMP NOT NULL DEFAULT current_timestamp
);
-- Explanations (SPEC §12.2): why a unit lost points and what it will do.
CREATE SEQUENCE explanation_ids;
CREATE TABLE explanations (
    id BIGINT PRIMARY KEY DEFAULT nextval('explanation_ids'),
    unit_code VARCHAR NOT NULL,
    period VARCHAR NOT NULL,
    indicator_code VARCHAR,                   -- NULL: the quarter as a whole
    cause VARCHAR NOT NULL,
    measures VARCHAR NOT NULL,
    status VARCHAR NOT NULL DEFAULT 'submitted',  -- submitted | accepted | returned
    written_by VARCHAR NOT NULL,
    written_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
    decided_by VARCHAR,
    decided_at TIMESTAMP,
    comment VARCHAR
);
-- Due and overdue events emitted once per unit, quarter and kind.
CREATE TABLE submission_notices (
    unit_code VARCHAR NOT NULL,
    period VARCHAR NOT NULL,
    kind VARCHAR NOT NULL,
    noticed_at TIMESTAMP NOT NULL DEFAULT current_timestamp
);

-- Workflows (SPEC §5): appeals, their evidence, rectification items and review meetings.
-- No foreign keys: DuckDB refuses updates of rows that other rows reference.
CREATE SEQUENCE appeal_ids;
CREATE TABLE appeals (
    id BIGINT PRIMARY KEY DEFAULT nextval('appeal_ids'),
    unit_code VARCHAR NOT NULL,
    indicator_code VARCHAR NOT NULL,
    period VARCHAR NOT NULL,
    claimed_actual DOUBLE NOT NULL,
    reason VARCHAR NOT NULL,
    status VARCHAR NOT NULL DEFAULT 'submitted',  -- submitted | forwarded | rejected | upheld | dismissed
    old_actual DOUBLE,                            -- the ledger value disputed (NULL: none reported)
    filed_by VARCHAR NOT NULL,
    filed_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
    reviewed_by VARCHAR,
    reviewed_at TIMESTAMP,
    review_comment VARCHAR,
    decided_by VARCHAR,
    decided_at TIMESTAMP,
    decide_comment VARCHAR,
    decided_actual DOUBLE
);
-- Evidence files of appeals, rectification items and adjustments, kept in the database.
CREATE SEQUENCE attachment_ids;
CREATE TABLE attachments (
    id BIGINT PRIMARY KEY DEFAULT nextval('attachment_ids'),
    owner_kind VARCHAR NOT NULL,   -- appeal | rectification | adjustment
    owner_id BIGINT NOT NULL,
    filename VARCHAR NOT NULL,
    mime VARCHAR NOT NULL,
    size BIGINT NOT NULL,
    sha256 VARCHAR NOT NULL,
    content BLOB NOT NULL,
    uploaded_by VARCHAR NOT NULL,
    uploaded_at TIMESTAMP NOT NULL DEFAULT current_timestamp
);
CREATE SEQUENCE meeting_ids;
CREATE TABLE meetings (
    id BIGINT PRIMARY KEY DEFAULT nextval('meeting_ids'),
    unit_code VARCHAR NOT NULL,    -- the bureau holding the meeting; its subtree is discussed
    period VARCHAR NOT NULL,
    title VARCHAR NOT NULL,
    held_on DATE NOT NULL,
    location VARCHAR,
    attendees VARCHAR,
    minutes VARCHAR NOT NULL DEFAULT '',    -- 纪要
    decisions VARCHAR NOT NULL DEFAULT '',
    created_by VARCHAR NOT NULL,
    created_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
    updated_by VARCHAR,
    updated_at TIMESTAMP
);
CREATE SEQUENCE rectification_ids;
CREATE TABLE rectifications (
    id BIGINT PRIMARY KEY DEFAULT nextval('rectification_ids'),
    unit_code VARCHAR NOT NULL,    -- the owner unit
    source VARCHAR NOT NULL,       -- meeting | feedback
    title VARCHAR NOT NULL,
    detail VARCHAR NOT NULL DEFAULT '',
    measures VARCHAR NOT NULL DEFAULT '',
    deadline DATE NOT NULL,
    status VARCHAR NOT NULL DEFAULT 'open',  -- open | in_progress | done
    evidence VARCHAR NOT NULL DEFAULT '',    -- closing evidence
    period VARCHAR,
    meeting_id BIGINT,
    indicator_code VARCHAR,
    created_by VARCHAR NOT NULL,
    created_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
    updated_by VARCHAR,
    updated_at TIMESTAMP,
    closed_by VARCHAR,
    closed_at TIMESTAMP
);
INSERT INTO settings SELECT 'appeal.window_days', '10' WHERE NOT EXISTS (SELECT 1 FROM settings WHERE key = 'appeal.window_days');

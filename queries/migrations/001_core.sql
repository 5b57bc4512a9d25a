CREATE TABLE units (
    code VARCHAR PRIMARY KEY,
    name VARCHAR NOT NULL,
    parent_code VARCHAR,
    kind VARCHAR NOT NULL,
    level VARCHAR NOT NULL,
    peer_group VARCHAR,
    grp VARCHAR,           -- effective peer group; NULL for the root
    depth INTEGER NOT NULL DEFAULT 0,
    sort_key VARCHAR       -- path of codes from the root, for tree order
);
CREATE TABLE unit_tree (ancestor VARCHAR NOT NULL, descendant VARCHAR NOT NULL, distance INTEGER NOT NULL);
CREATE TABLE indicators (
    code VARCHAR NOT NULL,
    version INTEGER NOT NULL,
    name VARCHAR NOT NULL,
    system VARCHAR NOT NULL,
    tier VARCHAR NOT NULL,
    levels VARCHAR NOT NULL DEFAULT '',
    unit VARCHAR,
    direction VARCHAR NOT NULL,
    rule VARCHAR NOT NULL,
    weight DOUBLE NOT NULL,
    target DOUBLE NOT NULL,
    floor DOUBLE,
    lead_dept VARCHAR,
    coop_depts VARCHAR,
    method VARCHAR,
    source VARCHAR,
    key_task BOOLEAN NOT NULL DEFAULT false,
    valid_from VARCHAR,
    valid_to VARCHAR,
    from_ord INTEGER,      -- year*4+quarter-1, NULL = unbounded
    to_ord INTEGER
);
CREATE TABLE periods (
    period VARCHAR PRIMARY KEY,
    ord INTEGER NOT NULL,
    status VARCHAR NOT NULL DEFAULT 'open',
    changed_by VARCHAR,
    changed_at TIMESTAMP,
    review_at TIMESTAMP
);
CREATE TABLE ledger (
    indicator_code VARCHAR NOT NULL,
    unit_code VARCHAR NOT NULL,
    period VARCHAR NOT NULL,
    actual DOUBLE NOT NULL,
    target DOUBLE,
    note VARCHAR,
    batch_id BIGINT,
    decided BOOLEAN NOT NULL DEFAULT false,   -- set by an upheld appeal
    original_actual DOUBLE                    -- the value before the ruling
);
-- Values a batch replaced, so that rolling the batch back restores them.
CREATE TABLE ledger_replaced (
    batch_id BIGINT NOT NULL,
    indicator_code VARCHAR NOT NULL,
    unit_code VARCHAR NOT NULL,
    period VARCHAR NOT NULL,
    actual DOUBLE NOT NULL,
    target DOUBLE,
    note VARCHAR,
    old_batch_id BIGINT
);
CREATE SEQUENCE adjustment_ids;
CREATE TABLE adjustments (
    id BIGINT PRIMARY KEY DEFAULT nextval('adjustment_ids'),
    unit_code VARCHAR NOT NULL,
    period VARCHAR NOT NULL,
    kind VARCHAR NOT NULL,
    points DOUBLE NOT NULL DEFAULT 0,
    reason VARCHAR NOT NULL,
    indicator_code VARCHAR,
    evidence VARCHAR,
    batch_id BIGINT,
    created_by VARCHAR,
    created_at TIMESTAMP DEFAULT current_timestamp
);
CREATE TABLE users (
    username VARCHAR PRIMARY KEY,
    name VARCHAR NOT NULL,
    unit_code VARCHAR NOT NULL,
    role VARCHAR NOT NULL,
    password_hash VARCHAR NOT NULL,
    created_at TIMESTAMP DEFAULT current_timestamp
);
CREATE SEQUENCE batch_ids;
CREATE TABLE batches (
    id BIGINT PRIMARY KEY,
    kind VARCHAR NOT NULL,
    username VARCHAR,
    filename VARCHAR,
    format VARCHAR,
    rows BIGINT NOT NULL,
    sha256 VARCHAR NOT NULL,
    created_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
    rolled_back_at TIMESTAMP,
    rolled_back_by VARCHAR
);
CREATE SEQUENCE audit_ids;
CREATE TABLE audit (
    id BIGINT PRIMARY KEY DEFAULT nextval('audit_ids'),
    "at" TIMESTAMP NOT NULL DEFAULT current_timestamp,
    username VARCHAR,
    action VARCHAR NOT NULL,
    target VARCHAR,
    detail VARCHAR,
    addr VARCHAR
);
CREATE TABLE settings (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL);
-- Scores of every unit and period (quarters and years), recomputed after every change.
CREATE TABLE scores (
    period VARCHAR NOT NULL,
    is_year BOOLEAN NOT NULL,
    ord INTEGER NOT NULL,
    unit_code VARCHAR NOT NULL,
    grp VARCHAR,
    score DECIMAL(10,2) NOT NULL,
    base DECIMAL(10,2),
    bonus DOUBLE,
    penalty DOUBLE,
    vetoed BOOLEAN NOT NULL,
    law DECIMAL(10,2), taxsys DECIMAL(10,2), service DECIMAL(10,2),
    admin DECIMAL(10,2), info DECIMAL(10,2), org DECIMAL(10,2),
    rank INTEGER,
    size INTEGER,
    grade VARCHAR,
    rank_change INTEGER,
    missing INTEGER
);
CREATE TABLE data_version (v BIGINT);
INSERT INTO data_version VALUES (1);

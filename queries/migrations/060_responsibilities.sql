-- SPEC §13: per bureau and indicator code, the leader in charge (分管领导)
-- and the responsible person (责任人), as usernames. A row holds at least
-- one of them; clearing both removes the row. batch_id is the import that
-- wrote it (NULL for the form or the API).
CREATE TABLE responsibilities (
    unit_code VARCHAR NOT NULL,
    indicator_code VARCHAR NOT NULL,
    leader VARCHAR,
    owner VARCHAR,
    updated_by VARCHAR,
    updated_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
    batch_id BIGINT,
    PRIMARY KEY (unit_code, indicator_code)
);

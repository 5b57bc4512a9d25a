-- Sign-in sessions, kept in the database so that a restart logs nobody out.
-- Only the SHA-256 of the cookie value is stored.
CREATE TABLE sessions (
    id_hash VARCHAR PRIMARY KEY,
    username VARCHAR NOT NULL,
    view_as VARCHAR,                  -- an admin looking through another user's eyes
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    addr VARCHAR,
    user_agent VARCHAR
);
-- API tokens for machine clients (Authorization: Bearer), stored as SHA-256.
CREATE SEQUENCE token_ids;
CREATE TABLE api_tokens (
    id BIGINT PRIMARY KEY DEFAULT nextval('token_ids'),
    username VARCHAR NOT NULL,
    name VARCHAR NOT NULL DEFAULT '',
    token_hash VARCHAR NOT NULL UNIQUE,
    created_at TIMESTAMP NOT NULL,
    revoked_at TIMESTAMP
);

-- SPEC §14 notifications: each user's in-app inbox, their choice of
-- channel per event, the administrator's webhooks, and one persistent
-- outbox of e-mails and webhook posts that a worker delivers off the
-- request path (a restart loses nothing: a row is done or still due).
CREATE SEQUENCE notification_ids;
CREATE TABLE notifications (
    id BIGINT PRIMARY KEY DEFAULT nextval('notification_ids'),
    username VARCHAR NOT NULL,
    kind VARCHAR NOT NULL,
    event_at TIMESTAMP NOT NULL,    -- the event's time
    period VARCHAR NOT NULL DEFAULT '',
    unit_code VARCHAR NOT NULL DEFAULT '',
    text VARCHAR NOT NULL,
    text_en VARCHAR NOT NULL,
    link VARCHAR NOT NULL DEFAULT '',
    ref VARCHAR NOT NULL DEFAULT '',
    seen BOOLEAN NOT NULL DEFAULT false,
    created_at TIMESTAMP NOT NULL DEFAULT current_timestamp
);
CREATE INDEX notifications_user ON notifications (username);
-- A user's channel per event: inapp (default, no row), email or both.
CREATE TABLE notify_prefs (
    username VARCHAR NOT NULL,
    event VARCHAR NOT NULL,
    channel VARCHAR NOT NULL,
    PRIMARY KEY (username, event)
);
CREATE SEQUENCE webhook_ids;
CREATE TABLE webhooks (
    id BIGINT PRIMARY KEY DEFAULT nextval('webhook_ids'),
    url VARCHAR NOT NULL,
    events VARCHAR NOT NULL,        -- comma-separated event kinds
    secret_sealed VARCHAR NOT NULL, -- Store.Secrets(): never returned
    created_by VARCHAR NOT NULL,
    created_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
    deleted BOOLEAN NOT NULL DEFAULT false
);
-- One row per message to deliver: channel email (target: an address) or
-- webhook (target: the webhook's id). attempts counts the tries made;
-- status: pending | done | failed (gave up). The last try's outcome is in
-- last_status/last_error; every try is in notify_attempts.
CREATE SEQUENCE outbox_ids;
CREATE TABLE notify_outbox (
    id BIGINT PRIMARY KEY DEFAULT nextval('outbox_ids'),
    channel VARCHAR NOT NULL,
    target VARCHAR NOT NULL,
    event VARCHAR NOT NULL,
    event_at TIMESTAMP NOT NULL,
    subject VARCHAR NOT NULL DEFAULT '',
    body VARCHAR NOT NULL,
    status VARCHAR NOT NULL DEFAULT 'pending',
    attempts INTEGER NOT NULL DEFAULT 0,
    next_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
    created_at TIMESTAMP NOT NULL DEFAULT current_timestamp
);
CREATE TABLE notify_attempts (
    outbox_id BIGINT NOT NULL,
    attempt INTEGER NOT NULL,
    status INTEGER NOT NULL,        -- the HTTP status (0: no answer; 250: mail accepted)
    error VARCHAR NOT NULL DEFAULT '',
    tried_at TIMESTAMP NOT NULL DEFAULT current_timestamp
);
-- Periodic checks notify each item once per state (a rectification item
-- due, then overdue).
CREATE TABLE notify_marks (
    kind VARCHAR NOT NULL,
    ref VARCHAR NOT NULL,
    PRIMARY KEY (kind, ref)
);

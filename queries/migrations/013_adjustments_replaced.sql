-- Adjustments a batch replaced (same unit, period, kind, indicator and
-- reason), so that rolling the batch back restores them.
CREATE TABLE adjustments_replaced (
    replaced_by BIGINT NOT NULL,
    id BIGINT NOT NULL,
    unit_code VARCHAR NOT NULL,
    period VARCHAR NOT NULL,
    kind VARCHAR NOT NULL,
    points DOUBLE NOT NULL,
    reason VARCHAR NOT NULL,
    indicator_code VARCHAR,
    evidence VARCHAR,
    batch_id BIGINT,
    created_by VARCHAR,
    created_at TIMESTAMP
);

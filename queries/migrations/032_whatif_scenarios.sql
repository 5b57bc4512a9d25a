-- Saved what-if scenarios (SPEC §10.1): a name, its owner and the owner's
-- unit (listed to the users of that unit), and the scenario as JSON.
CREATE SEQUENCE whatif_ids;
CREATE TABLE whatif_scenarios (
    id BIGINT PRIMARY KEY DEFAULT nextval('whatif_ids'),
    name VARCHAR NOT NULL,
    owner VARCHAR NOT NULL,
    unit_code VARCHAR NOT NULL,
    scenario VARCHAR NOT NULL,
    created_at TIMESTAMP NOT NULL DEFAULT current_timestamp
);

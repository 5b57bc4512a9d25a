-- Scoring reads each unit's code and peer group with its class.
ALTER TABLE unit_class ADD COLUMN code VARCHAR;
ALTER TABLE unit_class ADD COLUMN grp VARCHAR;

-- Peer groups as integers, for ranking: partitions sort faster on them.
ALTER TABLE unit_class ADD COLUMN gid INTEGER;

-- Units of one kind and level have the same applicable indicator versions
-- (SPEC §1.2). Scoring joins each ledger value to its unit's class and to
-- the class's versions: two small tables instead of one row per unit and
-- indicator.
CREATE TABLE unit_class (uid BIGINT NOT NULL, cls INTEGER NOT NULL);
CREATE TABLE class_ind (
    cls INTEGER NOT NULL,
    iid BIGINT NOT NULL,
    indicator_code VARCHAR NOT NULL,
    version INTEGER NOT NULL,
    from_ord INTEGER NOT NULL,
    to_ord INTEGER NOT NULL,
    weight DOUBLE NOT NULL,
    sys_no INTEGER,
    thr BOOLEAN NOT NULL,
    hi BOOLEAN NOT NULL,
    target DOUBLE,
    floor DOUBLE
);

-- SPEC §14: how a user signs in, where they are told of events, whether
-- the account is disabled. SPEC §1.1: a department's function (the
-- indicators' lead_dept it leads). The features that fill them come in
-- their own migrations; the columns are here once so that they do not
-- collide.
ALTER TABLE users ADD COLUMN auth VARCHAR DEFAULT 'local';
ALTER TABLE users ADD COLUMN email VARCHAR;
ALTER TABLE users ADD COLUMN disabled BOOLEAN DEFAULT false;
ALTER TABLE units ADD COLUMN "function" VARCHAR;
-- SPEC §11/§12: where a values batch came from (a pull's name,
-- submission:<id>); NULL for a file.
ALTER TABLE batches ADD COLUMN source VARCHAR;

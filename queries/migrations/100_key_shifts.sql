-- The ledger key's parts (020_stored_results.sql) by shifts and masks
-- instead of divisions: the same values for every key (k >= 0: ids and
-- ords are never negative), a third of the CPU time on the millions of
-- keys a values import scores and checks.
CREATE OR REPLACE MACRO jx_unit(k) AS k >> 24;
CREATE OR REPLACE MACRO jx_ind(k) AS (k >> 13) & 2047;
CREATE OR REPLACE MACRO jx_ord(k) AS k & 8191;

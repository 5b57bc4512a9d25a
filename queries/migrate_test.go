package queries

import (
	"database/sql"
	"path/filepath"
	"strings"
	"testing"

	"jixiao/data"
	"jixiao/queries/fixture"

	"github.com/duckdb/duckdb-go/v2"
)

// rawDB opens the database file at path without a Store (no migration
// runs) and closes it when the test ends.
func rawDB(t *testing.T, path string) *sql.DB {
	t.Helper()
	c, err := duckdb.NewConnector(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	db := sql.OpenDB(c)
	t.Cleanup(func() { db.Close(); c.Close() })
	return db
}

func execAll(t *testing.T, db interface {
	Exec(string, ...any) (sql.Result, error)
}, qs ...string) {
	t.Helper()
	for _, q := range qs {
		if _, err := db.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
}

// Pending migrations run as one: when one fails, the ones before it in
// the same Open are not recorded nor kept either, and the error names the
// one that failed.
func TestMigrationsRunAsOne(t *testing.T) {
	path := filepath.Join(t.TempDir(), "m.duckdb")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	// 070 pending again and able to run (its table gone); 091 pending
	// again but failing (applicable is a view already, not a table).
	execAll(t, s.DB(), "DROP TABLE result_sigs", "DELETE FROM schema_version WHERE version IN (70, 91)")
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if r, err := Open(path); err == nil {
		r.Close()
		t.Fatal("Open succeeded with a failing migration")
	} else if !strings.Contains(err.Error(), "091_") {
		t.Fatalf("the error does not name the failing migration: %v", err)
	}
	db := rawDB(t, path)
	var n int
	if err := db.QueryRow("SELECT count(*) FROM schema_version WHERE version IN (70, 91)").Scan(&n); err != nil || n != 0 {
		t.Errorf("recorded migrations of the failed Open: %d, %v; want 0", n, err)
	}
	if err := db.QueryRow("SELECT count(*) FROM duckdb_tables() WHERE table_name = 'result_sigs'").Scan(&n); err != nil || n != 0 {
		t.Errorf("result_sigs tables after the failed Open: %d, %v; want 0 (migration 070 kept)", n, err)
	}
}

// oldApplicable is the table applicable as rebuildApplicable stored it
// before migration 091: every unit's applicable versions by the tier of
// its kind and its level, with the version's attributes from indicators.
const oldApplicable = `SELECT u.code AS unit_code, i.code AS indicator_code, i.version,
	coalesce(i.from_ord, -1) AS from_ord, coalesce(i.to_ord, 1000000) AS to_ord,
	i.name, i.system, i.weight, i.direction, i.rule, i.lead_dept, i.unit AS display_unit, i.floor, i.target,
	uk.id * 16777216 + ik.id * 8192 AS kbase, uk.id AS uid
	FROM units u JOIN unit_keys uk ON uk.code = u.code
	JOIN indicators i ON i.tier = CASE u.kind WHEN 'bureau' THEN 'decision' WHEN 'department' THEN 'management' ELSE 'execution' END
	 AND (i.levels = '' OR list_contains(string_split(i.levels, ','), u.level))
	JOIN indicator_keys ik ON ik.code = i.code`

// The view applicable answers what the stored table held, on a store
// migrated from one that had the table, and after later imports.
func TestApplicableViewAnswersAsTheTable(t *testing.T) {
	path := fixture.Copy(t, "queries", "", fixture.Builder(Open, func(s *Store) {
		fixture.Load(t, func(k data.Kind, path string) error { mustImport(t, s, k, path); return nil }, false)
	}))
	// The store as it was before migration 091.
	db := rawDB(t, path)
	execAll(t, db, "DROP VIEW applicable", "CREATE TABLE applicable AS "+oldApplicable,
		"CREATE INDEX applicable_unit ON applicable (unit_code)", "DELETE FROM schema_version WHERE version = 91")
	db.Close()
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	cols := "unit_code, indicator_code, version, from_ord, to_ord, weight, floor, target, kbase, uid"
	same := func(when string) {
		t.Helper()
		var n, diff int
		if err := s.DB().QueryRow("SELECT count(*) FROM applicable").Scan(&n); err != nil || n < 500 {
			t.Fatalf("%s: applicable has %d rows, %v", when, n, err)
		}
		q := "SELECT count(*) FROM ((SELECT " + cols + " FROM applicable EXCEPT ALL SELECT " + cols + " FROM (" + oldApplicable + "))" +
			" UNION ALL (SELECT " + cols + " FROM (" + oldApplicable + ") EXCEPT ALL SELECT " + cols + " FROM applicable))"
		if err := s.DB().QueryRow(q).Scan(&diff); err != nil || diff != 0 {
			t.Errorf("%s: %d rows differ between the view applicable and the table it replaced, %v", when, diff, err)
		}
	}
	same("after migration 091")
	// A new indicator for two of the bureaus' levels changes what applies.
	mustImport(t, s, data.KindIndicators, writeFile(t, "ind.csv",
		"code,name,system,tier,levels,unit,direction,rule,weight,target,floor,lead_dept,coop_depts,method,source,key_task,valid_from,valid_to\n"+
			"ZZ1,新指标,law,decision,\"city,county\",%,higher,linear,5,100,80,SZ,,desk,manual,false,2025Q1,\n"))
	same("after an indicators import")
}

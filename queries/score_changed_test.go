package queries

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"jixiao/data"
	"jixiao/queries/scoring"
)

// resultRowIDs maps each stored result row (uid, iid, ord) to its DuckDB
// rowid: a row rewritten gets a new one.
func resultRowIDs(t *testing.T, s *Store) map[[3]int64]int64 {
	t.Helper()
	rows, err := s.db.Query("SELECT uid, iid, ord, rowid FROM result_rows")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[[3]int64]int64{}
	for rows.Next() {
		var k [3]int64
		var id int64
		if err := rows.Scan(&k[0], &k[1], &k[2], &id); err != nil {
			t.Fatal(err)
		}
		out[k] = id
	}
	return out
}

// rewrittenGroups lists the (uid, ord) whose rows differ between two
// snapshots (a row added, removed or written anew).
func rewrittenGroups(before, after map[[3]int64]int64) map[[2]int64]bool {
	out := map[[2]int64]bool{}
	for k, id := range before {
		if after[k] != id {
			out[[2]int64{k[0], k[2]}] = true
		}
	}
	for k := range after {
		if _, ok := before[k]; !ok {
			out[[2]int64{k[0], k[2]}] = true
		}
	}
	return out
}

// assertSameAsFullRewrite rescores in a transaction that is rolled back
// after forgetting every signature and every result row of the open
// quarters (the scoring as it was before writes were incremental: all
// rewritten), and requires the same rows as stored, and signatures that
// match the rows they stand for.
func assertSameAsFullRewrite(t *testing.T, s *Store) {
	t.Helper()
	ctx := context.Background()
	conn, err := s.db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	defer conn.ExecContext(ctx, "DROP TABLE IF EXISTS temp.was")
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	var bad int
	// every unit and quarter with rows has the signature of its rows (the
	// formula of migration 070, computed from the stored rows)
	if err := tx.QueryRow(`SELECT count(*) FROM (
		SELECT uid, ord, hash(coalesce(bit_xor(hash(iid, version, ratio)) FILTER (WHERE NOT missing), 0::UBIGINT), bit_xor(hash(iid, version))) AS sig
		FROM result_rows GROUP BY uid, ord) r FULL JOIN result_sigs s ON s.uid = r.uid AND s.ord = r.ord
		WHERE r.sig IS DISTINCT FROM s.sig`).Scan(&bad); err != nil {
		t.Fatal(err)
	}
	if bad != 0 {
		t.Errorf("%d units and quarters whose signature is not their rows'", bad)
	}
	g, _ := s.LoadGrading(ctx)
	for _, q := range []string{
		"CREATE TEMP TABLE was AS SELECT uid, iid, ord, version, ratio, missing FROM result_rows",
		"DELETE FROM result_sigs",
		"DELETE FROM result_rows WHERE ord IN (SELECT ord FROM periods WHERE status <> 'final')",
	} {
		if _, err := tx.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	if err := scoring.Rescore(ctx, tx, g, ""); err != nil {
		t.Fatal(err)
	}
	var n, missing, extra int
	if err := tx.QueryRow(`SELECT (SELECT count(*) FROM temp.was),
		(SELECT count(*) FROM (SELECT uid, iid, ord, version, ratio, missing FROM result_rows EXCEPT ALL SELECT * FROM temp.was)),
		(SELECT count(*) FROM (SELECT * FROM temp.was EXCEPT ALL SELECT uid, iid, ord, version, ratio, missing FROM result_rows))`).Scan(&n, &missing, &extra); err != nil {
		t.Fatal(err)
	}
	if n == 0 || missing != 0 || extra != 0 {
		t.Errorf("stored result rows (%d) vs a full rewrite: %d missing, %d extra", n, missing, extra)
	}
}

// TestRescoreWritesOnlyWhatChanged: a rescoring that moves nothing
// rewrites no result row; a value changed rewrites only its unit's rows
// of its quarter; a catalogue change and a rollback leave the rows a full
// rewrite would write.
func TestRescoreWritesOnlyWhatChanged(t *testing.T) {
	s := loadFixture(t)
	ctx := context.Background()
	assertSameAsFullRewrite(t, s)

	before := resultRowIDs(t, s)
	// a grading setting rescores everything; no result row moves
	if err := s.SetSetting(ctx, "test", "grade.good", "80"); err != nil {
		t.Fatal(err)
	}
	if g := rewrittenGroups(before, resultRowIDs(t, s)); len(g) != 0 {
		t.Errorf("a rescoring that changed nothing rewrote %d units' quarters", len(g))
	}

	// one value of GX in 2025Q3 changes: only GX's rows of 2025Q3 are written
	var uid int64
	if err := s.db.QueryRow("SELECT id FROM unit_keys WHERE code = 'GX'").Scan(&uid); err != nil {
		t.Fatal(err)
	}
	ord := int64(2025*4 + 2)
	before = resultRowIDs(t, s)
	b := mustImport(t, s, data.KindValues, writeFile(t, "one.csv", "indicator_code,unit_code,period,actual,target,note\nD01,GX,2025Q3,88.5,,\n"))
	got := rewrittenGroups(before, resultRowIDs(t, s))
	if len(got) != 1 || !got[[2]int64{uid, ord}] {
		t.Errorf("one value changed: %d units' quarters rewritten, want only GX's 2025Q3 (%v)", len(got), got[[2]int64{uid, ord}])
	}
	assertSameAsFullRewrite(t, s)

	// the same value again: nothing moves
	before = resultRowIDs(t, s)
	mustImport(t, s, data.KindValues, writeFile(t, "same.csv", "indicator_code,unit_code,period,actual,target,note\nD01,GX,2025Q3,88.5,,\n"))
	if g := rewrittenGroups(before, resultRowIDs(t, s)); len(g) != 0 {
		t.Errorf("an unchanged value rewrote %d units' quarters", len(g))
	}

	// a target of the catalogue changes: every unit with the indicator moves
	inds, err := os.ReadFile(filepath.Join(fixtureDir(t), "indicators.csv"))
	if err != nil {
		t.Fatal(err)
	}
	changed := strings.Replace(string(inds), "D01,税收收入完成率,taxsys,decision,,%,higher,linear,20,100,", "D01,税收收入完成率,taxsys,decision,,%,higher,linear,20,96,", 1)
	if changed == string(inds) {
		t.Fatal("the fixture's D01 row changed: update the test")
	}
	mustImport(t, s, data.KindIndicators, writeFile(t, "indicators.csv", changed))
	assertSameAsFullRewrite(t, s)

	if err := s.Rollback(ctx, b.ID, "test"); err != nil {
		t.Fatal(err)
	}
	assertSameAsFullRewrite(t, s)
}

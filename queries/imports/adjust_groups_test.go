package imports

import (
	"context"
	"testing"

	"jixiao/data"
	"jixiao/queries/fixture"
	"jixiao/queries/scoring"
)

// scoreCols are every stored column of a score row, those at full
// precision to 9 places (a year's mean sums its quarters in any order).
const scoreCols = `period, is_year, ord, unit_code, grp, score, base, bonus, penalty, vetoed, law, taxsys, service, admin, info, org,
	rank, size, grade, rank_change, missing, round(law_f, 9), round(taxsys_f, 9), round(service_f, 9), round(admin_f, 9),
	round(info_f, 9), round(org_f, 9), round(base_f, 9)`

// An import of adjustments scores again only the peer groups of its units
// (scoring.AdjustmentsOf): every stored score equals what a full scoring
// of the same data computes, the adjusted units' group mates' ranks and
// grades included, and the rows of the other groups are left as they were.
func TestAdjustmentsImportRescoresTheirGroups(t *testing.T) {
	ctx := context.Background()
	s := loadFixture(t)
	conn, err := s.DB().Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	exec := func(q string) {
		t.Helper()
		if _, err := conn.ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	count := func(q string) int {
		t.Helper()
		var n int
		if err := conn.QueryRowContext(ctx, q).Scan(&n); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		return n
	}
	exec("CREATE TEMP TABLE before AS SELECT " + scoreCols + " FROM scores")
	// A big bonus in a county bureaus' group, a veto, a replaced penalty
	// (GX01 2025Q4 重大舆情), a branch, and the root, which has no group.
	mustImport(t, s, data.KindAdjustments, writeFile(t, "adj.csv", fixture.CSVOf(fixture.AdjsHeader,
		"GX0403,2025Q2,bonus,10,专项工作,", "GX0204,2024Q4,veto,0,一票否决,", "GX01,2025Q4,penalty,0.5,重大舆情,D03",
		"GX0401-B2,2025Q3,bonus,4,专项工作,", "GX,2025Q1,penalty,2,专项工作,")))
	exec("CREATE TEMP TABLE imported AS SELECT " + scoreCols + " FROM scores")
	adjusted := "('GX0403', 'GX0204', 'GX01', 'GX0401-B2', 'GX')"
	moved := count(`SELECT count(*) FROM (SELECT * FROM temp.imported EXCEPT ALL SELECT * FROM temp.before)
		WHERE unit_code NOT IN ` + adjusted + ` AND grp IS NOT NULL`)
	if moved == 0 {
		t.Fatal("the adjustments moved no group mate's rank or grade: the test proves nothing")
	}
	// The full scoring, on the same data.
	g, err := s.LoadGrading(ctx)
	if err != nil {
		t.Fatal(err)
	}
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	if err := scoring.Rescore(ctx, tx, g, ""); err != nil {
		t.Fatal(err)
	}
	var diff, n int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM (
		(SELECT `+scoreCols+` FROM scores EXCEPT ALL SELECT * FROM temp.imported)
		UNION ALL (SELECT * FROM temp.imported EXCEPT ALL SELECT `+scoreCols+` FROM scores))`).Scan(&diff); err != nil {
		t.Fatal(err)
	}
	if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM scores").Scan(&n); err != nil || n < 1000 {
		t.Fatalf("%d scores, %v", n, err)
	}
	if diff != 0 {
		t.Errorf("%d score rows after the import differ from a full scoring (%d rows; %d group mates' rows moved)", diff, n, moved)
	}
}

package imports

import (
	"testing"

	"jixiao/data"
	"jixiao/queries/fixture"
)

// An import of adjustments scores again only the peer groups of its units
// (scoring.AdjustmentsOf): every stored score equals what a full scoring
// of the same data computes, the adjusted units' group mates' ranks and
// grades included.
func TestAdjustmentsImportRescoresTheirGroups(t *testing.T) {
	s := loadFixture(t)
	if _, err := s.DB().Exec("CREATE TABLE jx_before AS SELECT * FROM scores"); err != nil {
		t.Fatal(err)
	}
	// A big bonus in a county bureaus' group, a veto, a replaced penalty
	// (GX01 2025Q4 重大舆情), a branch, and the root, which has no group.
	mustImport(t, s, data.KindAdjustments, writeFile(t, "adj.csv", fixture.CSVOf(fixture.AdjsHeader,
		"GX0403,2025Q2,bonus,10,专项工作,", "GX0204,2024Q4,veto,0,一票否决,", "GX01,2025Q4,penalty,0.5,重大舆情,D03",
		"GX0401-B2,2025Q3,bonus,4,专项工作,", "GX,2025Q1,penalty,2,专项工作,")))
	fixture.AsFullScoring(t, s)
	var mates int
	if err := s.DB().QueryRow(`SELECT count(*) FROM (SELECT period, unit_code, rank, grade, rank_change FROM scores
		EXCEPT SELECT period, unit_code, rank, grade, rank_change FROM jx_before)
		WHERE unit_code NOT IN ('GX0403', 'GX0204', 'GX01', 'GX0401-B2', 'GX')`).Scan(&mates); err != nil || mates == 0 {
		t.Fatalf("the adjustments moved %d group mates' ranks or grades (%v): the test proves little", mates, err)
	}
}

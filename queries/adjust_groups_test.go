package queries

import (
	"context"
	"testing"

	"jixiao/queries/fixture"
)

// Adding or deleting one adjustment scores its unit's peer group again
// (writeAdjustmentsOf): every stored score equals a full scoring's after
// each, and the unit's group mates' ranks or grades did move.
func TestAdjustmentWritesRescoreTheirGroup(t *testing.T) {
	s := loadFixture(t)
	ctx := context.Background()
	office := Actor{Username: "office", Role: "office", UnitCode: "GX", Scope: Everything, Rights: AllRights()}
	if _, err := s.DB().Exec("CREATE TABLE jx_before AS SELECT * FROM scores"); err != nil {
		t.Fatal(err)
	}
	mates := func() int {
		t.Helper()
		var n int
		if err := s.DB().QueryRow(`SELECT count(*) FROM (SELECT period, unit_code, rank, grade, rank_change FROM scores
			EXCEPT SELECT period, unit_code, rank, grade, rank_change FROM jx_before) WHERE unit_code <> 'GX0403'`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	row, err := s.AddAdjustment(ctx, office, AdjustmentInput{UnitCode: "GX0403", Period: "2025Q2", Kind: "bonus", Points: 10, Reason: "专项工作"})
	if err != nil {
		t.Fatal(err)
	}
	fixture.AsFullScoring(t, s)
	if n := mates(); n == 0 {
		t.Fatal("the bonus moved no group mate's rank or grade: the test proves little")
	}
	if err := s.DeleteAdjustment(ctx, office, row.ID); err != nil {
		t.Fatal(err)
	}
	fixture.AsFullScoring(t, s)
	if n := mates(); n != 0 {
		t.Errorf("%d group mates' rows still moved after the bonus was deleted", n)
	}
	if err := s.DeleteAdjustment(ctx, office, row.ID); statusOf(err) != 404 {
		t.Errorf("deleting it again: %v, want not found", err)
	}
}

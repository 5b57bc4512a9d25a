package imports

import (
	"context"
	"testing"

	"jixiao/data"
	"jixiao/queries/fixture"
)

// TestPartialRescoresChained: the two partial rescorings trust the score
// rows the writes before them left, so they are chained here, each step
// checked against a full scoring of the same data: an adjustments import
// (its units' peer groups only), a values import of one quarter (its
// changed periods only), a grading setting stored without rescoring (the
// next partial pass must then rank every open period, not keep grades of
// the old grading), and an adjustments import and a values import after it.
func TestPartialRescoresChained(t *testing.T) {
	s := loadFixture(t)
	ctx := context.Background()
	var top, bottom string
	if err := s.DB().QueryRow(`SELECT arg_min(unit_code, rank), arg_max(unit_code, rank) FROM scores
		WHERE period = '2025Q3' AND rank IS NOT NULL GROUP BY grp ORDER BY count(*) DESC, grp LIMIT 1`).Scan(&top, &bottom); err != nil {
		t.Fatal(err)
	}
	mustImport(t, s, data.KindAdjustments, writeFile(t, "adj1.csv", fixture.CSVOf(fixture.AdjsHeader,
		bottom+",2025Q3,bonus,10,专项工作,", top+",2025Q2,penalty,3,专项工作,")))
	fixture.AsFullScoring(t, s)
	mustImport(t, s, data.KindValues, swapFile(t, s, top, bottom, "2025Q3"))
	fixture.AsFullScoring(t, s)

	// A stricter grading stored as a plain setting (no rescoring of its own).
	var before int
	if err := s.DB().QueryRow(`SELECT count(*) FROM scores WHERE grade = 'excellent'`).Scan(&before); err != nil {
		t.Fatal(err)
	}
	if err := s.SetSetting(ctx, "test", "grade.excellent", "97"); err != nil {
		t.Fatal(err)
	}
	mustImport(t, s, data.KindAdjustments, writeFile(t, "adj2.csv", fixture.CSVOf(fixture.AdjsHeader,
		top+",2025Q3,bonus,1,专项工作,")))
	fixture.AsFullScoring(t, s)
	var after int
	if err := s.DB().QueryRow(`SELECT count(*) FROM scores WHERE grade = 'excellent'`).Scan(&after); err != nil {
		t.Fatal(err)
	}
	if after >= before {
		t.Fatalf("excellent grades %d before the stricter grading, %d after: the step checks nothing", before, after)
	}
	if err := s.SetSetting(ctx, "test", "grade.excellent", "85"); err != nil {
		t.Fatal(err)
	}
	mustImport(t, s, data.KindValues, swapFile(t, s, top, bottom, "2025Q3"))
	fixture.AsFullScoring(t, s)
}

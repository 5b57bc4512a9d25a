package imports

import (
	"context"
	"testing"

	"jixiao/data"
	"jixiao/queries/fixture"
)

// TestAdjustmentPointsBound: an imported bonus or penalty above
// adjust.max_points (default 10) is refused at its row and column, a veto's
// points are ignored, and the setting moves the bound.
func TestAdjustmentPointsBound(t *testing.T) {
	s := validBase.load(t)
	expectErrors(t, mustReject(t, s, data.KindAdjustments, fixture.CSVOf(fixture.AdjsHeader,
		"B1,2025Q1,bonus,10,表彰,", "B1,2025Q1,penalty,10.5,舆情,", "B1,2025Q1,veto,50,一票否决,"), "en"),
		loc{3, "points", "points 10.5 exceed the limit of 10 for one adjustment (setting adjust.max_points)"})
	if err := s.SetSetting(context.Background(), "test", "adjust.max_points", "12"); err != nil {
		t.Fatal(err)
	}
	mustImport(t, s, data.KindAdjustments, writeFile(t, "a.csv", fixture.CSVOf(fixture.AdjsHeader, "B1,2025Q1,penalty,10.5,舆情,")))
	expectErrors(t, mustReject(t, s, data.KindAdjustments, fixture.CSVOf(fixture.AdjsHeader, "B1,2025Q1,bonus,12.5,表彰,"), "zh"),
		loc{2, "points", "分值 12.5 超过一项加减分的上限 12 分（设置 adjust.max_points）"})
}

package queries

import (
	"context"
	"fmt"
	"jixiao/queries/fixture"
	"testing"
)

// TestSmallProvinceMatchesExpected checks every quarterly and annual score,
// group, rank, size, grade, veto and system sub-score against the
// independent implementation's expected_scores.csv.
func TestSmallProvinceMatchesExpected(t *testing.T) {
	s := loadFixture(t)
	got, err := s.Scores(context.Background(), Everything, "")
	if err != nil {
		t.Fatal(err)
	}
	gotBy := map[string][]string{}
	for _, r := range got {
		gotBy[r.Period+"|"+r.UnitCode] = scoreRowCells(r)
	}
	recs := fixture.Records(t, "expected_scores.csv")
	header := recs[0]
	t.Logf("comparing %d expected rows with %d computed", len(recs)-1, len(got))
	bad := 0
	for _, want := range recs[1:] {
		key := want[0] + "|" + want[1]
		g, ok := gotBy[key]
		if !ok {
			t.Errorf("%s: missing", key)
			bad++
			continue
		}
		delete(gotBy, key)
		for i := range want {
			if g[i] != want[i] && bad < 30 {
				t.Errorf("%s %s: got %q want %q", key, header[i], g[i], want[i])
				bad++
			}
		}
	}
	for k := range gotBy {
		t.Errorf("%s: not expected", k)
	}
	if len(recs)-1 != len(got) {
		t.Errorf("rows: got %d want %d", len(got), len(recs)-1)
	}
}

func scoreRowCells(r ScoreRow) []string {
	str := func(p *string) string {
		if p == nil {
			return ""
		}
		return *p
	}
	num := func(p *int) string {
		if p == nil {
			return ""
		}
		return fmt.Sprint(*p)
	}
	cells := []string{r.Period, r.UnitCode, str(r.Group), fmt.Sprintf("%.2f", r.Score), num(r.Rank), num(r.Size), str(r.Grade), fmt.Sprint(r.Vetoed)}
	for _, c := range SystemCols {
		if v := r.Systems[c]; v != nil {
			cells = append(cells, fmt.Sprintf("%.2f", *v))
		} else {
			cells = append(cells, "")
		}
	}
	return cells
}

package imports

import (
	"context"
	"fmt"
	"math"
	"testing"

	"jixiao/data"
)

// A dry run runs the real import and rolls it back: it counts the rows
// that add and replace values and the results that move, stores nothing,
// and the moves it shows are those the committed import then makes.
func TestImportDryRun(t *testing.T) {
	s := loadFixture(t)
	ctx := context.Background()
	db := s.DB()
	var ind, unit string
	var actual float64
	// a value present in 2025Q3 and missing in 2025Q4, to add
	if err := db.QueryRow(`SELECT a.indicator_code, a.unit_code FROM ledger a WHERE a.period = '2025Q3' AND a.actual IS NOT NULL
		AND NOT EXISTS (SELECT 1 FROM ledger b WHERE b.period = '2025Q4' AND b.indicator_code = a.indicator_code AND b.unit_code = a.unit_code)
		ORDER BY 1, 2 LIMIT 1`).Scan(&ind, &unit); err != nil {
		t.Fatalf("no missing 2025Q4 value in the fixture: %v", err)
	}
	// and D01 of GX01 in 2025Q4, to replace with a low value
	if err := db.QueryRow(`SELECT actual FROM ledger WHERE indicator_code = 'D01' AND unit_code = 'GX01' AND period = '2025Q4'`).Scan(&actual); err != nil {
		t.Fatal(err)
	}
	file := writeFile(t, "values.csv", fmt.Sprintf("indicator_code,unit_code,period,actual,target,note\n%s,%s,2025Q4,90,,\nD01,GX01,2025Q4,%.2f,,\n",
		ind, unit, actual-30))
	state := func() string {
		var out string
		if err := db.QueryRow(`SELECT (SELECT count(*) FROM ledger_k)::VARCHAR || '/' || (SELECT count(*) FROM batches)::VARCHAR || '/' ||
			(SELECT coalesce(sum(score), 0) FROM scores)::VARCHAR || '/' || (SELECT count(*) FROM audit)::VARCHAR`).Scan(&out); err != nil {
			t.Fatal(err)
		}
		return out
	}
	before := state()
	b, err := Import(ctx, s, data.KindValues, file, Options{User: "test", DryRun: true})
	if err != nil {
		t.Fatal(err)
	}
	if after := state(); after != before {
		t.Fatalf("a dry run changed the store: %s → %s", before, after)
	}
	p := b.Preview
	if p == nil || p.Rows != 2 || p.Added != 1 || p.Replaced != 1 || p.Moved == 0 || len(p.Scores) == 0 {
		t.Fatalf("preview %+v", p)
	}
	var gx01 *ScoreMove
	for i := range p.Scores {
		if p.Scores[i].UnitCode == "GX01" && p.Scores[i].Period == "2025Q4" {
			gx01 = &p.Scores[i]
		}
	}
	if gx01 == nil || gx01.Before == nil || gx01.After == nil || *gx01.After >= *gx01.Before {
		t.Fatalf("GX01's 2025Q4 score should fall: %+v", gx01)
	}
	// The committed import makes the moves the dry run showed.
	mustImport(t, s, data.KindValues, file)
	var moved int64
	for _, m := range p.Scores {
		var got *float64
		if err := db.QueryRow(`SELECT score::DOUBLE FROM scores WHERE period = ? AND unit_code = ?`, m.Period, m.UnitCode).Scan(&got); err != nil {
			t.Fatal(err)
		}
		if (got == nil) != (m.After == nil) || (got != nil && math.Abs(*got-*m.After) > 1e-9) {
			t.Errorf("%s %s: the dry run said %v, the import gave %v", m.Period, m.UnitCode, m.After, got)
		}
	}
	if err := db.QueryRow(`SELECT count(*) FROM ledger_replaced WHERE indicator_code = 'D01' AND unit_code = 'GX01' AND period = '2025Q4'`).Scan(&moved); err != nil || moved != 1 {
		t.Errorf("the committed import replaced %d values of D01/GX01 (%v)", moved, err)
	}
}

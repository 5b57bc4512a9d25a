package imports

import (
	"context"
	"errors"
	"reflect"
	"testing"

	"jixiao/data"
	"jixiao/queries"
	"jixiao/queries/fixture"
)

// ledgerValue returns the stored actual and target of one key; ok is false
// when the key has no value.
func ledgerValue(t *testing.T, s *queries.Store, ind, unit, period string) (actual float64, target *float64, ok bool) {
	t.Helper()
	rows, err := s.DB().Query("SELECT actual, target FROM ledger WHERE indicator_code = ? AND unit_code = ? AND period = ?", ind, unit, period)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		n++
		if err := rows.Scan(&actual, &target); err != nil {
			t.Fatal(err)
		}
	}
	if n > 1 {
		t.Fatalf("%s %s %s: %d ledger rows", ind, unit, period, n)
	}
	return actual, target, n == 1
}

// TestRollbackRestores re-imports some keys in batch 2 and rolls it back:
// the replaced values, the scores and the batch history come back as they were.
func TestRollbackRestores(t *testing.T) {
	ctx := context.Background()
	s := validBase.load(t)
	before := takeSnapshot(t, s)
	b2 := mustImport(t, s, data.KindValues, writeFile(t, "v2.csv", fixture.CSVOf(fixture.ValsHeader,
		"S,B1,2025Q1,50,,",   // was 80
		"D,C1,2025Q1,50,80,", // was 50 with the indicator's target 100
		"S,B2,2025Q1,90,,",   // same value again
	)))
	// B1 2025Q1: 50 + bonus 1 = 51; C1: 50 of target 80 → 62.50.
	checkWants(t, s, []want{
		{unit: "B1", period: "2025Q1", score: "51.00", rank: 2},
		{unit: "C1", period: "2025Q1", score: "62.50", rank: 1}, // alone in P:bureau
	})
	if err := Rollback(ctx, s, b2.ID, "test"); err != nil {
		t.Fatal(err)
	}
	if a, tg, ok := ledgerValue(t, s, "S", "B1", "2025Q1"); !ok || a != 80 || tg != nil {
		t.Errorf("S B1 2025Q1 after rollback: %v %v %v, want 80 without target", a, tg, ok)
	}
	if a, tg, ok := ledgerValue(t, s, "D", "C1", "2025Q1"); !ok || a != 50 || tg != nil {
		t.Errorf("D C1 2025Q1 after rollback: %v %v %v, want 50 without target", a, tg, ok)
	}
	after := takeSnapshot(t, s)
	if !reflect.DeepEqual(before.Scores, after.Scores) {
		t.Errorf("scores after rollback differ:\n got %v\nwant %v", after.Scores, before.Scores)
	}
	checkWants(t, s, []want{
		{unit: "B1", period: "2025Q1", score: "81.00", rank: 2}, // 80 + 1
		{unit: "C1", period: "2025Q1", score: "50.00", rank: 1},
	})
	bs, err := Batches(ctx, s)
	if err != nil {
		t.Fatal(err)
	}
	if bs[0].ID != b2.ID || bs[0].RolledBackAt == nil || bs[0].Rows != 3 || bs[0].SHA256 == "" {
		t.Errorf("batch history: %+v", bs[0])
	}
	// A second rollback of the same batch is refused.
	if err := Rollback(ctx, s, b2.ID, "test"); queries.KindOf(err) != queries.Conflict {
		t.Errorf("second rollback: got %v, want a queries.Conflict", err)
	}
	if err := Rollback(ctx, s, 9999, "test"); !errors.Is(err, queries.ErrNotFound) {
		t.Errorf("unknown batch: got %v, want queries.ErrNotFound", err)
	}
	if err := Rollback(ctx, s, 1, "test"); queries.KindOf(err) != queries.Conflict { // batch 1: units
		t.Errorf("units batch: got %v, want a queries.Conflict", err)
	}
}

// TestRollbackNewPeriod rolls back a batch that brought a quarter of its
// own: afterwards that quarter must not score every unit 0 and drag the
// year down.
func TestRollbackNewPeriod(t *testing.T) {
	ctx := context.Background()
	s := validBase.load(t)
	before := takeSnapshot(t, s)
	b := mustImport(t, s, data.KindValues, writeFile(t, "v2.csv", fixture.CSVOf(fixture.ValsHeader, "S,B1,2025Q2,70,,")))
	if !hasScore(t, s, "2025Q2", "B2") {
		t.Fatal("2025Q2 not scored after the import")
	}
	if err := Rollback(ctx, s, b.ID, "test"); err != nil {
		t.Fatal(err)
	}
	if _, _, ok := ledgerValue(t, s, "S", "B1", "2025Q2"); ok {
		t.Error("the new value survived the rollback")
	}
	after := takeSnapshot(t, s)
	if !reflect.DeepEqual(before.Scores, after.Scores) {
		t.Errorf("scores after rollback differ:\n got %v\nwant %v", after.Scores, before.Scores)
	}
	// B2 2025: the mean of 2025Q1 (90) alone, not (90 + 0) / 2.
	checkWants(t, s, []want{{unit: "B2", period: "2025", score: "90.00", rank: 1}})
}

// TestRollbackChain: batches 2 and 3 replace the same key; rolling back 2
// keeps 3's later value, and rolling back 3 afterwards returns to batch 1's
// value, not to the rolled-back batch 2's.
func TestRollbackChain(t *testing.T) {
	ctx := context.Background()
	s := validBase.load(t)
	before := takeSnapshot(t, s)
	b2 := mustImport(t, s, data.KindValues, writeFile(t, "v2.csv", fixture.CSVOf(fixture.ValsHeader, "S,B1,2025Q1,50,,", "S,B2,2025Q1,55,,")))
	b3 := mustImport(t, s, data.KindValues, writeFile(t, "v3.csv", fixture.CSVOf(fixture.ValsHeader, "S,B1,2025Q1,40,,")))
	if err := Rollback(ctx, s, b2.ID, "test"); err != nil {
		t.Fatal(err)
	}
	if a, _, _ := ledgerValue(t, s, "S", "B1", "2025Q1"); a != 40 {
		t.Errorf("after rolling back batch 2: %v, want batch 3's 40", a)
	}
	if a, _, _ := ledgerValue(t, s, "S", "B2", "2025Q1"); a != 90 {
		t.Errorf("B2 after rolling back batch 2: %v, want batch 1's 90", a)
	}
	if err := Rollback(ctx, s, b3.ID, "test"); err != nil {
		t.Fatal(err)
	}
	if a, _, _ := ledgerValue(t, s, "S", "B1", "2025Q1"); a != 80 {
		t.Errorf("after rolling back batches 2 and 3: %v, want the original 80", a)
	}
	after := takeSnapshot(t, s)
	if !reflect.DeepEqual(before.Scores, after.Scores) {
		t.Errorf("scores after both rollbacks differ:\n got %v\nwant %v", after.Scores, before.Scores)
	}
}

// TestRollbackFinalRefused: a batch with values in a final period stays.
func TestRollbackFinalRefused(t *testing.T) {
	ctx := context.Background()
	s := validBase.load(t)
	b := mustImport(t, s, data.KindValues, writeFile(t, "v2.csv", fixture.CSVOf(fixture.ValsHeader, "S,B1,2025Q1,50,,", "S,B1,2024Q4,65,,")))
	for _, st := range []string{"review", "final"} {
		if err := s.SetPeriodStatus(ctx, "test", "2025Q1", st); err != nil {
			t.Fatal(err)
		}
	}
	before := takeSnapshot(t, s)
	if err := Rollback(ctx, s, b.ID, "test"); queries.KindOf(err) != queries.Conflict {
		t.Fatalf("rollback touching a final period: got %v, want a queries.Conflict", err)
	}
	if after := takeSnapshot(t, s); !reflect.DeepEqual(before, after) {
		t.Errorf("a refused rollback changed the store:\nbefore %v\nafter  %v", before.Counts, after.Counts)
	}
	if a, _, _ := ledgerValue(t, s, "S", "B1", "2024Q4"); a != 65 {
		t.Errorf("S B1 2024Q4 (open period) after the refused rollback: %v, want 65", a)
	}
}

// TestRollbackRestoresAdjustments: an adjustments batch that replaced an
// adjustment gives it back when rolled back, also past a batch in between
// that was rolled back first.
func TestRollbackRestoresAdjustments(t *testing.T) {
	ctx := context.Background()
	s := validBase.load(t) // batch of validBase: B1 2025Q1 bonus 1 (表彰)
	before := takeSnapshot(t, s)
	bonus := func() string {
		t.Helper()
		var got string
		if err := s.DB().QueryRow(`SELECT coalesce(string_agg(kind || ':' || points, ',' ORDER BY kind), '') FROM adjustments
			WHERE unit_code = 'B1' AND period = '2025Q1'`).Scan(&got); err != nil {
			t.Fatal(err)
		}
		return got
	}
	b2 := mustImport(t, s, data.KindAdjustments, writeFile(t, "a2.csv", fixture.CSVOf(fixture.AdjsHeader, "B1,2025Q1,bonus,3,表彰,")))
	b3 := mustImport(t, s, data.KindAdjustments, writeFile(t, "a3.csv", fixture.CSVOf(fixture.AdjsHeader, "B1,2025Q1,bonus,5,表彰,")))
	if got := bonus(); got != "bonus:5.0" {
		t.Fatalf("after two batches %q, want bonus:5.0", got)
	}
	// B1 2025Q1 scored 80 + 5.
	checkWants(t, s, []want{{unit: "B1", period: "2025Q1", score: "85.00", rank: 2}})
	if err := Rollback(ctx, s, b2.ID, "test"); err != nil {
		t.Fatal(err)
	}
	if got := bonus(); got != "bonus:5.0" {
		t.Fatalf("rolling back the middle batch changed the current bonus: %q", got)
	}
	if err := Rollback(ctx, s, b3.ID, "test"); err != nil {
		t.Fatal(err)
	}
	// Batch 2 is rolled back, so the bonus of the first batch comes back.
	if got := bonus(); got != "bonus:1.0" {
		t.Fatalf("after both rollbacks %q, want the first batch's bonus:1.0", got)
	}
	after := takeSnapshot(t, s)
	if !reflect.DeepEqual(before.Scores, after.Scores) {
		t.Errorf("scores differ after the rollbacks:\n before %v\n after  %v", before.Scores, after.Scores)
	}
}

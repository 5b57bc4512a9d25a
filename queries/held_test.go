package queries

import (
	"context"
	"database/sql"
	"math"
	"reflect"
	"strconv"
	"testing"
	"time"
)

// waitResults waits until the held result rows of the current data version
// are loaded (they load in the background once writes settle).
func waitResults(t *testing.T, s *Store) {
	t.Helper()
	h, err := s.heldNow(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	s.startLoadingResults()
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if hr := s.heldRes.Load(); hr != nil && hr.version == h.version {
			return
		}
	}
	t.Fatal("held result rows never loaded")
}

// TestHeldBreakdownEqualsItsSQL: every unit's quarter read from the held
// rows is the same as its rows read alone by resultRowsSQL, and the number
// of indicators is what the results view counts — so the spans of the bulk
// load cut at the right places.
func TestHeldBreakdownEqualsItsSQL(t *testing.T) {
	s := loadFixture(t)
	ctx := context.Background()
	waitResults(t, s)
	h, _ := s.heldNow(ctx)
	rows, err := s.db.Query(`SELECT uid, ord, count(*) FROM results GROUP BY ALL`)
	if err != nil {
		t.Fatal(err)
	}
	type key struct{ uid, ord int64 }
	want := map[key]int{}
	for rows.Next() {
		var k key
		var n int
		if err := rows.Scan(&k.uid, &k.ord, &n); err != nil {
			t.Fatal(err)
		}
		want[k] = n
	}
	rows.Close()
	if len(want) < 100 {
		t.Fatalf("only %d unit quarters in the fixture", len(want))
	}
	full := s.heldRes.Load()
	if full.version != h.version {
		t.Fatal("held rows of another version")
	}
	i, total := 0, 0
	for k, n := range want {
		total += n
		if got := full.of(k.uid, int(k.ord)); len(got) != n {
			t.Fatalf("unit %d ord %d: held %d rows, the view counts %d", k.uid, k.ord, len(got), n)
		}
		if i++; i%10 != 0 { // each row compared for one unit quarter in ten
			continue
		}
		alone, err := s.loadResults(ctx, "uid = "+strconv.FormatInt(k.uid, 10)+" AND ord = "+strconv.FormatInt(k.ord, 10), 8)
		if err != nil {
			t.Fatal(err)
		}
		got, one := full.of(k.uid, int(k.ord)), alone.of(k.uid, int(k.ord))
		if len(got) != n || !reflect.DeepEqual(got, one) {
			t.Fatalf("unit %d ord %d: held %d rows %+v, alone %+v, view counts %d", k.uid, k.ord, len(got), got, one, n)
		}
	}
	if total != len(full.rows) {
		t.Errorf("held %d rows, the view %d", len(full.rows), total)
	}
}

// TestHeldFollowsWrites: after each kind of write the hot reads answer the
// new data — an adjustment moves the score by its points, an upheld appeal
// changes the breakdown's actual, a period moved to review becomes visible
// to a department — with no stale held answer in between.
func TestHeldFollowsWrites(t *testing.T) {
	s := loadFixture(t)
	ctx := context.Background()
	const unit, period = "GX0101-B1", "2025Q4"
	before, err := s.Breakdown(ctx, Everything, unit, period)
	if err != nil {
		t.Fatal(err)
	}
	waitResults(t, s)
	office := Actor{Username: "office", Role: "office", UnitCode: "GX", Scope: Everything, Rights: AllRights()}
	if _, err := s.AddAdjustment(ctx, office, AdjustmentInput{UnitCode: unit, Period: period, Kind: "penalty", Points: 2.5, Reason: "测试"}); err != nil {
		t.Fatal(err)
	}
	after, err := s.Breakdown(ctx, Everything, unit, period)
	if err != nil {
		t.Fatal(err)
	}
	if want := math.Round((before.Score-2.5)*100) / 100; after.Score != want || after.Penalty != before.Penalty+2.5 || len(after.Adjustments) != len(before.Adjustments)+1 {
		t.Errorf("after a 2.5 penalty: score %v penalty %v (%d adjustments), want %v, %v (%d)", after.Score, after.Penalty, len(after.Adjustments), want, before.Penalty+2.5, len(before.Adjustments)+1)
	}
	tr, err := s.Trend(ctx, Everything, unit, "", "")
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range tr {
		if p.Period == period && p.Score != after.Score {
			t.Errorf("trend shows %v for %s, breakdown %v", p.Score, period, after.Score)
		}
	}
	rk, err := s.RankingForUnit(ctx, Everything, period, unit)
	if err != nil {
		t.Fatal(err)
	}
	var sumAbove int
	for _, r := range rk.Rows {
		if r.UnitCode != nil && *r.UnitCode == unit && r.Score != after.Score {
			t.Errorf("ranking shows %v, breakdown %v", r.Score, after.Score)
		}
		if r.Score > after.Score {
			sumAbove++
		}
	}
	for _, r := range rk.Rows {
		if r.UnitCode != nil && *r.UnitCode == unit && !r.Vetoed && r.Rank != sumAbove+1 {
			t.Errorf("rank %d, but %d units score higher", r.Rank, sumAbove)
		}
	}

	// An upheld appeal changes the value in the breakdown.
	ind := ""
	for _, r := range after.Indicators {
		if r.Actual != nil && !r.Missing && r.Lost > 0 {
			ind = r.Code
			break
		}
	}
	if ind == "" {
		t.Fatal("no indicator with a loss to appeal")
	}
	if err := s.SetPeriodStatus(ctx, "office", period, "review"); err != nil {
		t.Fatal(err)
	}
	claimed := 1234.5
	a, err := s.FileAppeal(ctx, office, AppealInput{UnitCode: unit, IndicatorCode: ind, Period: period, ClaimedActual: &claimed, Reason: "测试"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.ReviewAppeal(ctx, office, a.ID, "forward", ""); err != nil {
		t.Fatal(err)
	}
	if _, err := s.DecideAppeal(ctx, office, a.ID, "uphold", nil, "支持"); err != nil {
		t.Fatal(err)
	}
	waitResults(t, s)
	upheld, err := s.Breakdown(ctx, Everything, unit, period)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range upheld.Indicators {
		if r.Code == ind && (r.Actual == nil || *r.Actual != claimed || !r.Decided) {
			t.Errorf("after the upheld appeal %s shows %v (decided %v), want %v", ind, r.Actual, r.Decided, claimed)
		}
	}

	// A department sees review and final periods only.
	dept := Scope{Unit: "GX01-ZG", PeersAnon: true, Statuses: []string{"review", "final"}}
	if _, err := s.Trend(ctx, dept, "GX01-ZG", "", ""); err != nil {
		t.Fatal(err)
	}
	if err := s.SetPeriodStatus(ctx, "office", period, "open"); err != nil {
		t.Fatal(err)
	}
	if err := s.mustSeePeriod(ctx, dept, period); err != ErrNotFound {
		t.Errorf("an open %s is visible to a department: %v", period, err)
	}
	if err := s.SetPeriodStatus(ctx, "office", period, "review"); err != nil {
		t.Fatal(err)
	}
	if err := s.mustSeePeriod(ctx, dept, period); err != nil {
		t.Errorf("%s in review is not visible to a department: %v", period, err)
	}
	var n sql.NullInt64
	_ = s.db.QueryRow("SELECT count(*) FROM scores").Scan(&n)
	if !n.Valid || n.Int64 == 0 {
		t.Fatal("no scores")
	}
}

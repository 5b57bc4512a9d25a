package scoring

import (
	"context"
	"database/sql"
	"testing"

	_ "github.com/duckdb/duckdb-go/v2"
)

// The scoring itself is tested through the store (package queries: the
// rules tests compare every score with an independent reference, and the
// PostgreSQL reference of queries/pgref). These tests hold what this
// package decides on its own.

func openDuck(t *testing.T) *sql.DB {
	t.Helper()
	db, err := sql.Open("duckdb", "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// TestPassSectionsExist: every section a pass runs is a "-- @name"
// section of score.sql (a renamed section would otherwise only fail at
// the first write).
func TestPassSectionsExist(t *testing.T) {
	for name, pass := range map[string][]string{"full": fullScoring, "values": valuesScoring, "adjustments": adjustmentScoring,
		"results": resultsOnly, "scenario": scenarioScoring} {
		for _, sec := range pass {
			if _, ok := scoreSections[sec]; !ok {
				t.Errorf("pass %s runs section %q, which score.sql does not have", name, sec)
			}
		}
	}
}

// TestQuota: SPEC §3.5's quota of excellent, group size × ratio rounded as
// grade.quota_rounding says; the expected quotas are worked out by hand.
func TestQuota(t *testing.T) {
	db := openDuck(t)
	for _, c := range []struct {
		size                   int
		ratio                  float64
		halfUp, ceiling, floor int
	}{
		{15, 0.2, 3, 3, 3}, // exactly 3 (a DOUBLE product would be 3.0000000000000004)
		{7, 0.2, 1, 2, 1},  // 1.4
		{8, 0.2, 2, 2, 1},  // 1.6
		{5, 0.3, 2, 2, 1},  // 1.5: half up
		{1, 0.2, 0, 1, 0},  // 0.2
		{10, 0, 0, 0, 0},
	} {
		for rounding, want := range map[string]int{"half_up": c.halfUp, "ceiling": c.ceiling, "floor": c.floor} {
			g := Grading{Ratio: c.ratio, QuotaRounding: rounding}
			var got int
			if err := db.QueryRow("SELECT ("+g.quotaExpr()+")::INTEGER FROM (SELECT ?::INTEGER AS size) r", c.size).Scan(&got); err != nil {
				t.Fatal(err)
			}
			if got != want {
				t.Errorf("size %d × %v (%s) = %d, want %d", c.size, c.ratio, rounding, got, want)
			}
		}
	}
}

// TestLoadGrading: the settings replace the defaults where they are valid;
// a ratio outside 0–1, a number that is not one or an unknown rounding
// keeps the default.
func TestLoadGrading(t *testing.T) {
	db := openDuck(t)
	ctx := context.Background()
	if _, err := db.Exec(`CREATE TABLE settings (key VARCHAR, value VARCHAR)`); err != nil {
		t.Fatal(err)
	}
	g, err := LoadGrading(ctx, db)
	if err != nil || g != DefaultGrading {
		t.Fatalf("no settings: %+v, %v; want the defaults", g, err)
	}
	if _, err := db.Exec(`INSERT INTO settings VALUES ('grade.ratio', '0.25'), ('grade.excellent', '92.5'),
		('grade.good', 'x'), ('grade.pass', '55'), ('grade.quota_rounding', 'ceiling'), ('grade.other', '1')`); err != nil {
		t.Fatal(err)
	}
	want := Grading{Ratio: 0.25, Excellent: 92.5, Good: 80, Pass: 55, QuotaRounding: "ceiling"}
	if g, err = LoadGrading(ctx, db); err != nil || g != want {
		t.Errorf("settings: %+v, %v; want %+v", g, err, want)
	}
	if _, err := db.Exec(`UPDATE settings SET value = '1.5' WHERE key = 'grade.ratio';
		UPDATE settings SET value = 'round' WHERE key = 'grade.quota_rounding'`); err != nil {
		t.Fatal(err)
	}
	want.Ratio, want.QuotaRounding = DefaultGrading.Ratio, DefaultGrading.QuotaRounding
	if g, err = LoadGrading(ctx, db); err != nil || g != want {
		t.Errorf("out of range: %+v, %v; want %+v", g, err, want)
	}
}

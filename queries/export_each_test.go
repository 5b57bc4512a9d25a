package queries

import (
	"context"
	"errors"
	"reflect"
	"testing"
)

// EachScore hands over the rows of Scores(Everything), in order, through
// batches read ahead on another goroutine (more rows than one batch), and
// stops at the first error of its callback with that error.
func TestEachScoreAsScores(t *testing.T) {
	s := loadFixture(t)
	ctx := context.Background()
	want, err := s.Scores(ctx, Everything, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(want) <= scoreBatchRows {
		t.Fatalf("%d rows: not more than one batch", len(want))
	}
	if got := eachScore(t, s); !reflect.DeepEqual(got, want) {
		t.Errorf("EachScore's %d rows differ from Scores' %d", len(got), len(want))
	}
	stop := errors.New("stop")
	n := 0
	err = s.EachScore(ctx, "", func(*ScoreRow) error {
		if n++; n == scoreBatchRows+5 {
			return stop
		}
		return nil
	})
	if !errors.Is(err, stop) || n != scoreBatchRows+5 {
		t.Errorf("after a callback error: %v, %d rows; want stop at %d", err, n, scoreBatchRows+5)
	}
}

// TestEachScoreNullSystems: rows whose system sub-scores are null in some
// rows and not in others (each batch's rows are reused) come as Scores
// gives them: a nil entry where the column is null.
func TestEachScoreNullSystems(t *testing.T) {
	s := loadFixture(t)
	ctx := context.Background()
	if _, err := s.DB().ExecContext(ctx, `UPDATE scores SET law = CASE WHEN hash(unit_code, period) % 3 = 0 THEN NULL ELSE law END,
		org = CASE WHEN hash(unit_code, period) % 5 = 1 THEN NULL ELSE org END`); err != nil {
		t.Fatal(err)
	}
	s.Changed()
	want, err := s.Scores(ctx, Everything, "")
	if err != nil {
		t.Fatal(err)
	}
	nulls := 0
	for _, r := range want {
		if r.Systems["law"] == nil {
			nulls++
		}
	}
	defer func(n int) { scoreBatchRows = n }(scoreBatchRows)
	scoreBatchRows = 50 // many more rows than the three batches hold
	if nulls == 0 || nulls == len(want) || len(want) <= 10*scoreBatchRows {
		t.Fatalf("%d of %d rows without law", nulls, len(want))
	}
	if got := eachScore(t, s); !reflect.DeepEqual(got, want) {
		t.Errorf("EachScore's %d rows differ from Scores' %d", len(got), len(want))
	}
}

// eachScore is every row EachScore hands over, each a deep copy (the rows
// are reused).
func eachScore(t *testing.T, s *Store) []ScoreRow {
	t.Helper()
	var got []ScoreRow
	err := s.EachScore(context.Background(), "", func(r *ScoreRow) error {
		got = append(got, r.clone())
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return got
}

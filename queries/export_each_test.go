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
	var got []ScoreRow
	err = s.EachScore(ctx, "", func(r *ScoreRow) error {
		c := *r // the row is reused: a deep copy
		c.Group, c.Grade, c.Rank, c.Size = clonePtr(r.Group), clonePtr(r.Grade), clonePtr(r.Rank), clonePtr(r.Size)
		c.Systems = map[string]*float64{}
		for k, v := range r.Systems {
			c.Systems[k] = clonePtr(v)
		}
		got = append(got, c)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
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

func clonePtr[T any](p *T) *T {
	if p == nil {
		return nil
	}
	v := *p
	return &v
}

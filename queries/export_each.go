package queries

import (
	"context"
	"database/sql/driver"
	"fmt"
	"time"

	"jixiao/queries/scoring"
)

// EachScore calls fn with every scored row of period (every quarter and
// year when period is empty) in the order of Scores(ctx, Everything,
// period): the command line's export, which writes each row as it comes
// instead of holding them all. The rows are read on another goroutine, a
// batch ahead of fn, into batches that are reused: fn must not keep the
// row it gets (its pointers and its map included), nor change it. No QueryTimeout: the
// rows are read as fast as fn writes them.
func (s *Store) EachScore(ctx context.Context, period string, fn func(r *ScoreRow) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	free, full := make(chan *scoreBatch, 3), make(chan *scoreBatch, 3)
	for range 3 {
		free <- newScoreBatch()
	}
	read := make(chan error, 1)
	go func() {
		defer close(full)
		read <- s.readScoreBatches(ctx, period, free, full)
	}()
	var err error
	for b := range full {
		for i := 0; i < b.n && err == nil; i++ {
			if err = fn(&b.rows[i]); err != nil {
				cancel() // the reader stops; its batches are drained
			}
		}
		free <- b
	}
	if rerr := <-read; err == nil {
		err = rerr
	}
	return err
}

// scoreBatchRows is how many rows a batch holds (a variable: a test
// makes batches small, so that their rows are reused).
var scoreBatchRows = 1024

// scoreBatch is rows read ahead, with what their pointers and maps point to.
type scoreBatch struct {
	n    int
	rows []ScoreRow
	grp  []string
	rank []int
	size []int
	gr   []string
	sys  [][6]float64
	// set says which of a row's Systems entries point into sys (the
	// others are nil): a reused row's map changes only where that changes.
	set [][6]bool
}

func newScoreBatch() *scoreBatch { return newScoreBatchOf(scoreBatchRows) }

// newScoreBatchOf is a batch of n rows.
func newScoreBatchOf(n int) *scoreBatch {
	b := &scoreBatch{rows: make([]ScoreRow, n), grp: make([]string, n), gr: make([]string, n),
		rank: make([]int, n), size: make([]int, n), sys: make([][6]float64, n), set: make([][6]bool, n)}
	for i := range b.rows {
		b.rows[i].Systems = make(map[string]*float64, len(SystemCols))
		for _, c := range SystemCols {
			b.rows[i].Systems[c] = nil
		}
	}
	return b
}

// readScoreBatches reads the rows of EachScore into batches taken from
// free and sends each filled one to full. The rows are read from the
// driver (rawEach): the query is scoreRowsSQL's.
func (s *Store) readScoreBatches(ctx context.Context, period string, free <-chan *scoreBatch, full chan<- *scoreBatch) error {
	var b *scoreBatch
	send := func() error {
		select {
		case full <- b:
			b = nil
			return nil
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	q, args := scoreRowsSQL(Everything, period, "", true)
	t0, first := time.Now(), true
	err := rawEach(ctx, s.db, q, args, func(v []driver.Value) error {
		if first {
			scoring.Trace("export: the scores query", t0)
			first = false
		}
		if b == nil {
			select {
			case b = <-free:
				b.n = 0
			case <-ctx.Done():
				return ctx.Err()
			}
		}
		if err := b.put(v); err != nil {
			return fmt.Errorf("scores: %w", err)
		}
		if b.n == scoreBatchRows {
			return send()
		}
		return nil
	})
	scoring.Trace("export: the rows read", t0)
	if err != nil {
		return err
	}
	if b != nil && b.n > 0 {
		return send()
	}
	return nil
}

// put adds the row v of scoreRowsSQL to b (Scores and EachScore read
// every row so): its pointers point into b.
func (b *scoreBatch) put(v []driver.Value) error {
	if len(v) != 9+len(SystemCols) {
		return fmt.Errorf("%d columns", len(v))
	}
	i, x := b.n, rawRow{v: v}
	r := &b.rows[i]
	for _, c := range []int{0, 1, 2, 4, 8} {
		x.need(c)
	}
	r.Period, _ = x.str(0)
	r.UnitCode, _ = x.str(1)
	r.UnitName, _ = x.str(2)
	r.Score, _ = x.float(4)
	r.Vetoed, _ = x.bool(8)
	r.Group, r.Grade, r.Rank, r.Size = nil, nil, nil, nil
	if g, ok := x.str(3); ok {
		b.grp[i], r.Group = g, &b.grp[i]
	}
	if g, ok := x.str(7); ok {
		b.gr[i], r.Grade = g, &b.gr[i]
	}
	if n, ok := x.int(5); ok {
		b.rank[i], r.Rank = n, &b.rank[i]
	}
	if n, ok := x.int(6); ok {
		b.size[i], r.Size = n, &b.size[i]
	}
	for j, c := range SystemCols {
		f, ok := x.float(9 + j)
		b.sys[i][j] = f
		if ok != b.set[i][j] {
			b.set[i][j] = ok
			r.Systems[c] = nil
			if ok {
				r.Systems[c] = &b.sys[i][j]
			}
		}
	}
	if x.err != nil {
		return x.err
	}
	b.n++
	return nil
}

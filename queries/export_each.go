package queries

import (
	"context"
	"database/sql"
)

// EachScore calls fn with every scored row of period (every quarter and
// year when period is empty) in the order of Scores(ctx, Everything,
// period): the command line's export, which writes each row as it comes
// instead of holding them all. The rows are read on another goroutine, a
// batch ahead of fn, into batches that are reused: fn must not keep the
// row it gets (its pointers and its map included). No QueryTimeout: the
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

// scoreBatchRows is how many rows a batch holds.
const scoreBatchRows = 1024

// scoreBatch is rows read ahead, with what their pointers and maps point to.
type scoreBatch struct {
	n    int
	rows []ScoreRow
	grp  []string
	rank []int
	size []int
	gr   []string
	sys  [][6]float64
}

func newScoreBatch() *scoreBatch {
	b := &scoreBatch{rows: make([]ScoreRow, scoreBatchRows), grp: make([]string, scoreBatchRows), gr: make([]string, scoreBatchRows),
		rank: make([]int, scoreBatchRows), size: make([]int, scoreBatchRows), sys: make([][6]float64, scoreBatchRows)}
	for i := range b.rows {
		b.rows[i].Systems = make(map[string]*float64, len(SystemCols))
	}
	return b
}

// readScoreBatches reads the rows of EachScore into batches taken from
// free and sends each filled one to full.
func (s *Store) readScoreBatches(ctx context.Context, period string, free <-chan *scoreBatch, full chan<- *scoreBatch) error {
	rows, err := s.scoreRows(ctx, Everything, period, "")
	if err != nil {
		return err
	}
	defer rows.Close()
	var x scoreScan
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
	for rows.Next() {
		if b == nil {
			select {
			case b = <-free:
				b.n = 0
			case <-ctx.Done():
				return ctx.Err()
			}
		}
		i := b.n
		r := &b.rows[i]
		if err := x.scan(rows, r); err != nil {
			return err
		}
		r.Group, r.Grade = into(x.grp, &b.grp[i]), into(x.grade, &b.gr[i])
		r.Rank, r.Size = intInto(x.rank, &b.rank[i]), intInto(x.size, &b.size[i])
		for j, c := range SystemCols {
			r.Systems[c] = nil
			if x.sys[j].Valid {
				b.sys[i][j] = x.sys[j].Float64
				r.Systems[c] = &b.sys[i][j]
			}
		}
		if b.n++; b.n == scoreBatchRows {
			if err := send(); err != nil {
				return err
			}
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if b != nil && b.n > 0 {
		return send()
	}
	return nil
}

// into is nullStr into *to.
func into(s sql.NullString, to *string) *string {
	if !s.Valid {
		return nil
	}
	*to = s.String
	return to
}

// intInto is nullInt into *to.
func intInto(n sql.NullInt64, to *int) *int {
	if !n.Valid {
		return nil
	}
	*to = int(n.Int64)
	return to
}

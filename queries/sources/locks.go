package sources

import (
	"context"
	"sync"
)

// pullLocks keeps two runs of one pull from overlapping: a second run
// waits for the first (or gives up when its context ends).
type pullLocks struct {
	mu sync.Mutex
	m  map[int64]chan struct{}
}

func (l *pullLocks) lock(ctx context.Context, id int64) (func(), error) {
	l.mu.Lock()
	ch, ok := l.m[id]
	if !ok {
		ch = make(chan struct{}, 1)
		l.m[id] = ch
	}
	l.mu.Unlock()
	select {
	case ch <- struct{}{}:
		return func() { <-ch }, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

package sources

import (
	"context"
	"sync"
	"time"
)

// poll calls fn at once and then every tick until ctx ends, in a goroutine
// that wg counts (the drop folder's scans, the scheduler's checks).
func poll(ctx context.Context, wg *sync.WaitGroup, tick time.Duration, fn func(context.Context)) {
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(tick)
		defer t.Stop()
		for {
			fn(ctx)
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
		}
	}()
}

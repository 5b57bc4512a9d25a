package reads

import (
	"context"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"
)

// warmer runs the warming of one generation at a time in the background;
// a newer generation's warming cancels the older one's (its answers are
// moot) and starts when it has stopped.
type warmer struct {
	log *slog.Logger

	mu      sync.Mutex
	cancel  context.CancelFunc
	last    chan struct{}
	stopped bool
	running atomic.Int32
}

func newWarmer(log *slog.Logger) *warmer { return &warmer{log: log} }

// run starts fn in the background; the channel closes when it returned.
func (w *warmer) run(fn func(context.Context)) <-chan struct{} {
	done := make(chan struct{})
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.stopped {
		close(done)
		return done
	}
	if w.cancel != nil {
		w.cancel()
	}
	ctx, cancel := context.WithCancel(context.Background())
	prev := w.last
	w.cancel, w.last = cancel, done
	w.running.Add(1)
	go func() {
		defer w.running.Add(-1)
		defer close(done)
		defer cancel()
		if prev != nil {
			<-prev
		}
		t0 := time.Now()
		fn(ctx)
		if ctx.Err() != nil {
			w.log.Info("cache warming stopped")
		} else {
			w.log.Info("cache warmed", "ms", time.Since(t0).Milliseconds())
		}
	}()
	return done
}

func (w *warmer) busy() bool { return w.running.Load() > 0 }

// stop cancels the warming and waits for it.
func (w *warmer) stop() {
	w.mu.Lock()
	w.stopped = true
	if w.cancel != nil {
		w.cancel()
	}
	last := w.last
	w.mu.Unlock()
	if last != nil {
		<-last
	}
}

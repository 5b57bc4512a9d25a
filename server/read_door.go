package server

import (
	"context"
	"sync"
	"time"

	"github.com/gofiber/fiber/v2"

	"jixiao/queries/reads"
)

// localView is the Locals key of the request's read view.
const localView = "view"

// view is the request's one read door: its scope bound once, its data
// version checked once (at the first read). A user who wrote reads at
// least the version of their write (wrote).
func (s *Server) view(c *fiber.Ctx) *reads.View {
	if v, ok := c.Locals(localView).(*reads.View); ok {
		return v
	}
	min := int64(0)
	if u := userOf(c); u != nil {
		min = s.writes.of(u.Username)
	}
	v := s.Read.ForAtLeast(c.UserContext(), scopeOf(c), min)
	c.Locals(localView, v)
	return v
}

// writerVersions remembers, per user, the data version of their last
// write, so that their next requests read it at once while other readers
// may be answered from the previous version for a moment.
type writerVersions struct {
	mu sync.Mutex
	m  map[string]writerVersion
}

type writerVersion struct {
	v  int64
	at time.Time
}

// writerMemory is how long a writer's version is remembered: past it the
// door serves no version older than it anyway.
const writerMemory = time.Minute

func (w *writerVersions) wrote(user string, v int64) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.m == nil {
		w.m = map[string]writerVersion{}
	}
	now := time.Now()
	for k, e := range w.m {
		if now.Sub(e.at) > writerMemory {
			delete(w.m, k)
		}
	}
	if e := w.m[user]; e.v < v {
		w.m[user] = writerVersion{v: v, at: now}
	}
}

func (w *writerVersions) of(user string) int64 {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.m[user].v
}

// afterWrite picks up the data version a write request made: its load
// starts in the background, and the writer's next reads wait for it.
func (s *Server) afterWrite(c *fiber.Ctx) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	v, err := s.Read.Check(ctx)
	if err != nil {
		s.log.Warn("read door after write", "err", err)
		return
	}
	if u := userOf(c); u != nil {
		s.writes.wrote(u.Username, v)
	}
}

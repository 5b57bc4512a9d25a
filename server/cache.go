package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"

	"jixiao/queries"
)

// Reader is the cached read layer over the Store. Every result is keyed by
// the query, its arguments, the caller's scope and the data version, so a
// result computed for one user can never be served to a user who sees
// something else, and any write (import, rollback, ruling, status change:
// each bumps the data version) makes every older result unreachable.
// Results are shared between requests: callers must not modify them.
type Reader struct {
	store   *queries.Store
	log     *slog.Logger
	version atomic.Int64

	mu      sync.RWMutex
	entries map[string]cacheEntry
	flight  flightGroup

	warm     *warmer
	onChange func() // called when the data version moves

	hits, misses atomic.Int64
}

type cacheEntry struct {
	v   any
	err error // only queries.ErrNotFound is kept
}

// maxEntries bounds the cache; past it the cache starts over.
const maxEntries = 50000

func newReader(st *queries.Store, log *slog.Logger, warmFn func(context.Context)) *Reader {
	r := &Reader{store: st, log: log, entries: map[string]cacheEntry{}}
	r.warm = newWarmer(warmFn, log)
	return r
}

// Version is the data version the cache currently serves.
func (r *Reader) Version() int64 { return r.version.Load() }

// Refresh reads the data version; when it moved, the cache is emptied and
// the default views are warmed again in the background.
func (r *Reader) Refresh(ctx context.Context) error {
	v, err := r.store.DataVersion(ctx)
	if err != nil {
		return fmt.Errorf("data version: %w", err)
	}
	if old := r.version.Swap(v); old != v {
		r.mu.Lock()
		r.entries = map[string]cacheEntry{}
		r.mu.Unlock()
		if old != 0 {
			if r.onChange != nil {
				r.onChange()
			}
			r.WarmAsync()
		}
	}
	return nil
}

// Invalidate is Refresh for writers outside HTTP handlers; writes made by
// requests are picked up after each request anyway.
func (r *Reader) Invalidate(ctx context.Context) error { return r.Refresh(ctx) }

// Stats reports cache hits and misses since start.
func (r *Reader) Stats() (hits, misses int64, entries int) {
	r.mu.RLock()
	n := len(r.entries)
	r.mu.RUnlock()
	return r.hits.Load(), r.misses.Load(), n
}

// cached runs fn once per key and data version; concurrent callers of the
// same key share one query (so a room opening the same page costs one).
func cached[T any](ctx context.Context, r *Reader, method string, sc queries.Scope, args []string, fn func(context.Context) (T, error)) (T, error) {
	v := r.version.Load()
	key := fmt.Sprintf("%d\x00%s\x00%s\x00%s", v, method, sc.Key(), strings.Join(args, "\x00"))
	r.mu.RLock()
	e, ok := r.entries[key]
	r.mu.RUnlock()
	if ok {
		r.hits.Add(1)
		return e.v.(T), e.err
	}
	r.misses.Add(1)
	// A key already being computed is waited for without a slot; otherwise
	// the outermost miss of a request takes a slot first (nested misses run
	// in their caller's), so that at most queryConcurrency answers are
	// computed at once instead of every client's query thrashing the cores.
	if res, err, ok := r.flight.wait(key); ok {
		t, _ := res.(T)
		return t, err
	}
	if ctx.Value(slotKey{}) == nil {
		select {
		case querySlots <- struct{}{}:
		case <-ctx.Done():
			var zero T
			return zero, ctx.Err()
		}
		defer func() { <-querySlots }()
		ctx = context.WithValue(ctx, slotKey{}, true)
	}
	res, err := r.flight.do(key, func() (any, error) {
		// Shared by every waiter: not bound to the first caller's request.
		qctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), queries.QueryTimeout)
		defer cancel()
		x, err := fn(qctx)
		if err == nil || errors.Is(err, queries.ErrNotFound) {
			r.mu.Lock()
			if r.version.Load() == v {
				if len(r.entries) >= maxEntries {
					r.entries = map[string]cacheEntry{}
				}
				r.entries[key] = cacheEntry{v: x, err: err}
			}
			r.mu.Unlock()
		}
		return x, err
	})
	t, _ := res.(T)
	return t, err
}

// querySlots bounds the answers computed at once (DuckDB queries of cache
// misses): beyond the cores, concurrent queries only slow each other down.
var querySlots = make(chan struct{}, max(2, 2*runtime.NumCPU()))

// slotKey marks a context whose request already holds a query slot.
type slotKey struct{}

// flightGroup lets concurrent callers of one key share a single call.
type flightGroup struct {
	mu sync.Mutex
	m  map[string]*flightCall
}

type flightCall struct {
	wg  sync.WaitGroup
	v   any
	err error
}

// wait waits for the call of key in progress, if any (ok false when none).
func (g *flightGroup) wait(key string) (v any, err error, ok bool) {
	g.mu.Lock()
	c, ok := g.m[key]
	g.mu.Unlock()
	if !ok {
		return nil, nil, false
	}
	c.wg.Wait()
	return c.v, c.err, true
}

func (g *flightGroup) do(key string, fn func() (any, error)) (any, error) {
	g.mu.Lock()
	if g.m == nil {
		g.m = map[string]*flightCall{}
	}
	if c, ok := g.m[key]; ok {
		g.mu.Unlock()
		c.wg.Wait()
		return c.v, c.err
	}
	c := &flightCall{err: errors.New("query failed")} // what waiters see if fn panics
	c.wg.Add(1)
	g.m[key] = c
	g.mu.Unlock()
	defer func() {
		g.mu.Lock()
		delete(g.m, key)
		g.mu.Unlock()
		c.wg.Done()
	}()
	c.v, c.err = fn()
	return c.v, c.err
}

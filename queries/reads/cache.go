package reads

import (
	"context"
	"errors"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"jixiao/queries"
)

// gen is one data version: its snapshot and the answers computed from it,
// keyed by the read, its arguments and the scope. Answers are shared
// between requests: callers must not modify them.
type gen struct {
	version int64
	snap    *queries.Snapshot
	print   string // the store's VisibilityPrint at this version

	mu      sync.RWMutex
	entries map[string]entry
	bytes   int64
	flight  flightGroup

	// prev is the previous generation while it may still answer the keys
	// not yet computed here (until until; nil once who sees what changed).
	prev       atomic.Pointer[gen]
	until      time.Time
	refreshing sync.Map // keys being computed for a reader answered from prev
}

type entry struct {
	v     any
	err   error // only queries.ErrNotFound is kept
	bytes int64
	// carry: the answer may be carried over to the next generation when
	// none of leaves changed (carry.go).
	carry  bool
	leaves []leaf
}

// The cache's bounds, per generation; at most two generations are held
// at once (the answering one and the one loading), so the answers take
// at most 2 × maxBytes (256 MiB) beside the snapshots. An answer larger
// than maxEntryBytes is not kept; past a bound the generation starts over.
const (
	maxEntries    = 50000
	maxBytes      = 128 << 20
	maxEntryBytes = 16 << 20
)

func newGen(snap *queries.Snapshot, print string) *gen {
	return &gen{version: snap.Version(), snap: snap, print: print, entries: map[string]entry{}}
}

func (g *gen) size() (int, int64) {
	g.mu.RLock()
	defer g.mu.RUnlock()
	return len(g.entries), g.bytes
}

func (g *gen) get(key string) (entry, bool) {
	g.mu.RLock()
	defer g.mu.RUnlock()
	e, ok := g.entries[key]
	return e, ok
}

func (g *gen) put(key string, e entry) {
	if e.bytes > maxEntryBytes {
		return
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	if len(g.entries) >= maxEntries || g.bytes+e.bytes > maxBytes {
		g.entries, g.bytes = map[string]entry{}, 0
	}
	if old, ok := g.entries[key]; ok {
		g.bytes -= old.bytes
	}
	g.entries[key] = e
	g.bytes += e.bytes + int64(len(key))
}

// cached answers a read of v once per generation, key (the read's name and
// arguments) and scope; concurrent callers of the same key share one query
// (so a room opening the same page costs one).
func cached[T any](ctx context.Context, v *View, method string, args []string, fn func(context.Context) (T, error)) (T, error) {
	var zero T
	parent := recorderOf(ctx) // of the answer this read is part of, if any
	if v.err != nil {
		parent.markOpaque()
		return zero, v.err
	}
	g, d := v.g, v.d
	key := method + "\x00" + v.sc.Key() + "\x00" + strings.Join(args, "\x00")
	if e, ok := g.get(key); ok {
		d.hits.Add(1)
		parent.note(e, true)
		return e.v.(T), e.err
	}
	d.misses.Add(1)
	compute := func(ctx context.Context) func() (any, error) {
		return func() (any, error) {
			// Shared by every waiter: not bound to the first caller's request.
			qctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), queries.QueryTimeout)
			defer cancel()
			// What it reads (nested reads of the view) is this generation's,
			// and recorded (carry.go).
			rec := &recorder{}
			qctx = context.WithValue(context.WithValue(qctx, freshKey{}, true), recorderKey{}, rec)
			x, err := fn(queries.WithSnapshot(qctx, g.snap))
			if err == nil || errors.Is(err, queries.ErrNotFound) {
				e := entry{v: x, err: err, bytes: sizeOf(x)}
				dependencies(&e, method, args, rec)
				g.put(key, e)
			}
			return x, err
		}
	}
	// Right after a write that changed scores only: the previous
	// generation's answer, while this one's is computed in the background.
	if p := g.prev.Load(); p != nil && !v.wrote && time.Now().Before(g.until) && ctx.Value(freshKey{}) == nil {
		if e, ok := p.get(key); ok {
			d.stale.Add(1)
			parent.note(e, true)
			// Computed in the background only when a query slot is free at
			// once: requests come first (a key not refreshed now is
			// computed when asked after the window).
			if _, busy := g.refreshing.LoadOrStore(key, true); !busy {
				select {
				case querySlots <- struct{}{}:
					go func() {
						defer g.refreshing.Delete(key)
						defer func() { <-querySlots }()
						g.flight.do(key, compute(context.WithValue(context.Background(), slotKey{}, true))) //nolint:errcheck // kept or asked again
					}()
				default:
					g.refreshing.Delete(key)
				}
			}
			return e.v.(T), e.err
		}
	}
	// A key already being computed is waited for without a slot; otherwise
	// the outermost miss of a request takes a slot first (nested misses run
	// in their caller's), so that at most queryConcurrency answers are
	// computed at once instead of every client's query thrashing the cores.
	if res, err, ok := g.flight.wait(key); ok {
		parent.note(g.get(key))
		t, _ := res.(T)
		return t, err
	}
	if ctx.Value(slotKey{}) == nil {
		select {
		case querySlots <- struct{}{}:
		case <-ctx.Done():
			return zero, ctx.Err()
		}
		defer func() { <-querySlots }()
		ctx = context.WithValue(ctx, slotKey{}, true)
	}
	res, err := g.flight.do(key, compute(ctx))
	parent.note(g.get(key))
	t, _ := res.(T)
	return t, err
}

// querySlots bounds the answers computed at once (DuckDB queries of cache
// misses): beyond the cores, concurrent queries only slow each other down.
var querySlots = make(chan struct{}, max(2, 2*runtime.NumCPU()))

// slotKey marks a context whose request already holds a query slot.
type slotKey struct{}

// freshKey marks the context of an answer being computed: its nested
// reads are never answered from the previous generation.
type freshKey struct{}

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

// Busy reports whether some request is computing an answer (holds a
// query slot): background jobs wait for quiet.
func Busy() bool { return len(querySlots) > 0 }

// TakeSlot waits for a query slot, as one more request would, and returns
// its release.
func TakeSlot() (release func()) {
	querySlots <- struct{}{}
	return func() { <-querySlots }
}

// Package reads is the one door of every scoped read: the snapshot of each
// data version, the read-side visibility, every scoped read and the one
// answer cache. A request binds its scope once (Door.For) and reads through
// the View it gets; the View's methods take no scope.
//
// One data-version check per request: For asks the store's data version
// (a memory read unless this process wrote since) and picks the generation
// it answers from. A generation is one data version's snapshot
// (queries.Snapshot) with its answer cache. When a write moves the
// version, the next generation is loaded once, in the background, while
// the previous one keeps answering, within two limits:
//
//   - a writer reads its own write at once: ForAtLeast waits for the
//     version its write made;
//   - a change of who may see what (units moved or imported, users
//     changed, a period opened or closed: the store's VisibilityPrint)
//     takes effect for every reader at once: the previous generation
//     answers only while the print is unchanged and for at most Stale
//     (one second in `jixiao serve`) after the version moved. A policy
//     reload changes the scopes themselves, and answers are keyed by scope.
package reads

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"jixiao/queries"
)

// Config is what a Door needs beside the store.
type Config struct {
	Log *slog.Logger
	// Stale is how long after a write readers (other than the writer) may
	// still be answered from the previous data version while the new one
	// loads. 0: they wait for the new one.
	Stale time.Duration
	// Warm computes the default views of a generation in the background
	// once it is published. nil: no warming.
	Warm func(ctx context.Context, open func(queries.Scope) *View)
	// OnMove is called when a new data version is first seen (the server
	// forgets its signed-in users then: a users import may change them).
	OnMove func()
}

// Door is the one read door over a store.
type Door struct {
	store *queries.Store
	cfg   Config

	cur  atomic.Pointer[gen] // the generation answering
	seen atomic.Int64        // the newest data version seen

	mu      sync.Mutex
	want    *loading   // the newest version asked to be loaded
	pending []*loading // loads not yet done, the newest last
	running bool       // a load loop runs

	warm *warmer

	hits, misses, stale, carried atomic.Int64
	extra                        atomic.Int32 // background steps of a load after publishing

	hold chan struct{} // tests: a load waits for it before publishing
}

// loadTimeout bounds a background load (a full snapshot at scale 10 is
// seconds, more on a loaded machine).
const loadTimeout = 2 * time.Minute

// loading is one version's background load.
type loading struct {
	target  int64
	movedAt time.Time
	printed chan struct{} // closed when print (or perr) is known
	print   string
	perr    error
	started bool
	done    chan struct{} // closed when g (or err) is published
	g       *gen
	err     error
	// results is the results checksum read as soon as the version moved
	// (carry.go), ready when resReady is closed.
	results  queries.ResultsSum
	resReady chan struct{}
}

// New opens the door; the current data version's generation loads in the
// background.
func New(ctx context.Context, st *queries.Store, cfg Config) (*Door, error) {
	if cfg.Log == nil {
		cfg.Log = slog.Default()
	}
	d := &Door{store: st, cfg: cfg}
	d.warm = newWarmer(cfg.Log)
	// The first version loads in the background: the first reads wait for it.
	v, err := st.DataVersion(ctx)
	if err != nil {
		return nil, fmt.Errorf("data version: %w", err)
	}
	d.startLoad(v)
	return d, nil
}

// failed reports whether the load ended in an error (the next read
// starts another).
func (ld *loading) failed() bool {
	select {
	case <-ld.done:
		return ld.err != nil
	default:
		return false
	}
}

// Store is the store behind the door, for writes (reads go through For).
func (d *Door) Store() *queries.Store { return d.store }

// Version is the data version of the generation answering now.
func (d *Door) Version() int64 {
	if g := d.cur.Load(); g != nil {
		return g.version
	}
	return 0
}

// For binds a request's scope: the View answers from the current data
// version's generation, or the previous one within the limits above.
func (d *Door) For(ctx context.Context, sc queries.Scope) *View {
	return d.ForAtLeast(ctx, sc, 0)
}

// ForAtLeast is For for a reader who wrote version min: it answers from
// min or newer, waiting for it to load.
func (d *Door) ForAtLeast(ctx context.Context, sc queries.Scope, min int64) *View {
	g, err := d.pick(ctx, min)
	return &View{d: d, g: g, sc: sc, err: err, wrote: min > 0}
}

// Check is the version check alone, for the end of a write request and
// the server's periodic look for writes of other processes: when the
// version moved, its load starts in the background (with Stale; without,
// at the first read). It returns the current data version.
func (d *Door) Check(ctx context.Context) (int64, error) {
	v, err := d.store.DataVersion(ctx)
	if err != nil {
		return 0, err
	}
	// Without stale reads or warming a version is loaded when first read
	// (a burst of writes costs one load); with them, at once in the
	// background.
	if g := d.cur.Load(); g == nil || v != g.version {
		d.moved(v)
		if d.cfg.Stale > 0 || d.cfg.Warm != nil {
			d.startLoad(v)
		}
	}
	return v, nil
}

// pick is the one version check of a request.
func (d *Door) pick(ctx context.Context, min int64) (*gen, error) {
	v, err := d.store.DataVersion(ctx)
	if err != nil {
		return nil, fmt.Errorf("data version: %w", err)
	}
	cur := d.cur.Load()
	if cur != nil && cur.version == v {
		return cur, nil
	}
	ld := d.startLoad(v)
	if cur != nil && d.cfg.Stale > 0 && min <= cur.version && time.Since(ld.movedAt) < d.cfg.Stale {
		select {
		case <-ld.printed:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
		if ld.perr == nil && ld.print == cur.print && time.Since(ld.movedAt) < d.cfg.Stale {
			return cur, nil
		}
	}
	select {
	case <-ld.done:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	if ld.err != nil {
		return nil, ld.err
	}
	if g := d.cur.Load(); g != nil && g.version >= ld.g.version {
		return g, nil
	}
	return ld.g, nil
}

// startLoad makes sure version v (or a newer one) is being loaded and
// returns its load.
func (d *Door) startLoad(v int64) *loading {
	d.mu.Lock()
	if ld := d.want; ld != nil && ld.target >= v && !ld.failed() {
		d.mu.Unlock()
		return ld
	}
	ld := &loading{target: v, movedAt: time.Now(), printed: make(chan struct{}), done: make(chan struct{}), resReady: make(chan struct{})}
	d.want = ld
	d.pending = append(d.pending, ld)
	if !d.running {
		d.running = true
		go d.loadLoop()
	}
	d.mu.Unlock()
	d.moved(v)
	// The print decides at once whether the previous generation may
	// answer: every reader waits for it, so it is read first, alone. Then
	// the results checksum, beside the snapshot's read, so that breakdowns
	// and losses are carried over when the generation is published.
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), queries.QueryTimeout)
		defer cancel()
		if d.cfg.Stale > 0 {
			ld.print, ld.perr = d.store.VisibilityPrint(ctx)
		} // else no previous generation answers: no print needed
		close(ld.printed)
		// A door that serves over time (a server) needs every version's;
		// a one-shot reader's first (reads.Open) none.
		if d.cfg.Stale > 0 || d.cfg.Warm != nil || d.cur.Load() != nil {
			ld.results, _ = d.store.ReadResultsSum(ctx) // unknown: nothing depending on results is carried
		}
		close(ld.resReady)
	}()
	return ld
}

// moved calls OnMove once for each newer version seen.
func (d *Door) moved(v int64) {
	for {
		seen := d.seen.Load()
		if v <= seen {
			return
		}
		if d.seen.CompareAndSwap(seen, v) {
			break
		}
	}
	if d.cfg.OnMove != nil {
		d.cfg.OnMove()
	}
}

// loadLoop loads the wanted versions one at a time until none is left.
func (d *Door) loadLoop() {
	for {
		d.mu.Lock()
		ld := d.want
		if ld.started {
			d.running = false
			d.mu.Unlock()
			return
		}
		ld.started = true
		d.mu.Unlock()
		d.load(ld)
	}
}

// load reads the snapshot of the current version, publishes it and warms
// it in the background.
func (d *Door) load(ld *loading) {
	t0 := time.Now()
	ctx, cancel := context.WithTimeout(context.Background(), loadTimeout)
	defer cancel()
	<-ld.printed
	snap, err := d.store.LoadSnapshot(ctx)
	if err == nil && ld.perr != nil {
		err = ld.perr
	}
	if err != nil {
		err = fmt.Errorf("loading data version %d: %w", ld.target, err)
		d.cfg.Log.Warn("read door", "err", err)
		d.resolve(ld.target, nil, err)
		return
	}
	g := newGen(snap, ld.print)
	cur := d.cur.Load()
	select {
	case <-ld.resReady:
		snap.TakeResults(ld.results)
	default: // carryResults takes it
	}
	carried := 0
	var ch *queries.Change
	if cur != nil && cur.version < g.version {
		// The previous generation's answers that the write left the same
		// (carry.go): readers find them at once.
		if ch = queries.Changes(cur.snap, snap); ch != nil {
			ch.CarryScopes()
			carried = g.carryFrom(cur, ch)
			d.carried.Add(int64(carried))
		}
	}
	if cur != nil && d.cfg.Stale > 0 && cur.print == g.print && time.Since(ld.movedAt) < d.cfg.Stale {
		// Who sees what did not change: until Stale after the write, a
		// key not yet computed in g is answered from cur while it is
		// (stale-while-revalidate, cache.go), so that no reader waits.
		g.prev.Store(cur)
		g.until = ld.movedAt.Add(d.cfg.Stale)
		time.AfterFunc(time.Until(g.until), func() { g.prev.Store(nil) })
	}
	if d.hold != nil {
		<-d.hold
	}
	if cur := d.cur.Load(); cur == nil || cur.version < g.version {
		d.cur.Store(g)
	}
	d.resolve(ld.target, g, nil)
	d.carryResults(ld, cur, g, ch)
	if d.cfg.Warm != nil {
		d.warm.run(func(ctx context.Context) {
			d.cfg.Warm(ctx, func(sc queries.Scope) *View { return &View{d: d, g: g, sc: sc} })
		})
	}
	d.cfg.Log.Info("read door: data version loaded", "version", g.version, "ms", time.Since(t0).Milliseconds(), "carried", carried)
}

// carryResults reads g's results checksum in the background and then
// carries over the answers that depend on results too (breakdowns), when
// they are the same as cur's.
func (d *Door) carryResults(ld *loading, cur, g *gen, ch *queries.Change) {
	d.extra.Add(1)
	go func() {
		defer d.extra.Add(-1)
		<-ld.resReady
		g.snap.TakeResults(ld.results)
		d.store.ResultsKnown(g.snap)
		if ch == nil {
			return
		}
		d.store.ResultsKnown(cur.snap)
		if ch.ResultsSame() {
			d.carried.Add(int64(g.carryFrom(cur, ch)))
		}
	}()
}

// resolve ends every pending load up to target with g or err.
func (d *Door) resolve(target int64, g *gen, err error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	rest := d.pending[:0]
	for _, p := range d.pending {
		if p.target > target {
			rest = append(rest, p)
			continue
		}
		p.g, p.err = g, err
		p.started = true
		close(p.done)
	}
	d.pending = rest
}

// Settle waits until no load and no warming runs (tests, benchmarks).
func (d *Door) Settle(ctx context.Context) error {
	for {
		d.mu.Lock()
		busy := d.running || d.extra.Load() > 0
		d.mu.Unlock()
		if !busy && !d.warm.busy() {
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(10 * time.Millisecond):
		}
	}
}

// WarmAsync warms the current generation's default views in the
// background (at start; loads warm their own generation).
func (d *Door) WarmAsync() {
	if d.cfg.Warm == nil {
		return
	}
	g := d.cur.Load()
	if g == nil {
		return // the first load warms its own generation
	}
	d.warm.run(func(ctx context.Context) {
		d.cfg.Warm(ctx, func(sc queries.Scope) *View { return &View{d: d, g: g, sc: sc} })
	})
}

// Close stops the warming.
func (d *Door) Close() { d.warm.stop() }

// Stats reports cache hits and misses since start and the entries and
// bytes the answering generation holds.
func (d *Door) Stats() (hits, misses int64, entries int, bytes int64) {
	var n int
	var b int64
	if g := d.cur.Load(); g != nil {
		n, b = g.size()
	}
	return d.hits.Load(), d.misses.Load(), n, b
}

// Open is a door for one reader outside the server (a command, a test):
// the view of scope over the store's current data version.
func Open(ctx context.Context, st *queries.Store, sc queries.Scope) (*View, error) {
	d, err := New(ctx, st, Config{})
	if err != nil {
		return nil, err
	}
	return d.For(ctx, sc), nil
}

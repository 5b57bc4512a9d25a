package server

import (
	"context"
	"errors"
	"runtime"
	"runtime/debug"
	"time"

	"jixiao/queries"
)

// BuildSnapshot loads the in-memory read model of the data version the
// cache serves, unless it is already loaded. Warming calls it after every
// data change; tests call it to serve from the snapshot at once.
func (r *Reader) BuildSnapshot(ctx context.Context) error {
	r.snapMu.Lock()
	defer r.snapMu.Unlock()
	v := r.version.Load()
	if old := r.snap.Load(); old != nil {
		if old.Version() == v {
			return nil
		}
		// An older version is never served again: free it before loading.
		r.snap.Store(nil)
		runtime.GC()
	}
	t0 := time.Now()
	sn, err := r.store.LoadSnapshot(ctx)
	if err != nil {
		return err
	}
	r.snap.Store(sn)
	// Loading churns through about a gigabyte of short-lived rows at scale
	// 10: give those pages back now rather than keep them as resident memory.
	debug.FreeOSMemory()
	r.log.Info("snapshot loaded", "version", sn.Version(), "ms", time.Since(t0).Milliseconds())
	return nil
}

func (r *Reader) loadSnapshot(ctx context.Context) {
	if err := r.BuildSnapshot(ctx); err != nil && ctx.Err() == nil {
		r.log.Warn("snapshot: reads stay on SQL", "err", err)
	}
}

// snapshot is the loaded snapshot when it holds the data version the
// cache serves, else nil (reads then run their SQL).
func (r *Reader) snapshot() *queries.Snapshot {
	sn := r.snap.Load()
	if sn == nil || sn.Version() != r.version.Load() {
		return nil
	}
	return sn
}

// fromSnapshot answers a read from the snapshot when one is current and
// can answer it exactly, else through sqlFn (the reference).
func fromSnapshot[T any](r *Reader, snapFn func(*queries.Snapshot) (T, error), sqlFn func() (T, error)) (T, error) {
	if sn := r.snapshot(); sn != nil {
		v, err := snapFn(sn)
		if !errors.Is(err, queries.ErrSnapshotMiss) {
			return v, err
		}
	}
	return sqlFn()
}

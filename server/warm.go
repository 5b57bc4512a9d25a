package server

import (
	"context"
	"log/slog"
	"sort"
	"sync"
	"time"

	"jixiao/queries"
)

// warmer runs the warm function in the background, one run at a time; a
// request while it runs schedules one more run after it.
type warmer struct {
	fn  func(context.Context)
	log *slog.Logger

	mu      sync.Mutex
	running bool
	again   bool
	ctx     context.Context
	cancel  context.CancelFunc
	wg      sync.WaitGroup
}

func newWarmer(fn func(context.Context), log *slog.Logger) *warmer {
	ctx, cancel := context.WithCancel(context.Background())
	return &warmer{fn: fn, log: log, ctx: ctx, cancel: cancel}
}

// WarmAsync warms the default views of every user's scope in the background.
func (r *Reader) WarmAsync() {
	w := r.warm
	if w.fn == nil {
		return
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.ctx.Err() != nil {
		return
	}
	if w.running {
		w.again = true
		return
	}
	w.running = true
	w.wg.Add(1)
	go w.loop()
}

func (w *warmer) loop() {
	defer w.wg.Done()
	for {
		t0 := time.Now()
		w.fn(w.ctx)
		if w.ctx.Err() != nil {
			w.log.Info("cache warming stopped")
		} else {
			w.log.Info("cache warmed", "ms", time.Since(t0).Milliseconds())
		}
		w.mu.Lock()
		if !w.again || w.ctx.Err() != nil {
			w.running = false
			w.mu.Unlock()
			return
		}
		w.again = false
		w.mu.Unlock()
	}
}

func (r *Reader) stopWarm() {
	r.warm.cancel()
	r.warm.wg.Wait()
}

// Warmer is extra warming for a scope and its user's unit, for page code
// that reads more than the overview API does. Register with AddWarmer
// before the server starts serving.
type Warmer func(ctx context.Context, r *Reader, sc queries.Scope, unit string)

// AddWarmer adds a warming step run for every user's scope after each data change.
func (s *Server) AddWarmer(w Warmer) {
	s.warmers = append(s.warmers, w)
}

// maxWarmScopes bounds one warming run; leaders come first, as the review
// meeting's room is mostly leaders.
const maxWarmScopes = 2000

// warmScopes computes the overview of every distinct scope among the
// users, so that a room opening the overview at once hits warm data.
func (s *Server) warmScopes(ctx context.Context) {
	accs, err := s.Accounts.All(ctx)
	if err != nil {
		if ctx.Err() == nil {
			s.log.Warn("warming: users", "err", err)
		}
		return
	}
	rank := map[string]int{"admin": 0, "leader": 1, "committee": 2, "office": 3, "dept": 4, "staff": 5}
	sort.SliceStable(accs, func(i, j int) bool { return rank[accs[i].Role] < rank[accs[j].Role] })
	pol := s.policy.get()
	seen := map[string]bool{}
	for _, a := range accs {
		if ctx.Err() != nil || len(seen) >= maxWarmScopes {
			return
		}
		sc := pol.ScopeOf(&a)
		unit := a.UnitCode
		k := sc.Key() + "|" + unit
		if seen[k] || len(sc.Statuses) == 0 {
			continue
		}
		seen[k] = true
		for _, period := range s.warmPeriods(ctx, sc) {
			if _, err := s.overviewJSON(ctx, sc, unit, period); err != nil && ctx.Err() == nil {
				s.log.Debug("warming overview", "user", a.Username, "period", period, "err", err)
			}
		}
		for _, w := range s.warmers {
			w(ctx, s.Read, sc, unit)
		}
	}
}

// warmPeriods are the periods whose overview a scope is likely to open:
// the default (newest visible quarter, "") and the newest quarter in
// review, which is the one a review meeting discusses while the office
// already collects the next.
func (s *Server) warmPeriods(ctx context.Context, sc queries.Scope) []string {
	out := []string{""}
	ps, err := s.Read.Periods(ctx, sc)
	if err != nil {
		return out
	}
	latest := ""
	for _, p := range ps {
		if len(p.Period) != 6 {
			continue
		}
		if latest == "" {
			latest = p.Period
		}
		if p.Status == "review" {
			if p.Period != latest {
				out = append(out, p.Period)
			}
			break
		}
	}
	return out
}

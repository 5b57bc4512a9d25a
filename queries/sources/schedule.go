package sources

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"jixiao/data"
)

// Scheduler runs the pulls with a schedule inside `jixiao serve`. A run
// missed while the server was down (its next time, counted from the
// pull's last run or its creation, has passed) runs once at the next start.
type Scheduler struct {
	sv     *Service
	log    *slog.Logger
	every  time.Duration
	cancel context.CancelFunc
	wg     sync.WaitGroup
	mu     sync.Mutex
	busy   map[int64]bool // pulls whose scheduled runs are going
	// ended is when each pull's last scheduled run ended: a list of due
	// pulls read before that is stale for it (the run it saw as due has
	// just been made).
	ended map[int64]time.Time
}

// StartScheduler checks the schedules at once and then every tick (30 s
// when 0) until Stop.
func (sv *Service) StartScheduler(log *slog.Logger, tick time.Duration) *Scheduler {
	if tick <= 0 {
		tick = 30 * time.Second
	}
	if log == nil {
		log = slog.Default()
	}
	ctx, cancel := context.WithCancel(context.Background())
	s := &Scheduler{sv: sv, log: log, every: tick, cancel: cancel, busy: map[int64]bool{}, ended: map[int64]time.Time{}}
	poll(ctx, &s.wg, tick, s.check)
	return s
}

// Stop ends the scheduler and waits for the runs it started (their
// context is cancelled: a run cut short fails and writes nothing).
func (s *Scheduler) Stop() {
	s.cancel()
	s.wg.Wait()
}

// check starts the runs that are due.
func (s *Scheduler) check(ctx context.Context) {
	asked := time.Now()
	due, err := s.sv.Due(ctx)
	if err != nil {
		if ctx.Err() == nil {
			s.log.Warn("pull schedule", "err", err)
		}
		return
	}
	for _, p := range due {
		s.mu.Lock()
		if s.busy[p.ID] || !s.ended[p.ID].Before(asked) {
			s.mu.Unlock()
			continue
		}
		s.busy[p.ID] = true
		s.mu.Unlock()
		s.wg.Add(1)
		go func(p Pull) {
			defer s.wg.Done()
			defer func() { s.mu.Lock(); delete(s.busy, p.ID); s.ended[p.ID] = time.Now(); s.mu.Unlock() }()
			s.sv.RunScheduled(ctx, p, s.log)
		}(p)
	}
}

// Due lists the pulls whose scheduled time has come.
func (sv *Service) Due(ctx context.Context) ([]Pull, error) {
	all, err := sv.Pulls(ctx)
	if err != nil {
		return nil, err
	}
	now := sv.Now()
	var out []Pull
	for _, p := range all {
		if p.NextRun != nil && !now.Before(*p.NextRun) {
			out = append(out, p)
		}
	}
	return out, nil
}

// RunScheduled runs p for each of its periods, as the schedule.
func (sv *Service) RunScheduled(ctx context.Context, p Pull, log *slog.Logger) {
	periods, err := sv.PullPeriods(ctx, p)
	if err != nil {
		log.Warn("pull periods", "pull", p.Name, "err", err)
		return
	}
	for _, period := range periods {
		r, err := sv.Run(ctx, p.ID, period, RunOptions{Trigger: TriggerSchedule})
		switch {
		case err != nil:
			log.Warn("scheduled pull", "pull", p.Name, "period", period, "err", err)
		case r.Status == "failed":
			log.Warn("scheduled pull failed", "pull", p.Name, "period", period, "errors", len(r.Errors))
		default:
			log.Info("scheduled pull", "pull", p.Name, "period", period, "status", r.Status, "rows", r.Rows)
		}
	}
}

// PullPeriods are the quarters a scheduled run pulls: the listed ones, or
// for "open" each open quarter, and the current calendar quarter and the
// one before it while they are not yet periods.
func (sv *Service) PullPeriods(ctx context.Context, p Pull) ([]string, error) {
	if list, ok := p.Periods.([]string); ok {
		return list, nil
	}
	rows, err := sv.db.QueryContext(ctx, "SELECT period, status FROM periods ORDER BY ord")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	known := map[string]bool{}
	var out []string
	for rows.Next() {
		var period, status string
		if err := rows.Scan(&period, &status); err != nil {
			return nil, err
		}
		known[period] = true
		if status == "open" && data.IsQuarter(period) {
			out = append(out, period)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	now := sv.Now()
	cur := data.Period{Year: now.Year(), Quarter: (int(now.Month())-1)/3 + 1}
	for _, q := range []data.Period{cur.Prev(), cur} {
		if !known[q.String()] {
			out = append(out, q.String())
		}
	}
	return out, nil
}

package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"jixiao/data"
	"jixiao/queries"
	"jixiao/queries/reads"
	"jixiao/reports"
)

// reportBy is the author the generated reports name.
const reportBy = "报告中心（自动生成）"

// reportBuilder builds one bureau's checked report with the scope its
// recipients share; tests replace it to make a generation fail.
type reportBuilder func(ctx context.Context, sc queries.Scope, period, unit string) (*reports.Bundle, error)

// reportJob generates the report centre's reports in the background: the
// runs queued when a quarter goes to review, one report at a time, at low
// priority (a query slot while it builds, then a pause as long as the build
// took), resuming an interrupted run at the next start.
type reportJob struct {
	store *queries.Store
	read  *reads.Door
	log   *slog.Logger
	scope func(level, unit string) queries.Scope
	build reportBuilder
	duty  float64 // share of the time the job may build

	one  sync.Mutex // one report at a time: the job's and a retry's
	wake chan struct{}
	stop <-chan struct{}
}

func newReportJob(s *Server) *reportJob {
	j := &reportJob{store: s.Store, read: s.Read, log: s.log, scope: s.reportScope, duty: s.cfg.ReportDuty, wake: make(chan struct{}, 1), stop: s.stop}
	if j.duty <= 0 || j.duty > 1 {
		j.duty = 0.5
	}
	j.build = func(ctx context.Context, sc queries.Scope, period, unit string) (*reports.Bundle, error) {
		q, err := reports.Build(ctx, s.Read.For(ctx, sc), period, unit, reportBy)
		if err != nil {
			return nil, err
		}
		return q.Bundle()
	}
	return j
}

// poke tells the job that a run may be waiting.
func (j *reportJob) poke() {
	select {
	case j.wake <- struct{}{}:
	default:
	}
}

// loop runs until the server stops: the waiting runs first (an interrupted
// one included), then whenever poked, and every half minute in case.
func (j *reportJob) loop() {
	tick := time.NewTicker(30 * time.Second)
	defer tick.Stop()
	for {
		j.runWaiting()
		select {
		case <-j.stop:
			return
		case <-j.wake:
		case <-tick.C:
		}
	}
}

func (j *reportJob) stopped() bool {
	select {
	case <-j.stop:
		return true
	default:
		return false
	}
}

// runWaiting does every queued run, oldest first.
func (j *reportJob) runWaiting() {
	ctx := context.Background()
	for !j.stopped() {
		run, err := j.store.NextReportRun(ctx)
		if err != nil {
			j.log.Error("report centre: reading the runs", "err", err)
			return
		}
		if run == nil {
			return
		}
		if err := j.runOne(ctx, run); err != nil {
			j.log.Error("report centre: run", "period", run.Period, "err", err)
			return
		}
	}
}

// runOne generates the reports a run still has to do. A stop leaves the
// run running: the next start resumes it where it was.
func (j *reportJob) runOne(ctx context.Context, run *queries.ReportRun) error {
	if err := j.store.BeginReportRun(ctx, run.ID); err != nil {
		return err
	}
	todo, err := j.store.ReportRunTodo(ctx, run.ID)
	if err != nil {
		return err
	}
	t0, busy, counts := time.Now(), time.Duration(0), map[string]int{}
	for i, unit := range todo {
		if j.stopped() {
			j.log.Info("report centre: stopped, the run resumes at the next start", "period", run.Period, "left", len(todo)-i)
			return nil
		}
		cur, err := j.store.ReportRunByID(ctx, run.ID)
		if err != nil {
			return err
		}
		if cur.Status != "running" {
			j.log.Info("report centre: run cancelled (the quarter left review)", "period", run.Period)
			return nil
		}
		j.waitForQuiet()
		took, status := j.generate(ctx, run.ID, run.Period, unit, reportBy)
		busy += took
		counts[status]++
		j.pause(took)
	}
	j.log.Info("report centre: run done", "period", run.Period, "reports", counts["ok"], "failed", counts["failed"],
		"skipped", counts["skipped"], "took", time.Since(t0).Round(time.Millisecond), "building", busy.Round(time.Millisecond))
	return j.store.FinishReportRun(ctx, run.ID)
}

// waitForQuiet lets the requests go first: it waits until no request has
// been computing an answer (a query slot taken) for quietFor, or maxQuiet
// passed, so that under steady load the job still moves, slowly.
func (j *reportJob) waitForQuiet() {
	const quietFor, maxQuiet, step = 100 * time.Millisecond, 30 * time.Second, 20 * time.Millisecond
	if j.duty >= 1 {
		return // no yielding (tests, or an operator's choice)
	}
	deadline := time.Now().Add(maxQuiet)
	quiet := time.Duration(0)
	for quiet < quietFor && time.Now().Before(deadline) {
		if !reads.Busy() {
			quiet += step
		} else {
			quiet = 0
		}
		select {
		case <-j.stop:
			return
		case <-time.After(step):
		}
	}
}

// pause keeps the job to its duty share of the time.
func (j *reportJob) pause(took time.Duration) {
	if j.duty >= 1 {
		return
	}
	select {
	case <-j.stop:
	case <-time.After(time.Duration(float64(took) * (1 - j.duty) / j.duty)):
	}
}

// generate builds, checks and stores one bureau's report, or logs why not;
// it answers how long it took and ok, failed or skipped.
func (j *reportJob) generate(ctx context.Context, runID int64, period, unit, by string) (time.Duration, string) {
	j.one.Lock()
	defer j.one.Unlock()
	// One query slot while building, as one more request would hold.
	defer reads.TakeSlot()()
	t0 := time.Now()
	for attempt := 0; attempt < 3; attempt++ {
		v, err := j.store.DataVersion(ctx)
		if err != nil {
			return time.Since(t0), j.fail(ctx, runID, period, unit, by, t0, err)
		}
		level := ""
		if u, err := j.read.For(ctx, queries.Everything).Unit(ctx, unit); err == nil {
			level = u.Level
		}
		b, err := j.safeBuild(ctx, j.scope(level, unit), period, unit)
		if errors.Is(err, reports.ErrNoScore) {
			return time.Since(t0), j.note(ctx, queries.ReportAttempt{RunID: runID, Period: period, UnitCode: unit, Status: "skipped",
				Message: err.Error(), By: by, Millis: time.Since(t0).Milliseconds()})
		}
		if err != nil {
			return time.Since(t0), j.fail(ctx, runID, period, unit, by, t0, err)
		}
		at := b.LibAt
		err = j.store.SaveReport(ctx, queries.ReportBuild{RunID: runID, Period: period, UnitCode: unit, DataVersion: v, By: by,
			Millis: time.Since(t0).Milliseconds(), Names: b.Names, Files: []queries.ReportFileBody{
				{Format: "html", Body: b.HTML, LibAt: &at, Size: b.HTMLSize},
				{Format: "xlsx", Body: b.XLSX, Size: int64(len(b.XLSX))}}})
		switch {
		case errors.Is(err, queries.ErrDataMoved):
			continue // built again from the new data
		case errors.Is(err, queries.ErrRunCancelled):
			return time.Since(t0), "cancelled"
		case err != nil:
			return time.Since(t0), j.fail(ctx, runID, period, unit, by, t0, err)
		}
		return time.Since(t0), "ok"
	}
	return time.Since(t0), j.fail(ctx, runID, period, unit, by, t0, errDataKeptMoving)
}

var errDataKeptMoving = errors.New("生成期间数据一直在变动（例如正在导入），请稍后重试 / the data kept changing while the report was built (an import?): retry later")

// safeBuild is build with a panic turned into an error.
func (j *reportJob) safeBuild(ctx context.Context, sc queries.Scope, period, unit string) (b *reports.Bundle, err error) {
	defer func() {
		if r := recover(); r != nil {
			j.log.Error("report centre: build panicked", "period", period, "unit", unit, "panic", fmt.Sprint(r))
			b, err = nil, errors.New("internal: build panicked")
		}
	}()
	ctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	return j.build(ctx, sc, period, unit)
}

// fail logs a failed attempt in plain words; the details go to the server log.
func (j *reportJob) fail(ctx context.Context, runID int64, period, unit, by string, t0 time.Time, err error) string {
	msg := plainReportError(err)
	j.log.Warn("report centre: generation failed", "period", period, "unit", unit, "err", err)
	j.note(ctx, queries.ReportAttempt{RunID: runID, Period: period, UnitCode: unit, Status: "failed", Message: msg, By: by, Millis: time.Since(t0).Milliseconds()})
	return "failed"
}

func (j *reportJob) note(ctx context.Context, a queries.ReportAttempt) string {
	if err := j.store.LogReportAttempt(ctx, a); err != nil {
		j.log.Error("report centre: logging an attempt", "period", a.Period, "unit", a.UnitCode, "err", err)
	}
	return a.Status
}

// plainReportError is what the administrator reads: the report's own
// words when it explains itself, never internal text.
func plainReportError(err error) string {
	var ce *reports.CheckError
	switch {
	case errors.As(err, &ce):
		return "报告检查未通过：" + ce.Msg
	case errors.Is(err, errDataKeptMoving):
		return err.Error()
	case errors.Is(err, context.DeadlineExceeded):
		return "生成超时（服务器繁忙），请稍后重试 / generation timed out (the server was busy): retry later"
	case errors.Is(err, queries.ErrNotFound):
		return "单位或考核期已不存在 / the unit or the quarter no longer exists"
	case queries.MessageOf(err) != "":
		return queries.MessageOf(err)
	}
	return "生成时发生内部错误，详情见服务器日志 / an internal error occurred while generating: see the server log"
}

// reportScope is what a bureau's recipients share: the scopes the policy
// gives its office, leaders and committee at the bureau's level,
// intersected, on the bureau. A report built with it holds nothing that
// one of them may not see.
func (s *Server) reportScope(level, unit string) queries.Scope {
	p := s.policy.get()
	var out queries.Scope
	for i, role := range []string{"office", "leader", "committee"} {
		sc := p.ScopeOf(&queries.Account{Role: role, UnitLevel: level, UnitCode: unit})
		if sc.All { // every unit, named: its subtree and peers too
			sc.Subtree, sc.PeersNamed = true, true
		}
		if i == 0 {
			out = sc
			continue
		}
		out.All = out.All && sc.All
		out.Subtree = out.Subtree && sc.Subtree
		named := out.PeersNamed && sc.PeersNamed
		out.PeersAnon = !named && (out.PeersNamed || out.PeersAnon) && (sc.PeersNamed || sc.PeersAnon)
		out.PeersNamed = named
		var st []string
		for _, a := range out.Statuses {
			for _, b := range sc.Statuses {
				if a == b {
					st = append(st, a)
				}
			}
		}
		out.Statuses = st
	}
	if !out.All {
		out.Unit = unit
	}
	return out
}

// retry generates one bureau's report again now, for an administrator.
func (j *reportJob) retry(ctx context.Context, period, unit, by string) (string, error) {
	if !data.IsQuarter(period) {
		return "", queries.Invalidf("季度报告须指定季度 / the report is quarterly")
	}
	_, status := j.generate(ctx, 0, period, unit, by)
	return status, nil
}

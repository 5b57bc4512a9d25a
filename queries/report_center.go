package queries

import (
	"bytes"
	"compress/gzip"
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"
)

// The report centre's writes: the runs that generate every bureau's
// quarterly report when its quarter goes to review, their log, and the
// stored reports. The server's background job drives them; queries keeps
// the state, so that a crash leaves a run to finish.

// ReportRun is one generation of every bureau's report for a quarter.
type ReportRun struct {
	ID          int64      `json:"id"`
	Period      string     `json:"period"`
	Status      string     `json:"status"` // pending | running | done | cancelled
	RequestedBy string     `json:"requested_by"`
	RequestedAt time.Time  `json:"requested_at"`
	StartedAt   *time.Time `json:"started_at"`
	FinishedAt  *time.Time `json:"finished_at"`
}

// ReportBuild is one bureau's report, built completely, to be stored.
type ReportBuild struct {
	RunID       int64 // 0: a retry outside a run
	Period      string
	UnitCode    string
	DataVersion int64 // the data version read before building
	By          string
	Millis      int64
	Names       []string // every unit the report names: readers must see them all
	Files       []ReportFileBody
}

// ReportFileBody is one format of a built report.
type ReportFileBody struct {
	Format string // html | xlsx
	Body   []byte // the file, without the ECharts library for html
	LibAt  *int64 // html: where the library goes back in
	Size   int64  // bytes of the file as built
}

// ReportAttempt is a logged attempt that stored nothing.
type ReportAttempt struct {
	RunID    int64
	Period   string
	UnitCode string
	Status   string // failed | skipped
	Message  string // plain words for the administrator
	By       string
	Millis   int64
}

// ErrRunCancelled means the run's quarter left review while it ran: the
// report is not stored.
var ErrRunCancelled = &Error{Kind: Conflict, Msg: "考核期已退回，报告未保存 / the quarter left review: the report was not stored"}

// ErrDataMoved means the data changed while the report was built: it would
// mix two versions, so it is built again.
var ErrDataMoved = &Error{Kind: Conflict, Msg: "生成期间数据有变动 / the data changed while the report was built"}

// writeQuiet runs fn as the one writer in a transaction without rescoring
// and without bumping the data version: the report centre's rows are
// derived from the data and change no read that caches key on it.
func (s *Store) writeQuiet(ctx context.Context, fn func(x sqlExecer) error) error {
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	return s.inTx(ctx, func(tx *sql.Tx) error { return fn(tx) })
}

// queueReportRun asks for the reports of period in the transaction that
// moves it to review; a run still queued or running for it is replaced.
func queueReportRun(ctx context.Context, x sqlExecer, period, user string) error {
	if err := cancelReportRuns(ctx, x, period); err != nil {
		return err
	}
	_, err := x.ExecContext(ctx, "INSERT INTO report_runs (period, requested_by) VALUES (?, ?)", period, user)
	return err
}

// requeueReportsAfterMove asks again for the reports of every quarter in
// review that has stored reports, in the transaction of a units import:
// a report that names a unit which moved is withheld from the readers who
// no longer see it (Scope.receivesReport) until it is generated again.
func requeueReportsAfterMove(ctx context.Context, x sqlExecer, user string) error {
	rows, err := x.QueryContext(ctx, `SELECT DISTINCT r.period FROM reports r JOIN periods p ON p.period = r.period
		WHERE p.status = 'review' ORDER BY 1`)
	if err != nil {
		return err
	}
	var periods []string
	for rows.Next() {
		var p string
		if err := rows.Scan(&p); err != nil {
			rows.Close()
			return err
		}
		periods = append(periods, p)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, p := range periods {
		if err := queueReportRun(ctx, x, p, user); err != nil {
			return err
		}
	}
	return nil
}

// cancelReportRuns stops the runs of a quarter that leaves review.
func cancelReportRuns(ctx context.Context, x sqlExecer, period string) error {
	_, err := x.ExecContext(ctx, `UPDATE report_runs SET status = 'cancelled', finished_at = current_timestamp
		WHERE period = ? AND status IN ('pending', 'running')`, period)
	return err
}

// NextReportRun is the oldest run still to do (queued, or interrupted by a
// stop), or nil.
func (s *Store) NextReportRun(ctx context.Context) (*ReportRun, error) {
	runs, err := s.reportRuns(ctx, "status IN ('pending', 'running') ORDER BY id LIMIT 1")
	if err != nil || len(runs) == 0 {
		return nil, err
	}
	return &runs[0], nil
}

// ReportRunByID is one run, or ErrNotFound.
func (s *Store) ReportRunByID(ctx context.Context, id int64) (*ReportRun, error) {
	return one(s.reportRuns(ctx, "id = ?", id))
}

func (s *Store) reportRuns(ctx context.Context, where string, args ...any) ([]ReportRun, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, period, status, requested_by, requested_at, started_at, finished_at
		FROM report_runs WHERE `+where, args...)
	if err != nil {
		return nil, fmt.Errorf("report runs: %w", err)
	}
	defer rows.Close()
	var out []ReportRun
	for rows.Next() {
		var r ReportRun
		var st, fin sql.NullTime
		if err := rows.Scan(&r.ID, &r.Period, &r.Status, &r.RequestedBy, &r.RequestedAt, &st, &fin); err != nil {
			return nil, err
		}
		r.StartedAt, r.FinishedAt = nullTime(st), nullTime(fin)
		out = append(out, r)
	}
	return out, rows.Err()
}

// BeginReportRun marks a queued run as running (an interrupted one keeps
// its first start).
func (s *Store) BeginReportRun(ctx context.Context, id int64) error {
	return s.writeQuiet(ctx, func(x sqlExecer) error {
		_, err := x.ExecContext(ctx, `UPDATE report_runs SET status = 'running', started_at = coalesce(started_at, current_timestamp)
			WHERE id = ? AND status = 'pending'`, id)
		return err
	})
}

// FinishReportRun marks a running run done (a cancelled one stays cancelled).
func (s *Store) FinishReportRun(ctx context.Context, id int64) error {
	return s.writeQuiet(ctx, func(x sqlExecer) error {
		_, err := x.ExecContext(ctx, `UPDATE report_runs SET status = 'done', finished_at = current_timestamp
			WHERE id = ? AND status = 'running'`, id)
		return err
	})
}

// ReportRunTodo lists, in tree order, the bureaus of the run's quarter that
// the run has not attempted yet: all of them at first, the rest after an
// interruption. A cancelled or finished run has none.
func (s *Store) ReportRunTodo(ctx context.Context, id int64) ([]string, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT u.code FROM units u, report_runs r
		WHERE r.id = ? AND r.status IN ('pending', 'running') AND u.kind = 'bureau'
		  AND NOT EXISTS (SELECT 1 FROM report_log l WHERE l.run_id = r.id AND l.unit_code = u.code)
		ORDER BY u.sort_key, u.code`, id)
	if err != nil {
		return nil, fmt.Errorf("report run todo: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// SaveReport stores every format of one bureau's report, replacing the
// previous ones, and logs the attempt, in one transaction: all formats or
// none. It refuses a report whose data moved since DataVersion was read
// (ErrDataMoved) and one whose run was cancelled (ErrRunCancelled).
func (s *Store) SaveReport(ctx context.Context, b ReportBuild) error {
	packed := make([][]byte, len(b.Files))
	for i, f := range b.Files {
		if len(f.Body) == 0 {
			return fmt.Errorf("report %s %s %s: empty body", b.Period, b.UnitCode, f.Format)
		}
		var err error
		if packed[i], err = gzipBytes(f.Body); err != nil {
			return err
		}
	}
	if len(b.Files) == 0 {
		return fmt.Errorf("report %s %s: no file", b.Period, b.UnitCode)
	}
	if len(b.Names) == 0 {
		return fmt.Errorf("report %s %s: the units it names are not known", b.Period, b.UnitCode)
	}
	err := s.writeQuiet(ctx, func(x sqlExecer) error {
		var v int64
		if err := x.QueryRowContext(ctx, "SELECT v FROM data_version").Scan(&v); err != nil {
			return err
		}
		if v != b.DataVersion {
			return ErrDataMoved
		}
		if b.RunID != 0 {
			var active bool
			if err := x.QueryRowContext(ctx, "SELECT coalesce(max(status IN ('pending', 'running')), false) FROM report_runs WHERE id = ?", b.RunID).Scan(&active); err != nil {
				return err
			}
			if !active {
				return ErrRunCancelled
			}
		}
		for _, t := range []string{"reports", "report_names"} {
			if _, err := x.ExecContext(ctx, "DELETE FROM "+t+" WHERE period = ? AND unit_code = ?", b.Period, b.UnitCode); err != nil {
				return err
			}
		}
		if _, err := x.ExecContext(ctx, `INSERT INTO report_names SELECT ?, ?, unnest(string_split(?, ','))`,
			b.Period, b.UnitCode, strings.Join(b.Names, ",")); err != nil {
			return err
		}
		for i, f := range b.Files {
			if _, err := x.ExecContext(ctx, `INSERT INTO reports (period, unit_code, format, body, lib_at, size, data_version, run_id)
				VALUES (?, ?, ?, ?, ?, ?, ?, nullif(?, 0))`, b.Period, b.UnitCode, f.Format, packed[i], f.LibAt, f.Size, v, b.RunID); err != nil {
				return err
			}
		}
		return logAttempt(ctx, x, ReportAttempt{RunID: b.RunID, Period: b.Period, UnitCode: b.UnitCode, Status: "ok", By: b.By, Millis: b.Millis})
	})
	if err == nil {
		s.emitReportReady(ctx, b.Period, b.UnitCode)
	}
	return err
}

// LogReportAttempt records an attempt that stored nothing: a failure (in
// plain words) or a bureau skipped because it has no score.
func (s *Store) LogReportAttempt(ctx context.Context, a ReportAttempt) error {
	return s.writeQuiet(ctx, func(x sqlExecer) error { return logAttempt(ctx, x, a) })
}

func logAttempt(ctx context.Context, x sqlExecer, a ReportAttempt) error {
	_, err := x.ExecContext(ctx, `INSERT INTO report_log (run_id, period, unit_code, status, message, attempted_by, millis)
		VALUES (nullif(?, 0), ?, ?, ?, ?, ?, ?)`, a.RunID, a.Period, a.UnitCode, a.Status, a.Message, a.By, a.Millis)
	return err
}

// MarkReportsSeen records the user's visit of the report centre: what was
// generated until now is no longer new to them. A read receipt, not a
// change of data: no audit entry, no data version.
func (s *Store) MarkReportsSeen(ctx context.Context, username string) error {
	return s.writeQuiet(ctx, func(x sqlExecer) error {
		_, err := x.ExecContext(ctx, "INSERT OR REPLACE INTO report_visits VALUES (?, current_timestamp)", username)
		return err
	})
}

// ReportBureau is a bureau whose report may be generated again for the
// scope: a bureau it sees named, in a quarter it sees.
func (s *Store) ReportBureau(ctx context.Context, sc Scope, period, unit string) (*Unit, error) {
	u, err := s.Unit(ctx, sc, unit)
	if err != nil {
		return nil, err
	}
	if err := s.mustSeePeriod(ctx, sc, period); err != nil {
		return nil, err
	}
	if u.Kind != "bureau" {
		return nil, invalid("只有税务局生成季度报告", "quarterly reports are generated for bureaus only")
	}
	return u, nil
}

func gzipBytes(b []byte) ([]byte, error) {
	var buf bytes.Buffer
	w, err := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if err != nil {
		return nil, err
	}
	if _, err := w.Write(b); err != nil {
		return nil, err
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

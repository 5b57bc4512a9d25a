package sources

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"jixiao/data"
	"jixiao/queries"
	"jixiao/queries/imports"
)

// Settings of §11 (the settings table; missing means the default).
const (
	SettingTimeout = "sources.timeout_s" // statement timeout at the source, seconds
	SettingMaxRows = "import.max_rows"   // most rows of one run
	// DefaultTimeout is sources.timeout_s's default.
	DefaultTimeout = 300 * time.Second
	// DefaultMaxRows is import.max_rows's default: a whole scale-10
	// province's ledger of one year fits.
	DefaultMaxRows = 5_000_000
)

// Triggers of a run.
const (
	TriggerManual   = "manual"
	TriggerSchedule = "schedule"
)

// Run is one run of a pull for one quarter.
type Run struct {
	ID         int64            `json:"id"`
	Pull       int64            `json:"pull"`
	Period     string           `json:"period"`
	Trigger    string           `json:"trigger"`
	RunBy      string           `json:"run_by"`
	StartedAt  time.Time        `json:"started_at"`
	FinishedAt *time.Time       `json:"finished_at"`
	Status     string           `json:"status"` // ok | unchanged | failed
	Rows       int64            `json:"rows"`
	Batch      *int64           `json:"batch"`
	Errors     []data.RowError  `json:"errors"`
	DryRun     bool             `json:"dry_run,omitempty"`
	Columns    []string         `json:"columns,omitempty"` // a dry run: the columns of Sample
	Sample     [][]string       `json:"sample,omitempty"`  // a dry run: the first rows
	Preview    *imports.Preview `json:"preview,omitempty"`
}

// RunOptions say who runs and how.
type RunOptions struct {
	User    string // "" for the schedule
	Trigger string // manual (default) or schedule
	DryRun  bool
	Lang    string
}

func (sv *Service) settings(ctx context.Context) (time.Duration, int64) {
	timeout, maxRows := DefaultTimeout, int64(DefaultMaxRows)
	rows, err := sv.db.QueryContext(ctx, "SELECT key, value FROM settings WHERE key IN (?, ?)", SettingTimeout, SettingMaxRows)
	if err != nil {
		return timeout, maxRows
	}
	defer rows.Close()
	for rows.Next() {
		var k, v string
		if rows.Scan(&k, &v) != nil {
			continue
		}
		n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
		if err != nil || n <= 0 {
			continue
		}
		if k == SettingTimeout {
			timeout = time.Duration(n) * time.Second
		} else {
			maxRows = n
		}
	}
	return timeout, maxRows
}

// Run runs pull id for the quarter period: it reads the result at the
// source, and imports it as one values batch whose source is the pull's
// name, or finds it unchanged, or fails writing nothing. The run is
// returned whatever its status; err is only for a malformed request (an
// unknown pull, a period that is no quarter) or a failure of jixiao itself.
// A second run of one pull waits for the first. A dry run imports in a
// transaction that is rolled back, and is neither kept nor warned of.
func (sv *Service) Run(ctx context.Context, id int64, period string, opt RunOptions) (*Run, error) {
	period = strings.ToUpper(strings.TrimSpace(period))
	if !data.IsQuarter(period) {
		return nil, problem("period", "期间须为季度，如 2025Q3", "period must be a quarter such as 2025Q3")
	}
	p, err := sv.GetPull(ctx, id)
	if err != nil {
		return nil, err
	}
	unlock, err := sv.locks.lock(ctx, id)
	if err != nil {
		return nil, err
	}
	defer unlock()
	if opt.Trigger == "" {
		opt.Trigger = TriggerManual
	}
	importer := opt.User
	if opt.Trigger == TriggerSchedule || importer == "" {
		importer = TriggerSchedule
	}
	r := &Run{Pull: id, Period: period, Trigger: opt.Trigger, RunBy: importer, StartedAt: sv.Now().UTC(), DryRun: opt.DryRun, Errors: []data.RowError{}}
	sv.execute(ctx, p, r, importer, opt)
	fin := sv.Now().UTC()
	r.FinishedAt = &fin
	if opt.DryRun {
		return r, nil
	}
	if err := sv.record(ctx, r); err != nil {
		return nil, err
	}
	if r.Status == "failed" {
		msg := ""
		if len(r.Errors) > 0 {
			msg = r.Errors[0].Message
		}
		sv.store.Emit(queries.Event{Kind: "pull_failed", At: fin, Period: period, Link: "/sources", Ref: fmt.Sprintf("pull:%d", id),
			Text:   fmt.Sprintf("数据拉取“%s”（%s）失败：%s", p.Name, period, msg),
			TextEn: fmt.Sprintf("pull %q (%s) failed: %s", p.Name, period, msg)})
	}
	return r, nil
}

// execute fills r: its rows, status and errors.
func (sv *Service) execute(ctx context.Context, p *Pull, r *Run, importer string, opt RunOptions) {
	fail := func(row int, col, msg string) {
		r.Status = "failed"
		r.Errors = append(r.Errors, data.RowError{Row: row, Column: col, Message: msg})
	}
	c, err := sv.loadConn(ctx, p.Source)
	if err != nil {
		fail(0, "", "数据源无法读取 / the source cannot be read: "+err.Error())
		return
	}
	timeout, maxRows := sv.settings(ctx)
	dir, err := os.MkdirTemp("", "jixiao-pull-*")
	if err != nil {
		fail(0, "", err.Error())
		return
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "values.csv")
	f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_EXCL, 0o600)
	if err != nil {
		fail(0, "", err.Error())
		return
	}
	fctx, cancel := context.WithTimeout(ctx, timeout+connectTimeout+5*time.Second)
	got, err := c.fetch(fctx, p.Query, r.Period, maxRows, timeout, f)
	cancel()
	if cerr := f.Close(); err == nil && cerr != nil {
		err = cerr
	}
	if err != nil {
		fail(0, "", c.plain(err))
		return
	}
	r.Rows = got.rows
	if opt.DryRun {
		r.Columns, r.Sample = valueColumns, got.sample
	}
	if len(got.errors) > 0 {
		r.Status, r.Errors = "failed", got.errors
		return
	}
	same, err := sv.unchanged(ctx, path, r.Period, r.Rows)
	if err != nil {
		fail(0, "", "比对现有数据失败 / comparing with the values in force failed: "+err.Error())
		return
	}
	if same {
		r.Status = "unchanged"
		return
	}
	b, err := imports.Import(ctx, sv.store, data.KindValues, path, imports.Options{
		User: importer, Filename: p.Name + " " + r.Period, Lang: opt.Lang, DryRun: opt.DryRun, Source: p.Name})
	var rej *imports.RejectedError
	switch {
	case errors.As(err, &rej):
		r.Status = "failed"
		for _, e := range rej.Errors {
			row := e.Row - 1 // the CSV's header is row 1; the result's first row is 1
			if row < 0 {
				row = 0
			}
			r.Errors = append(r.Errors, data.RowError{Row: row, Column: resultColumn(got.columns, e.Column), Message: e.Message})
		}
	case err != nil:
		msg := queries.MessageOf(err)
		if msg == "" {
			msg = err.Error()
		}
		fail(0, "", msg)
	default:
		r.Status = "ok"
		if !opt.DryRun {
			r.Batch = &b.ID
		}
		r.Preview = b.Preview
	}
}

// resultColumn names a values column as the pull's result called it.
func resultColumn(cols []string, name string) string {
	for i, c := range valueColumns {
		if c == name && i < len(cols) && cols[i] != "" {
			return cols[i]
		}
	}
	return name
}

// unchanged is true when every row of the values CSV at path equals the
// value in force (actual, target and note) and no key repeats.
func (sv *Service) unchanged(ctx context.Context, path, period string, rows int64) (bool, error) {
	pp, err := data.ParsePeriod(period)
	if err != nil {
		return false, err
	}
	if rows == 0 {
		return true, nil // nothing to write (a quarter the source has nothing of yet)
	}
	ord := pp.Year*4 + pp.Quarter - 1
	// Fewer values in force than rows: something is new (a first pull of
	// a quarter never compares).
	var held int64
	if err := sv.db.QueryRowContext(ctx, "SELECT count(*) FROM ledger_k WHERE k % 8192 = ?", ord).Scan(&held); err != nil {
		return false, err
	}
	if held < rows {
		return false, nil
	}
	q := `WITH c AS (SELECT * FROM read_csv(` + lit(path) + `, header = true, all_varchar = true, delim = ',', quote = '"', escape = '"'))
	SELECT count(*),
	  count(*) FILTER (WHERE l.k IS NULL OR l.actual IS DISTINCT FROM TRY_CAST(trim(c.actual) AS DOUBLE)
	    OR l.target IS DISTINCT FROM TRY_CAST(nullif(trim(c.target), '') AS DOUBLE)
	    OR coalesce(l.note, '') <> coalesce(trim(c.note), '')),
	  count(DISTINCT (c.indicator_code, c.unit_code))
	FROM c LEFT JOIN unit_keys uk ON uk.code = c.unit_code
	LEFT JOIN indicator_keys ik ON ik.code = c.indicator_code
	LEFT JOIN ledger_k l ON l.k = jx_key(uk.id, ik.id, ?)`
	var n, diff, keys int64
	if err := sv.db.QueryRowContext(ctx, q, ord).Scan(&n, &diff, &keys); err != nil {
		return false, err
	}
	return diff == 0 && keys == n, nil
}

func lit(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// record keeps a run in the history.
func (sv *Service) record(ctx context.Context, r *Run) error {
	errs := r.Errors
	if len(errs) > maxErrors {
		errs = errs[:maxErrors]
	}
	js, err := json.Marshal(errs)
	if err != nil {
		return err
	}
	return sv.db.QueryRowContext(ctx, `INSERT INTO pull_runs (pull_id, period, "trigger", run_by, started_at, finished_at, status, rows, batch_id, errors)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		r.Pull, r.Period, r.Trigger, r.RunBy, r.StartedAt, *r.FinishedAt, r.Status, r.Rows, r.Batch, string(js)).Scan(&r.ID)
}

// Runs is the history of a pull, newest first (limit 0: all, up to 1000).
func (sv *Service) Runs(ctx context.Context, id int64, limit int) ([]Run, error) {
	if limit <= 0 || limit > 1000 {
		limit = 1000
	}
	rows, err := sv.db.QueryContext(ctx, `SELECT id, pull_id, period, "trigger", run_by, started_at, finished_at, status, rows, batch_id, errors
		FROM pull_runs WHERE pull_id = ? ORDER BY id DESC LIMIT ?`, id, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Run{}
	for rows.Next() {
		var r Run
		var errs string
		if err := rows.Scan(&r.ID, &r.Pull, &r.Period, &r.Trigger, &r.RunBy, &r.StartedAt, &r.FinishedAt, &r.Status, &r.Rows, &r.Batch, &errs); err != nil {
			return nil, err
		}
		if json.Unmarshal([]byte(errs), &r.Errors) != nil || r.Errors == nil {
			r.Errors = []data.RowError{}
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

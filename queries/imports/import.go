package imports

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"jixiao/data"
	"jixiao/queries"
	"jixiao/queries/scoring"
)

// Options say who imports and how errors are worded.
type Options struct {
	User     string
	Filename string // as the user named it; defaults to the path
	Lang     string // "zh" (default) or "en"
	Progress func(phase string)
	// DryRun runs the whole import, rescoring included, in its transaction
	// and rolls it back: the Batch returned carries the Preview of what it
	// would change, and nothing is stored.
	DryRun bool
	// Source names where the rows came from when not a file: a pull's name
	// (SPEC §11) or "submission:<id>" (§12); "" for a file (null in answers).
	Source string
	// Users is the accounts room's part of a users file (SPEC §14):
	// accounts.UsersFile{Manager: m}, m the importer with its rights on
	// accounts (nil for the command line, which may do everything). A
	// users file is refused without it.
	Users UsersFile
	// within runs inside the batch's transaction once the batch is written
	// (an accepted submission records its acceptance atomically with it).
	within func(x queries.Execer, batch int64) error
	// Writer is the signed-in importer, whose write rights a kind checks
	// per row where it has them (responsibilities); nil for the command
	// line, which reaches every unit.
	Writer *queries.Actor
}

// UsersFile is what the accounts room (accounts.UsersFile) does in the
// import of a users file, inside its transaction: Check reads the staged
// rows (view s) and returns the rules they break; Apply writes them.
type UsersFile interface {
	Check(ctx context.Context, x queries.Execer) ([]queries.FileProblem, error)
	Apply(ctx context.Context, x queries.Execer) error
}

// Batch is one imported file in the batch history.
type Batch struct {
	ID           int64      `json:"batch"`
	Kind         string     `json:"kind"`
	Rows         int64      `json:"rows"`
	User         string     `json:"user"`
	Filename     string     `json:"filename"`
	Format       string     `json:"format"`
	SHA256       string     `json:"sha256"`
	CreatedAt    time.Time  `json:"created_at"`
	RolledBackAt *time.Time `json:"rolled_back_at,omitempty"`
	// Source is the pull or submission that wrote the batch; null for a file.
	Source *string `json:"source"`
	// Preview is a dry run's account of what the import would change.
	Preview *Preview `json:"preview,omitempty"`
}

// MarshalJSON adds SPEC §8's names of the importer and the time
// (imported_by, imported_at) beside the fields the pages read.
func (b Batch) MarshalJSON() ([]byte, error) {
	type plain Batch
	return json.Marshal(struct {
		plain
		ImportedBy string    `json:"imported_by"`
		ImportedAt time.Time `json:"imported_at"`
	}{plain(b), b.User, b.CreatedAt})
}

// RejectedError is a file refused as a whole, with every problem found.
type RejectedError struct {
	Errors []data.RowError
}

func (e *RejectedError) Error() string {
	return fmt.Sprintf("the file was rejected with %d error(s); nothing was changed", len(e.Errors))
}

// Import validates the file at path as one batch of kind and, only when
// every row is valid, applies it to st and recomputes the scores in one
// transaction. A rejected file returns *RejectedError and changes nothing.
func Import(ctx context.Context, st *queries.Store, kind data.Kind, path string, opt Options) (*Batch, error) {
	return importFile(ctx, st, kind, path, opt)
}

// WithinFunc imports the file at path as one batch of kind in the name of
// user (filename as the batch history shows it, source the batch's source)
// and runs within inside the batch's transaction once the batch is
// written; it returns the batch's id.
type WithinFunc func(ctx context.Context, kind data.Kind, path, user, filename, source string, within func(x queries.Execer, batch int64) error) (int64, error)

// Within is Import with within run inside the batch's transaction once the
// batch is written; it returns the batch's id. It is the
// import of a workflow write (an accepted submission records its
// acceptance atomically with its values).
func Within(st *queries.Store) WithinFunc {
	return func(ctx context.Context, kind data.Kind, path, user, filename, source string, within func(x queries.Execer, batch int64) error) (int64, error) {
		b, err := importFile(ctx, st, kind, path, Options{User: user, Filename: filename, Source: source, within: within})
		if err != nil {
			return 0, err
		}
		return b.ID, nil
	}
}

func importFile(ctx context.Context, s *queries.Store, kind data.Kind, path string, opt Options) (*Batch, error) {
	progress := opt.Progress
	if progress == nil {
		progress = func(string) {}
	}
	// The file is hashed while DuckDB reads it.
	type hashed struct {
		sum string
		err error
	}
	hc := make(chan hashed, 1)
	go func() {
		sum, err := fileSHA256(path)
		hc <- hashed{sum, err}
	}()
	sumOf := func() (string, error) { h := <-hc; hc <- h; return h.sum, h.err }
	conn, err := s.DB().Conn(ctx)
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	defer func() {
		t0 := time.Now()
		dropFastStage(conn)
		conn.ExecContext(context.Background(), "DROP VIEW IF EXISTS temp.s; DROP TABLE IF EXISTS temp.stage; DROP TABLE IF EXISTS temp.sk")
		scoring.Trace("drop the staged tables", t0)
	}()
	progress("read")
	fast := false
	if kind == data.KindValues {
		if fast, err = fastStageValues(ctx, conn, path); err != nil {
			return nil, err
		}
	}
	var st *staged
	var issues []issue
	if !fast {
		t0 := time.Now()
		st, issues, err = stageFile(ctx, conn, kind, path)
		scoring.Trace("stage "+string(kind), t0)
		if err != nil {
			return nil, err
		}
		if len(issues) > 0 {
			return nil, reject(st.sheetRows(issues), opt.Lang)
		}
	}
	defer s.WriterLock()()
	progress("validate")
	if fast {
		ok, n, err := fastValid(ctx, conn)
		if err != nil {
			return nil, err
		}
		if ok {
			st = &staged{kind: kind, format: data.FormatCSV, rows: n}
		} else {
			// Not plainly valid: the full path finds and words every error.
			fast = false
			st, issues, err = stageFile(ctx, conn, kind, path)
			if err != nil {
				return nil, err
			}
			if len(issues) > 0 {
				return nil, reject(st.sheetRows(issues), opt.Lang)
			}
		}
	}
	if kind == data.KindResponsibilities {
		// the checks read the writer's reach
		if err := queries.BuildReach(ctx, conn, opt.Writer); err != nil {
			return nil, err
		}
	}
	if !fast {
		t0 := time.Now()
		issues, err = validate(ctx, conn, st)
		scoring.Trace("validate "+string(kind), t0)
		if err != nil {
			return nil, err
		}
		if len(issues) > 0 {
			return nil, reject(st.sheetRows(issues), opt.Lang)
		}
	}
	if kind == data.KindUsers {
		defer s.AccountsChanged()
		if issues, err = checkUsers(ctx, conn, st, opt.Users); err != nil {
			return nil, err
		}
		if len(issues) > 0 {
			return nil, reject(st.sheetRows(issues), opt.Lang)
		}
	}
	t0 := time.Now()
	sum, err := sumOf()
	scoring.Trace("sha256 of the file", t0)
	if err != nil {
		return nil, err
	}
	name := opt.Filename
	if name == "" {
		name = path
	}
	b := &Batch{Kind: string(kind), Rows: st.rows, User: opt.User, Filename: name, Format: string(st.format), SHA256: sum}
	if opt.Source != "" {
		src := opt.Source
		b.Source = &src
	}
	progress("apply")
	pending, after := "", func(queries.Execer) error { return nil }
	if fast {
		pending = "temp.fk"
		after = func(tx queries.Execer) error { return execAll(ctx, tx, fastAddValues, b.ID) }
	} else if kind == data.KindAdjustments {
		// only the staged units' adjustments change
		pending = scoring.AdjustmentsOf("temp.s")
	} else if kind == data.KindResponsibilities {
		pending = scoring.NoRescore
	}
	var before int64
	if opt.DryRun {
		apply := after
		after = func(tx queries.Execer) error {
			if err := apply(tx); err != nil {
				return err
			}
			p, err := previewAfter(ctx, tx, kind, st.rows, before)
			if err != nil {
				return err
			}
			b.Preview = p
			return errDryRun
		}
	}
	err = s.WriteBatch(ctx, conn, func(tx queries.Execer) error {
		if opt.DryRun {
			var err error
			if before, err = previewBefore(ctx, tx, kind); err != nil {
				return err
			}
		}
		if err := tx.QueryRowContext(ctx, "SELECT nextval('batch_ids')").Scan(&b.ID); err != nil {
			return err
		}
		if fast {
			if err := fastApplyValues(ctx, tx, b.ID); err != nil {
				return fmt.Errorf("apply values: %w", err)
			}
		} else if err := st.apply(ctx, tx, b.ID, opt.User, opt.Users); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO batches (id, kind, username, filename, format, rows, sha256, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
			b.ID, b.Kind, b.User, b.Filename, b.Format, b.Rows, b.SHA256, b.Source); err != nil {
			return err
		}
		if opt.within != nil {
			if err := opt.within(tx, b.ID); err != nil {
				return err
			}
		}
		return queries.AuditAs(ctx, tx, opt.User, "import", string(kind), fmt.Sprintf("batch %d: %d rows from %s (sha256 %s)", b.ID, b.Rows, name, sum))
	}, pending, after)
	if opt.DryRun && errors.Is(err, errDryRun) {
		b.ID = 0 // nothing was stored
		return b, nil
	}
	if err != nil {
		return nil, err
	}
	if fast {
		fastImports.Add(1)
	}
	b.CreatedAt = time.Now()
	return b, nil
}

func reject(issues []issue, lang string) error {
	out := make([]data.RowError, len(issues))
	for i, is := range issues {
		out[i] = data.RowError{Row: is.Row, Column: is.Column, Message: is.Msg.Text(lang)}
	}
	return &RejectedError{Errors: out}
}

// sheetRows renumbers the rows of issues (and rows named in messages) as a
// spreadsheet shows them, counting the blank lines of a CSV.
func (st *staged) sheetRows(issues []issue) []issue {
	if st == nil || len(st.blanks) == 0 {
		return issues
	}
	for i := range issues {
		issues[i].Row = data.SheetRow(st.blanks, issues[i].Row)
		args := append([]any(nil), issues[i].Msg.Args...)
		switch issues[i].Msg.Key {
		case "dup_key":
			if n, ok := args[0].(int); ok {
				args[0] = data.SheetRow(st.blanks, n)
			}
		case "version_overlap":
			if n, ok := args[1].(int); ok {
				args[1] = data.SheetRow(st.blanks, n)
			}
		}
		issues[i].Msg.Args = args
	}
	return issues
}

func fileSHA256(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// Batches lists the import history of st, newest first.
func Batches(ctx context.Context, st *queries.Store) ([]Batch, error) {
	rows, err := st.DB().QueryContext(ctx, `SELECT id, kind, rows, coalesce(username, ''), coalesce(filename, ''), coalesce(format, ''), sha256, created_at, rolled_back_at, source
		FROM batches ORDER BY id DESC LIMIT 1000`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Batch
	for rows.Next() {
		var b Batch
		if err := rows.Scan(&b.ID, &b.Kind, &b.Rows, &b.User, &b.Filename, &b.Format, &b.SHA256, &b.CreatedAt, &b.RolledBackAt, &b.Source); err != nil {
			return nil, err
		}
		out = append(out, b)
	}
	return out, rows.Err()
}

// Rollback undoes a values batch: its values go, and the values it replaced
// come back where no later batch has replaced them since.
func Rollback(ctx context.Context, st *queries.Store, id int64, user string) error {
	return st.Write(ctx, func(tx queries.Execer) error {
		var kind string
		var done *time.Time
		if err := tx.QueryRowContext(ctx, "SELECT kind, rolled_back_at FROM batches WHERE id = ?", id).Scan(&kind, &done); err != nil {
			return queries.ErrNotFound
		}
		if kind != string(data.KindValues) && kind != string(data.KindAdjustments) {
			return &queries.Error{Kind: queries.Conflict, Msg: "only values and adjustments batches can be rolled back"}
		}
		if done != nil {
			return &queries.Error{Kind: queries.Conflict, Msg: "this batch was already rolled back"}
		}
		var final int
		table := "ledger"
		if kind == string(data.KindAdjustments) {
			table = "adjustments"
		}
		if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM "+table+" t JOIN periods p ON p.period = t.period WHERE t.batch_id = ? AND p.status = 'final'", id).Scan(&final); err != nil {
			return err
		}
		if final > 0 {
			return &queries.Error{Kind: queries.Conflict, Msg: "the batch touches a final period"}
		}
		stmts := []string{
			"DELETE FROM adjustments WHERE batch_id = ?",
			// The adjustments the batch replaced come back, following the
			// chain past batches rolled back since, unless a later batch
			// holds the same key now.
			`INSERT INTO adjustments (id, unit_code, period, kind, points, reason, indicator_code, evidence, batch_id, created_by, created_at)
			 WITH RECURSIVE chain AS (
			   SELECT * FROM adjustments_replaced WHERE replaced_by = ?
			   UNION ALL
			   SELECT r.* FROM chain c JOIN adjustments_replaced r ON r.replaced_by = c.batch_id
			     AND r.unit_code = c.unit_code AND r.period = c.period AND r.kind = c.kind
			     AND coalesce(r.indicator_code, '') = coalesce(c.indicator_code, '') AND r.reason = c.reason
			   WHERE c.batch_id IN (SELECT id FROM batches WHERE rolled_back_at IS NOT NULL))
			 SELECT c.id, c.unit_code, c.period, c.kind, c.points, c.reason, c.indicator_code, c.evidence, c.batch_id, c.created_by, c.created_at
			 FROM chain c
			 WHERE NOT EXISTS (SELECT 1 FROM batches b WHERE b.id = c.batch_id AND b.rolled_back_at IS NOT NULL)
			   AND NOT EXISTS (SELECT 1 FROM adjustments a WHERE a.unit_code = c.unit_code AND a.period = c.period AND a.kind = c.kind
			     AND coalesce(a.indicator_code, '') = coalesce(c.indicator_code, '') AND a.reason = c.reason)`,
		}
		if kind == string(data.KindValues) {
			var decided int
			if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM ledger_k WHERE batch_id = ? AND decided", id).Scan(&decided); err != nil {
				return err
			}
			if decided > 0 {
				return &queries.Error{Kind: queries.Conflict, Msg: "the batch holds values decided by an upheld appeal"}
			}
			stmts = []string{
				"DELETE FROM ledger_k WHERE batch_id = ?",
				// A replaced value that came from a batch rolled back since is
				// not restored: the chain is followed back to the value before it.
				`INSERT INTO ledger_k (k, actual, target, note, batch_id)
				 WITH RECURSIVE chain AS (
				   SELECT indicator_code, unit_code, period, actual, target, note, old_batch_id FROM ledger_replaced WHERE batch_id = ?
				   UNION ALL
				   SELECT r.indicator_code, r.unit_code, r.period, r.actual, r.target, r.note, r.old_batch_id
				   FROM chain c JOIN ledger_replaced r ON r.batch_id = c.old_batch_id AND r.indicator_code = c.indicator_code
				     AND r.unit_code = c.unit_code AND r.period = c.period
				   WHERE c.old_batch_id IN (SELECT id FROM batches WHERE rolled_back_at IS NOT NULL))
				 SELECT x.k, x.actual, x.target, x.note, x.old_batch_id FROM (
				   SELECT jx_key(uk.id, ik.id, ` + queries.PeriodOrd("c.period") + `) AS k, c.*
				   FROM chain c JOIN unit_keys uk ON uk.code = c.unit_code JOIN indicator_keys ik ON ik.code = c.indicator_code) x
				 WHERE NOT EXISTS (SELECT 1 FROM batches b WHERE b.id = x.old_batch_id AND b.rolled_back_at IS NOT NULL)
				   AND NOT EXISTS (SELECT 1 FROM ledger_k l WHERE l.k = x.k)`,
			}
		}
		for _, q := range stmts {
			if _, err := tx.ExecContext(ctx, q, id); err != nil {
				return err
			}
		}
		// A quarter that only the batch brought would otherwise stay, scoring
		// every unit 0 and pulling its year down.
		if _, err := tx.ExecContext(ctx, `DELETE FROM periods WHERE status = 'open'
			AND period NOT IN (SELECT period FROM ledger) AND period NOT IN (SELECT period FROM adjustments)`); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "UPDATE batches SET rolled_back_at = current_timestamp, rolled_back_by = ? WHERE id = ?", user, id); err != nil {
			return err
		}
		return queries.AuditAs(ctx, tx, user, "rollback", fmt.Sprint(id), kind)
	})
}

// Package queries is jixiao's DuckDB store: the schema and its migrations,
// imports applied in one transaction, scoring, and every analytic read. Every
// read takes the caller's Scope and applies it inside its SQL.
package queries

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"jixiao/queries/scoring"

	"github.com/duckdb/duckdb-go/v2"
)

//go:embed migrations/*.sql
var migrations embed.FS

// ErrLocked means another process (usually a running server) holds the database.
var ErrLocked = errors.New("the database is held by another jixiao process")

// QueryTimeout bounds every analytic read.
const QueryTimeout = 10 * time.Second

// Store is one DuckDB database file and everything jixiao keeps in it.
type Store struct {
	db        *sql.DB
	connector *duckdb.Connector
	path      string
	// writeMu sends every write through one path: DuckDB refuses concurrent
	// conflicting updates, and scores are recomputed after each write.
	writeMu sync.Mutex
	// heldCur is the stored answers of the current data version (held.go).
	heldCur  atomic.Pointer[held]
	heldLoad sync.Mutex
	// heldRes is every result row of a data version, loaded in the
	// background (held.go); resLoading is set while one load runs.
	heldRes    atomic.Pointer[heldResults]
	resLoading atomic.Bool
	// writeSeq counts the commits of this process's writes; the data
	// version read after the last one is kept in version, so that a read
	// asks the database only after a write (DuckDB lets one process write
	// the file, and every write of it goes through this Store).
	writeSeq atomic.Int64
	version  atomic.Pointer[seenVersion]
	closed   atomic.Bool
	// bg is the context of background loads, cancelled by Close.
	bg       context.Context
	bgCancel context.CancelFunc
}

type seenVersion struct{ seq, v int64 }

// MemoryLimit is DuckDB's memory limit for a store: JIXIAO_MEMORY_LIMIT,
// else 768MB.
func MemoryLimit() string {
	if v := os.Getenv("JIXIAO_MEMORY_LIMIT"); v != "" {
		return v
	}
	return "768MB"
}

// Open opens (creating if needed) the database at path, or in memory when
// path is empty, and applies pending migrations.
func Open(path string) (*Store, error) {
	dsn := path
	// Bounded memory whatever the file size: DuckDB spills to disk beyond this.
	limit := MemoryLimit()
	if path != "" {
		dsn = path + "?memory_limit=" + url.QueryEscape(limit)
	}
	dsn, err := withThreads(dsn)
	if err != nil {
		return nil, err
	}
	t0 := time.Now()
	connector, err := openConnector(path, dsn, url.QueryEscape(limit))
	scoring.Trace("open: duckdb", t0)
	if err != nil {
		if isLockError(err) {
			return nil, fmt.Errorf("%w (%s)", ErrLocked, path)
		}
		return nil, err
	}
	db := sql.OpenDB(connector)
	s := &Store{db: db, connector: connector, path: path}
	s.bg, s.bgCancel = context.WithCancel(context.Background())
	t0 = time.Now()
	if err := s.migrate(context.Background()); err != nil {
		db.Close()
		connector.Close()
		return nil, err
	}
	scoring.Trace("open: migrations", t0)
	t0 = time.Now()
	dropStrayTypes(context.Background(), db)
	scoring.Trace("open: stray types", t0)
	// No ALTER of a migration stays in the log (store_close.go).
	t0 = time.Now()
	err = s.checkpoint(context.Background())
	scoring.Trace("open: checkpoint", t0)
	if err != nil {
		db.Close()
		connector.Close()
		return nil, err
	}
	return s, nil
}

// dropStrayTypes removes the ENUM types of fast imports that a crash left
// behind (each import drops its own).
func dropStrayTypes(ctx context.Context, db *sql.DB) {
	rows, err := db.QueryContext(ctx, `SELECT type_name FROM duckdb_types() WHERE database_name = current_database()
		AND schema_name = 'main' AND type_name LIKE 'jx\_fast\_%' ESCAPE '\'`)
	if err != nil {
		return
	}
	var names []string
	for rows.Next() {
		var n string
		if rows.Scan(&n) == nil {
			names = append(names, n)
		}
	}
	rows.Close()
	for _, n := range names {
		_, _ = db.ExecContext(ctx, "DROP TYPE IF EXISTS "+quoteIdent(n))
	}
}

func isLockError(err error) bool {
	m := err.Error()
	return strings.Contains(m, "Could not set lock") || strings.Contains(m, "Conflicting lock")
}

// Close stops the background work, checkpoints the WAL into the database
// file and closes it. An error means the file still has its log beside it
// (nothing committed is lost: the next Open replays it).
func (s *Store) Close() error {
	if s.closed.Swap(true) {
		return nil
	}
	err := s.stopBackground()
	if err == nil {
		t0 := time.Now()
		err = s.checkpoint(context.Background())
		scoring.Trace("close: checkpoint", t0)
	}
	return errors.Join(err, s.db.Close(), s.connector.Close())
}

// DB exposes the handle to the tests of this package's callers.
func (s *Store) DB() *sql.DB { return s.db }

func (s *Store) migrate(ctx context.Context) error {
	if _, err := s.db.ExecContext(ctx, "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)"); err != nil {
		return err
	}
	// Each applied migration is recorded, so that migrations numbered below
	// the newest one (added on a parallel branch) still run.
	applied := map[int]bool{}
	rows, err := s.db.QueryContext(ctx, "SELECT version FROM schema_version")
	if err != nil {
		return err
	}
	for rows.Next() {
		var v int
		if err := rows.Scan(&v); err != nil {
			rows.Close()
			return err
		}
		applied[v] = true
	}
	rows.Close()
	files, err := fs.Glob(migrations, "migrations/*.sql")
	if err != nil {
		return err
	}
	sort.Strings(files)
	type migration struct {
		v    int
		base string
	}
	var pending []migration
	for _, f := range files {
		base := strings.TrimPrefix(f, "migrations/")
		if v, err := strconv.Atoi(strings.SplitN(base, "_", 2)[0]); err == nil && !applied[v] {
			pending = append(pending, migration{v, base})
		}
	}
	if len(pending) == 0 {
		return nil
	}
	// Every pending migration runs in one transaction, in order: a new
	// store is one commit instead of one per migration, and a failure (or
	// a crash) leaves the store as it was, every migration still pending.
	fresh := len(applied) == 0
	rescoreAfter, fillResults := false, false
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		for _, m := range pending {
			v, base := m.v, m.base
			body, _ := migrations.ReadFile("migrations/" + base)
			if _, err := tx.ExecContext(ctx, string(body)); err != nil {
				return fmt.Errorf("migration %s: %w", base, err)
			}
			if _, err := tx.ExecContext(ctx, "INSERT INTO schema_version VALUES (?)", v); err != nil {
				return err
			}
			// Derived tables a migration introduces are filled from the data already there.
			if v == 10 || v == 11 || v == 12 {
				rescoreAfter = true
			}
			if v == 20 || v == 22 {
				rescoreAfter, fillResults = true, true
			}
			if v == 6 {
				// Keys now, for the ledger keys of migration 8; the
				// applicable table and scores once the schema is current.
				rescoreAfter = true
				if err := fillKeys(ctx, tx); err != nil {
					return err
				}
			}
		}
		return nil
	})
	// A new store has no data to derive anything from.
	if err != nil || !rescoreAfter || fresh {
		return err
	}
	// Scores are derived: recomputed once the schema is current.
	g, err := s.LoadGrading(ctx)
	if err != nil {
		return err
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		if err := rebuildApplicable(ctx, tx); err != nil {
			return err
		}
		if fillResults {
			if err := scoring.FillFrozenResults(ctx, tx); err != nil {
				return err
			}
		}
		return scoring.Rescore(ctx, tx, g, "")
	})
}

// SchemaVersion is the number of the last migration applied.
func (s *Store) SchemaVersion() (int, error) {
	var v int
	err := s.db.QueryRow("SELECT coalesce(max(version), 0) FROM schema_version").Scan(&v)
	return v, err
}

func (s *Store) inTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		_ = tx.Rollback()
		return err
	}
	return s.commit(tx)
}

// sqlExecer is what both a pinned connection and a transaction offer.
type sqlExecer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// writeConn runs fn as the one writer, in a transaction that also
// recomputes the scores and bumps the data version caches key on.
func (s *Store) writeConn(ctx context.Context, fn func(x sqlExecer) error) error {
	return s.writeWith(ctx, fn, "")
}

// writeAdjustmentsOf is writeConn for a write that changes the
// adjustments of unit only: the scores, ranks and grades of its peer group
// are recomputed from the stored bases (scoring.AdjustmentsOf).
func (s *Store) writeAdjustmentsOf(ctx context.Context, unit string, fn func(x sqlExecer) error) error {
	return s.writeWith(ctx, fn, scoring.AdjustmentsOf("(SELECT "+quoteLit(unit)+" AS unit_code)"))
}

func (s *Store) writeWith(ctx context.Context, fn func(x sqlExecer) error, pending string) error {
	return s.asWriter(ctx, func(conn *sql.Conn) error { return s.writePending(ctx, conn, fn, pending, nil) })
}

// writeOn is writeConn on a pinned connection; the caller holds writeMu.
func (s *Store) writeOn(ctx context.Context, conn *sql.Conn, fn func(x sqlExecer) error) error {
	return s.writePending(ctx, conn, fn, "", nil)
}

// writePending is writeOn for a write that adds the values of temp table
// pending to the ledger: fn runs, scores are recomputed with pending
// counted in, then after adds them, and all commits at once.
func (s *Store) writePending(ctx context.Context, conn *sql.Conn, fn func(x sqlExecer) error, pending string, after func(x sqlExecer) error) error {
	t0 := time.Now()
	g, err := s.LoadGrading(ctx)
	if err != nil {
		return err
	}
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	scoring.Trace("write: grading and BEGIN", t0)
	t0 = time.Now()
	if err := fn(tx); err != nil {
		_ = tx.Rollback()
		return err
	}
	scoring.Trace("write: the change", t0)
	t0 = time.Now()
	if err := rescore(ctx, tx, g, pending); err != nil {
		_ = tx.Rollback()
		return err
	}
	scoring.Trace("write: rescore", t0)
	if after != nil {
		if err := after(tx); err != nil {
			_ = tx.Rollback()
			return err
		}
	}
	if _, err := tx.ExecContext(ctx, "UPDATE data_version SET v = v + 1"); err != nil {
		_ = tx.Rollback()
		return err
	}
	return s.commit(tx)
}

// DataVersion changes after every write; caches key on it. It is read from
// the database after each write of this Store, and kept in between.
func (s *Store) DataVersion(ctx context.Context) (int64, error) {
	seq := s.writeSeq.Load()
	if sv := s.version.Load(); sv != nil && sv.seq == seq {
		return sv.v, nil
	}
	var v int64
	if err := s.db.QueryRowContext(ctx, "SELECT v FROM data_version").Scan(&v); err != nil {
		return 0, err
	}
	s.version.Store(&seenVersion{seq: seq, v: v})
	return v, nil
}

// Changed is for a test that wrote through DB(): the next read asks the
// database for the data version again.
func (s *Store) Changed() { s.writeSeq.Add(1) }

// Audit records one write or security event.
func (s *Store) Audit(ctx context.Context, user, action, target, detail, addr string) error {
	_, err := s.db.ExecContext(ctx, "INSERT INTO audit (username, action, target, detail, addr) VALUES (?, ?, ?, ?, ?)",
		user, action, target, detail, addr)
	return err
}

func auditX(ctx context.Context, x sqlExecer, user, action, target, detail string) error {
	_, err := x.ExecContext(ctx, "INSERT INTO audit (username, action, target, detail, addr) VALUES (?, ?, ?, ?, nullif(?, ''))",
		user, action, target, detail, addrOf(ctx))
	return err
}

type addrKey struct{}

// WithAddr is ctx carrying the client address of a request, which every
// audit entry written under it records.
func WithAddr(ctx context.Context, addr string) context.Context {
	return context.WithValue(ctx, addrKey{}, addr)
}

func addrOf(ctx context.Context) string {
	a, _ := ctx.Value(addrKey{}).(string)
	return a
}

func withTimeout(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(ctx, QueryTimeout)
}

// IsEmpty reports whether no unit has been imported yet.
func (s *Store) IsEmpty(ctx context.Context) (bool, error) {
	var n int
	err := s.db.QueryRowContext(ctx, "SELECT count(*) FROM units").Scan(&n)
	return n == 0, err
}

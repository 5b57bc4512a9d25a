package queries

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/duckdb/duckdb-go/v2"
)

// A database must always open again, and nothing committed may be lost.
//
// DuckDB 1.5 cannot replay from the write-ahead log of a database opened
// as the process's main database an ALTER TABLE … ADD COLUMN … DEFAULT
// (duckdb/duckdb#18259, #20543, #22044: "Failure while replaying WAL …
// GetDefaultDatabase with no default database set"): the log's default
// expression is bound before a default database exists. The same log
// replays fine when the file is ATTACHed to an in-memory database. So:
//
//   - Open checkpoints right after its migrations, so that an ALTER never
//     stays in the log under later writes;
//   - Close stops the background work first and then checkpoints, and
//     says so when it cannot (the log is then still whole and replayable
//     by the next Open);
//   - an Open that fails to replay the log replays it through ATTACH,
//     checkpoints it into the file, and opens again (recoverWAL).

// walReplayFailed is DuckDB's error for a log it could not replay.
func walReplayFailed(err error) bool {
	return err != nil && strings.Contains(err.Error(), "Failure while replaying WAL")
}

// recoverWAL replays the write-ahead log of the database file at path by
// attaching the file to an in-memory database, and checkpoints it into the
// file, which then opens without a log.
func recoverWAL(path, memoryLimit string) error {
	connector, err := duckdb.NewConnector("?memory_limit="+memoryLimit, nil)
	if err != nil {
		return err
	}
	db := sql.OpenDB(connector)
	defer connector.Close()
	defer db.Close()
	ctx := context.Background()
	conn, err := db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "ATTACH "+quoteLit(path)+" AS jx_recover"); err != nil {
		return err
	}
	if _, err := conn.ExecContext(ctx, "CHECKPOINT jx_recover"); err != nil {
		_, _ = conn.ExecContext(ctx, "DETACH jx_recover")
		return err
	}
	_, err = conn.ExecContext(ctx, "DETACH jx_recover")
	return err
}

// openConnector is duckdb.NewConnector for the file at path, replaying a
// log DuckDB cannot replay itself (recoverWAL).
func openConnector(path, dsn, memoryLimit string) (*duckdb.Connector, error) {
	connector, err := duckdb.NewConnector(dsn, nil)
	if path == "" || !walReplayFailed(err) {
		return connector, err
	}
	if rerr := recoverWAL(path, memoryLimit); rerr != nil {
		return nil, fmt.Errorf("%w; replaying the log through ATTACH failed too: %v", err, rerr)
	}
	return duckdb.NewConnector(dsn, nil)
}

// checkpoint folds the write-ahead log into the database file. A
// transaction still open elsewhere (a request finishing) makes DuckDB
// refuse; it is tried again for a while.
func (s *Store) checkpoint(ctx context.Context) error {
	if s.path == "" {
		return nil
	}
	var err error
	for wait := 10 * time.Millisecond; ; wait *= 2 {
		if _, err = s.db.ExecContext(ctx, "CHECKPOINT"); err == nil {
			return nil
		}
		if wait > 2*time.Second {
			return fmt.Errorf("checkpoint of %s: %w", s.path, err)
		}
		time.Sleep(wait)
	}
}

// stopBackground cancels the background loads (held.go) and waits until
// none runs: a query still running would keep its transaction open and
// make the final checkpoint fail.
// Close has set s.closed, which no load starts after.
func (s *Store) stopBackground() error {
	s.bgCancel()
	deadline := time.Now().Add(time.Minute)
	for s.resLoading.Load() {
		if time.Now().After(deadline) {
			return errors.New("a background load of the results did not stop within a minute")
		}
		time.Sleep(5 * time.Millisecond)
	}
	return nil
}

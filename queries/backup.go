package queries

import (
	"context"
	"database/sql"
	"fmt"
	"os"

	"github.com/duckdb/duckdb-go/v2"
)

// Backup writes a consistent copy of the whole database (every table,
// view, sequence and type, as of one transaction) to path, a new DuckDB
// file that Restore, or DuckDB itself, opens. It runs while the server
// serves: reads go on, writes wait for it. A failed backup leaves no file.
func (s *Store) Backup(ctx context.Context, path string) error {
	if _, err := os.Stat(path); err == nil {
		return fmt.Errorf("%s already exists: choose a new file for the backup", path)
	}
	tmp := path + ".partial"
	_ = os.Remove(tmp)
	return s.asWriter(ctx, func(conn *sql.Conn) error { return backupOn(ctx, conn, path, tmp) })
}

// backupOn copies the database of conn into tmp, then renames it path.
func backupOn(ctx context.Context, conn *sql.Conn, path, tmp string) error {
	var current string
	if err := conn.QueryRowContext(ctx, "SELECT current_database()").Scan(&current); err != nil {
		return err
	}
	if _, err := conn.ExecContext(ctx, "ATTACH "+quoteLit(tmp)+" AS jixiao_backup"); err != nil {
		return fmt.Errorf("backup to %s: %w", path, err)
	}
	_, err := conn.ExecContext(ctx, "COPY FROM DATABASE "+quoteIdent(current)+" TO jixiao_backup")
	if _, derr := conn.ExecContext(context.Background(), "DETACH jixiao_backup"); err == nil {
		err = derr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
		os.Remove(tmp + ".wal")
		return fmt.Errorf("backup to %s: %w", path, err)
	}
	return nil
}

// Restore replaces the database at dbPath by the backup at backupPath,
// after checking that the backup is a jixiao database and bringing its
// schema up to date. The database it replaces is kept as
// dbPath + ".pre-restore". A database held by a running server is refused
// (ErrLocked): stop the server first.
func Restore(backupPath, dbPath string) error {
	if err := checkBackup(backupPath); err != nil {
		return err
	}
	// The database must be free: opening it takes DuckDB's lock.
	if _, err := os.Stat(dbPath); err == nil {
		cur, err := Open(dbPath)
		if err != nil {
			return err
		}
		if err := cur.Close(); err != nil {
			return err
		}
	}
	tmp := dbPath + ".restoring"
	_ = os.Remove(tmp)
	if err := copyFile(backupPath, tmp); err != nil {
		return err
	}
	// Migrations of a newer jixiao run on the copy, never on the backup.
	st, err := Open(tmp)
	if err == nil {
		err = st.Close()
	}
	if err != nil {
		os.Remove(tmp)
		return fmt.Errorf("restore %s: %w", backupPath, err)
	}
	if _, err := os.Stat(dbPath); err == nil {
		if err := os.Rename(dbPath, dbPath+".pre-restore"); err != nil {
			return err
		}
		_ = os.Remove(dbPath + ".wal")
	}
	return os.Rename(tmp, dbPath)
}

// checkBackup opens a backup read-only and looks for jixiao's schema.
func checkBackup(path string) error {
	if _, err := os.Stat(path); err != nil {
		return err
	}
	notOurs := fmt.Errorf("%s is not a jixiao backup (a DuckDB file written by jixiao backup)", path)
	c, err := duckdb.NewConnector(path+"?access_mode=read_only", nil)
	if err != nil {
		return notOurs
	}
	db := sql.OpenDB(c)
	defer c.Close()
	defer db.Close()
	var n int
	if err := db.QueryRow("SELECT count(*) FROM schema_version").Scan(&n); err != nil || n == 0 {
		return notOurs
	}
	return nil
}

func copyFile(from, to string) (err error) {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := out.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			os.Remove(to)
		}
	}()
	if _, err = out.ReadFrom(in); err != nil {
		return err
	}
	return out.Sync()
}

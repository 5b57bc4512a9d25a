//go:build servers

package testservers

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// pgBin is Debian's PostgreSQL 15.
const pgBin = "/usr/lib/postgresql/15/bin/"

// Postgres is a running PostgreSQL cluster: the superuser postgres over
// the unix socket in Dir (trust), everything else over TCP with a password.
type Postgres struct{ place }

// StartPostgres initialises a cluster in a temporary directory owned by
// the postgres user (PostgreSQL refuses to run as root), starts it on a
// free port on 127.0.0.1 and stops it when the test ends. Each setting
// ("work_mem=256MB") is passed to the server as -c, after the defaults.
func StartPostgres(t testing.TB, settings ...string) *Postgres {
	t.Helper()
	p := &Postgres{newPlace(t, "jx-pg-*")}
	dir, data := p.Dir, p.data()
	run(t, "chown", "postgres:postgres", dir)
	run(t, "runuser", "-u", "postgres", "--", pgBin+"initdb", "-D", data, "-U", "postgres",
		"--auth-local=trust", "--auth-host=scram-sha-256", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync")
	opts := fmt.Sprintf("-p %d -k %s -c listen_addresses=127.0.0.1 -c fsync=off -c shared_buffers=16MB -c max_connections=20", p.Port, dir)
	for _, kv := range settings {
		opts += " -c " + kv
	}
	run(t, "runuser", "-u", "postgres", "--", pgBin+"pg_ctl", "-D", data, "-o", opts, "-l", filepath.Join(dir, "log"), "-w", "-t", "60", "start")
	t.Cleanup(func() {
		_, _ = runQuiet("runuser", "-u", "postgres", "--", pgBin+"pg_ctl", "-D", data, "-m", "immediate", "-w", "stop")
		os.RemoveAll(dir)
	})
	waitFor(t, "postgres", 30*time.Second, func() error {
		c, err := p.connect("postgres")
		if err == nil {
			c.Close(context.Background())
		}
		return err
	})
	return p
}

// Connect is a connection of the superuser to db over the unix socket;
// the caller closes it.
func (p *Postgres) Connect(db string) (*pgx.Conn, error) { return p.connect(db) }

func (p *Postgres) connect(db string) (*pgx.Conn, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	return pgx.Connect(ctx, fmt.Sprintf("host=%s port=%d user=postgres dbname=%s sslmode=disable", p.Dir, p.Port, db))
}

// Exec runs statements as the superuser in database db ("postgres" for
// the cluster), failing the test on error.
func (p *Postgres) Exec(db string, stmts ...string) {
	p.t.Helper()
	c, err := p.connect(db)
	if err != nil {
		p.t.Fatalf("postgres: %v", err)
	}
	defer c.Close(context.Background())
	for _, s := range stmts {
		if _, err := c.Exec(context.Background(), s); err != nil {
			p.t.Fatalf("postgres: %s: %v", s, err)
		}
	}
}

// QueryInt is one integer answered by the superuser in db.
func (p *Postgres) QueryInt(db, q string) int64 {
	p.t.Helper()
	c, err := p.connect(db)
	if err != nil {
		p.t.Fatalf("postgres: %v", err)
	}
	defer c.Close(context.Background())
	var n int64
	if err := c.QueryRow(context.Background(), q).Scan(&n); err != nil {
		p.t.Fatalf("postgres: %s: %v", q, err)
	}
	return n
}

// DSN is the connection string (without password) of user to db over TCP.
func (p *Postgres) DSN(user, db string) string {
	return fmt.Sprintf("postgres://%s@127.0.0.1:%d/%s?sslmode=disable", user, p.Port, db)
}

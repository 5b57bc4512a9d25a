//go:build servers

package testservers

import (
	"database/sql"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/go-sql-driver/mysql"
)

// MariaDB is a running MariaDB server: root without a password over the
// socket in Dir, everything else over TCP on 127.0.0.1:Port.
type MariaDB struct{ place }

// StartMariaDB installs a data directory in a temporary folder, starts
// mariadbd on a free port on 127.0.0.1 and stops it when the test ends.
func StartMariaDB(t testing.TB) *MariaDB {
	t.Helper()
	m := &MariaDB{newPlace(t, "jx-maria-*")}
	dir, data := m.Dir, m.data()
	run(t, "mariadb-install-db", "--no-defaults", "--datadir="+data, "--user=root", "--auth-root-authentication-method=normal",
		"--skip-test-db", "--skip-name-resolve")
	cmd := exec.Command("/usr/sbin/mariadbd", "--no-defaults", "--datadir="+data, "--socket="+m.socket(),
		fmt.Sprintf("--port=%d", m.Port), "--bind-address=127.0.0.1", "--user=root", "--pid-file="+filepath.Join(dir, "pid"),
		"--log-error="+filepath.Join(dir, "error.log"), "--innodb-buffer-pool-size=32M", "--skip-name-resolve", "--innodb-flush-log-at-trx-commit=0")
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		t.Fatalf("mariadbd: %v", err)
	}
	done := make(chan struct{})
	go func() { cmd.Wait(); close(done) }()
	t.Cleanup(func() {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-done:
		case <-time.After(30 * time.Second):
			_ = cmd.Process.Kill()
			<-done
		}
		os.RemoveAll(dir)
	})
	waitFor(t, "mariadb", 60*time.Second, func() error {
		select {
		case <-done:
			log, _ := os.ReadFile(filepath.Join(dir, "error.log"))
			t.Fatalf("mariadbd exited:\n%s", log)
		default:
		}
		db := m.root("")
		defer db.Close()
		return db.Ping()
	})
	return m
}

func (m *MariaDB) socket() string { return filepath.Join(m.Dir, "mariadb.sock") }

func (m *MariaDB) root(db string) *sql.DB {
	cfg := mysql.NewConfig()
	cfg.User, cfg.Net, cfg.Addr, cfg.DBName = "root", "unix", m.socket(), db
	c, err := mysql.NewConnector(cfg)
	if err != nil {
		m.t.Fatal(err)
	}
	return sql.OpenDB(c)
}

// Exec runs statements as root in database db ("" for none).
func (m *MariaDB) Exec(db string, stmts ...string) {
	m.t.Helper()
	c := m.root(db)
	defer c.Close()
	for _, s := range stmts {
		if _, err := c.Exec(s); err != nil {
			m.t.Fatalf("mariadb: %s: %v", s, err)
		}
	}
}

// QueryInt is one integer answered by root in db.
func (m *MariaDB) QueryInt(db, q string) int64 {
	m.t.Helper()
	c := m.root(db)
	defer c.Close()
	var n int64
	if err := c.QueryRow(q).Scan(&n); err != nil {
		m.t.Fatalf("mariadb: %s: %v", q, err)
	}
	return n
}

// DSN is the connection string (without password) of user to db over TCP.
func (m *MariaDB) DSN(user, db string) string {
	return fmt.Sprintf("%s@tcp(127.0.0.1:%d)/%s", user, m.Port, db)
}

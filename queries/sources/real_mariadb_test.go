//go:build servers

package sources

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"jixiao/queries/testservers"
)

// mariaLedger starts MariaDB with a database taxsys holding the fixture's
// 2025Q3 rows in ledger_export (every 7th actual raised by 1) and a user
// jx_reader with a password, which may write too: only the read-only
// transaction stops a write.
func mariaLedger(t *testing.T) (*testservers.MariaDB, [][]string) {
	m := testservers.StartMariaDB(t)
	m.Exec("", "CREATE DATABASE taxsys CHARACTER SET utf8mb4 COLLATE utf8mb4_bin",
		"CREATE USER 'jx_reader'@'127.0.0.1' IDENTIFIED BY 'Read-Only-2025!'",
		"GRANT SELECT, INSERT, UPDATE, DELETE, EXECUTE ON taxsys.* TO 'jx_reader'@'127.0.0.1'")
	m.Exec("taxsys", `CREATE TABLE ledger_export (indicator_code VARCHAR(20), unit_code VARCHAR(40), period CHAR(6),
		actual DECIMAL(18,4), target DECIMAL(18,4), note VARCHAR(200))`,
		`CREATE FUNCTION jx_write() RETURNS INT MODIFIES SQL DATA BEGIN INSERT INTO ledger_export VALUES ('D01', 'GX', '2025Q3', 1, NULL, 'x'); RETURN 1; END`)
	rows, vals := ledgerValues(t)
	m.Exec("taxsys", "INSERT INTO ledger_export VALUES "+vals)
	return m, rows
}

func TestRealMariaDBPull(t *testing.T) {
	ctx := context.Background()
	m, rows := mariaLedger(t)
	st := newStore(t)
	sv := New(st)
	pw := "Read-Only-2025!"
	src := connectChecks(t, sv, SourceInput{Name: "征管库", Driver: "mariadb", DSN: m.DSN("jx_reader", "taxsys"), Password: &pw},
		fmt.Sprintf("jx_reader@tcp(127.0.0.1:%d)/taxsys", testservers.FreePort(t)))
	// :period twice: each ? gets the quarter
	q := "SELECT indicator_code AS INDICATOR_CODE, unit_code, :period AS period, actual, target, note FROM ledger_export WHERE period = :period ORDER BY indicator_code, unit_code"
	p, err := sv.CreatePull(ctx, "admin", PullInput{Name: "mysql-ledger", Source: src.ID, Query: q})
	if err != nil {
		t.Fatal(err)
	}
	raised := quarterRows(t, "2025Q3")[0]
	want, _ := strconv.ParseFloat(raised[3], 64)
	want++
	if r, _ := sv.Run(ctx, p.ID, "2025Q3", RunOptions{User: "admin", DryRun: true}); r.Status != "ok" || r.Rows != int64(len(rows)) {
		t.Fatalf("dry run: %+v", r)
	}
	r, _ := sv.Run(ctx, p.ID, "2025Q3", RunOptions{User: "admin"})
	if r.Status != "ok" || r.Batch == nil {
		t.Fatalf("run: %+v", r)
	}
	if got := ledgerActual(t, st, raised[0], raised[1], "2025Q3"); got == nil || *got != want {
		t.Fatalf("value %v, want %v", got, want)
	}
	batches := countBatches(t, st)
	if r, _ = sv.Run(ctx, p.ID, "2025Q3", RunOptions{User: "admin"}); r.Status != "unchanged" || countBatches(t, st) != batches {
		t.Fatalf("repeat: %+v", r)
	}
	// a refused row: a number that is none, named by row and column as the result calls it
	m.Exec("taxsys", fmt.Sprintf("UPDATE ledger_export SET indicator_code = 'ZZZ' WHERE indicator_code = '%s' AND unit_code = '%s'", raised[0], raised[1]))
	r, _ = sv.Run(ctx, p.ID, "2025Q3", RunOptions{User: "admin"})
	if r.Status != "failed" || r.Errors[0].Row != len(rows) || r.Errors[0].Column != "INDICATOR_CODE" || countBatches(t, st) != batches {
		t.Fatalf("broken row: %+v", r.Errors)
	}
	if ws, _ := st.PullWarnings(ctx, "zh"); len(ws) != 1 {
		t.Fatalf("warnings %+v", ws)
	}
	m.Exec("taxsys", fmt.Sprintf("UPDATE ledger_export SET indicator_code = '%s' WHERE indicator_code = 'ZZZ'", raised[0]))
	if r, _ = sv.Run(ctx, p.ID, "2025Q3", RunOptions{User: "admin"}); r.Status != "unchanged" {
		t.Fatalf("fixed: %+v", r)
	}
	if ws, _ := st.PullWarnings(ctx, "zh"); len(ws) != 0 {
		t.Fatalf("warning stays: %+v", ws)
	}

	// a query that writes is refused by the read-only transaction
	w, _ := sv.CreatePull(ctx, "admin", PullInput{Name: "writer", Source: src.ID, Query: "SELECT indicator_code, unit_code, period, actual, jx_write() AS w FROM ledger_export WHERE period = :period"})
	if r, _ = sv.Run(ctx, w.ID, "2025Q3", RunOptions{User: "admin"}); r.Status != "failed" || !strings.Contains(r.Errors[0].Message, "tries to write") {
		t.Errorf("writing query: %+v", r)
	}
	if n := m.QueryInt("taxsys", "SELECT count(*) FROM ledger_export"); n != int64(len(rows)) {
		t.Errorf("the source holds %d rows, want %d", n, len(rows))
	}
	// the statement timeout at the source
	st.SetSetting(ctx, "admin", SettingTimeout, "1")
	slow, _ := sv.CreatePull(ctx, "admin", PullInput{Name: "slow", Source: src.ID, Query: "SELECT indicator_code, unit_code, period, actual, SLEEP(20) AS s FROM ledger_export WHERE period = :period LIMIT 1"})
	t0 := time.Now()
	if r, _ = sv.Run(ctx, slow.ID, "2025Q3", RunOptions{User: "admin"}); r.Status != "failed" || !strings.Contains(r.Errors[0].Message, "timed out") || time.Since(t0) > 15*time.Second {
		t.Errorf("timeout after %s: %+v", time.Since(t0), r)
	}
	// a quarter with a quote never reaches the SQL
	c, _ := sv.loadConn(ctx, src.ID)
	var sink strings.Builder
	f, err := c.fetch(ctx, "SELECT indicator_code, unit_code, period, actual FROM ledger_export WHERE period = :period", "x' OR 'a'='a", 100, time.Minute, &sink)
	if err != nil || f.rows != 0 {
		t.Errorf("the period was spliced into the SQL: %v rows, %v", f, err)
	}
}

//go:build servers

// Package pgref is a reference implementation of SPEC §3 in plain
// PostgreSQL (reference.sql), written from the SPEC and independent of
// jixiao's score.sql: the four import files loaded with COPY, every unit
// scored, ranked and graded, the scores exported as the JSON of SPEC §7.
// It is the second implementation the tests hold jixiao's export against,
// and the yardstick of the pipeline benchmark
// (BenchmarkRealPipelineVsPostgres). Tag servers: it needs a real
// PostgreSQL (queries/testservers).
package pgref

import (
	"bufio"
	"context"
	_ "embed"
	"fmt"
	"os"
	"strings"

	"github.com/jackc/pgx/v5"

	"jixiao/data"
)

//go:embed reference.sql
var referenceSQL string

// Tables are the kinds loaded, in import order, and the table of each.
var Tables = []struct {
	Kind  data.Kind
	Table string
}{
	{data.KindUnits, "units"},
	{data.KindIndicators, "indicators"},
	{data.KindValues, "ledger"},
	{data.KindAdjustments, "adjustments"},
}

// section is the SQL of reference.sql between "-- @name" and the next
// section marker.
func section(name string) string {
	_, rest, ok := strings.Cut(referenceSQL, "\n-- @"+name+"\n")
	if !ok {
		panic("pgref: no section " + name)
	}
	if i := strings.Index(rest, "\n-- @"); i >= 0 {
		rest = rest[:i]
	}
	return rest
}

// Load creates the tables and COPYs the files of each kind into them, in
// one transaction (with wal_level=minimal the rows skip the WAL, as the
// PostgreSQL manual's "Populating a Database" advises). The columns are
// the file's header (English names, SPEC §1).
func Load(ctx context.Context, c *pgx.Conn, files map[data.Kind]string) error {
	tx, err := c.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx)
	if _, err := tx.Exec(ctx, section("tables")); err != nil {
		return fmt.Errorf("pgref tables: %w", err)
	}
	for _, t := range Tables {
		path, ok := files[t.Kind]
		if !ok {
			return fmt.Errorf("pgref: no %s file", t.Kind)
		}
		if err := copyFile(ctx, c, t.Table, path); err != nil {
			return fmt.Errorf("pgref copy %s: %w", t.Kind, err)
		}
	}
	return tx.Commit(ctx)
}

// copyFile streams the CSV file at path into table (COPY … FROM STDIN).
func copyFile(ctx context.Context, c *pgx.Conn, table, path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	r := bufio.NewReaderSize(f, 1<<20)
	head, err := r.ReadString('\n')
	if err != nil {
		return err
	}
	head = strings.TrimPrefix(strings.TrimRight(head, "\r\n"), "\ufeff")
	cols := strings.Split(head, ",")
	for i, col := range cols {
		cols[i] = pgx.Identifier{strings.TrimSpace(col)}.Sanitize()
	}
	_, err = c.PgConn().CopyFrom(ctx, r,
		fmt.Sprintf("COPY %s (%s) FROM STDIN WITH (FORMAT csv)", table, strings.Join(cols, ", ")))
	return err
}

// Score runs SPEC §3 over the loaded tables into ref_scores.
func Score(ctx context.Context, c *pgx.Conn) error {
	if _, err := c.Exec(ctx, section("score")); err != nil {
		return fmt.Errorf("pgref score: %w", err)
	}
	return nil
}

// ExportJSON is the scores as the JSON array of SPEC §7 (json_agg).
func ExportJSON(ctx context.Context, c *pgx.Conn) ([]byte, error) {
	var s string
	if err := c.QueryRow(ctx, section("export")).Scan(&s); err != nil {
		return nil, fmt.Errorf("pgref export: %w", err)
	}
	return []byte(s), nil
}

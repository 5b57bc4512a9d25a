package imports

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"strings"
	"sync/atomic"
	"time"

	"jixiao/data"
	"jixiao/queries"
	"jixiao/queries/scoring"
)

// The fast path of a values import. A clean ledger file (the common case:
// millions of rows exported by the tax systems) is read once by DuckDB's
// parallel CSV reader straight into temp table fk of integer keys and
// numbers, without staging its strings; a handful of set checks then prove
// it valid. Anything the fast path does not recognise as plainly valid
// (a blank, a code with spaces, "95%", "2025q1", a duplicate, an unknown or
// inapplicable code, a final period, a decided value, a header it cannot
// map) sends the file down the full path (stageFile + validate), which
// finds and words every error. The fast path therefore accepts a subset of
// what the full path accepts, with the same values: it never decides alone
// that a file is bad.

// fastImports counts values files applied by the fast path, for tests.
var fastImports atomic.Int64

// fastTypeSeq names the ENUM types of each fast staging uniquely.
var fastTypeSeq atomic.Int64

// fastStageValues loads a UTF-8 values CSV into view temp.fk (k, actual,
// target, note, bad). It returns false when the file is not a candidate (not CSV,
// or a header the fast path does not map).
func fastStageValues(ctx context.Context, conn *sql.Conn, path string) (bool, error) {
	format, err := data.DetectFormat(path)
	if err != nil || format != data.FormatCSV {
		return false, nil
	}
	enc, err := data.DetectEncoding(path)
	if err != nil || enc == data.GB18030 {
		// GB18030 files are converted by the full path; they are small
		// office spreadsheets, not system exports.
		return false, nil
	}
	f, err := os.Open(path)
	if err != nil {
		return false, err
	}
	header, err := data.ReadCSVHeader(f)
	f.Close()
	if err != nil {
		return false, nil
	}
	idx, herrs := data.MapHeader(data.KindValues, header)
	if len(herrs) > 0 {
		return false, nil
	}
	col := func(field string) string {
		for i, fl := range data.Tables[data.KindValues] {
			if fl.Name == field && idx[i] >= 0 {
				return fmt.Sprintf("c%d", idx[i])
			}
		}
		return "NULL::VARCHAR"
	}
	cols := make([]string, len(header))
	for i := range header {
		cols[i] = fmt.Sprintf("'c%d': 'VARCHAR'", i)
	}
	ind, unit, period, actual, target, note := col("indicator_code"), col("unit_code"), col("period"), col("actual"), col("target"), col("note")
	// Codes become integer keys through ENUM casts (a dictionary probe,
	// faster here than joining the key tables): the ENUMs list the codes in
	// id order, and the ids in that order map a position back to the id.
	// Quarters as written canonically ('2025Q1') are an ENUM from 1000Q1
	// on, so ord = position + 4000; ord must stay below 2^13, the period
	// bits of k, hence 2047Q4 at most. The reader's buffers are 8 MB (the
	// default, 32 MB a thread, is the staging's peak); a line stays at most
	// 2 MB as by default.
	n := fastTypeSeq.Add(1)
	tu, ti, tp := fmt.Sprintf("jx_fast_%d_%d_u", os.Getpid(), n), fmt.Sprintf("jx_fast_%d_%d_i", os.Getpid(), n), fmt.Sprintf("jx_fast_%d_%d_p", os.Getpid(), n)
	defer conn.ExecContext(context.Background(), "DROP TYPE IF EXISTS "+tu+"; DROP TYPE IF EXISTS "+ti+"; DROP TYPE IF EXISTS "+tp)
	if _, err := conn.ExecContext(ctx, `CREATE TYPE `+tu+` AS ENUM (SELECT code FROM unit_keys ORDER BY id);
		CREATE TYPE `+ti+` AS ENUM (SELECT code FROM indicator_keys ORDER BY id);
		CREATE TYPE `+tp+` AS ENUM (SELECT y::VARCHAR || 'Q' || q FROM range(1000, `+itoa(keyOrds/4)+`) t(y), range(1, 5) s(q) ORDER BY y, q)`); err != nil {
		return false, nil // no units or indicators yet: the full path says so
	}
	// A row the fast path cannot take (a code that is no key, a number
	// that is none or too large) is staged with a NULL key (fastValid).
	// A file without targets or notes (a system's export, most often) is
	// staged as key and number alone: half the memory for the rest of the
	// import (the staged rows are held until the batch commits).
	narrow := target == "NULL::VARCHAR" && note == "NULL::VARCHAR"
	table, shape := "fkw", "a AS actual, t AS target, nullif(trim(n), '') AS note"
	if narrow {
		table, shape = "fkn", "a AS actual"
	}
	q := fmt.Sprintf(`CREATE OR REPLACE TEMP TABLE %[14]s AS
		SELECT CASE WHEN u IS NULL OR i IS NULL OR i >= %[13]d OR o IS NULL OR NOT coalesce(isfinite(a), false)
		        OR (traw IS NOT NULL AND NOT coalesce(isfinite(t), false))
		        OR abs(a) > %[12]s OR abs(t) > %[12]s THEN NULL ELSE jx_key(u, i, o) END AS k, %[15]s
		FROM (SELECT (SELECT list(id ORDER BY id) FROM unit_keys)[enum_code(TRY_CAST(%[2]s AS %[9]s)) + 1] AS u,
		             (SELECT list(id ORDER BY id) FROM indicator_keys)[enum_code(TRY_CAST(%[1]s AS %[10]s)) + 1] AS i,
		             enum_code(TRY_CAST(%[3]s AS %[11]s)) + 4000 AS o,
		             TRY_CAST(%[4]s AS DOUBLE) AS a, %[5]s AS traw, TRY_CAST(%[5]s AS DOUBLE) AS t, %[6]s AS n
		      FROM read_csv(%[7]s, header = false, skip = 1, auto_detect = false, delim = ',', quote = '"', escape = '"',
		           columns = {%[8]s}, null_padding = true, ignore_errors = false, strict_mode = false, buffer_size = 8388608, max_line_size = 2097152))`,
		ind, unit, period, actual, target, note, queries.QuoteLit(path), strings.Join(cols, ", "), tu, ti, tp, queries.MaxValueSQL, keyIndicators, table, shape)
	t0 := time.Now()
	_, err = conn.ExecContext(ctx, q)
	scoring.Trace("fast stage values", t0)
	if err != nil {
		// A malformed CSV: the full path reports it.
		dropFastStage(conn)
		return false, nil
	}
	view := `CREATE TEMP VIEW fk AS SELECT k, actual, NULL::DOUBLE AS target, NULL::VARCHAR AS note FROM temp.fkn`
	if !narrow {
		// A file with both columns may still leave them blank: the rows
		// are then kept narrow too.
		var extra int64
		if err := conn.QueryRowContext(ctx, `SELECT count(*) FROM temp.fkw WHERE target IS NOT NULL OR note IS NOT NULL`).Scan(&extra); err != nil {
			return false, err
		}
		view = `CREATE TEMP VIEW fk AS SELECT k, actual, target, note FROM temp.fkw`
		if extra == 0 {
			view = `CREATE TEMP TABLE fkn AS SELECT k, actual FROM temp.fkw;
			DROP TABLE temp.fkw;
			CREATE TEMP VIEW fk AS SELECT k, actual, NULL::DOUBLE AS target, NULL::VARCHAR AS note FROM temp.fkn`
		}
	}
	if _, err := conn.ExecContext(ctx, view); err != nil {
		return false, err
	}
	return true, nil
}

// dropFastStage drops what fastStageValues made, each on its own (a
// failed DROP would stop a script).
func dropFastStage(conn *sql.Conn) {
	for _, q := range []string{"DROP VIEW IF EXISTS temp.fk", "DROP TABLE IF EXISTS temp.fkw", "DROP TABLE IF EXISTS temp.fkn", "DROP TABLE IF EXISTS temp.fkg"} {
		_, _ = conn.ExecContext(context.Background(), q)
	}
}

// fastValid reports whether every row of temp.fk is plainly valid against
// the current state; the caller holds the write lock. It returns the row
// count. The rows are scanned twice and no hash table holds one entry per
// row, so that a file of millions of rows is checked in bounded memory.
func fastValid(ctx context.Context, conn *sql.Conn) (bool, int64, error) {
	t0 := time.Now()
	defer scoring.Trace("fast checks values", t0)
	var n, bad int64
	var decided bool
	// streaming: the row count, the rows the staging found bad (a code
	// that is no key, a number that is none: no key) and those of final
	// quarters
	if err := conn.QueryRowContext(ctx, `SELECT count(*),
		count(*) FILTER (WHERE k IS NULL OR jx_ord(k) IN (SELECT ord FROM periods WHERE status = 'final')),
		EXISTS (SELECT 1 FROM ledger_k WHERE decided)
		FROM temp.fk`).Scan(&n, &bad, &decided); err != nil {
		return false, 0, err
	}
	if n == 0 || bad > 0 {
		return false, n, nil
	}
	// One aggregation finds both a value whose indicator does not apply
	// to its unit in its quarter and two rows of one key. The rows are
	// grouped by unit, quarter and indicator id // 64 (the key with the
	// indicator's low 6 bits cleared), each group with its row count and
	// the mask of its indicators (bit id % 64): two rows of one key make
	// fewer bits than rows. applicable is unit_class × class_ind
	// (rebuildApplicable): the mask of the indicators a class's versions
	// apply in a quarter, per the same 64 ids, must hold the group's.
	low := itoa((keyIndMul * 64) - keyIndMul) // the indicator's low 6 bits in k
	// The groups (temp.fkg) also give the quarters of the file
	// (fastApplyValues).
	if _, err := conn.ExecContext(ctx, `CREATE OR REPLACE TEMP TABLE fkg AS
		SELECT k & ~`+low+`::BIGINT AS gk, count(*) AS n, bit_or(1::UBIGINT << ((k // `+itoa(keyIndMul)+`) % 64)) AS m
		FROM temp.fk GROUP BY ALL`); err != nil {
		return false, 0, err
	}
	checks := []string{
		`WITH a AS (
		   SELECT ci.cls, p.o, ci.iid // 64 AS b, bit_or(1::UBIGINT << (ci.iid % 64)) AS am
		   FROM class_ind ci JOIN (SELECT DISTINCT jx_ord(gk) AS o FROM temp.fkg) p ON p.o BETWEEN ci.from_ord AND ci.to_ord
		   GROUP BY ALL
		 )
		 SELECT count(*) FROM temp.fkg g LEFT JOIN unit_class uc ON uc.uid = jx_unit(g.gk)
		 LEFT JOIN a ON a.cls = uc.cls AND a.o = jx_ord(g.gk) AND a.b = jx_ind(g.gk) // 64
		 WHERE g.n <> bit_count(g.m) OR g.m & ~coalesce(a.am, 0::UBIGINT) <> 0`,
	}
	if decided {
		// a value an upheld appeal decided (none decided: no scan)
		checks = append(checks, `SELECT count(*) FROM temp.fk WHERE k IN (SELECT k FROM ledger_k WHERE decided)`)
	}
	for _, q := range checks {
		var c int64
		if err := conn.QueryRowContext(ctx, q).Scan(&c); err != nil {
			return false, 0, err
		}
		if c > 0 {
			return false, n, nil
		}
	}
	return true, n, nil
}

// fastApplyValues writes temp.fk as batch: the values it replaces go to
// ledger_replaced and leave the ledger, and its new quarters open (from
// temp.fkg, the groups of fastValid). A file of quarters the ledger holds
// no value of (the common quarterly file) replaces nothing: the two
// statements that would look for the 2 M keys in the ledger are skipped.
func fastApplyValues(ctx context.Context, tx queries.Execer, batch int64) error {
	var overlap bool
	if err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM ledger_k
		WHERE jx_ord(k) IN (SELECT DISTINCT jx_ord(gk) FROM temp.fkg))`).Scan(&overlap); err != nil {
		return err
	}
	stmts := fastAddQuarters
	if overlap {
		stmts = append(append([]string{}, fastReplaceValues...), fastAddQuarters...)
	}
	return execAll(ctx, tx, stmts, batch)
}

// fastReplaceValues moves the values temp.fk replaces to ledger_replaced.
var fastReplaceValues = []string{
	`INSERT INTO ledger_replaced SELECT $batch, ik.code, uk.code, jx_period(jx_ord(l.k)),
	   l.actual, l.target, l.note, l.batch_id
	 FROM (SELECT * FROM ledger_k l SEMI JOIN temp.fk ON l.k = fk.k) l
	 JOIN unit_keys uk ON uk.id = jx_unit(l.k) JOIN indicator_keys ik ON ik.id = jx_ind(l.k)`,
	`DELETE FROM ledger_k WHERE k IN (SELECT k FROM temp.fk)`,
}

// fastAddQuarters opens the quarters of temp.fk (temp.fkg's).
var fastAddQuarters = []string{
	`INSERT INTO periods (period, ord)
	 SELECT jx_period(o), o FROM (SELECT DISTINCT jx_ord(gk) AS o FROM temp.fkg)
	 WHERE o NOT IN (SELECT ord FROM periods)`,
}

// fastAddValues adds temp.fk to the ledger, after scoring (writePending).
var fastAddValues = []string{
	`INSERT INTO ledger_k (k, actual, target, note, batch_id) SELECT k, actual, target, note, $batch FROM temp.fk`,
}

// execAll runs statements in order with the batch id bound for $batch.
func execAll(ctx context.Context, tx queries.Execer, stmts []string, batch int64) error {
	for _, q := range stmts {
		q, args := queries.BindNamed(q, map[string]any{"$batch": batch})
		t0 := time.Now()
		_, err := tx.ExecContext(ctx, q, args...)
		scoring.Trace(q, t0)
		if err != nil {
			return err
		}
	}
	return nil
}

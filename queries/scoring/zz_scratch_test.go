package scoring

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"strings"
	"syscall"
	"testing"
	"time"

	_ "github.com/duckdb/duckdb-go/v2"
)

// TestScratchExplain: on SCR_DB runs sections SCR_PRE, then EXPLAIN ANALYZE each statement of SCR_SEC.
func TestScratchExplain(t *testing.T) {
	if os.Getenv("SCR_DB") == "" {
		t.Skip()
	}
	db, err := sql.Open("duckdb", os.Getenv("SCR_DB"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	conn, _ := db.Conn(ctx)
	pre := strings.Fields(os.Getenv("SCR_PRE"))
	p := stored(pre, LedgerRows)
	if err := p.Run(ctx, conn, DefaultGrading); err != nil {
		t.Fatal(err)
	}
	secs := strings.Fields(os.Getenv("SCR_SEC"))
	if f := os.Getenv("SCR_FILE"); f != "" {
		secs = append(secs, "@file")
	}
	for _, sec := range secs {
		q := scoreSections[sec]
		if sec == "@file" {
			b, _ := os.ReadFile(os.Getenv("SCR_FILE"))
			q = string(b)
		}
		repl := map[string]string{
			"$ledger": LedgerRows, "$versions": "class_ind", "$results": "result_rows", "$sigs": "result_sigs", "$scores": "scores", "$units": "unit_class",
			"$quota": DefaultGrading.quotaExpr(), "$exc": "90", "$good": "80", "$pass": "60",
		}
		for k, v := range repl {
			q = strings.ReplaceAll(q, k, v)
		}
		for _, stmt := range splitStatements(q) {
			t0 := time.Now()
			var ru0 syscall.Rusage
			_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru0)
			if os.Getenv("SCR_EXPLAIN") != "" {
				var a, b string
				if err := conn.QueryRowContext(ctx, "EXPLAIN ANALYZE "+stmt).Scan(&a, &b); err != nil {
					t.Fatal(err)
				}
				fmt.Println(b)
			} else if strings.HasPrefix(stmt, "SELECT") {
				rows, err := conn.QueryContext(ctx, stmt)
				if err != nil {
					t.Fatal(err)
				}
				cols, _ := rows.Columns()
				for rows.Next() {
					vals := make([]any, len(cols))
					ptrs := make([]any, len(cols))
					for i := range vals {
						ptrs[i] = &vals[i]
					}
					rows.Scan(ptrs...)
					fmt.Println(vals...)
				}
				rows.Close()
			} else if _, err := conn.ExecContext(ctx, stmt); err != nil {
				t.Fatal(err)
			}
			var ru1 syscall.Rusage
			_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru1)
			cpu := time.Duration(ru1.Utime.Nano() + ru1.Stime.Nano() - ru0.Utime.Nano() - ru0.Stime.Nano())
			fmt.Printf("%7.1f ms cpu %7.1f ms %s\n", float64(time.Since(t0).Microseconds())/1000, float64(cpu.Microseconds())/1000, firstLine(stmt))
		}
	}
}

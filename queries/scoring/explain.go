package scoring

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"strings"
)

// explainEnv names the sections of score.sql whose statements run as
// EXPLAIN ANALYZE, their profiles printed to stderr, for tuning
// (JIXIAO_EXPLAIN=rank,agg; "all" for every section). The statements
// still run and write what they write.
const explainEnv = "JIXIAO_EXPLAIN"

// explained says whether section sec runs as EXPLAIN ANALYZE.
func explained(sec string) bool {
	v := os.Getenv(explainEnv)
	if v == "" {
		return false
	}
	for _, s := range strings.Split(v, ",") {
		if s = strings.TrimSpace(s); s == sec || s == "all" {
			return true
		}
	}
	return false
}

// execExplained runs stmt as EXPLAIN ANALYZE and prints its profile.
func execExplained(ctx context.Context, x Execer, sec, stmt string) error {
	rows, err := x.QueryContext(ctx, "EXPLAIN ANALYZE "+stmt)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var k, v sql.NullString
		if err := rows.Scan(&k, &v); err != nil {
			return err
		}
		fmt.Fprintf(os.Stderr, "-- %s: %s\n%s\n", sec, firstLine(stmt), v.String)
	}
	return rows.Err()
}

package queries

import (
	"fmt"
	"os"
	"strconv"
	"strings"
)

// threadsEnv bounds DuckDB's worker threads (default: one per core). A
// machine shared with other work, or a test run that already keeps every
// core busy with stores of a few thousand rows, spends less CPU with one.
const threadsEnv = "JIXIAO_THREADS"

// withThreads adds JIXIAO_THREADS, when set, to the DuckDB DSN dsn ("" or
// a path, with or without parameters).
func withThreads(dsn string) (string, error) {
	v := os.Getenv(threadsEnv)
	if v == "" {
		return dsn, nil
	}
	if n, err := strconv.Atoi(v); err != nil || n < 1 {
		return "", fmt.Errorf("%s=%q: a whole number of threads, 1 or more", threadsEnv, v)
	}
	sep := "?"
	if strings.Contains(dsn, "?") {
		sep = "&"
	}
	return dsn + sep + "threads=" + v, nil
}

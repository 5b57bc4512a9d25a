package queries

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestThreadsSetting: JIXIAO_THREADS sets DuckDB's threads, in memory and
// on a file; a value that is not a whole number of threads is refused.
func TestThreadsSetting(t *testing.T) {
	for _, path := range []string{"", filepath.Join(t.TempDir(), "t.duckdb")} {
		t.Setenv("JIXIAO_THREADS", "3")
		s, err := Open(path)
		if err != nil {
			t.Fatal(err)
		}
		var n int
		if err := s.db.QueryRow("SELECT current_setting('threads')").Scan(&n); err != nil || n != 3 {
			t.Errorf("%q: threads %d (%v), want 3", path, n, err)
		}
		s.Close()
	}
	for _, bad := range []string{"0", "two", "1&memory_limit=1GB"} {
		t.Setenv("JIXIAO_THREADS", bad)
		if s, err := Open(""); err == nil || !strings.Contains(err.Error(), "JIXIAO_THREADS") {
			t.Errorf("%q: %v", bad, err)
			if s != nil {
				s.Close()
			}
		}
	}
}

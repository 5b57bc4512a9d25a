//go:build servers

package pgref

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"jixiao/queries/testservers"
)

// selfCPU is the CPU time (user + system) of this process so far, all its
// threads: DuckDB's included.
func selfCPU(tb testing.TB) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		tb.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// serverCPU is the CPU time of PostgreSQL's exited processes (backends,
// parallel workers) so far: the postmaster's reaped children's user and
// system time from /proc (clock ticks of 10 ms).
func serverCPU(tb testing.TB, pg *testservers.Postgres) time.Duration {
	b, err := os.ReadFile(filepath.Join(pg.Dir, "data", "postmaster.pid"))
	if err != nil {
		tb.Fatal(err)
	}
	pid, _, _ := strings.Cut(string(b), "\n")
	stat, err := os.ReadFile("/proc/" + strings.TrimSpace(pid) + "/stat")
	if err != nil {
		tb.Fatal(err)
	}
	f := strings.Fields(string(stat[strings.LastIndexByte(string(stat), ')')+1:]))
	var ticks int64
	for _, i := range []int{13, 14} { // cutime, cstime (fields 16, 17)
		n, err := strconv.ParseInt(f[i], 10, 64)
		if err != nil {
			tb.Fatal(err)
		}
		ticks += n
	}
	return time.Duration(ticks) * 10 * time.Millisecond
}

// referenceCPU is the CPU time a run of the reference costs: this
// process's (reading and sending the files, writing the JSON) and the
// server's, once its backends have exited and been reaped.
func referenceCPU(tb testing.TB, pg *testservers.Postgres, run func()) time.Duration {
	self, server := selfCPU(tb), serverCPU(tb, pg)
	run()
	time.Sleep(500 * time.Millisecond)
	return selfCPU(tb) - self + serverCPU(tb, pg) - server
}

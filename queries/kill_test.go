package queries

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"syscall"
	"testing"
	"time"

	"jixiao/data"
	"jixiao/queries/fixture"
)

// The kill -9 test: a child process (this test binary, re-executed) imports
// a large values file into a database file and is killed with SIGKILL at
// several moments. The database must reopen, hold no partial batch, and
// score byte-identically either as before the import or as after it.

const killChildEnv = "JIXIAO_KILL9_CHILD" // "db|file" in the child

// TestKill9Child is the child's side; it does nothing in a normal run.
func TestKill9Child(t *testing.T) {
	s, file := fixture.ChildOpen(t, killChildEnv, "TestKill9DuringImport", Open)
	fmt.Println("open")
	_, err := s.Import(context.Background(), data.KindValues, file, ImportOptions{User: "child",
		Progress: func(phase string) { fmt.Println(phase) }})
	if err != nil {
		fmt.Println("error", err)
		os.Exit(3)
	}
	fmt.Println("done")
	// Killed here too: the committed batch must survive without a checkpoint.
	time.Sleep(time.Minute)
	os.Exit(0)
}

// committedState is what a kill may not change but by a whole batch.
func committedState(t *testing.T, db string) string {
	t.Helper()
	return fixture.BatchState(t, db, Open, func(s *Store) (any, error) { return s.Scores(context.Background(), Everything, "") })
}

// TestKill9DuringImport kills the importing child when it opens the
// database, as it reads, validates and applies (at once and a little
// later), and after it committed.
func TestKill9DuringImport(t *testing.T) {
	if testing.Short() {
		t.Skip("kill -9 test: not with -short")
	}
	if os.Getenv(killChildEnv) != "" {
		t.Skip("in the child")
	}
	base, values := fixture.DemoDB(t, Open, func(s *Store, k data.Kind, path string) error {
		_, err := s.Import(context.Background(), k, path, ImportOptions{User: "test"})
		return err
	}, []data.Kind{data.KindUnits, data.KindIndicators, data.KindValues, data.KindAdjustments})
	before := committedState(t, base)
	ref := fixture.CopyDB(t, base)
	s, err := Open(ref)
	if err != nil {
		t.Fatal(err)
	}
	mustImport(t, s, data.KindValues, values)
	s.Close()
	after := committedState(t, ref)
	if before == after {
		t.Fatal("the import changes nothing: the test could not tell a partial batch")
	}
	moments := []struct {
		line  string
		delay time.Duration
	}{{"open", 0}, {"read", 0}, {"validate", 0}, {"apply", 0}, {"apply", 150 * time.Millisecond}, {"done", 0}}
	outcome := map[string]int{}
	for _, m := range moments {
		name := fmt.Sprintf("%s+%v", m.line, m.delay)
		db := fixture.CopyDB(t, base)
		cmd := fixture.Child("TestKill9Child", killChildEnv, db, values)
		stdout, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(stdout)
		reached := false
		for sc.Scan() {
			if sc.Text() == m.line {
				reached = true
				break
			}
			if strings.HasPrefix(sc.Text(), "error") {
				t.Fatalf("%s: child: %s", name, sc.Text())
			}
		}
		if !reached {
			cmd.Process.Kill()
			cmd.Wait()
			t.Fatalf("%s: the child ended before %q", name, m.line)
		}
		time.Sleep(m.delay)
		cmd.Process.Signal(syscall.SIGKILL)
		go io.Copy(io.Discard, stdout)
		cmd.Wait()
		switch got := committedState(t, db); got {
		case before:
			outcome[name] = 0
		case after:
			outcome[name] = 1
		default:
			t.Errorf("killed at %s: the database holds neither the state before nor after the batch:\n%.300s", name, got)
		}
		if m.line == "done" && outcome[name] != 1 {
			t.Errorf("killed after the commit: the batch was lost")
		}
		if (m.line == "open" || m.line == "read" || m.line == "validate") && outcome[name] != 0 {
			t.Errorf("killed at %s, before any write: the batch is there", name)
		}
	}
	t.Logf("after the kill (0 = before the batch, 1 = after): %v", outcome)
}

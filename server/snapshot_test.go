package server

import (
	"bytes"
	"context"
	"log/slog"
	"net/url"
	"sync"
	"testing"
)

// TestSnapshotServesSQLAnswers asks every read route, for many units,
// groups and periods, as every fixture user, of the shared server (reads
// from its snapshot) and of a second server on the same store without a
// snapshot (reads run their SQL), and requires the same status and the
// same bytes: the snapshot leaks nothing the SQL does not, and hides
// nothing it shows.
func TestSnapshotServesSQLAnswers(t *testing.T) {
	snapSrv, snapCookies := sharedServer(t)
	if snapSrv.Read.snapshot() == nil {
		t.Fatal("the shared server has no current snapshot")
	}
	// Other tests fail sign-ins on purpose; the audit seeds the throttle.
	var errs lockedBuffer
	sqlSrv, err := New(Config{Store: shared.store, NoWarm: true, LoginLimit: 1 << 20, LoginAddrLimit: 1 << 20,
		Logger: slog.New(slog.NewTextHandler(&errs, &slog.HandlerOptions{Level: slog.LevelError}))})
	if err != nil {
		t.Fatal(err)
	}
	defer sqlSrv.Close()
	if sqlSrv.Read.snapshot() != nil {
		t.Fatal("the SQL server has a snapshot")
	}
	tr := readTree(t)
	periods := []string{"2024Q1", "2024Q4", "2025Q3", "2025Q4", "2024", "2025", "2031Q1"}
	var paths []string
	for _, p := range periods {
		paths = append(paths, "/api/rankings?period="+p, "/api/overview?period="+p)
	}
	for g := range map[string]bool{"": true, "NOPE": true} {
		paths = append(paths, "/api/rankings?period=2025Q3&group="+url.QueryEscape(g))
	}
	for _, g := range tr.group {
		paths = append(paths, "/api/rankings?period=2025Q4&group="+url.QueryEscape(g))
	}
	for i, c := range append(tr.codes, "NOPE") {
		p := periods[i%len(periods)]
		paths = append(paths, "/api/units/"+c+"/trend", "/api/units/"+c+"/trend?to="+p, "/api/units/"+c+"/trend?from=2024&to=2025",
			"/api/units/"+c+"/breakdown?period="+p, "/api/units/"+c+"/breakdown?period=2025Q3", "/api/units/"+c+"/breakdown",
			"/api/rankings?period="+p+"&unit="+c, "/api/rankings?period=2025Q3&unit="+c)
		if i%3 == 0 {
			paths = append(paths, "/api/overview?unit="+c, "/api/overview?period=2025Q3&unit="+c)
		}
	}
	hits, misses := 0, 0
	for _, u := range fixtureUsers {
		sqlCookie := mustLogin(t, sqlSrv, u.username)
		for _, p := range paths {
			want := do(t, sqlSrv, req{method: "GET", path: p, cookie: sqlCookie})
			if want.code >= 500 {
				// A query of the reference can fail under load (the browser
				// tests share the machine): logged, and asked once more.
				t.Logf("%s %s: SQL %d (%s), asked again", u.username, p, want.code, errs.String())
				want = do(t, sqlSrv, req{method: "GET", path: p, cookie: sqlCookie})
			}
			got := do(t, snapSrv, req{method: "GET", path: p, cookie: snapCookies[u.username]})
			if got.code != want.code || string(got.body) != string(want.body) {
				t.Fatalf("%s %s:\n snapshot %d %s\n      SQL %d %s\n%s", u.username, p, got.code, got.body, want.code, want.body, errs.String())
			}
			if want.code == 200 {
				hits++
			} else {
				misses++
			}
		}
	}
	if snapSrv.Read.snapshot() == nil {
		t.Fatal("the snapshot went stale during the test")
	}
	t.Logf("%d paths × %d users: %d answers, %d refusals, identical", len(paths), len(fixtureUsers), hits, misses)
}

// TestSnapshotFollowsDataVersion: a write makes the snapshot stale at once
// (reads go back to SQL) until the next one is loaded.
func TestSnapshotFollowsDataVersion(t *testing.T) {
	st := loadFixture(t, "")
	s := newTestServer(t, st)
	ctx := context.Background()
	if err := s.Read.BuildSnapshot(ctx); err != nil {
		t.Fatal(err)
	}
	sn := s.Read.snapshot()
	if sn == nil || sn.Version() != s.Read.Version() {
		t.Fatal("no current snapshot after BuildSnapshot")
	}
	if err := st.SetPeriodStatus(ctx, "test", "2025Q4", "review"); err != nil {
		t.Fatal(err)
	}
	if err := s.Read.Refresh(ctx); err != nil {
		t.Fatal(err)
	}
	if s.Read.snapshot() != nil {
		t.Fatal("a snapshot of an older data version is still served")
	}
	if err := s.Read.BuildSnapshot(ctx); err != nil {
		t.Fatal(err)
	}
	if sn2 := s.Read.snapshot(); sn2 == nil || sn2.Version() <= sn.Version() {
		t.Fatal("no snapshot of the new data version")
	}
}

// lockedBuffer collects a server's log lines across request goroutines.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

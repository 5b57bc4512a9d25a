package queries

import (
	"context"
	"jixiao/queries/fixture"
	"sync"
	"testing"
	"time"
)

// The collection benchmarks (SPEC §12 speed): on the scale-10 province,
// past quarters final and 2025Q4 open again, every bureau below the root
// submits its declaration of 2025Q4 (about 900), then the province office
// opens its queue (the acceptance one by one is the workflow room's
// BenchmarkSubmissionAccept):
//   go test -run '^$' -bench 'Submission' -benchtime 5x ./queries

var subOnce sync.Once

// benchOffice is the province office's actor on the big province (made
// when used: AllRights holds the actions every file's init adds).
func benchOffice() Actor {
	return Actor{Username: "bench", Role: "office", UnitCode: "GX", Rights: AllRights(),
		Scope: Scope{Unit: "GX", Subtree: true, PeersNamed: true, Statuses: []string{"open", "review", "final"}}}
}

// benchSubmissions fills the queue: each bureau's manual indicators,
// declared one point above last quarter, submitted.
func benchSubmissions(b *testing.B) *Store {
	s, _ := bigProvince(b)
	subOnce.Do(func() {
		ctx := context.Background()
		t0 := time.Now()
		// As in production: past quarters final, the one collected open
		// (this changes the shared province for the benchmarks run after).
		if err := s.DemoPeriodStatuses(ctx); err != nil {
			b.Fatal(err)
		}
		if err := s.SetPeriodStatus(ctx, "bench", "2025Q4", "open"); err != nil {
			b.Fatal(err)
		}
		if err := fixture.SeedSubmissionQueue(ctx, s.DB()); err != nil {
			b.Fatal(err)
		}
		var n, items int
		s.db.QueryRow("SELECT count(*), (SELECT count(*) FROM submission_items) FROM submissions").Scan(&n, &items)
		b.Logf("%d submissions, %d items (set up in %v)", n, items, time.Since(t0))
	})
	return s
}

// BenchmarkSubmissionQueue opens the province office's queue of 2025Q4.
func BenchmarkSubmissionQueue(b *testing.B) {
	s := benchSubmissions(b)
	ctx := context.Background()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		list, err := s.Submissions(ctx, benchOffice().Scope, "2025Q4")
		if err != nil || len(list) < 800 {
			b.Fatalf("%d submissions, %v", len(list), err)
		}
	}
}

// BenchmarkSubmissionProgress is the province's progress table of the page.
func BenchmarkSubmissionProgress(b *testing.B) {
	s := benchSubmissions(b)
	ctx := context.Background()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := s.CollectionProgress(ctx, benchOffice().Scope, "2025Q4"); err != nil {
			b.Fatal(err)
		}
	}
}

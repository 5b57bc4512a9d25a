package queries

import (
	"context"
	"sync"
	"testing"
	"time"
)

// The collection benchmarks (SPEC §12 speed): on the scale-10 province,
// past quarters final and 2025Q4 open again, every bureau below the root
// submits its declaration of 2025Q4 (about 900), then the province office
// opens its queue and accepts them one by one:
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
		for _, q := range []string{
			`INSERT INTO submissions (unit_code, period, status, first_submitted_at, created_by)
			 SELECT u.code, '2025Q4', 'submitted', current_timestamp, 'bench' FROM units u
			 WHERE u.kind = 'bureau' AND coalesce(u.parent_code, '') <> ''`,
			`INSERT INTO submission_items (submission_id, pos, indicator_code, actual)
			 SELECT s.id, row_number() OVER (PARTITION BY s.id ORDER BY a.indicator_code), a.indicator_code, coalesce(l.actual, 0) + 1
			 FROM submissions s JOIN applicable a ON a.unit_code = s.unit_code AND 2025*4+3 BETWEEN a.from_ord AND a.to_ord
			 JOIN indicators i ON i.code = a.indicator_code AND i.version = a.version AND i.source = 'manual'
			 LEFT JOIN ledger_k l ON l.k = a.kbase + 2025*4+2`,
			`INSERT INTO submission_steps (submission_id, step, username) SELECT id, 'submitted', 'bench' FROM submissions`,
		} {
			if _, err := s.db.ExecContext(ctx, q); err != nil {
				b.Fatal(err)
			}
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

// BenchmarkSubmissionAccept accepts one submission per run: a values batch
// and the rescoring, as the office's click answers.
func BenchmarkSubmissionAccept(b *testing.B) {
	s := benchSubmissions(b)
	ctx := context.Background()
	ids := []int64{}
	rows, err := s.db.Query("SELECT id FROM submissions WHERE status = 'submitted' ORDER BY id LIMIT 1000")
	if err != nil {
		b.Fatal(err)
	}
	for rows.Next() {
		var id int64
		rows.Scan(&id)
		ids = append(ids, id)
	}
	rows.Close()
	if len(ids) < b.N {
		b.Skipf("only %d submissions left", len(ids))
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := s.AcceptSubmission(ctx, benchOffice(), ids[i], importWithin(s)); err != nil {
			b.Fatal(err)
		}
	}
}

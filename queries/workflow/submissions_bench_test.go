package workflow_test

import (
	"context"
	"path/filepath"
	"testing"

	"jixiao/queries"
	"jixiao/queries/demo"
	"jixiao/queries/fixture"
	"jixiao/queries/workflow"
)

// BenchmarkSubmissionAccept accepts one submission per run on the
// scale-10 province (past quarters final, 2025Q4 open, every bureau below
// the root in the queue): a values batch and the rescoring, as the
// office's click answers.
//
//	go test -run '^$' -bench 'SubmissionAccept' -benchtime 5x ./queries/workflow
func BenchmarkSubmissionAccept(b *testing.B) {
	ctx := context.Background()
	s, err := queries.Open(filepath.Join(b.TempDir(), "bench.duckdb"))
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	if _, err := demo.Load(ctx, s, 10, demo.Options{}); err != nil {
		b.Fatal(err)
	}
	if err := s.SetPeriodStatus(ctx, "bench", "2025Q4", "open"); err != nil {
		b.Fatal(err)
	}
	if err := fixture.SeedSubmissionQueue(ctx, s.DB()); err != nil {
		b.Fatal(err)
	}
	office := queries.Actor{Username: "bench", Role: "office", UnitCode: "GX", Rights: queries.AllRights(),
		Scope: queries.Scope{Unit: "GX", Subtree: true, PeersNamed: true, Statuses: []string{"open", "review", "final"}}}
	ids := []int64{}
	rows, err := s.DB().Query("SELECT id FROM submissions WHERE status = 'submitted' ORDER BY id LIMIT 1000")
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
	d := workflow.New(s)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := d.AcceptSubmission(ctx, office, ids[i]); err != nil {
			b.Fatal(err)
		}
	}
}

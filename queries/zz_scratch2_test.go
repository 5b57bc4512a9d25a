package queries

import (
	"context"
	"os"
	"testing"
	"time"
)

func TestScratchAccept(t *testing.T) {
	path := os.Getenv("JX_DB")
	if path == "" {
		t.Skip()
	}
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	if os.Getenv("JX_STATUSES") != "" {
		t0 := time.Now()
		if err := s.DemoPeriodStatuses(ctx); err != nil {
			t.Fatal(err)
		}
		if err := s.SetPeriodStatus(ctx, "t", "2025Q4", "open"); err != nil {
			t.Fatal(err)
		}
		t.Logf("statuses %v", time.Since(t0))
	}
	var ids []int64
	rows, _ := s.db.Query("SELECT id FROM submissions WHERE status = 'submitted' ORDER BY id LIMIT 1")
	for rows.Next() {
		var id int64
		rows.Scan(&id)
		ids = append(ids, id)
	}
	rows.Close()
	for _, id := range ids {
		t0 := time.Now()
		_, err := s.AcceptSubmission(ctx, benchOffice(), id)
		t.Logf("accept %d: %v %v", id, time.Since(t0), err)
	}
	sc := benchOffice().Scope
	for i := 0; i < 3; i++ {
		t0 := time.Now()
		l, _ := s.Submissions(ctx, sc, "2025Q4")
		t.Logf("queue %d: %v", len(l), time.Since(t0))
	}
}

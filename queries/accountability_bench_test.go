package queries

import (
	"context"
	"sync"
	"testing"
)

var dutyBenchOnce sync.Once

// BenchmarkAccountability reads SPEC §13's people at scale 10 with every
// bureau naming a leader and an owner for each of its decision indicators
// (about 1,000 bureaus × 25 indicators): the province's whole table and a
// city office's, for a quarter and a year.
//
//	go test -run '^$' -bench Accountability -benchtime 3x ./queries
func BenchmarkAccountability(b *testing.B) {
	s, _ := bigProvince(b)
	ctx := context.Background()
	dutyBenchOnce.Do(func() {
		if _, err := s.db.ExecContext(ctx, `INSERT OR REPLACE INTO responsibilities (unit_code, indicator_code, leader, owner, updated_by)
			SELECT DISTINCT u.code, i.code, 'leader', 'office', 'bench' FROM units u JOIN indicators i
			ON i.tier = 'decision' AND (i.levels = '' OR list_contains(string_split(i.levels, ','), u.level))
			WHERE u.kind = 'bureau'`); err != nil {
			b.Fatal(err)
		}
	})
	city := Scope{Unit: "GX01", Subtree: true, PeersNamed: true, Statuses: []string{"open", "review", "final"}}
	for _, c := range []struct {
		name   string
		sc     Scope
		period string
	}{{"province-quarter", Everything, "2025Q3"}, {"province-year", Everything, "2025"}, {"city-quarter", city, "2025Q3"}, {"city-year", city, "2025"}} {
		b.Run(c.name, func(b *testing.B) {
			var n int
			for i := 0; i < b.N; i++ {
				rows, err := s.Accountability(ctx, c.sc, c.period)
				if err != nil {
					b.Fatal(err)
				}
				n = len(rows)
			}
			b.ReportMetric(float64(n), "people")
		})
	}
}

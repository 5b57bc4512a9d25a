package queries

import (
	"context"
	"testing"
)

// BenchmarkWhatIf answers one scenario on the largest peer group of the
// newest quarter of the scale-10 demo province (≥ 2 million values), as
// the office leader of the province sees it: SPEC §10.1 asks < 500 ms.
//
//	go test -run '^$' -bench WhatIf -benchtime 5x ./queries
func BenchmarkWhatIf(b *testing.B) {
	s, _ := bigProvince(b)
	ctx := context.Background()
	var period, group string
	var values int64
	if err := s.db.QueryRow(`SELECT period, grp FROM scores WHERE NOT is_year AND grp IS NOT NULL
		GROUP BY period, ord, grp ORDER BY ord DESC, count(*) DESC LIMIT 1`).Scan(&period, &group); err != nil {
		b.Fatal(err)
	}
	if err := s.db.QueryRow(`SELECT count(*) FROM ledger_k`).Scan(&values); err != nil {
		b.Fatal(err)
	}
	sn := Scenario{Period: period, Group: group, Systems: map[string]float64{"admin": 1.5, "service": 0.5}}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		w, err := s.WhatIf(ctx, Everything, sn)
		if err != nil {
			b.Fatal(err)
		}
		if i == 0 {
			b.ReportMetric(float64(len(w.Rows)), "units")
			b.ReportMetric(float64(values), "values")
		}
	}
}

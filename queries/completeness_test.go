package queries

import (
	"context"
	"errors"
	"testing"
)

// TestCompleteness checks SPEC §10.5 against the model: for every version
// valid in the quarter, the applicable units in scope and those with a
// value, for the whole province and for a city leader's scope.
func TestCompleteness(t *testing.T) {
	s, m := loadFixture(t), loadModel(t)
	ctx := context.Background()
	for _, tc := range modelScopes() {
		for _, p := range []string{"2024Q4", "2025Q3"} {
			got, err := s.Completeness(ctx, tc.sc, p)
			if err != nil {
				t.Fatal(err)
			}
			want := map[string][2]int{}
			for _, i := range m.valid(p) {
				var e, r int
				for _, u := range m.units {
					if m.applies(i, u) && m.sees(tc.root, u.code) {
						e++
						if _, ok := m.vals[[3]string{i.code, u.code, p}]; ok {
							r++
						}
					}
				}
				want[i.code] = [2]int{e, r}
			}
			if len(got) != len(want) {
				t.Fatalf("%s %s: %d rows, want %d", tc.root, p, len(got), len(want))
			}
			for _, g := range got {
				w := want[g.IndicatorCode]
				if g.Expected != w[0] || g.Received != w[1] {
					t.Errorf("%s %s %s: expected/received %d/%d, want %d/%d", tc.root, p, g.IndicatorCode, g.Expected, g.Received, w[0], w[1])
				}
				if (g.Received > 0) != (g.LastBatchAt != nil) {
					t.Errorf("%s %s %s: last batch %v with %d received", tc.root, p, g.IndicatorCode, g.LastBatchAt, g.Received)
				}
			}
		}
	}
	if _, err := s.Completeness(ctx, Everything, "2025"); !isParam(err, "period") {
		t.Errorf("a year: %v, want a period ParamError", err)
	}
	if _, err := s.Completeness(ctx, Everything, "2031Q1"); !errors.Is(err, ErrNotFound) {
		t.Errorf("an unknown quarter: %v, want ErrNotFound", err)
	}
	at, err := s.DataAsOf(ctx, Everything, "2025Q3")
	if err != nil || at == nil {
		t.Errorf("data as of: %v %v", at, err)
	}
}

func isParam(err error, key string) bool {
	var pe *ParamError
	return errors.As(err, &pe) && len(pe.Problems) > 0 && pe.Problems[0].Key == key
}

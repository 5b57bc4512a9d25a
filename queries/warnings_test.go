package queries

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"
)

// expRow is one quarterly row of expected_scores.csv, the independent
// implementation of SPEC §3.
type expRow struct {
	group  string
	cents  int // the rounded score × 100
	vetoed bool
}

func expectedQuarters(t testing.TB) map[[2]string]expRow {
	out := map[[2]string]expRow{}
	for _, r := range readCSV(t, "expected_scores.csv") { // period,unit_code,group,score,rank,size,grade,vetoed,…
		if len(r[0]) != 6 {
			continue
		}
		parts := strings.SplitN(r[3], ".", 2)
		whole, _ := strconv.Atoi(parts[0])
		frac, _ := strconv.Atoi((parts[1] + "00")[:2])
		out[[2]string{r[0], r[1]}] = expRow{group: r[2], cents: whole*100 + frac, vetoed: r[7] == "true"}
	}
	return out
}

// TestWarnings checks SPEC §10.4 against expected_scores.csv and the model:
// the near-threshold, falling and missing-data warnings of every unit the
// scope sees named, and the rectification items due and overdue.
func TestWarnings(t *testing.T) {
	s, m := loadFixture(t), loadModel(t)
	ctx := context.Background()
	exp := expectedQuarters(t)
	day := func(d int) string { return time.Now().AddDate(0, 0, d).Format("2006-01-02") }
	for _, r := range []struct {
		unit, title, status, evidence string
		days                          int
	}{
		{"GX0101", "逾期事项", "open", "", -2},
		{"GX0102", "临期事项", "open", "", 14},
		{"GX0201", "远期事项", "open", "", 15},
		{"GX0101", "已完成", "done", "已整改", -5},
	} {
		if _, err := s.DB().Exec(`INSERT INTO rectifications (unit_code, source, title, deadline, status, evidence, created_by, closed_by, closed_at)
			VALUES (?, 'meeting', ?, ?::DATE, ?, ?, 'office@GX', CASE WHEN ? = 'done' THEN 'office@GX' END, CASE WHEN ? = 'done' THEN current_timestamp END)`,
			r.unit, r.title, day(r.days), r.status, r.evidence, r.status, r.status); err != nil {
			t.Fatal(err)
		}
	}
	quarters := []string{"2024Q1", "2024Q2", "2024Q3", "2024Q4", "2025Q1", "2025Q2", "2025Q3", "2025Q4"}
	for _, tc := range modelScopes() {
		for qi, p := range quarters {
			want := []string{}
			for _, u := range m.units {
				e, ok := exp[[2]string{p, u.code}]
				if !ok || !m.sees(tc.root, u.code) {
					continue
				}
				if e.group != "" {
					for _, th := range []int{90, 80, 60} {
						if e.cents >= th*100 && e.cents < (th+2)*100 && !(th == 90 && e.vetoed) {
							want = append(want, fmt.Sprintf("near_threshold %s %d", u.code, th))
						}
					}
					if qi > 0 {
						if prev, ok := exp[[2]string{quarters[qi-1], u.code}]; ok && prev.cents-e.cents >= 500 {
							want = append(want, "falling "+u.code)
						}
					}
				}
				missing := 0
				for _, i := range m.valid(p) {
					if _, ok := m.vals[[3]string{i.code, u.code, p}]; m.applies(i, u) && !ok {
						missing++
					}
				}
				if missing > 0 {
					want = append(want, fmt.Sprintf("missing_data %s %d", u.code, missing))
				}
			}
			if tc.root == "" || m.under("GX0101", tc.root) {
				want = append(want, "rectification_overdue GX0101")
			}
			if tc.root == "" || m.under("GX0102", tc.root) {
				want = append(want, "rectification_due GX0102")
			}
			ws, err := s.Warnings(ctx, tc.sc, p, "zh")
			if err != nil {
				t.Fatal(err)
			}
			got := []string{}
			for _, w := range ws {
				switch w.Kind {
				case "near_threshold":
					got = append(got, fmt.Sprintf("%s %s %v", w.Kind, w.UnitCode, *w.Threshold))
				case "missing_data":
					got = append(got, fmt.Sprintf("%s %s %d", w.Kind, w.UnitCode, *w.Count))
				default:
					got = append(got, w.Kind+" "+w.UnitCode)
				}
				if w.Message == "" || w.Severity == "" {
					t.Errorf("%s: %+v without message or severity", p, w)
				}
			}
			sort.Strings(got)
			sort.Strings(want)
			if strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Errorf("%s %s: warnings\n%s\nwant\n%s", tc.root, p, strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
		}
	}
	// dept and staff: only what they see named, published quarters only.
	staff := Scope{Unit: "GX0401-B1", PeersAnon: true, Statuses: []string{"review", "final"}}
	publish(t, s, "2025Q3")
	ws, err := s.Warnings(ctx, staff, "2025Q3", "en")
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range ws {
		if w.UnitCode != "GX0401-B1" {
			t.Errorf("staff sees a warning on %s", w.UnitCode)
		}
	}
	if _, err := s.Warnings(ctx, Everything, "2025", "zh"); !isParam(err, "period") {
		t.Errorf("a year: %v", err)
	}
}

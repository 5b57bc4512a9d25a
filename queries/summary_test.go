package queries

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"jixiao/data"
)

// expectedSummary is the summary of the rows of expected_scores.csv that
// keep accepts, worked in whole cents: the mean is the cents' sum over n
// rounded half-up by integer division, so no floating point decides a
// tie. vetoedNamed says which units' vetoes count.
func expectedSummary(t *testing.T, keep func(row []string) bool, vetoedNamed func(string) bool) Summary {
	t.Helper()
	out := Summary{Grades: map[string]int{"excellent": 0, "good": 0, "pass": 0, "fail": 0}}
	var sum, lo, hi int64
	for _, r := range readCSV(t, "expected_scores.csv") {
		if !keep(r) {
			continue
		}
		whole, frac, _ := strings.Cut(r[3], ".")
		cents, err := strconv.ParseInt(whole+(frac + "00")[:2], 10, 64)
		if err != nil {
			t.Fatal(err)
		}
		if out.Units == 0 || cents < lo {
			lo = cents
		}
		if out.Units == 0 || cents > hi {
			hi = cents
		}
		out.Units++
		sum += cents
		out.Grades[r[6]]++
		if r[7] == "true" && vetoedNamed(r[1]) {
			out.Vetoed++
		}
	}
	if out.Units == 0 {
		t.Fatal("no expected rows")
	}
	n := int64(out.Units)
	out.Mean = float64((2*sum+n)/(2*n)) / 100
	out.Min, out.Max = float64(lo)/100, float64(hi)/100
	return out
}

func sameFigures(t *testing.T, what string, got, want Summary) {
	t.Helper()
	if got.Units != want.Units || got.Mean != want.Mean || got.Min != want.Min || got.Max != want.Max || got.Vetoed != want.Vetoed {
		t.Errorf("%s: units %d mean %v min %v max %v vetoed %d; want %d %v %v %v %d", what, got.Units, got.Mean, got.Min, got.Max, got.Vetoed,
			want.Units, want.Mean, want.Min, want.Max, want.Vetoed)
	}
	for _, g := range data.Grades {
		if got.Grades[g] != want.Grades[g] {
			t.Errorf("%s: %d %s, want %d", what, got.Grades[g], g, want.Grades[g])
		}
	}
}

// TestRankingSummary: a ranking's summary is over exactly the rows the
// scope sees — the whole group named (the held answer), the group with
// anonymised peers (whose veto it never counts), and the part of a matrix
// group under a county (the scoped SQL) — and its movers are its named
// rows that moved, biggest first.
func TestRankingSummary(t *testing.T) {
	s := loadFixture(t)
	ctx := context.Background()
	publish(t, s, "2025Q4")
	all := func(string) bool { return true }
	none := func(string) bool { return false }
	cases := []struct {
		what         string
		sc           Scope
		group        string
		keep, vetoed func(string) bool
	}{
		{"admin, the city bureaus", Everything, "GX:bureau", all, all},
		{"a city's leader, its peers named", scopeFor("leader", "GX01"), "GX:bureau", all, all},
		{"a city bureau's dept login, peers anonymised", scopeFor("dept", "GX02"), "GX:bureau", all, func(c string) bool { return c == "GX02" }},
		{"staff, the matrix anonymised", scopeFor("staff", "GX0401-B1"), "GX04-matrix", all, none},
		{"a county's leader, its part of the matrix", scopeFor("leader", "GX0401"), "GX04-matrix",
			func(c string) bool { return strings.HasPrefix(c, "GX0401-") }, all},
	}
	for _, c := range cases {
		r, err := s.Ranking(ctx, c.sc, "2025Q4", c.group)
		if err != nil {
			t.Fatalf("%s: %v", c.what, err)
		}
		want := expectedSummary(t, func(r []string) bool { return r[0] == "2025Q4" && r[2] == c.group && c.keep(r[1]) }, c.vetoed)
		sameFigures(t, c.what, r.Summary, want)
		if r.Summary.Units != len(r.Rows) {
			t.Errorf("%s: summary of %d units beside %d rows", c.what, r.Summary.Units, len(r.Rows))
		}
	}
	// GX04 is vetoed in 2025Q4: a scope that sees it anonymised must not
	// learn it from the count.
	r, err := s.Ranking(ctx, scopeFor("dept", "GX02"), "2025Q4", "GX:bureau")
	if err != nil {
		t.Fatal(err)
	}
	if r.Summary.Vetoed != 0 {
		t.Errorf("an anonymised peer's veto counted: %d", r.Summary.Vetoed)
	}
	for _, m := range append(r.Summary.Risers, r.Summary.Fallers...) {
		if m.UnitCode != "GX02" {
			t.Errorf("an anonymised peer among the movers: %+v", m)
		}
	}
}

// TestRankingMovers: the movers are the units whose rank differs from the
// previous quarter's (expected_scores.csv, 2025Q3 against 2025Q4), risers
// and fallers each biggest first.
func TestRankingMovers(t *testing.T) {
	s := loadFixture(t)
	ctx := context.Background()
	for _, group := range []string{"GX:department", "GX01:department", "GX04-matrix"} {
		rank := map[string]map[string]int{}
		for _, r := range readCSV(t, "expected_scores.csv") {
			if r[2] != group || (r[0] != "2025Q3" && r[0] != "2025Q4") {
				continue
			}
			if rank[r[0]] == nil {
				rank[r[0]] = map[string]int{}
			}
			rank[r[0]][r[1]], _ = strconv.Atoi(r[4])
		}
		want := map[string]int{}
		for code, now := range rank["2025Q4"] {
			if before, ok := rank["2025Q3"][code]; ok && before != now {
				want[code] = before - now
			}
		}
		r, err := s.Ranking(ctx, Everything, "2025Q4", group)
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]int{}
		for i, m := range r.Summary.Risers {
			got[m.UnitCode] = m.RankChange
			if m.RankChange <= 0 || (i > 0 && m.RankChange > r.Summary.Risers[i-1].RankChange) {
				t.Errorf("%s: risers out of order: %+v", group, r.Summary.Risers)
			}
		}
		for i, m := range r.Summary.Fallers {
			got[m.UnitCode] = m.RankChange
			if m.RankChange >= 0 || (i > 0 && m.RankChange < r.Summary.Fallers[i-1].RankChange) {
				t.Errorf("%s: fallers out of order: %+v", group, r.Summary.Fallers)
			}
		}
		if len(want) == 0 || len(got) != len(want) {
			t.Errorf("%s: movers %v, want %v", group, got, want)
		}
		for code, ch := range want {
			if got[code] != ch {
				t.Errorf("%s %s: moved %d, want %d", group, code, got[code], ch)
			}
		}
	}
}

// TestSummaryUnder: the report's summary is over the named units below
// the unit (every level: departments, counties, branches), the unit
// itself left out.
func TestSummaryUnder(t *testing.T) {
	s := loadFixture(t)
	under := func(c string) bool { return strings.HasPrefix(c, "GX01") && c != "GX01" }
	got, err := s.SummaryUnder(context.Background(), scopeFor("leader", "GX01"), "2025Q4", "GX01")
	if err != nil {
		t.Fatal(err)
	}
	want := expectedSummary(t, func(r []string) bool { return r[0] == "2025Q4" && under(r[1]) }, under)
	if want.Units < 20 {
		t.Fatalf("only %d units under GX01", want.Units)
	}
	sameFigures(t, "GX01's subtree", got, want)
}

// TestSystemMeansUnder: the report's system means are over the group's
// units below the report's unit only (worked in cents from
// expected_scores.csv), and none over a group of its peers.
func TestSystemMeansUnder(t *testing.T) {
	s := loadFixture(t)
	ctx := context.Background()
	got, err := s.SystemMeansUnder(ctx, scopeFor("leader", "GX01"), "2025Q4", "GX01", "GX01:bureau")
	if err != nil {
		t.Fatal(err)
	}
	sums, ns := map[string]int64{}, map[string]int64{}
	for _, r := range readCSV(t, "expected_scores.csv") {
		if r[0] != "2025Q4" || r[2] != "GX01:bureau" {
			continue
		}
		for i, sys := range SystemCols {
			if r[8+i] == "" {
				continue
			}
			whole, frac, _ := strings.Cut(r[8+i], ".")
			c, err := strconv.ParseInt(whole+(frac + "00")[:2], 10, 64)
			if err != nil {
				t.Fatal(err)
			}
			sums[sys] += c
			ns[sys]++
		}
	}
	if len(ns) == 0 || len(got) != len(ns) {
		t.Fatalf("means %v for systems %v", got, ns)
	}
	for sys, n := range ns {
		want := float64((2*sums[sys]+n)/(2*n)) / 100
		if g := got[sys]; g == nil || *g != want {
			t.Errorf("%s: %v, want %v", sys, g, want)
		}
	}
	peers, err := s.SystemMeansUnder(ctx, scopeFor("leader", "GX0101"), "2025Q4", "GX0101", "GX01:bureau")
	if err != nil || len(peers) != 0 {
		t.Errorf("a county's peers count as its units: %v %v", peers, err)
	}
}

// BenchmarkLoadSummaries is what the summaries add to each data version's
// load: one GROUP BY over scores.
func BenchmarkLoadSummaries(b *testing.B) {
	s, _ := bigProvince(b)
	ctx := context.Background()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := loadSummaries(ctx, s.db); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkScopedSummary is the first (cold) summary of a group a scope
// sees in part: the department's own group, its peers anonymised.
func BenchmarkScopedSummary(b *testing.B) {
	s, _ := bigProvince(b)
	reviewed(b, s)
	ctx := context.Background()
	h, err := s.heldNow(ctx)
	if err != nil {
		b.Fatal(err)
	}
	g, err := s.GroupOf(ctx, benchDept, "GX01-ZG")
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := s.askSummary(ctx, benchDept, h.version, "2025Q4", g); err != nil {
			b.Fatal(err)
		}
	}
}

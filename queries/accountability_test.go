package queries

import (
	"context"
	"errors"
	"math"
	"strconv"
	"strings"
	"testing"

	"jixiao/data"
	"jixiao/queries/fixture"
)

// dutyUsers are people of the small province (fixture.DutyUsers).
const dutyUsers = fixture.DutyUsers

// dutyStore is the fixture with dutyUsers and these responsibilities.
func dutyStore(t *testing.T) *Store {
	t.Helper()
	s := loadFixture(t)
	addUsers(t, s, dutyUsers)
	mustImport(t, s, data.KindResponsibilities, writeFile(t, "resp.csv", fixture.DutyResponsibilities))
	return s
}

type refPerson struct {
	w, e, l float64
	missing int
	inds    map[string][4]float64 // weight, earned, lost, missing
}

// expectPerson sums the reference points of codes for unit over period.
func expectPerson(l *refLedger, unit, period string, codes ...string) refPerson {
	p := refPerson{inds: map[string][4]float64{}}
	for _, c := range codes {
		var w, e float64
		m, any := 0, false
		for _, q := range refQuarters(period) {
			qw, qe, miss, ok := l.points(c, unit, q)
			if !ok {
				continue
			}
			any = true
			w, e = w+qw, e+qe
			if miss {
				m++
			}
		}
		if !any {
			continue
		}
		p.inds[c] = [4]float64{refRound(w), refRound(e), refRound(w - e), float64(m)}
		p.w, p.e, p.l, p.missing = p.w+w, p.e+e, p.l+w-e, p.missing+m
	}
	p.w, p.e, p.l = refRound(p.w), refRound(p.e), refRound(p.l)
	return p
}

func find(rows []DutyRow, user, unit, as string) *DutyRow {
	for i := range rows {
		if rows[i].Username == user && rows[i].UnitCode == unit && rows[i].As == as {
			return &rows[i]
		}
	}
	return nil
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

// TestAccountabilityPoints: each person's earned, lost, weight and missing
// for a quarter and a year equal a plain second implementation of §3.1 on
// the fixture's files; the unit's score, rank and grade are
// expected_scores.csv's; rows come largest loss first.
func TestAccountabilityPoints(t *testing.T) {
	s := dutyStore(t)
	ref := readRefLedger(t)
	expected := map[string][]string{}
	for _, r := range fixture.Records(t, "expected_scores.csv")[1:] {
		expected[r[0]+"|"+r[1]] = r
	}
	people := []struct {
		user, unit, as string
		codes          []string
	}{
		{"bs_lead", "GX01", "leader", []string{"D01", "D04", "D07"}},
		{"bs_zg", "GX01", "owner", []string{"D01", "D04"}},
		{"bs_nf", "GX01", "owner", []string{"D07", "D02"}},
		{"bs1_lead", "GX0101", "leader", []string{"D04"}},
		{"bs1_lead", "GX0101", "owner", []string{"D04"}},
		{"hz_lead", "GX02", "leader", []string{"D03"}},
		{"lb_lead", "GX04", "owner", []string{"D05"}},
	}
	for _, period := range []string{"2025Q3", "2024Q2", "2025", "2024"} {
		rows, err := s.Accountability(context.Background(), Everything, period)
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != 8 {
			t.Errorf("%s: %d rows, want 8 (every person, bureau and role)", period, len(rows))
		}
		for i := 1; i < len(rows); i++ {
			if rows[i].Lost > rows[i-1].Lost {
				t.Errorf("%s: row %d loses %v after %v", period, i, rows[i].Lost, rows[i-1].Lost)
			}
		}
		for _, p := range people {
			got := find(rows, p.user, p.unit, p.as)
			if got == nil {
				t.Errorf("%s: no row for %s as %s of %s", period, p.user, p.as, p.unit)
				continue
			}
			want := expectPerson(ref, p.unit, period, p.codes...)
			if !near(got.Weight, want.w) || !near(got.Earned, want.e) || !near(got.Lost, want.l) || got.Missing != want.missing {
				t.Errorf("%s %s/%s: weight %v earned %v lost %v missing %d, want %v %v %v %d", period, p.user, p.unit,
					got.Weight, got.Earned, got.Lost, got.Missing, want.w, want.e, want.l, want.missing)
			}
			if len(got.Indicators) != len(want.inds) {
				t.Errorf("%s %s/%s: %d indicators, want %d", period, p.user, p.unit, len(got.Indicators), len(want.inds))
			}
			for _, in := range got.Indicators {
				w := want.inds[in.IndicatorCode]
				if !near(in.Weight, w[0]) || !near(in.Earned, w[1]) || !near(in.Lost, w[2]) || in.Missing != int(w[3]) {
					t.Errorf("%s %s/%s %s: %+v, want %v", period, p.user, p.unit, in.IndicatorCode, in, w)
				}
			}
			e := expected[period+"|"+p.unit]
			if got.UnitScore == nil || got.UnitRank == nil || got.UnitSize == nil || got.UnitGrade == nil {
				t.Errorf("%s %s: unit results missing: %+v", period, p.unit, got)
				continue
			}
			if e == nil || !near(parseF(t, e[3]), *got.UnitScore) ||
				e[4] != strconv.Itoa(*got.UnitRank) || e[5] != strconv.Itoa(*got.UnitSize) || e[6] != *got.UnitGrade {
				t.Errorf("%s %s: score %v rank %v/%v grade %v, want %v", period, p.unit, *got.UnitScore, *got.UnitRank, *got.UnitSize, *got.UnitGrade, e)
			}
		}
	}
	// The fixture's 2025Q3 has no D01 value for GX01: the leader's row
	// counts it missing (and the year once).
	rows, _ := s.Accountability(context.Background(), Everything, "2025")
	if r := find(rows, "bs_lead", "GX01", "leader"); r == nil || r.Missing < 1 {
		t.Errorf("2025: GX01's missing D01 value not counted: %+v", r)
	}
}

func parseF(t *testing.T, s string) float64 {
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatalf("number %q", s)
	}
	return v
}

// TestAccountabilityVisibility: a person appears only to users of the
// bureau they answer for and of the bureaus above it — never to a peer
// city's office, which sees that city named — and dept/staff never in an
// open period.
func TestAccountabilityVisibility(t *testing.T) {
	s := dutyStore(t)
	ctx := context.Background()
	publish(t, s, "2025Q3")
	units := func(sc Scope, period string) string {
		rows, err := s.Accountability(ctx, sc, period)
		if err != nil {
			return "error: " + err.Error()
		}
		return strings.Join(fixture.Codes(rows, func(r DutyRow) string { return r.UnitCode }, true), " ")
	}
	cases := []struct {
		name   string
		sc     Scope
		period string
		want   string
	}{
		{"province office", scopeFor("office", "GX"), "2025Q4", "GX01 GX0101 GX02 GX04"},
		{"city office of 来宾 (GX01 and GX02 are named peers)", scopeFor("office", "GX04"), "2025Q3", "GX04"},
		{"city leader of 百色", scopeFor("leader", "GX01"), "2025", "GX01 GX0101"},
		{"county leader", scopeFor("leader", "GX0101"), "2025Q3", "GX0101"},
		{"peer county", scopeFor("leader", "GX0102"), "2025Q3", ""},
		{"department of 百色", scopeFor("dept", "GX01-ZG"), "2025Q3", ""},
		{"staff of a branch", scopeFor("staff", "GX0101-B1"), "2025Q3", ""},
		{"dept-role user of a county bureau", scopeFor("dept", "GX0101"), "2025Q3", "GX0101"},
		{"zero scope", Scope{}, "2025Q3", "error: not found"},
	}
	for _, c := range cases {
		if got := units(c.sc, c.period); got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
	// §4's period rule: dept and staff never see an open period.
	for _, p := range []string{"2025Q4", "2025"} {
		if _, err := s.Accountability(ctx, scopeFor("dept", "GX0101"), p); !errors.Is(err, ErrNotFound) {
			t.Errorf("dept in open %s: %v, want not found", p, err)
		}
	}
	var pe *ParamError
	if _, err := s.Accountability(ctx, Everything, "2025Q5"); !errors.As(err, &pe) || pe.Problems[0].Key != "period" {
		t.Errorf("malformed period: %v", err)
	}
	// GET /api/responsibilities follows the same rule.
	if _, err := s.Responsibilities(ctx, scopeFor("office", "GX04"), "GX01"); !errors.Is(err, ErrNotFound) {
		t.Errorf("peer city's responsibilities: %v, want not found", err)
	}
	if rs, err := s.Responsibilities(ctx, scopeFor("leader", "GX01"), "GX01"); err != nil || len(rs) != 4 {
		t.Errorf("own responsibilities: %d, %v", len(rs), err)
	}
	if rs, err := s.Responsibilities(ctx, scopeFor("leader", "GX01"), ""); err != nil || len(rs) != 5 {
		t.Errorf("subtree's responsibilities: %d, %v", len(rs), err)
	}
}

package queries

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"reflect"
	"sync"
	"testing"

	"jixiao/data"
)

var (
	demoOnce  sync.Once
	demoStore *Store
	demoErr   error
)

// demoProvince is the demo province at scale 1 with mixed period statuses
// (2025Q4 open, 2025Q3 review, the rest final: years 2024 final, 2025
// open), a few decided values with notes, shared by the snapshot tests.
func demoProvince(t *testing.T) *Store {
	t.Helper()
	demoOnce.Do(func() {
		dir, err := os.MkdirTemp("", "jixiao-snapshot-*")
		if err != nil {
			demoErr = err
			return
		}
		defer os.RemoveAll(dir)
		files, _, err := data.WriteDemo(dir, 1)
		if err != nil {
			demoErr = err
			return
		}
		s, err := Open("")
		if err != nil {
			demoErr = err
			return
		}
		ctx := context.Background()
		for _, k := range data.Kinds {
			if _, demoErr = s.Import(ctx, k, files[k], ImportOptions{User: "test"}); demoErr != nil {
				return
			}
		}
		for _, q := range []string{
			"UPDATE periods SET status = CASE period WHEN '2025Q4' THEN 'open' WHEN '2025Q3' THEN 'review' ELSE 'final' END",
			"UPDATE ledger_k SET decided = true, note = 'ruled' WHERE hash(k) % 97 = 0",
		} {
			if _, demoErr = s.db.Exec(q); demoErr != nil {
				return
			}
		}
		demoStore = s
	})
	if demoErr != nil {
		t.Fatal(demoErr)
	}
	return demoStore
}

// same fails unless two answers of one read are identical: the same error
// (not found, or the same message) or the same value, field by field and
// as encoded JSON.
func same[T any](t *testing.T, what string, want T, wantErr error, got T, gotErr error) {
	t.Helper()
	if (wantErr == nil) != (gotErr == nil) || (wantErr != nil && (errors.Is(wantErr, ErrNotFound) != errors.Is(gotErr, ErrNotFound) ||
		(!errors.Is(wantErr, ErrNotFound) && wantErr.Error() != gotErr.Error()))) {
		t.Fatalf("%s: error %v, want %v", what, gotErr, wantErr)
	}
	if wantErr != nil {
		return
	}
	wj, _ := json.Marshal(want)
	gj, _ := json.Marshal(got)
	if string(wj) != string(gj) || !reflect.DeepEqual(want, got) {
		t.Fatalf("%s:\n got %s\nwant %s", what, gj, wj)
	}
}

// TestSnapshotMatchesSQL compares every snapshot read with its SQL
// reference on the demo province: scopes of every kind (all, none,
// subtree, named and anonymised peers, self only, restricted statuses,
// the root without a group, a unit that does not exist) over a sample of
// units, every period (quarters and years) and one that does not exist.
func TestSnapshotMatchesSQL(t *testing.T) {
	s := demoProvince(t)
	ctx := context.Background()
	sn, err := s.LoadSnapshot(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !sn.resultOK {
		t.Fatal("the demo's results are not modelled by the snapshot")
	}
	all := []string{"open", "review", "final"}
	units := strs(t, s, "SELECT code FROM units ORDER BY sort_key")
	periods := append(strs(t, s, "SELECT period FROM v_periods ORDER BY is_year, ord"), "2031Q1", "2031")
	groups := strs(t, s, "SELECT DISTINCT grp FROM units WHERE grp IS NOT NULL ORDER BY 1")
	sample := []string{"NOPE", units[0]}
	for i := 1; i < len(units); i += max(1, len(units)/12) {
		sample = append(sample, units[i])
	}
	sample = append(sample, strs(t, s, `SELECT min(code) FROM units GROUP BY kind, level ORDER BY 1`)...)
	scopes := []Scope{Everything, {Statuses: all}, {}, {All: true, Statuses: []string{"final"}}, {All: true}}
	for _, u := range sample {
		scopes = append(scopes,
			Scope{Unit: u, Subtree: true, PeersNamed: true, Statuses: all},
			Scope{Unit: u, Subtree: true, Statuses: []string{"review", "final"}},
			Scope{Unit: u, PeersAnon: true, Statuses: []string{"review", "final"}},
			Scope{Unit: u, PeersNamed: true, Statuses: []string{"open"}},
			Scope{Unit: u, Subtree: true, PeersAnon: true, Statuses: all},
			Scope{Unit: u, Statuses: all})
	}
	reads := 0
	for si, sc := range scopes {
		// Each scope reads a rotating slice of the sample and periods, so
		// that every unit meets every kind of scope without a cross product.
		for ui, u := range sample {
			if (ui+si)%8 != 0 && u != sc.Unit {
				continue
			}
			w, we := s.GroupOf(ctx, sc, u)
			g, ge := sn.GroupOf(sc, u)
			same(t, fmt.Sprintf("GroupOf %s %s", sc.Key(), u), w, we, g, ge)
			for _, tr := range [][2]string{{"", ""}, {"", "2025Q2"}, {"2024Q3", ""}, {"2024", "2025"}, {"", "2024"}} {
				w, we := s.Trend(ctx, sc, u, tr[0], tr[1])
				g, ge := sn.Trend(sc, u, tr[0], tr[1])
				same(t, fmt.Sprintf("Trend %s %s %v", sc.Key(), u, tr), w, we, g, ge)
			}
			for pi, p := range periods {
				if (pi+ui+si)%4 != 0 {
					continue
				}
				w, we := s.RankingForUnit(ctx, sc, p, u)
				g, ge := sn.RankingForUnit(sc, p, u)
				same(t, fmt.Sprintf("RankingForUnit %s %s %s", sc.Key(), p, u), w, we, g, ge)
				wb, wbe := s.Breakdown(ctx, sc, u, p)
				gb, gbe := sn.Breakdown(sc, u, p)
				same(t, fmt.Sprintf("Breakdown %s %s %s", sc.Key(), u, p), wb, wbe, gb, gbe)
				for _, byDept := range []bool{false, true} {
					var wl, gl []Loss
					var wle, gle error
					if byDept {
						wl, wle = s.LossesByDept(ctx, sc, p, u, 10)
						gl, gle = sn.LossesByDept(sc, p, u, 10)
					} else {
						wl, wle = s.LossesByIndicator(ctx, sc, p, u, 1000)
						gl, gle = sn.LossesByIndicator(sc, p, u, 1000)
					}
					same(t, fmt.Sprintf("Losses(dept=%t) %s %s %s", byDept, sc.Key(), p, u), wl, wle, gl, gle)
				}
				reads += 5
			}
		}
		for gi, grp := range append(groups, "NOPE") {
			if (gi+si)%6 != 0 && grp != "NOPE" {
				continue
			}
			p := periods[(gi+si)%len(periods)]
			w, we := s.Ranking(ctx, sc, p, grp)
			g, ge := sn.Ranking(sc, p, grp)
			same(t, fmt.Sprintf("Ranking %s %s %s", sc.Key(), p, grp), w, we, g, ge)
			reads++
		}
	}
	t.Logf("%d scopes, %d reads compared", len(scopes), reads)
}

// TestSnapshotResultsMatchSQL compares every results row of every unit and
// quarter (v_results_by, as Breakdown reads it) with the snapshot's.
func TestSnapshotResultsMatchSQL(t *testing.T) {
	s := demoProvince(t)
	sn, err := s.LoadSnapshot(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	rows, err := s.db.Query(`SELECT unit_code, period, ord, indicator_code, indicator_name, system, coalesce(display_unit, ''), coalesce(lead_dept, ''),
		weight, actual, target, ` + half2("earned") + `, ` + half2("lost") + `, lost, missing, decided, coalesce(note, '')
		FROM v_results_by ORDER BY unit_code, ord, system, indicator_code`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	type key struct {
		unit string
		ord  int32
	}
	want := map[key][]string{}
	n := 0
	for rows.Next() {
		var unit, period string
		var ord int32
		var r IndicatorResult
		var actual *float64
		var lost float64
		if err := rows.Scan(&unit, &period, &ord, &r.Code, &r.Name, &r.System, &r.Unit, &r.LeadDept, &r.Weight, &actual, &r.Target,
			&r.Earned, &r.Lost, &lost, &r.Missing, &r.Decided, &r.Note); err != nil {
			t.Fatal(err)
		}
		r.Actual = actual
		b, _ := json.Marshal(r)
		want[key{unit, ord}] = append(want[key{unit, ord}], fmt.Sprintf("%s %x", b, lost))
		n++
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	got := map[key][]string{}
	for unit := range sn.appl {
		for _, ord := range sn.quarters {
			err := sn.results(unit, ord, func(a *snapAttr, v *snapValue, target, earned, lost float64) {
				r := IndicatorResult{Code: a.code, Name: a.name, System: a.system, Unit: a.displayUnit, LeadDept: a.leadDept,
					Weight: a.weight, Target: target, Earned: round2(earned), Lost: round2(lost), Missing: v == nil}
				if v != nil {
					x := v.actual
					r.Actual, r.Decided = &x, v.decided
					if v.note >= 0 {
						r.Note = sn.notes[v.note]
					}
				}
				b, _ := json.Marshal(r)
				got[key{unit, ord}] = append(got[key{unit, ord}], fmt.Sprintf("%s %x", b, lost))
			})
			if err != nil {
				t.Fatal(err)
			}
		}
	}
	if len(got) != len(want) {
		t.Fatalf("%d unit quarters, want %d", len(got), len(want))
	}
	for k, w := range want {
		if !reflect.DeepEqual(got[k], w) {
			t.Fatalf("%v:\n got %v\nwant %v", k, got[k], w)
		}
	}
	t.Logf("%d results rows compared", n)
}

// TestCompletionRatioMatchesMacro runs the Go formula and the SQL macro
// completion_ratio (with earned, lost and their rounding to cents) on a
// grid of rules, directions, floors (NULL included) and values around
// them; where Go declines (ok false) the snapshot falls back to SQL.
func TestCompletionRatioMatchesMacro(t *testing.T) {
	s := mustOpen(t)
	nums := "(VALUES (-3.0::DOUBLE), (-0.5), (0), (0.1), (0.333), (0.5), (1), (2.5), (7), (60), (95.5), (99.999), (100), (1e6))"
	rows, err := s.db.Query(`SELECT rule, dir, f.x, t.x, a.x, w.x, r, w.x * r, w.x - w.x * r, ` + half2("w.x * r") + `, ` + half2("w.x - w.x * r") + `
		FROM (VALUES ('linear'), ('threshold'), ('deadline'), ('other')) rl(rule), (VALUES ('higher'), ('lower')) d(dir),
		     (SELECT x FROM ` + nums + ` n(x) UNION ALL SELECT NULL) f(x), ` + nums + ` t(x), ` + nums + ` a(x), (VALUES (0.0::DOUBLE), (3), (7.3)) w(x),
		     LATERAL (SELECT completion_ratio(false, rule, dir, a.x, t.x, f.x) AS r)`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	n, declined := 0, 0
	for rows.Next() {
		var rule, dir string
		var floor, r, earned, lost, re, rl *float64
		var target, actual, weight float64
		if err := rows.Scan(&rule, &dir, &floor, &target, &actual, &weight, &r, &earned, &lost, &re, &rl); err != nil {
			t.Fatal(err)
		}
		a := &snapAttr{rule: rule, direction: dir, weight: weight, target: target, floorNull: floor == nil}
		if floor != nil {
			a.floor = *floor
		}
		gr, ok := completionRatio(a, &snapValue{actual: actual}, target)
		n++
		if !ok {
			declined++
			continue
		}
		ge := float64(weight * gr)
		gl := float64(weight - ge)
		if r == nil || math.Float64bits(*r) != math.Float64bits(gr) || math.Float64bits(*earned) != math.Float64bits(ge) ||
			math.Float64bits(*lost) != math.Float64bits(gl) || math.Float64bits(*re) != math.Float64bits(round2(ge)) ||
			math.Float64bits(*rl) != math.Float64bits(round2(gl)) {
			t.Fatalf("%s %s floor %v target %v actual %v weight %v: Go r %v earned %v lost %v, SQL %v %v %v",
				rule, dir, fderef(floor), target, actual, weight, gr, ge, gl, fderef(r), fderef(earned), fderef(lost))
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if n != 4*2*15*14*14*3 {
		t.Fatalf("%d cases", n)
	}
	if r, ok := completionRatio(&snapAttr{rule: "linear"}, nil, 0); !ok || r != 0 {
		t.Fatal("a missing value must complete 0")
	}
	t.Logf("%d cases, %d left to SQL", n, declined)
}

// TestRound2MatchesDuckDB compares round2 with half2 (SPEC §3.2's rounding
// in DuckDB) and the nano-points of losses with DuckDB's round on many
// doubles, halves included.
func TestRound2MatchesDuckDB(t *testing.T) {
	s := mustOpen(t)
	rows, err := s.db.Query(`SELECT x, ` + half2("x") + `, round(x * 1e9)::BIGINT FROM (
		SELECT (random() - 0.3) * 10 ^ (i % 5) AS x FROM range(20000) t(i)
		UNION ALL SELECT i / 1000.0 + 0.005 FROM range(-3000, 3000) t(i)
		UNION ALL SELECT i / 8.0 FROM range(-800, 800) t(i))`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var x, r float64
		var nanos int64
		if err := rows.Scan(&x, &r, &nanos); err != nil {
			t.Fatal(err)
		}
		if math.Float64bits(round2(x)) != math.Float64bits(r) || int64(math.Round(float64(x*1e9))) != nanos {
			t.Fatalf("round(%v): Go %v %d, DuckDB %v %d", x, round2(x), int64(math.Round(x*1e9)), r, nanos)
		}
		n++
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	t.Logf("%d values", n)
}

func fderef(p *float64) any {
	if p == nil {
		return nil
	}
	return *p
}

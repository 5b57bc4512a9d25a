package queries

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// oldVisSQL is the visible set as first written (UNION ALL and GROUP BY):
// the reference the semi-join visibility must match exactly.
func oldVisSQL(sc Scope) (string, []any) {
	if sc.All {
		return "SELECT code AS unit_code, true AS named FROM units", nil
	}
	if sc.Unit == "" {
		return "SELECT NULL::VARCHAR AS unit_code, false AS named WHERE false", nil
	}
	parts := []string{"SELECT ?::VARCHAR AS unit_code, true AS named"}
	args := []any{sc.Unit}
	if sc.Subtree {
		parts = append(parts, "SELECT descendant, true FROM unit_tree WHERE ancestor = ?")
		args = append(args, sc.Unit)
	}
	if sc.PeersNamed || sc.PeersAnon {
		parts = append(parts, fmt.Sprintf("SELECT code, %t FROM units WHERE grp = (SELECT grp FROM units WHERE code = ?)", sc.PeersNamed))
		args = append(args, sc.Unit)
	}
	return "SELECT unit_code, bool_or(named) AS named FROM (" + strings.Join(parts, " UNION ALL ") + ") WHERE unit_code IN (SELECT code FROM units) GROUP BY unit_code", args
}

// TestScopedReadsMatchReference checks, for every unit of the small
// province under each kind of scope, that the scoped reads show exactly
// the units the reference visible set holds (never more, never fewer).
func TestScopedReadsMatchReference(t *testing.T) {
	s := loadFixture(t)
	ctx := context.Background()
	all := []string{"open", "review", "final"}
	units := strs(t, s.db, "SELECT code FROM units ORDER BY sort_key")
	periods := strs(t, s.db, "SELECT period FROM periods ORDER BY ord")
	last := periods[len(periods)-1]
	groups := strs(t, s.db, "SELECT grp FROM (SELECT grp, row_number() OVER (ORDER BY grp) AS n FROM (SELECT DISTINCT grp FROM units WHERE grp IS NOT NULL)) WHERE n % 4 = 1")
	inds := strs(t, s.db, "SELECT DISTINCT indicator_code FROM applicable ORDER BY 1")
	scopes := []Scope{Everything, {Statuses: all}}
	// A sample across the tree (root, cities, counties, departments,
	// branches) keeps the test quick.
	sample := []string{"NOPE"}
	for i := 0; i < len(units); i += max(1, len(units)/10) {
		sample = append(sample, units[i])
	}
	sample = append(sample, strs(t, s.db, "SELECT code FROM units WHERE kind = 'department' ORDER BY sort_key LIMIT 1")...)
	for _, u := range sample {
		scopes = append(scopes,
			Scope{Unit: u, Subtree: true, PeersNamed: true, Statuses: all},
			Scope{Unit: u, Subtree: true, Statuses: all},
			Scope{Unit: u, PeersAnon: true, Statuses: []string{"review", "final"}},
			Scope{Unit: u, Statuses: all})
	}
	for _, sc := range scopes {
		v, args := oldVisSQL(sc)
		named := strs(t, s.db, "WITH vis AS ("+v+") SELECT u.code FROM units u JOIN vis ON vis.unit_code = u.code AND vis.named ORDER BY u.sort_key", args...)
		got, err := s.Units(ctx, sc)
		if err != nil {
			t.Fatal(err)
		}
		codes := []string{}
		for _, x := range got {
			codes = append(codes, x.Code)
		}
		if !reflect.DeepEqual(codes, named) {
			t.Fatalf("%s: units %v, want %v", sc.Key(), codes, named)
		}
		// Rankings: visible rows and which of them are named.
		own := strs(t, s.db, "SELECT grp FROM units WHERE code = ? AND grp IS NOT NULL", sc.Unit)
		for _, g := range append(own, groups...) {
			want := strs(t, s.db, "WITH vis AS ("+v+`) SELECT s.unit_code || ':' || vis.named FROM scores s JOIN units u ON u.code = s.unit_code
				JOIN vis ON vis.unit_code = s.unit_code WHERE s.period = ? AND s.grp = ? ORDER BY s.rank, u.sort_key`, append(args, last, g)...)
			r, err := s.Ranking(ctx, Scope{All: sc.All, Unit: sc.Unit, Subtree: sc.Subtree, PeersNamed: sc.PeersNamed, PeersAnon: sc.PeersAnon, Statuses: all}, last, g)
			gotR := []string{}
			if err == nil {
				for i, row := range r.Rows {
					if i < len(want) {
						code := strings.SplitN(want[i], ":", 2)[0]
						gotR = append(gotR, fmt.Sprintf("%s:%t", code, row.UnitCode != nil))
						if row.UnitCode != nil && *row.UnitCode != code {
							t.Fatalf("%s %s: row %d is %s, want %s", sc.Key(), g, i, *row.UnitCode, code)
						}
					} else {
						gotR = append(gotR, "extra")
					}
				}
			} else if !errors.Is(err, ErrNotFound) {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(gotR, want) {
				t.Fatalf("%s %s: ranking %v, want %v", sc.Key(), g, gotR, want)
			}
		}
		// Losses under each named visible root, and an indicator's values.
		roots := named
		if len(roots) > 4 {
			roots = []string{named[0], named[1], named[len(named)/2], named[len(named)-1]}
		}
		for _, root := range roots {
			// The expectation sums the raw losses and rounds them here, by
			// decimal digits (independent of the production half2).
			q := "WITH vis AS (" + v + `) SELECT r.indicator_code, sum(r.lost), count(DISTINCT r.unit_code), count(*) FILTER (WHERE r.missing)
				FROM results r JOIN unit_tree t ON t.descendant = r.unit_code AND t.ancestor = ?
				JOIN vis ON vis.unit_code = r.unit_code AND vis.named WHERE r.period = ?
				GROUP BY r.indicator_code`
			want := expectedLosses(t, s, q, append(args, root, last)...)
			ls, err := s.LossesByIndicator(ctx, Scope{All: sc.All, Unit: sc.Unit, Subtree: sc.Subtree, PeersNamed: sc.PeersNamed, PeersAnon: sc.PeersAnon, Statuses: all}, last, root, 1000)
			if err != nil {
				t.Fatal(err)
			}
			gotL := []string{}
			for _, l := range ls {
				gotL = append(gotL, fmt.Sprintf("%s %v %d %d", l.Code, l.Lost, l.Units, l.Missing))
			}
			if len(gotL) != len(want) {
				t.Fatalf("%s under %s: losses %v, want %v", sc.Key(), root, gotL, want)
			}
			for i := range want {
				g, w := strings.Fields(gotL[i]), strings.Fields(want[i])
				gl, _ := strconv.ParseFloat(g[1], 64)
				wl, _ := strconv.ParseFloat(w[1], 64)
				if g[0] != w[0] || gl != wl || g[2] != w[2] || g[3] != w[3] {
					t.Fatalf("%s under %s: losses %v, want %v", sc.Key(), root, gotL, want)
				}
			}
		}
		for _, ind := range inds[:min(3, len(inds))] {
			want := strs(t, s.db, "WITH vis AS ("+v+`) SELECT r.unit_code FROM results r JOIN units u ON u.code = r.unit_code
				JOIN vis ON vis.unit_code = r.unit_code AND vis.named WHERE r.indicator_code = ? AND r.period = ? ORDER BY u.sort_key`, append(args, ind, last)...)
			vals, err := s.IndicatorValues(ctx, Scope{All: sc.All, Unit: sc.Unit, Subtree: sc.Subtree, PeersNamed: sc.PeersNamed, PeersAnon: sc.PeersAnon, Statuses: all}, ind, last)
			if err != nil {
				t.Fatal(err)
			}
			gotV := []string{}
			for _, x := range vals {
				gotV = append(gotV, x.UnitCode)
			}
			if !reflect.DeepEqual(gotV, want) {
				t.Fatalf("%s %s: values %v, want %v", sc.Key(), ind, gotV, want)
			}
		}
	}
}

// expectedLosses reads (indicator, raw lost sum, units, missing) rows and
// rounds the sums as SPEC §3.2 says — to 6 decimals, then half-up to 2 —
// with decimal strings, keeping the positive ones, largest first.
func expectedLosses(t *testing.T, s *Store, q string, args ...any) []string {
	t.Helper()
	rows, err := s.db.Query(q, args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	type loss struct {
		code         string
		cents        int64
		units, missg int
	}
	var ls []loss
	for rows.Next() {
		var l loss
		var sum float64
		if err := rows.Scan(&l.code, &sum, &l.units, &l.missg); err != nil {
			t.Fatal(err)
		}
		// 6 decimals as text, then half-up on the micro units.
		micro, err := strconv.ParseInt(strings.Replace(strconv.FormatFloat(sum, 'f', 6, 64), ".", "", 1), 10, 64)
		if err != nil {
			t.Fatal(err)
		}
		if micro <= 0 {
			continue
		}
		l.cents = (micro + 5000) / 10000
		ls = append(ls, l)
	}
	sort.Slice(ls, func(i, j int) bool {
		if ls[i].cents != ls[j].cents {
			return ls[i].cents > ls[j].cents
		}
		return ls[i].code < ls[j].code
	})
	out := make([]string, len(ls))
	for i, l := range ls {
		out[i] = fmt.Sprintf("%s %d.%02d %d %d", l.code, l.cents/100, l.cents%100, l.units, l.missg)
	}
	return out
}

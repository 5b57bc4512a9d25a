package queries

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"jixiao/data"
)

// TestExplain checks SPEC §10.3 against the model: the numbers of the §3.1
// computation, the target's origin, the version, the batch (its SHA-256
// computed here from the file), an upheld appeal with the value it
// replaced, the quarter's adjustments, and 404 outside the scope.
func TestExplain(t *testing.T) {
	s, m := mustOpen(t), loadModel(t)
	ctx := context.Background()
	dir := fixtureDir(t)
	var values *Batch
	for _, k := range []data.Kind{data.KindUnits, data.KindIndicators, data.KindValues, data.KindAdjustments} {
		b := mustImport(t, s, k, filepath.Join(dir, string(k)+".csv"))
		if k == data.KindValues {
			values = b
		}
	}
	raw, err := os.ReadFile(filepath.Join(dir, "values.csv"))
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(raw)
	version := func(code, p string) mInd {
		for _, i := range m.valid(p) {
			if i.code == code {
				return i
			}
		}
		t.Fatalf("no version of %s in %s", code, p)
		return mInd{}
	}
	// the first applicable value missing in 2025Q3
	var missU, missI string
	for _, u := range m.units {
		for _, i := range m.valid("2025Q3") {
			if _, ok := m.vals[[3]string{i.code, u.code, "2025Q3"}]; m.applies(i, u) && !ok && missU == "" {
				missU, missI = u.code, i.code
			}
		}
	}
	cases := [][3]string{{"GX0102", "2025Q4", "D01"}, {"GX0108", "2025Q3", "D01"}, {"GX01", "2025Q4", "D03"},
		{"GX0101-B1", "2025Q3", "E04"}, {"GX0101-B1", "2025Q3", "E01"}, {"GX01-ZG", "2025Q2", "M02"}, {missU, "2025Q3", missI}}
	for _, c := range cases {
		e, err := s.Explain(ctx, Everything, c[0], c[1], c[2], "zh")
		if err != nil {
			t.Fatalf("%v: %v", c, err)
		}
		i := version(c[2], c[1])
		v, ok := m.vals[[3]string{c[2], c[0], c[1]}]
		target, from := i.target, "indicator"
		if ok && v.target != nil {
			target, from = *v.target, "value"
		}
		r := 0.0
		if ok {
			r = ratio(i, v.actual, target)
		}
		if e.Missing == ok || e.Target != target || e.TargetFrom != from || e.Weight != i.weight || math.Abs(e.Ratio-r) > 1e-6 ||
			math.Abs(e.Earned-i.weight*r) > 0.005 || math.Abs(e.Lost-(i.weight-i.weight*r)) > 0.005 {
			t.Errorf("%v: %+v, want ratio %v target %v (%s) missing %v", c, e, r, target, from, !ok)
		}
		if ok != (e.Actual != nil) || (ok && *e.Actual != v.actual) {
			t.Errorf("%v: actual %v, want %v", c, e.Actual, v.actual)
		}
		if ok != (e.Batch != nil) || (ok && (e.Batch.ID != values.ID || e.Batch.SHA256 != hex.EncodeToString(sum[:]) || e.Batch.ImportedBy != "test")) {
			t.Errorf("%v: batch %+v, want %d %x", c, e.Batch, values.ID, sum)
		}
		if strOr(e.Version.ValidFrom) != i.from || strOr(e.Version.ValidTo) != i.to {
			t.Errorf("%v: version %v–%v, want %q–%q", c, e.Version.ValidFrom, e.Version.ValidTo, i.from, i.to)
		}
		if e.Formula == "" || (!ok && !strings.Contains(e.Formula, "0.00")) {
			t.Errorf("%v: formula %q", c, e.Formula)
		}
		var wantAdj []string
		for _, a := range readCSV(t, "adjustments.csv") {
			if a[0] == c[0] && a[1] == c[1] {
				wantAdj = append(wantAdj, a[2]+" "+a[4])
			}
		}
		var gotAdj []string
		for _, a := range e.Adjustments {
			gotAdj = append(gotAdj, a.Kind+" "+a.Reason)
		}
		if strings.Join(gotAdj, ",") != strings.Join(wantAdj, ",") {
			t.Errorf("%v: adjustments %v, want %v", c, gotAdj, wantAdj)
		}
	}
	if e, _ := s.Explain(ctx, Everything, "GX01", "2025Q4", "D03", "en"); len(e.Adjustments) == 0 || !strings.Contains(e.Formula, "earned") {
		t.Errorf("GX01 2025Q4 D03 in English: %+v", e)
	}

	publish(t, s, "2025Q4")
	// Only for a unit the scope sees named; only an applicable indicator.
	city := Scope{Unit: "GX01", Subtree: true, PeersNamed: true, Statuses: []string{"open", "review", "final"}}
	staff := Scope{Unit: "GX0401-B1", PeersAnon: true, Statuses: []string{"review", "final"}}
	for _, c := range []struct {
		sc                  Scope
		unit, period, indic string
	}{{city, "GX0201", "2025Q3", "D01"}, {staff, "GX0401-B2", "2025Q4", "E01"}, {Everything, "GX0102", "2025Q3", "M01"},
		{Everything, "NOPE", "2025Q3", "D01"}, {staff, "GX0401-B1", "2025Q3", "E01"}} {
		if _, err := s.Explain(ctx, c.sc, c.unit, c.period, c.indic, "zh"); !errors.Is(err, ErrNotFound) {
			t.Errorf("%s %s %s: %v, want ErrNotFound", c.unit, c.period, c.indic, err)
		}
	}
	if _, err := s.Explain(ctx, staff, "GX0401-B1", "2025Q4", "E01", "zh"); err != nil {
		t.Errorf("staff on its own unit: %v", err)
	}
}

func strOr(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

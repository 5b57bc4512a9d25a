package queries

import (
	"context"
	"fmt"
	"math"
	"sort"
	"strings"
	"testing"

	"jixiao/data"
)

// pearson is the sample correlation, computed directly.
func pearson(x, y []float64) (float64, bool) {
	n := float64(len(x))
	var mx, my float64
	for i := range x {
		mx += x[i] / n
		my += y[i] / n
	}
	var sxy, sxx, syy float64
	for i := range x {
		sxy += (x[i] - mx) * (y[i] - my)
		sxx += (x[i] - mx) * (x[i] - mx)
		syy += (y[i] - my) * (y[i] - my)
	}
	if sxx == 0 || syy == 0 {
		return 0, false
	}
	return sxy / math.Sqrt(sxx*syy), true
}

func r6(f float64) float64 { return math.Round(f*1e6) / 1e6 }

// modelHealth is SPEC §10.2 computed on the model for the units root sees.
func modelHealth(m *model, root, p string, appeals map[string]int) map[string]string {
	out := map[string]string{}
	ratios := map[string]map[string]float64{} // indicator -> unit -> r
	valid := m.valid(p)
	for _, i := range valid {
		units, with, full := 0, 0, 0
		ratios[i.code] = map[string]float64{}
		for _, u := range m.units {
			if !m.applies(i, u) || !m.sees(root, u.code) {
				continue
			}
			units++
			if v, ok := m.vals[[3]string{i.code, u.code, p}]; ok {
				with++
				t := i.target
				if v.target != nil {
					t = *v.target
				}
				r := ratio(i, v.actual, t)
				ratios[i.code][u.code] = r
				if r == 1 {
					full++
				}
			}
		}
		if units == 0 {
			continue
		}
		flags := []string{}
		share := "null"
		if with > 0 {
			share = fmt.Sprint(r6(float64(full) / float64(with)))
			if with >= 5 && r6(float64(full)/float64(with)) >= 0.9 {
				flags = append(flags, "non_discriminating")
			}
		}
		miss := r6(1 - float64(with)/float64(units))
		if miss >= 0.2 {
			flags = append(flags, "often_missing")
		}
		ar := r6(float64(appeals[i.code]) / float64(units))
		if ar >= 0.1 {
			flags = append(flags, "often_appealed")
		}
		out[i.code] = fmt.Sprintf("units=%d with=%d share=%s missing=%v appeal=%v", units, with, share, miss, ar)
		out[i.code+" flags"] = strings.Join(flags, ",")
	}
	for _, i := range valid {
		if _, ok := out[i.code]; !ok {
			continue
		}
		var red, twin []string
		for _, j := range valid {
			if j.code == i.code {
				continue
			}
			if j.tier != i.tier && strings.TrimSpace(j.name) == strings.TrimSpace(i.name) {
				twin = append(twin, j.code)
			}
			if j.tier == i.tier {
				var x, y []float64
				for u, r := range ratios[i.code] {
					if r2, ok := ratios[j.code][u]; ok {
						x, y = append(x, r), append(y, r2)
					}
				}
				if c, ok := pearson(x, y); ok && len(x) >= 10 && r6(c) >= 0.95 {
					red = append(red, j.code)
				}
			}
		}
		sort.Strings(red)
		sort.Strings(twin)
		flags := out[i.code+" flags"]
		add := func(f string) {
			if flags != "" {
				flags += ","
			}
			flags += f
		}
		if len(red) > 0 {
			add("redundant")
		}
		if len(twin) > 0 {
			add("double_assessed")
		}
		out[i.code] += fmt.Sprintf(" redundant=%v twins=%v flags=%s", red, twin, flags)
		delete(out, i.code+" flags")
	}
	return out
}

func gotHealth(rows []IndicatorHealth) map[string]string {
	out := map[string]string{}
	for _, h := range rows {
		share := "null"
		if h.ShareFull != nil {
			share = fmt.Sprint(*h.ShareFull)
		}
		out[h.Code] = fmt.Sprintf("units=%d with=%d share=%s missing=%v appeal=%v redundant=%v twins=%v flags=%s",
			h.Units, h.WithValue, share, h.MissingRate, h.AppealRate, h.RedundantWith, h.DoubleWith, strings.Join(h.Flags, ","))
	}
	return out
}

func compareHealth(t *testing.T, label string, got, want map[string]string) {
	t.Helper()
	for k, w := range want {
		if got[k] != w {
			t.Errorf("%s %s:\n got %s\nwant %s", label, k, got[k], w)
		}
	}
	for k := range got {
		if _, ok := want[k]; !ok {
			t.Errorf("%s: unexpected row %s", label, k)
		}
	}
}

// TestHealthFixture checks every row of SPEC §10.2 on the small province
// against the model, for the whole province and a city leader's scope.
func TestHealthFixture(t *testing.T) {
	s, m := loadFixture(t), loadModel(t)
	ctx := context.Background()
	for _, tc := range modelScopes() {
		for _, p := range []string{"2024Q2", "2025Q3"} {
			rows, err := s.Health(ctx, tc.sc, p)
			if err != nil {
				t.Fatal(err)
			}
			compareHealth(t, tc.root+" "+p, gotHealth(rows), modelHealth(m, tc.root, p, nil))
		}
	}
	if _, err := s.Health(ctx, Everything, "2025"); !isParam(err, "period") {
		t.Errorf("a year: %v", err)
	}
	// Anonymised peers count in the rates and are absent from the evidence.
	publish(t, s, "2025Q3")
	staff := Scope{Unit: "GX0401-B1", PeersAnon: true, Statuses: []string{"review", "final"}}
	ev, err := s.HealthEvidence(ctx, staff, "2025Q3", "E01")
	if err != nil {
		t.Fatal(err)
	}
	peers := 0
	for _, u := range m.units {
		if u.group == m.unit["GX0401-B1"].group {
			peers++
		}
	}
	bins := 0
	for _, n := range ev.Bins {
		bins += n
	}
	if ev.Row.Units != peers || bins != 1 || len(ev.Points) > 1 {
		t.Errorf("staff evidence: %d units (want %d), %d in the distribution and %d points (want only its own)", ev.Row.Units, peers, bins, len(ev.Points))
	}
}

// TestHealthFlags builds a small county where every flag must fire: two
// execution indicators moving together over ten branches, one everybody
// meets, one missing for exactly 20 % of the branches, one appealed by 10 %
// of them, and a bureau indicator sharing a branch indicator's name.
func TestHealthFlags(t *testing.T) {
	s := mustOpen(t)
	ctx := context.Background()
	var units, vals strings.Builder
	units.WriteString("code,name,parent_code,kind,level,peer_group\nP,省局,,bureau,province,\nC,县局,P,bureau,county,\n")
	vals.WriteString("indicator_code,unit_code,period,actual,target,note\n")
	for b := 1; b <= 10; b++ {
		code := fmt.Sprintf("C-B%02d", b)
		fmt.Fprintf(&units, "%s,分局%d,C,branch,county,\n", code, b)
		fmt.Fprintf(&vals, "E1,%s,2025Q1,%d,,\nE2,%s,2025Q1,%d,,\nE3,%s,2025Q1,99,,\n", code, 50+3*b, code, 20+6*b, code)
		if b <= 8 {
			fmt.Fprintf(&vals, "E4,%s,2025Q1,%d,,\n", code, b*7)
		}
	}
	vals.WriteString("D1,C,2025Q1,90,,\nD1,P,2025Q1,80,,\n")
	inds := `code,name,system,tier,levels,unit,direction,rule,weight,target,floor,lead_dept,coop_depts,method,source,key_task,valid_from,valid_to
E1,申报准确率,admin,execution,,%,higher,linear,30,100,40,ZG,,desk,x,false,,
E2,发票核验率,admin,execution,,%,higher,linear,30,100,20,ZG,,desk,x,false,,
E3, 服务满意度 ,service,execution,,%,higher,threshold,20,95,0,NF,,desk,x,false,,
E4,欠税清缴率,admin,execution,,%,higher,linear,20,100,0,ZG,,desk,x,false,,
D1,服务满意度,service,decision,,%,higher,linear,20,100,0,NF,,desk,x,false,,
`
	mustImport(t, s, data.KindUnits, writeFile(t, "units.csv", units.String()))
	mustImport(t, s, data.KindIndicators, writeFile(t, "indicators.csv", inds))
	mustImport(t, s, data.KindValues, writeFile(t, "values.csv", vals.String()))
	publish(t, s, "2025Q1")
	if _, err := s.DB().Exec(`INSERT INTO appeals (unit_code, indicator_code, period, claimed_actual, reason, filed_by)
		VALUES ('C-B01', 'E4', '2025Q1', 100, '漏报', 'office@C')`); err != nil {
		t.Fatal(err)
	}
	rows, err := s.Health(ctx, Everything, "2025Q1")
	if err != nil {
		t.Fatal(err)
	}
	got := gotHealth(rows)
	want := map[string]string{
		"E1": "units=10 with=10 share=0 missing=0 appeal=0 redundant=[E2] twins=[] flags=redundant",
		"E2": "units=10 with=10 share=0 missing=0 appeal=0 redundant=[E1] twins=[] flags=redundant",
		"E3": "units=10 with=10 share=1 missing=0 appeal=0 redundant=[] twins=[D1] flags=non_discriminating,double_assessed",
		"E4": "units=10 with=8 share=0 missing=0.2 appeal=0.1 redundant=[] twins=[] flags=often_missing,often_appealed",
		"D1": "units=2 with=2 share=0 missing=0 appeal=0 redundant=[] twins=[E3] flags=double_assessed",
	}
	compareHealth(t, "2025Q1", got, want)
	if len(rows) != 5 || len(rows[0].Flags) == 0 || len(rows[4].Flags) == 0 {
		t.Errorf("order: flagged rows first: %v", got)
	}
	// The thresholds are settings.
	if err := s.SetSetting(ctx, "test", "health.missing_rate", "0.25"); err != nil {
		t.Fatal(err)
	}
	rows, _ = s.Health(ctx, Everything, "2025Q1")
	if g := gotHealth(rows)["E4"]; !strings.HasSuffix(g, "flags=often_appealed") {
		t.Errorf("missing rate 0.25: %s", g)
	}
}

package data

import (
	"bytes"
	"math"
	"os"
	"slices"
	"testing"
	"time"
)

// TestDemoScores scores 2025Q4 independently with SPEC §3 and checks that
// the demo looks like a real province.
func TestDemoScores(t *testing.T) {
	s := demo1(t)
	const q = "2025Q4"
	type acc struct{ earned, weight float64 }
	scores := map[string]*acc{}
	got := map[string]map[string]string{}
	for _, v := range s.values {
		if v["period"] == q {
			got[v["unit_code"]+"|"+v["indicator_code"]] = v
		}
	}
	for _, u := range s.units {
		for _, d := range s.indicators {
			if !applies(d, u, q) {
				continue
			}
			W, T, F := num(t, d["weight"]), num(t, d["target"]), num(t, d["floor"])
			if scores[u["code"]] == nil {
				scores[u["code"]] = &acc{}
			}
			scores[u["code"]].weight += W
			v := got[u["code"]+"|"+d["code"]]
			if v == nil {
				continue
			}
			A := num(t, v["actual"])
			if v["target"] != "" {
				T = num(t, v["target"])
			}
			higher := d["direction"] == "higher"
			meets := (higher && A >= T) || (!higher && A <= T)
			r := 0.0
			switch {
			case d["rule"] == "threshold" || T == F:
				if meets {
					r = 1
				}
			case higher:
				r = math.Max(0, math.Min(1, (A-F)/(T-F)))
			default:
				r = math.Max(0, math.Min(1, (F-A)/(F-T)))
			}
			scores[u["code"]].earned += W * r
		}
	}
	final := map[string]float64{}
	for code, a := range scores {
		final[code] = 100 * a.earned / a.weight
	}
	for _, a := range s.adjustments {
		if a["period"] == q && a["kind"] != "veto" {
			sign := 1.0
			if a["kind"] == "penalty" {
				sign = -1
			}
			final[a["unit_code"]] = math.Max(0, final[a["unit_code"]]+sign*num(t, a["points"]))
		}
	}
	var list []float64
	low := 0
	for _, v := range final {
		list = append(list, v)
		if v < 75 {
			low++
		}
	}
	slices.Sort(list)
	median := list[len(list)/2]
	t.Logf("2025Q4: %d units scored, min %.2f, p10 %.2f, median %.2f, p90 %.2f, max %.2f, %d below 75",
		len(list), list[0], list[len(list)/10], median, list[len(list)*9/10], list[len(list)-1], low)
	if median < 80 || median > 98 || low < 1 || list[0] < 40 {
		t.Errorf("median %.2f, %d units below 75, min %.2f", median, low, list[0])
	}
	if len(list) != len(s.units) {
		t.Errorf("%d of %d units scored", len(list), len(s.units))
	}
}

func TestDemoScale10(t *testing.T) {
	if testing.Short() {
		t.Skip("writes 2.5 million values")
	}
	start := time.Now()
	files, _, err := WriteDemo(t.TempDir(), 10)
	if err != nil {
		t.Fatal(err)
	}
	elapsed := time.Since(start)
	rows := map[Kind]int{}
	for _, k := range []Kind{KindUnits, KindValues} {
		f, err := os.Open(files[k])
		if err != nil {
			t.Fatal(err)
		}
		buf := make([]byte, 1<<20)
		for {
			n, err := f.Read(buf)
			rows[k] += bytes.Count(buf[:n], []byte{'\n'})
			if err != nil {
				break
			}
		}
		f.Close()
		rows[k]-- // header
	}
	st, _ := os.Stat(files[KindValues])
	t.Logf("scale 10: %d units, %d values (%d MB) in %v", rows[KindUnits], rows[KindValues], st.Size()>>20, elapsed)
	if rows[KindValues] < 2_000_000 {
		t.Errorf("scale 10 wrote %d values", rows[KindValues])
	}
}

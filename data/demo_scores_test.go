package data

import (
	"bytes"
	"math"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestDemoScores scores the demo's 2025Q4 independently with SPEC §3 and
// checks the numbers the store exports for it.
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
	// Rounded as SPEC §3.2: to 6 decimals, then half-up to 2, in integers.
	cents := map[string]int64{}
	var sum int64
	for code, v := range final {
		micro, err := strconv.ParseInt(strings.Replace(strconv.FormatFloat(v, 'f', 6, 64), ".", "", 1), 10, 64)
		if err != nil {
			t.Fatal(err)
		}
		cents[code] = (micro + 5000) / 10000
		sum += cents[code]
	}
	// The numbers `jixiao demo` then `jixiao export scores` gives for 2025Q4.
	for code, want := range map[string]int64{"GX": 8539, "GX03-FZ": 9194, "GX0503": 9960, "GX09-JC": 9419, "GX1102-B2": 9712, "GX1303-B7": 9022} {
		if cents[code] != want {
			t.Errorf("%s 2025Q4: %d.%02d, want %d.%02d", code, cents[code]/100, cents[code]%100, want/100, want%100)
		}
	}
	if len(cents) != 519 || sum != 4646957 {
		t.Errorf("2025Q4: %d units scored, sum of scores %d.%02d; want 519, 46469.57", len(cents), sum/100, sum%100)
	}
	if len(cents) != len(s.units) {
		t.Errorf("%d of %d units scored", len(cents), len(s.units))
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

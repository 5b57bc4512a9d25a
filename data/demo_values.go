package data

import (
	"encoding/csv"
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
)

// Value generation for the demo ledger. Every unit has a persistent quality
// (the share of points it tends to earn), a slow drift and a small trend over
// the quarters, so ranks are stable with some movement; each value adds
// noise around that level and turns it into an actual through the
// indicator's target and floor.

const (
	demoSeed        = 20250101 // PCG seed; the stream is the unit code's hash
	demoMissingRate = 0.005    // values left out of the ledger
	demoNoteRate    = 0.002    // values carrying a note
	demoTargetRate  = 0.04     // override-capable values with their own target
	demoNoise       = 0.09     // per-value noise on the achievement level
	demoMeetLevel   = 0.75     // achievement level at which a threshold is met
)

// demoWeak are units that always perform poorly (score 55–75).
var demoWeak = map[string]bool{"GX1205": true, "GX13-RJ": true, "GX1304-B3": true, "GX0702-B2": true}

// demoHash is FNV-1a of s: the per-unit random stream and indicator difficulty.
func demoHash(s string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return h
}

// demoApplicable lists, by tier and level, the indicator versions that may
// apply (validity in a quarter is checked per value).
func demoApplicable() map[string][]*demoIndicator {
	m := map[string][]*demoIndicator{}
	for i := range demoIndicators {
		d := &demoIndicators[i]
		for _, lv := range Levels {
			if d.levels == "" || demoHasItem(d.levels, lv) {
				m[d.tier+"/"+lv] = append(m[d.tier+"/"+lv], d)
			}
		}
	}
	return m
}

// demoHasItem reports whether the comma-separated list has item.
func demoHasItem(list, item string) bool {
	for _, s := range strings.Split(list, ",") {
		if strings.TrimSpace(s) == item {
			return true
		}
	}
	return false
}

// demoQuality is the persistent achievement level of a unit.
func demoQuality(code string, rng *rand.Rand) float64 {
	if demoWeak[code] || (code != "GX" && rng.Float64() < 0.025) {
		return 0.66 + 0.1*rng.Float64()
	}
	return demoClamp(0.92+0.05*rng.NormFloat64(), 0.82, 1.04)
}

func demoClamp(v, lo, hi float64) float64 { return math.Max(lo, math.Min(hi, v)) }

func writeDemoValues(w *csv.Writer, units []demoUnit) error {
	applicable := demoApplicable()
	difficulty := map[*demoIndicator]float64{}
	for i := range demoIndicators {
		d := &demoIndicators[i]
		difficulty[d] = float64(int(demoHash(d.code)%9)-4) * 0.012
	}
	rec := make([]string, 6)
	var num []byte
	for _, u := range units {
		inds := applicable[TierOfKind[u.kind]+"/"+u.level]
		rng := rand.New(rand.NewPCG(demoSeed, demoHash(u.code)))
		base := demoQuality(u.code, rng)
		trend := rng.NormFloat64() * 0.006
		drift := 0.0
		for qi, q := range demoQuarters {
			drift = 0.6*drift + rng.NormFloat64()*0.02
			level := base + drift + trend*float64(qi-4)
			for _, d := range inds {
				if !d.validIn(q) {
					continue
				}
				missing := rng.Float64() < demoMissingRate
				target, tcell := d.target, ""
				if ov, ok := demoTargetOverrides[d.code]; ok && rng.Float64() < demoTargetRate {
					target = ov[rng.IntN(len(ov))]
					tcell = strconv.FormatFloat(target, 'f', -1, 64)
				}
				z := level + difficulty[d] + rng.NormFloat64()*demoNoise
				a := demoActual(d, target, z, rng.Float64())
				note := ""
				if rng.Float64() < demoNoteRate {
					note = demoNotes[rng.IntN(len(demoNotes))]
				}
				if missing {
					continue
				}
				num = strconv.AppendFloat(num[:0], a, 'f', -1, 64)
				rec[0], rec[1], rec[2], rec[3], rec[4], rec[5] = d.code, u.code, q, string(num), tcell, note
				if err := w.Write(rec); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// demoActual turns achievement level z (1 = target, 0 = floor) into an
// actual value of d against target T, u being a uniform draw in [0, 1).
func demoActual(d *demoIndicator, T, z, u float64) float64 {
	F := d.floor
	var a float64
	meets := z >= demoMeetLevel
	switch {
	case d.rule == "threshold" && d.dir == "higher":
		if meets {
			a = T + u*(d.hi-T)
		} else {
			a = T - (T-F)*(0.05+0.6*u)
		}
	case d.rule == "threshold":
		if meets {
			a = T - u*(T-d.lo)
		} else {
			a = T + (F-T)*(0.1+0.9*u)
		}
	case d.dir == "higher":
		a = F + z*(T-F)
	default: // lower, linear or deadline
		a = F - z*(F-T)
	}
	a = demoClamp(a, d.lo, d.hi)
	step := 0.01
	if d.integer() {
		step = 1
	}
	a = math.Round(a/step) * step
	if d.rule == "threshold" && !meets { // a miss stays a miss after rounding
		if d.dir == "higher" && a >= T {
			a = T - step
		} else if d.dir == "lower" && a <= T {
			a = T + step
		}
	}
	a = math.Round(a*100) / 100
	if a == 0 {
		a = 0 // no negative zero
	}
	return a
}

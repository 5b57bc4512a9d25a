package queries

import (
	"math"
	"sort"
)

// results calls fn for every v_results_by row of unit in the quarter of
// ord, in the snapshot's order (system, indicator_code): the indicator
// version, its ledger value (nil = missing), the target in force and the
// unrounded points earned and lost.
func (sn *Snapshot) results(unit string, ord int32, fn func(a *snapAttr, v *snapValue, target, earned, lost float64)) error {
	if !sn.resultOK {
		return ErrSnapshotMiss
	}
	as := sn.appl[unit]
	for i := range as {
		ap := &as[i]
		if ord < ap.from || ord > ap.to {
			continue
		}
		a := &sn.attrs[ap.attr]
		v := sn.value(ap, ap.kbase+int64(ord))
		target := a.target // coalesce(l.target, a.target)
		if v != nil && v.hasTarget {
			target = v.target
		}
		r, ok := completionRatio(a, v, target)
		if !ok {
			return ErrSnapshotMiss
		}
		// weight * r and weight - weight * r, each product rounded to
		// float64 on its own (no fused multiply-add), as DuckDB computes them.
		earned := float64(a.weight * r)
		lost := float64(a.weight - earned)
		fn(a, v, target, earned, lost)
	}
	return nil
}

// value is the ledger row of key k (nil: none) among ap's rows.
func (sn *Snapshot) value(ap *snapAppl, k int64) *snapValue {
	if ap.hi-ap.lo > 16 {
		rows := sn.ledger[ap.lo:ap.hi]
		i := sort.Search(len(rows), func(i int) bool { return rows[i].k >= k })
		if i < len(rows) && rows[i].k == k {
			return &rows[i]
		}
		return nil
	}
	for i := ap.lo; i < ap.hi; i++ {
		if v := &sn.ledger[i]; v.k >= k {
			if v.k == k {
				return v
			}
			return nil
		}
	}
	return nil
}

// completionRatio is the SQL macro completion_ratio (SPEC §3.1) for one
// row; ok is false where the macro's answer is not modelled here (a NULL
// floor on a linear rule, a ratio of negative zero), so that the caller
// falls back to SQL rather than guess.
func completionRatio(a *snapAttr, v *snapValue, target float64) (float64, bool) {
	if v == nil {
		return 0, true
	}
	actual := v.actual
	if a.rule == "threshold" || (!a.floorNull && target == a.floor) {
		if a.rule != "deadline" && a.direction == "higher" {
			return b2f(actual >= target), true
		}
		return b2f(actual <= target), true
	}
	if a.floorNull {
		return 0, false
	}
	var x float64
	if a.rule == "linear" && a.direction == "higher" {
		x = float64(actual-a.floor) / float64(target-a.floor)
	} else {
		x = float64(a.floor-actual) / float64(a.floor-target)
	}
	if math.IsNaN(x) || (x == 0 && math.Signbit(x)) {
		return 0, false
	}
	return math.Max(0, math.Min(1, x)), true // greatest(0.0, least(1.0, x))
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// round2 is half2 in Go: SPEC §3.2's rounding (to 6 decimals, then half-up to 2).
func round2(x float64) float64 {
	if math.IsInf(x, 0) || math.IsNaN(x) || math.Abs(x) > 1e12 {
		return x
	}
	m := math.Round(x * 1e6)
	c := math.Floor((math.Abs(m) + 5000) / 10000)
	if c == 0 {
		return 0 // DuckDB has no negative zero
	}
	return math.Copysign(c, m) / 100
}

func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

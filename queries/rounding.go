package queries

import "math"

// roundTo rounds a result for display (the score itself is rounded in SQL).
func roundTo(f float64, places int) float64 {
	p := math.Pow(10, float64(places))
	return math.Round(f*p) / p
}

// half2 is SPEC §3.2's rounding of a DOUBLE expression for display and
// JSON: to 6 decimals first, then half-up to 2 in DECIMAL arithmetic (a
// DOUBLE round alone turns 1.005 into 1.00). What DECIMAL(18,6) cannot
// hold (non-finite, beyond 1e12) stays as it is.
func half2(expr string) string {
	return "(CASE WHEN abs(" + expr + ") < 1e12 THEN round(round(" + expr + ", 6)::DECIMAL(18,6), 2)::DOUBLE ELSE " + expr + " END)"
}

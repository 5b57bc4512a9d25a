package queries

import "math"

// roundTo rounds a result for display (the score itself is rounded in SQL).
func roundTo(f float64, places int) float64 {
	p := math.Pow(10, float64(places))
	return math.Round(f*p) / p
}

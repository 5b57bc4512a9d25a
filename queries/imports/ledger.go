package imports

import "strconv"

// The ledger key identifies a value by integers: k = unit id · 2²⁴ +
// indicator id · 2¹³ + quarter ord (year·4 + quarter − 1). SQL builds and
// takes it apart with the macros jx_key, jx_unit, jx_ind, jx_ord and
// jx_period (migrations 020 and 021); these constants are its limits,
// checked at import (an indicator code past keyIndicators, a quarter past
// keyOrds is refused with a message).
const (
	keyUnitMul    = 1 << 24 // k // keyUnitMul is the unit id
	keyIndMul     = 1 << 13 // (k // keyIndMul) % keyIndicators is the indicator id
	keyIndicators = 1 << 11 // indicator ids 1..2047
	keyOrds       = 1 << 13 // quarter ords 0..8191: 2047Q4 is the last quarter
)

// itoa is strconv.Itoa, for SQL text built from the constants above.
func itoa(n int) string { return strconv.Itoa(n) }

package imports

import "testing"

// TestPartialRescoresChainedPeriodByPeriod: the same chain with every
// rank run period by period (the path of a scoring of more than 2,000,000
// score rows, scoring.rankWholeRows): the fixture was scored at once,
// the partial passes and the full scorings they are compared with rank
// one period after the other.
func TestPartialRescoresChainedPeriodByPeriod(t *testing.T) {
	t.Setenv("JIXIAO_RANK_WHOLE_ROWS", "1")
	TestPartialRescoresChained(t)
}

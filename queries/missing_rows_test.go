package queries

import (
	"fmt"
	"testing"
)

// TestMissingRowsOfLargeClasses: the result rows of missing values are
// written from the mask of the values present when a class has at most 64
// indicators in a quarter (here 64: the last bit is used) and read back
// from the rows just written above that (70); both agree with the
// reference (ref_test.go) on every row, missing ones included, on a first
// import and on a second that fills some gaps and opens others.
func TestMissingRowsOfLargeClasses(t *testing.T) {
	for _, n := range []int{64, 70} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			var inds []string
			for i := 1; i <= n; i++ {
				inds = append(inds, fmt.Sprintf("I%02d,指标%d,admin,execution,,分,higher,linear,%d,100,0,ZG,,desk,manual,false,,", i, i, 1+i%3))
			}
			// B1 misses the first and the last indicator, B2 none, B3 all
			// but one, in 2025Q1; in 2025Q2 only B2 reports, every other one.
			vals := func(skip func(unit, i int) bool, period string, actual int) []string {
				var out []string
				for u := 1; u <= 3; u++ {
					for i := 1; i <= n; i++ {
						if !skip(u, i) {
							out = append(out, fmt.Sprintf("I%02d,B%d,%s,%d,,", i, u, period, actual+i%7))
						}
					}
				}
				return out
			}
			first := append(vals(func(u, i int) bool { return u == 1 && (i == 1 || i == n) || u == 3 && i != 2 }, "2025Q1", 80),
				vals(func(u, i int) bool { return u != 2 || i%2 == 0 }, "2025Q2", 90)...)
			c := ruleCase{units: countyBranches(3), indicators: csvOf(indHeader, inds...), values: csvOf(valsHeader, first...)}
			s := c.load(t)
			assertMatchesRef(t, s, c.ref())

			// B1 fills its first gap, B3 reports in 2025Q2
			second := append(vals(func(u, i int) bool { return u != 1 || i != 1 }, "2025Q1", 85),
				vals(func(u, i int) bool { return u != 3 || i%3 == 0 }, "2025Q2", 70)...)
			mustImport(t, s, "values", writeFile(t, "second.csv", csvOf(valsHeader, second...)))
			c.values = csvOf(valsHeader, append(append([]string{}, first...), second...)...)
			assertMatchesRef(t, s, c.ref())
		})
	}
}

// Package tabletest is the tests' one check of a function from string to
// string against a table of inputs and the outputs written out by hand.
package tabletest

import "testing"

// Strings checks f(in) == want for every in → want of cases, naming f in
// each failure.
func Strings(t testing.TB, name string, f func(string) string, cases map[string]string) {
	t.Helper()
	for in, want := range cases {
		if got := f(in); got != want {
			t.Errorf("%s(%q) = %q, want %q", name, in, got, want)
		}
	}
}

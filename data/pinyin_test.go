package data

import (
	"testing"

	"jixiao/data/tabletest"
)

// Initials and MatchUnit, against initials written out by hand.
func TestInitialsAndMatchUnit(t *testing.T) {
	tabletest.Strings(t, "Initials", Initials, map[string]string{
		"南宁市税务局":            "nnsswj",
		"国家税务总局来宾市税务局":      "gjswzjlbsswj",
		"GX01 征收管理科":        "gx01zsglk",
		"</script><script>": "scriptscript",
	})
	cases := []struct {
		q, code, name string
		want          bool
	}{
		{"nn", "GX01", "南宁市税务局", true},
		{"NNSS", "GX01", "南宁市税务局", true},
		{"gx01", "GX01", "南宁市税务局", true},
		{"南宁", "GX01", "南宁市税务局", true},
		{"lb", "GX01", "南宁市税务局", false},
		{"  ", "GX01", "南宁市税务局", false},
		{"n n", "GX01", "南宁市税务局", false},
	}
	for _, c := range cases {
		if got := MatchUnit(c.q, c.code, c.name); got != c.want {
			t.Errorf("MatchUnit(%q, %q, %q) = %v", c.q, c.code, c.name, got)
		}
	}
}

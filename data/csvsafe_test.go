package data

import (
	"testing"

	"jixiao/data/tabletest"
)

func TestSafeCSVCell(t *testing.T) {
	tabletest.Strings(t, "SafeCSVCell", SafeCSVCell, map[string]string{
		"=HYPERLINK(\"http://x\")": "'=HYPERLINK(\"http://x\")",
		"+1+1":                     "'+1+1",
		"-2+3":                     "'-2+3",
		"@SUM(A1)":                 "'@SUM(A1)",
		"\t=1":                     "'\t=1",
		"\r=1":                     "'\r=1",
		"百色市局":                     "百色市局",
		"a=b":                      "a=b",
		"":                         "",
	})
}

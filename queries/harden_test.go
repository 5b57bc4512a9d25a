package queries

import (
	"context"
	"errors"
	"testing"
)

// TestUnitEmptyCode: "" is no unit (it used to match the first one).
func TestUnitEmptyCode(t *testing.T) {
	s := loadFixture(t)
	if u, err := s.Unit(context.Background(), Everything, ""); !errors.Is(err, ErrNotFound) {
		t.Errorf(`Unit("") = %+v, %v; want ErrNotFound`, u, err)
	}
}

// TestEvidenceNamesLoseBidiControls: a right-to-left override cannot make
// "invoice\u202Efdp.exe" read as a PDF; the other direction marks go too.
func TestEvidenceNamesLoseBidiControls(t *testing.T) {
	for in, want := range map[string]string{
		"invoice\u202Efdp.pdf":              "invoicefdp.pdf",
		"a\u202Ab\u202Bc\u202Cd\u202De.pdf": "abcde.pdf",
		"\u2066x\u2067y\u2068z\u2069.pdf":   "xyz.pdf",
		"l\u200Er\u200Fa\u061Cb.pdf":        "lrab.pdf",
		"报告\u202E.pdf":                      "报告.pdf",
	} {
		if got := cleanFilename(in, MimePDF); got != want {
			t.Errorf("cleanFilename(%q) = %q, want %q", in, got, want)
		}
	}
}

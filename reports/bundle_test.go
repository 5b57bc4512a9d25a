package reports

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// TestBundleIsTheWholeReport: the stored page with the library put back
// is byte for byte what WriteHTML writes, it is much smaller without it,
// and both formats hold the unit's score (78.84 in expected_scores.csv).
func TestBundleIsTheWholeReport(t *testing.T) {
	s := loadFixture(t)
	q, err := build(context.Background(), s, officeScope("GX01"), "2025Q4", "GX01", "报告中心")
	if err != nil {
		t.Fatal(err)
	}
	b, err := q.Bundle()
	if err != nil {
		t.Fatal(err)
	}
	var whole bytes.Buffer
	if err := q.WriteHTML(&whole); err != nil {
		t.Fatal(err)
	}
	if got := Inline(b.HTML, b.LibAt); !bytes.Equal(got, whole.Bytes()) {
		t.Fatalf("inlined page (%d bytes) differs from WriteHTML (%d bytes)", len(got), whole.Len())
	}
	if b.HTMLSize != int64(whole.Len()) || len(b.HTML) > whole.Len()/4 {
		t.Errorf("sizes: stored %d, whole %d, recorded %d", len(b.HTML), whole.Len(), b.HTMLSize)
	}
	if !strings.Contains(string(b.HTML), `<td>本单位得分</td><td class="n">78.84</td>`) {
		t.Error("the page lacks the unit's score 78.84")
	}
	if err := checkXLSX(b.XLSX, "GX01", 78.84); err != nil {
		t.Error(err)
	}
	if err := checkXLSX(b.XLSX, "GX01", 78.85); err == nil {
		t.Error("the XLSX check accepts a wrong score")
	}
	if err := checkHTML(whole.Bytes()[:whole.Len()/2], q.Unit.Name, "78.84"); err == nil {
		t.Error("the HTML check accepts half a page")
	}
}

// TestBundleRefusesAUnitWithoutScore: no score, no report.
func TestBundleRefusesAUnitWithoutScore(t *testing.T) {
	s := loadFixture(t)
	q, err := build(context.Background(), s, officeScope("GX01"), "2025Q4", "GX01", "报告中心")
	if err != nil {
		t.Fatal(err)
	}
	q.Self = nil
	if b, err := q.Bundle(); err != ErrNoScore || b != nil {
		t.Fatalf("bundle %v, %v; want ErrNoScore", b, err)
	}
}

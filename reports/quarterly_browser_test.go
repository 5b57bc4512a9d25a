//go:build browser

package reports

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestQuarterlyPDF renders the report in headless Chromium and, when
// pdftotext is installed, checks that the Chinese text survived.
func TestQuarterlyPDF(t *testing.T) {
	if _, err := FindBrowser(); err != nil {
		t.Fatal(err)
	}
	s := loadFixture(t)
	q, err := build(context.Background(), s, officeScope("GX01"), "2025Q4", "GX01", "office")
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := q.WritePDF(context.Background(), &buf); err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(buf.Bytes(), []byte("%PDF-")) || buf.Len() < 10000 {
		t.Fatalf("not a PDF: %d bytes", buf.Len())
	}
	pdftotext, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Skip("pdftotext not installed (apt-get install poppler-utils): the PDF was rendered but its text is not checked")
	}
	path := filepath.Join(t.TempDir(), "report.pdf")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(pdftotext, "-enc", "UTF-8", path, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Join(strings.Fields(string(out)), "")
	for _, want := range []string{"国家税务总局百色市税务局", "绩效分析报告", "六大体系分析", "整改落实", "增值税政策宣传不足"} {
		if !strings.Contains(text, want) {
			t.Errorf("the PDF text lacks %q", want)
		}
	}
}

package reports

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"time"

	"github.com/chromedp/chromedp"
)

// ErrNoBrowser means no headless Chromium is installed to print PDFs.
var ErrNoBrowser = errors.New("PDF 需要 Chromium 与中文字体，请安装：apt-get install chromium fonts-noto-cjk / " +
	"PDF output needs Chromium and Chinese fonts: apt-get install chromium fonts-noto-cjk")

// browserNames are the executables tried, in order; JIXIAO_CHROMIUM overrides them.
var browserNames = []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "headless-shell"}

// FindBrowser returns the path of a headless-capable Chromium, or ErrNoBrowser.
func FindBrowser() (string, error) {
	if p := os.Getenv("JIXIAO_CHROMIUM"); p != "" {
		if _, err := os.Stat(p); err == nil {
			return p, nil
		}
	}
	for _, n := range browserNames {
		if p, err := exec.LookPath(n); err == nil {
			return p, nil
		}
	}
	return "", ErrNoBrowser
}

// PDFTimeout bounds one rendering.
const PDFTimeout = 60 * time.Second

// WritePDF renders the HTML report in headless Chromium and prints it to
// A4 PDF, after the page's charts have drawn.
func (q *Quarterly) WritePDF(ctx context.Context, w io.Writer) error {
	var page bytes.Buffer
	if err := q.WriteHTML(&page); err != nil {
		return err
	}
	pdf, err := HTMLToPDF(ctx, page.Bytes())
	if err != nil {
		return err
	}
	_, err = w.Write(pdf)
	return err
}

// HTMLToPDF prints a self-contained report page (WriteHTML's, or a stored
// one with its library inlined) to A4 PDF in a fresh headless Chromium.
// When ctx ends (the client went away, the time ran out) the browser and
// every process it started are killed.
func HTMLToPDF(ctx context.Context, html []byte) ([]byte, error) {
	browser, err := FindBrowser()
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "jixiao-report-*")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	page := filepath.Join(dir, "report.html")
	if err := os.WriteFile(page, html, 0o600); err != nil {
		return nil, err
	}
	pdf, err := printPDF(ctx, browser, "file://"+page)
	if err != nil {
		return nil, fmt.Errorf("PDF: %w", err)
	}
	return pdf, nil
}

// printPDF opens url in a fresh headless browser (no network needed) and
// prints it to A4 once the page says its charts are drawn. The profile is
// chromedp's temporary one, so that a cancelled print also kills the
// browser's children (chromedp sweeps the processes of its own profiles).
func printPDF(ctx context.Context, browser, url string) ([]byte, error) {
	ctx, cancel := context.WithTimeout(ctx, PDFTimeout)
	defer cancel()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(browser),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
	)
	actx, acancel := chromedp.NewExecAllocator(ctx, opts...)
	defer acancel()
	bctx, bcancel := chromedp.NewContext(actx)
	defer bcancel()
	if err := chromedp.Do(bctx, chromedp.Navigate(url)); err != nil {
		return nil, err
	}
	if _, err := chromedp.Run(bctx, chromedp.Poll[bool](`document.body !== null && document.body.dataset.ready === "1"`)); err != nil {
		return nil, fmt.Errorf("waiting for the charts: %w", err)
	}
	return chromedp.Run(bctx, chromedp.PrintToPDF(chromedp.PDFPaper(chromedp.PaperA4), chromedp.PDFPreferCSSPageSize(), chromedp.PDFPrintBackground()))
}

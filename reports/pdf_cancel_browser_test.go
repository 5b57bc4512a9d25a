//go:build browser

package reports

import (
	"bytes"
	"context"
	"os"
	"strconv"
	"testing"
	"time"
)

// browserPIDs are the processes started by this test process's chromedp
// (their command line names a chromedp-runner profile) and still alive.
func browserPIDs() map[int]bool {
	out := map[int]bool{}
	entries, _ := os.ReadDir("/proc")
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		cmd, err := os.ReadFile("/proc/" + e.Name() + "/cmdline")
		if err == nil && bytes.Contains(cmd, []byte("chromedp-runner")) {
			out[pid] = true
		}
	}
	return out
}

// TestBrowserPDFCancelKillsChromium: a render whose context ends (the
// client went away) returns at once, and no Chromium process it started
// is left running.
func TestBrowserPDFCancelKillsChromium(t *testing.T) {
	if _, err := FindBrowser(); err != nil {
		t.Fatal(err)
	}
	before := browserPIDs()
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(3*time.Second, cancel)
	t0 := time.Now()
	// The page never says its charts are drawn: only the cancel ends it.
	_, err := HTMLToPDF(ctx, []byte("<!doctype html><html><body>never ready</body></html>"))
	if err == nil {
		t.Fatal("a cancelled render returned a PDF")
	}
	if took := time.Since(t0); took > 8*time.Second {
		t.Errorf("the cancelled render returned after %v", took)
	}
	deadline := time.Now().Add(3 * time.Second)
	for {
		left := 0
		for pid := range browserPIDs() {
			if !before[pid] {
				left++
			}
		}
		if left == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d Chromium processes left running after the cancel", left)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

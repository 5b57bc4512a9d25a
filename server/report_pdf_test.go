package server

import (
	"bufio"
	"bytes"
	"context"
	"net"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"jixiao/queries"
)

// fakePDF is a renderer without Chromium: it holds each render until
// released (or cancelled) and counts them.
type fakePDF struct {
	release   chan struct{}
	started   chan string // the page of each render, as it starts
	running   atomic.Int32
	most      atomic.Int32
	renders   atomic.Int32
	cancelled atomic.Int32
}

func newFakePDF() *fakePDF {
	return &fakePDF{release: make(chan struct{}), started: make(chan string, 16)}
}

func (f *fakePDF) render(ctx context.Context, html []byte) ([]byte, error) {
	n := f.running.Add(1)
	defer f.running.Add(-1)
	for {
		m := f.most.Load()
		if n <= m || f.most.CompareAndSwap(m, n) {
			break
		}
	}
	f.renders.Add(1)
	f.started <- string(html)
	select {
	case <-f.release:
		return []byte("%PDF-1.4 fake"), nil
	case <-ctx.Done():
		f.cancelled.Add(1)
		return nil, ctx.Err()
	}
}

func pdfPath(unit string) string {
	return "/api/reports/quarterly?period=2025Q3&format=pdf&unit=" + unit
}

// TestPDFRenderingIsBounded (issue 17): one render at a time here; a
// user's second PDF while the first renders is 429; a request beyond the
// queue is 503 at once, one that waits too long 503 after the wait, each
// with a plain message; a finished PDF is kept and the same request is
// answered without rendering again.
func TestPDFRenderingIsBounded(t *testing.T) {
	st := loadFixture(t, "")
	s := newTestServer(t, st, func(c *Config) { c.PDFConcurrency, c.PDFQueue, c.PDFWait = 1, 1, 400*time.Millisecond })
	f := newFakePDF()
	s.renderPDF = f.render
	ck := map[string]string{}
	for _, u := range []string{"leader", "office", "committee", "city_leader"} {
		ck[u] = mustLogin(t, s, u)
	}
	var wg sync.WaitGroup
	first := make(chan resp, 1)
	wg.Add(1)
	go func() {
		defer wg.Done()
		first <- do(t, s, req{method: "GET", path: pdfPath("GX01"), cookie: ck["leader"]})
	}()
	if page := <-f.started; !strings.Contains(page, "百色") {
		t.Errorf("the render got a page without GX01's name")
	}
	if r := do(t, s, req{method: "GET", path: pdfPath("GX02"), cookie: ck["leader"]}); r.code != 429 || !bytes.Contains(r.body, []byte("正在生成")) {
		t.Errorf("the leader's second PDF: %d %s, want 429", r.code, r.body)
	}
	waiting := make(chan resp, 1)
	wg.Add(1)
	go func() {
		defer wg.Done()
		waiting <- do(t, s, req{method: "GET", path: pdfPath("GX03"), cookie: ck["office"]})
	}()
	time.Sleep(100 * time.Millisecond) // the office's request waits in the queue
	if r := do(t, s, req{method: "GET", path: pdfPath("GX04"), cookie: ck["committee"]}); r.code != 503 || r.headers.Get("Retry-After") == "" {
		t.Errorf("a PDF beyond the queue: %d %s, want 503 with Retry-After", r.code, r.body)
	}
	if r := <-waiting; r.code != 503 || !bytes.Contains(r.body, []byte("繁忙")) {
		t.Errorf("a PDF that waited past the wait: %d %s, want 503", r.code, r.body)
	}
	close(f.release)
	if r := <-first; r.code != 200 || !bytes.HasPrefix(r.body, []byte("%PDF")) || r.headers.Get("Content-Type") != "application/pdf" {
		t.Fatalf("the first PDF: %d %q", r.code, r.body)
	}
	wg.Wait()
	if m := f.most.Load(); m != 1 {
		t.Errorf("%d renders at once, want at most 1", m)
	}
	before := f.renders.Load()
	if r := do(t, s, req{method: "GET", path: pdfPath("GX01"), cookie: ck["leader"]}); r.code != 200 || f.renders.Load() != before {
		t.Errorf("the same PDF again: %d, %d renders more (want it kept)", r.code, f.renders.Load()-before)
	}
	if r := do(t, s, req{method: "GET", path: pdfPath("GX0201"), cookie: ck["city_leader"]}); r.code != 404 {
		t.Errorf("a PDF outside the scope: %d, want 404", r.code)
	}
}

// TestPDFReusesTheStoredReport: when the report centre's stored report of
// the quarter is current and the user receives it, its page is printed,
// once for all its readers.
func TestPDFReusesTheStoredReport(t *testing.T) {
	t.Parallel() // its own store and server
	st := loadFixture(t, "")
	s := newTestServer(t, st)
	f := newFakePDF()
	close(f.release)
	s.renderPDF = f.render
	ctx := context.Background()
	v, err := st.DataVersion(ctx)
	if err != nil {
		t.Fatal(err)
	}
	body := []byte("<html><body>stored report of GX01</body></html>")
	at := int64(len(body))
	err = st.SaveReport(ctx, queries.ReportBuild{Period: "2025Q3", UnitCode: "GX01", DataVersion: v, By: "test", Names: []string{"GX01"},
		Files: []queries.ReportFileBody{{Format: "html", Body: body, LibAt: &at, Size: at}}})
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range []string{"city_leader", "leader"} {
		if r := do(t, s, req{method: "GET", path: pdfPath("GX01"), cookie: mustLogin(t, s, u)}); r.code != 200 {
			t.Fatalf("%s: %d %s", u, r.code, r.body)
		}
	}
	if n := f.renders.Load(); n != 1 {
		t.Errorf("%d renders for two readers of one stored report, want 1", n)
	}
	if page := <-f.started; !strings.HasPrefix(page, "<html><body>stored report of GX01</body></html>") {
		t.Errorf("the render got %q, not the stored page", page[:min(len(page), 80)])
	}
}

// TestPDFCancelledWhenClientLeaves: a client that closes its connection
// while its PDF renders ends the render (the browser is killed with its
// context), over a real TCP connection.
func TestPDFCancelledWhenClientLeaves(t *testing.T) {
	st := loadFixture(t, "")
	s := newTestServer(t, st)
	f := newFakePDF()
	s.renderPDF = f.render
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go s.App().Listener(ln)
	defer s.App().Shutdown()
	cookie := mustLogin(t, s, "leader")
	conn, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	hr, _ := http.NewRequest("GET", "http://"+ln.Addr().String()+pdfPath("GX01"), nil)
	hr.AddCookie(&http.Cookie{Name: sessionCookie, Value: cookie})
	w := bufio.NewWriter(conn)
	if err := hr.Write(w); err != nil || w.Flush() != nil {
		t.Fatal(err)
	}
	select {
	case <-f.started:
	case <-time.After(20 * time.Second):
		t.Fatal("the render did not start")
	}
	conn.Close()
	deadline := time.Now().Add(3 * time.Second)
	for f.cancelled.Load() == 0 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if f.cancelled.Load() != 1 {
		t.Error("the render went on after the client left")
	}
}

// TestWatchGoneWaitsForTheClient: a connected client is never taken for
// gone; a closed one is noticed within a few checks.
func TestWatchGoneWaitsForTheClient(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	client, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	server, err := ln.Accept()
	if err != nil {
		t.Fatal(err)
	}
	defer server.Close()
	gone := make(chan struct{})
	stop := watchGone(server, 20*time.Millisecond, func() { close(gone) })
	defer stop()
	client.Write([]byte("x")) // pending data is not a close
	select {
	case <-gone:
		t.Fatal("a connected client was taken for gone")
	case <-time.After(300 * time.Millisecond):
	}
	client.Close()
	select {
	case <-gone:
	case <-time.After(2 * time.Second):
		t.Fatal("a closed client was not noticed")
	}
}

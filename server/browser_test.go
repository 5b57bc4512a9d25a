//go:build browser

package server

// Browser tests: the real server on 127.0.0.1 with the demo province, read
// by Debian's Chromium through chromedp. Run with
//
//	go test -tags browser -count=1 -run Browser ./server/
//
// They skip when /usr/bin/chromium is absent, and write 1920×1080
// screenshots of every page to ../screenshots/ (gitignored).

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"jixiao/data"
	"jixiao/queries"
	"jixiao/queries/demo"
	"jixiao/queries/fixture"
	"jixiao/queries/imports"
)

const chromiumPath = "/usr/bin/chromium"

// hostileName is what the test renames a city to: imported text that
// would run script if any page treated it as markup.
const hostileName = `</script><script>alert(1)</script>`

var screenshotDir = filepath.Join("..", "screenshots")

// demoStore is an in-memory store with the demo province (demo.Load, as
// the command seeds it, without the workflow items), its periods
// published as the demo does, and a folder for the test's own files.
func demoStore(t *testing.T) (*queries.Store, string) {
	t.Helper()
	st := fixture.Open(t, "", queries.Open)
	if _, err := demo.Load(context.Background(), st, 1, demo.Options{}); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	return st, dir
}

// demoServer serves the demo province (with 来宾市 GX13 renamed to
// hostileName by a units import) on a random local port.
func demoServer(t *testing.T) (base string) {
	t.Helper()
	st, dir := demoStore(t)
	ctx := context.Background()
	rename := filepath.Join(dir, "rename.csv")
	csv := "code,name,parent_code,kind,level,peer_group\nGX13," + hostileName + ",GX,bureau,city,\n"
	if err := os.WriteFile(rename, []byte(csv), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := imports.Import(ctx, st, data.KindUnits, rename, imports.Options{User: "test"}); err != nil {
		t.Fatalf("rename: %v", err)
	}
	// The report centre's run is left queued (browser_reports_test.go runs one).
	return serveLocal(t, Config{Store: st, NoWarm: true, NoReports: true}, nil)
}

// serveLocal serves cfg (its log discarded) on a random local port until
// the test ends, after ready (when given) has run on the new server, and
// returns the base address.
func serveLocal(t *testing.T, cfg Config, ready func(*Server)) string {
	t.Helper()
	cfg.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	srv, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if ready != nil {
		ready(srv)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.App().Listener(ln)
	t.Cleanup(func() {
		_ = srv.App().Shutdown()
		srv.Close()
	})
	return "http://" + ln.Addr().String()
}

// demoBrowser is a browser signed in as user on a fresh demoServer, and
// the server's base address.
func demoBrowser(t *testing.T, user string) (*browser, string) {
	t.Helper()
	base := demoServer(t)
	b := newBrowser(t, base)
	b.signIn(base, user)
	return b, base
}

// browser is one Chromium with a fresh profile, and what it saw.
type browser struct {
	t    *testing.T
	ctx  context.Context
	host string

	mu       sync.Mutex
	problems []string // console errors, exceptions, foreign requests, dialogs
	status   map[string]int64
	failing  map[string]bool // URLs expected to answer an error status
}

// expect404 tells whether a log entry is the expected failure of a page
// the test opens to see it refused (404, 403).
func (b *browser) expect404(e *cdplog.Entry) bool {
	return b.failing[e.URL]
}

// openFailing opens a page that must answer status, as the browser shows it.
func (b *browser) openFailing(u string, status int64) {
	b.t.Helper()
	b.mu.Lock()
	b.failing[u] = true
	b.mu.Unlock()
	if st := b.open(u); st != status {
		b.t.Errorf("%s: status %d, want %d", u, st, status)
	}
}

func jsString(s string) string {
	q, _ := json.Marshal(s)
	return string(q)
}

// slide is the number of the meeting slide on screen.
func (b *browser) slide() string {
	b.t.Helper()
	a, err := chromedp.Run(b.ctx, chromedp.AttributeValue(chromedp.CSS("body"), "data-slide"))
	if err != nil {
		b.t.Fatal(err)
	}
	return a.Value
}

func (b *browser) key(k string) {
	b.t.Helper()
	if err := chromedp.Do(b.ctx, chromedp.KeyEvent(k)); err != nil {
		b.t.Fatal(err)
	}
}

func newBrowser(t *testing.T, base string) *browser {
	t.Helper()
	if _, err := os.Stat(chromiumPath); err != nil {
		t.Skip("no Chromium at " + chromiumPath)
	}
	u, _ := url.Parse(base)
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromiumPath),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1920, 1080),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("hide-scrollbars", true),
	}
	b := &browser{t: t, host: u.Host, status: map[string]int64{}, failing: map[string]bool{}}
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelC := chromedp.NewContext(actx, chromedp.WithListener(b.listen))
	ctx, cancelT := context.WithTimeout(ctx, 3*time.Minute)
	t.Cleanup(func() { cancelT(); cancelC(); cancelA() })
	b.ctx = ctx
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1920, 1080)); err != nil {
		t.Fatal(err)
	}
	return b
}

func (b *browser) problem(format string, args ...any) {
	b.mu.Lock()
	b.problems = append(b.problems, fmt.Sprintf(format, args...))
	b.mu.Unlock()
}

func (b *browser) listen(ev any) {
	switch e := ev.(type) {
	case *runtime.EventConsoleAPICalled:
		if e.Type == runtime.ConsoleAPICalledTypeError || e.Type == runtime.ConsoleAPICalledTypeAssert {
			var parts []string
			for _, a := range e.Args {
				parts = append(parts, string(a.Value)+a.Description)
			}
			b.problem("console.%s: %s", e.Type, strings.Join(parts, " "))
		}
	case *runtime.EventExceptionThrown:
		d := e.ExceptionDetails
		desc := ""
		if d.Exception != nil {
			desc = d.Exception.Description
		}
		b.problem("exception: %s %s at %s:%d", d.Text, desc, d.URL, d.LineNumber+1)
	case *cdplog.EventEntryAdded:
		if e.Entry.Level == cdplog.EntryLevelError && !b.expect404(e.Entry) {
			b.problem("log %s: %s %s", e.Entry.Source, e.Entry.Text, e.Entry.URL)
		}
	case *network.EventRequestWillBeSent:
		u, err := url.Parse(e.Request.URL)
		if err == nil && u.Scheme != "data" && u.Scheme != "blob" && u.Host != b.host {
			b.problem("request to another host: %s", e.Request.URL)
		}
	case *network.EventResponseReceived:
		b.mu.Lock()
		b.status[e.Response.URL] = e.Response.Status
		b.mu.Unlock()
	case *page.EventJavascriptDialogOpening:
		b.problem("dialog opened: %s %q", e.Type, e.Message)
		go chromedp.Call(b.ctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: false})
	}
}

// check fails the test with whatever went wrong since the last check.
func (b *browser) check(what string) {
	b.t.Helper()
	b.mu.Lock()
	ps := b.problems
	b.problems = nil
	b.mu.Unlock()
	for _, p := range ps {
		b.t.Errorf("%s: %s", what, p)
	}
}

// open loads a page and returns its HTTP status.
func (b *browser) open(u string) int64 {
	b.t.Helper()
	resp, err := chromedp.Run(b.ctx, chromedp.NavigateResponse(u))
	if err != nil {
		b.t.Fatalf("open %s: %v", u, err)
	}
	return resp.Status
}

// paintedJS counts, per visible chart, the canvas pixels that are not
// transparent: an ECharts canvas is transparent until it draws.
const paintedJS = `(() => {
  const out = [];
  document.querySelectorAll('[data-chart]').forEach(el => {
    if (el.closest('[hidden]')) return;
    const c = el.querySelector('canvas');
    let n = 0;
    if (c && c.width && c.height) {
      const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++;
    }
    out.push({id: el.getAttribute('data-chart'), ready: !!el.getAttribute('data-ready'), pixels: n});
  });
  return out;
})()`

type chartPaint struct {
	ID     string `json:"id"`
	Ready  bool   `json:"ready"`
	Pixels int    `json:"pixels"`
}

// waitPainted waits until every visible chart has drawn, then lets the
// entry animations finish; it fails for a chart still blank after 15 s.
func (b *browser) waitPainted(what string, wantCharts int) {
	b.t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	var got []chartPaint
	for {
		var err error
		if got, err = chromedp.Run(b.ctx, chromedp.Evaluate[[]chartPaint](paintedJS)); err != nil {
			b.t.Fatalf("%s: %v", what, err)
		}
		ok := len(got) >= wantCharts
		for _, c := range got {
			ok = ok && c.Ready && c.Pixels > 500
		}
		if ok {
			break
		}
		if time.Now().After(deadline) {
			b.t.Errorf("%s: charts not painted: %+v (want at least %d)", what, got, wantCharts)
			return
		}
		time.Sleep(150 * time.Millisecond)
	}
	time.Sleep(1200 * time.Millisecond) // the entry animation, for the screenshot
}

// shot writes a 1920×1080 screenshot.
func (b *browser) shot(name string) {
	b.t.Helper()
	buf, err := chromedp.Run(b.ctx, chromedp.CaptureScreenshot())
	if err != nil {
		b.t.Fatalf("screenshot %s: %v", name, err)
	}
	if err := os.MkdirAll(screenshotDir, 0o755); err != nil {
		b.t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(screenshotDir, name+".png"), buf, 0o644); err != nil {
		b.t.Fatal(err)
	}
	// JIXIAO_FULL_SHOTS=DIR also writes whole-page screenshots there, for review.
	if dir := os.Getenv("JIXIAO_FULL_SHOTS"); dir != "" {
		full, err := chromedp.Run(b.ctx, chromedp.FullScreenshot(100))
		if err == nil {
			_ = os.MkdirAll(dir, 0o755)
			_ = os.WriteFile(filepath.Join(dir, name+".png"), full, 0o644)
		}
	}
}

// signIn uses the login form as a person would.
func (b *browser) signIn(base, user string) {
	b.t.Helper()
	if st := b.open(base + "/login"); st != 200 {
		b.t.Fatalf("/login: %d", st)
	}
	b.shot("login")
	err := chromedp.Do(b.ctx,
		chromedp.SendKeys(chromedp.CSS(`input[name=username]`), user),
		chromedp.SendKeys(chromedp.CSS(`input[name=password]`), data.DemoPassword),
		chromedp.Click(chromedp.CSS(`button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`main#main`)),
	)
	path := ""
	if err == nil {
		path, err = chromedp.Run(b.ctx, chromedp.Evaluate[string](`location.pathname`))
	}
	if err != nil || path != "/" {
		b.t.Fatalf("sign in as %s: %v (at %q)", user, err, path)
	}
	b.check("sign in " + user)
}

func (b *browser) text(sel string) string {
	b.t.Helper()
	s, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](`document.querySelector(`+jsString(sel)+`).textContent`))
	if err != nil {
		b.t.Fatalf("text %s: %v", sel, err)
	}
	return s
}

// metricsJS measures a loaded page: the bytes of the document and of its
// resources but ECharts (cached for a year once loaded), and the first
// contentful paint.
const metricsJS = `(() => {
  const nav = performance.getEntriesByType('navigation')[0];
  let wire = nav ? nav.transferSize : 0, body = nav ? nav.decodedBodySize : 0;
  performance.getEntriesByType('resource').forEach(r => {
    if (!/echarts/.test(r.name)) { wire += r.transferSize; body += r.decodedBodySize; }
  });
  const fcp = performance.getEntriesByName('first-contentful-paint')[0];
  return {wire: wire, body: body, fcp: fcp ? fcp.startTime : -1, ttfb: nav ? nav.responseStart : -1};
})()`

type pageMetrics struct {
	Wire int     `json:"wire"`
	Body int     `json:"body"`
	FCP  float64 `json:"fcp"`
	TTFB float64 `json:"ttfb"`
}

// visit opens a page, expects 200 and painted charts, checks for problems,
// its weight (< 300 KB without ECharts) and first paint (< 1 s), and takes
// its screenshot. The first load reads a cold cache (logged); the paint is
// judged on a reload, as a user meets the page once the server has warmed
// its cache.
func (b *browser) visit(base, path, name string, charts int) {
	b.t.Helper()
	if st := b.open(base + path); st != 200 {
		b.t.Errorf("%s: status %d", path, st)
	}
	b.waitPainted(path, charts)
	cold := b.metrics()
	if st := b.open(base + path); st != 200 {
		b.t.Errorf("%s: status %d on reload", path, st)
	}
	b.waitPainted(path, charts)
	m := b.metrics()
	b.t.Logf("%-32s %5.1f KB (%5.1f KB on the wire) · first byte %4.0f ms, first paint %4.0f ms · cold cache: %4.0f / %4.0f ms",
		path, float64(m.Body)/1024, float64(cold.Wire)/1024, m.TTFB, m.FCP, cold.TTFB, cold.FCP)
	if m.Body > 300*1024 {
		b.t.Errorf("%s: %d bytes without ECharts (limit 300 KB)", path, m.Body)
	}
	if m.FCP < 0 || m.FCP > 1000 {
		b.t.Errorf("%s: first contentful paint %.0f ms (limit 1 s)", path, m.FCP)
	}
	b.shot(name)
	b.check(path)
}

func (b *browser) metrics() pageMetrics {
	b.t.Helper()
	m, err := chromedp.Run(b.ctx, chromedp.Evaluate[pageMetrics](metricsJS))
	if err != nil {
		b.t.Fatal(err)
	}
	return m
}

func TestBrowserLeader(t *testing.T) {
	b, base := demoBrowser(t, "leader")
	b.visit(base, "/", "leader-overview", 7)
	if h := b.text("h1"); !strings.Contains(h, "广西") {
		t.Errorf("overview heading %q", h)
	}
	b.visit(base, "/?period=2025", "leader-overview-year", 4)
	b.visit(base, "/units/GX01", "leader-unit-city", 6)
	b.visit(base, "/units/GX0101-B1", "leader-unit-branch", 5)
	b.visit(base, "/indicators/D04", "leader-indicator", 2)
	b.visit(base, "/?lang=en", "leader-overview-en", 7)
	if h := b.text(".nav a"); h != "Overview" {
		t.Errorf("English navigation %q", h)
	}
	b.open(base + "/?lang=zh")
	b.waitPainted("/?lang=zh", 7)

	// The hostile name is text: in the heading, the breadcrumbs and the
	// overview's table, and no dialog ever opened (check fails on one).
	b.visit(base, "/units/GX13", "leader-unit-hostile-name", 5)
	if h := b.text("h1"); h != hostileName {
		t.Errorf("renamed unit's heading = %q, want the name as text", h)
	}
	b.visit(base, "/", "leader-overview-hostile", 7)
	if txt := b.text("#card-children"); !strings.Contains(txt, hostileName) {
		t.Error("the renamed unit should be listed by its name, as text")
	}

	// The smaller wall screen and laptop of many bureaus.
	if err := chromedp.Do(b.ctx, chromedp.EmulateViewport(1366, 768)); err != nil {
		t.Fatal(err)
	}
	b.visit(base, "/units/GX01", "leader-unit-city-1366x768", 6)
	b.visit(base, "/", "leader-overview-1366x768", 7)
	if err := chromedp.Do(b.ctx, chromedp.EmulateViewport(1920, 1080)); err != nil {
		t.Fatal(err)
	}

	b.openFailing(base+"/units/NOPE", 404)
	b.shot("not-found")
	b.check("404")
}

func TestBrowserMeeting(t *testing.T) {
	b, base := demoBrowser(t, "leader")
	if st := b.open(base + "/meeting?period=2025Q4"); st != 200 {
		t.Fatalf("/meeting: %d", st)
	}
	n, err := chromedp.Run(b.ctx, chromedp.Evaluate[int](`document.querySelectorAll('section.slide').length`))
	if err != nil {
		t.Fatal(err)
	}
	if n < 6 {
		t.Fatalf("slides = %d", n)
	}
	charts := []int{1, 1, 1, 2, 2, 0}
	for i := 0; i < n; i++ {
		if got := b.slide(); got != fmt.Sprint(i+1) {
			t.Fatalf("after %d × ArrowRight: slide %q", i, got)
		}
		want := 0
		if i < len(charts) {
			want = charts[i]
		}
		b.waitPainted(fmt.Sprintf("slide %d", i+1), want)
		b.shot(fmt.Sprintf("meeting-%d", i+1))
		b.check(fmt.Sprintf("slide %d", i+1))
		b.key(kb.ArrowRight)
	}
	if got := b.slide(); got != "1" {
		t.Errorf("after the last slide: %q, want to wrap to 1", got)
	}
	b.key(kb.ArrowLeft)
	if got := b.slide(); got != fmt.Sprint(n) {
		t.Errorf("ArrowLeft from the first: %q, want %d", got, n)
	}
	b.key(" ")
	if got := b.slide(); got != "1" {
		t.Errorf("space: %q, want 1", got)
	}
	if err := chromedp.Do(b.ctx, chromedp.EmulateViewport(1366, 768)); err != nil {
		t.Fatal(err)
	}
	b.key(kb.ArrowRight)
	b.waitPainted("slide 2 at 1366×768", 1)
	b.shot("meeting-2-1366x768")
	if err := chromedp.Do(b.ctx, chromedp.EmulateViewport(1920, 1080)); err != nil {
		t.Fatal(err)
	}
	// Auto-advance moves on by itself.
	b.open(base + "/meeting?period=2025Q4&auto=5")
	time.Sleep(5600 * time.Millisecond)
	if got := b.slide(); got != "2" {
		t.Errorf("auto=5 after 5.6 s: slide %q, want 2", got)
	}
	b.check("meeting")
}

func TestBrowserDepartment(t *testing.T) {
	b, base := demoBrowser(t, "dept")
	b.visit(base, "/", "dept-overview", 6)
	stats := b.text(".stats")
	if !strings.Contains(stats, "第") || !strings.Contains(stats, "名 / 共 8 个") {
		t.Errorf("a department sees its rank as 第 N 名 / 共 8 个: %q", stats)
	}
	// Peers are anonymous: the ranking's data block names no other unit.
	block := b.text("#chart-ranking")
	for _, peer := range []string{"GX01-NF", "纳税服务科", "GX01-SZ", "税政科"} {
		if strings.Contains(block, peer) {
			t.Errorf("the ranking names a peer: %s", peer)
		}
	}
	if !strings.Contains(block, "第1名") && !strings.Contains(block, "★") {
		t.Errorf("anonymised labels missing: %s", block)
	}
	b.visit(base, "/units/GX01-ZG", "dept-unit", 4)
	b.openFailing(base+"/units/GX01-NF", 404)
	b.openFailing(base+"/meeting", 403)
	b.check("department")
}

//go:build browser

package server

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/xuri/excelize/v2"
)

// overflowJS lists the text elements under root that do not fit their
// box: text wider than the element, an element cut by a scrolling or
// hidden-overflow ancestor, or one that leaves the screen.
const overflowJS = `((root) => {
  const bad = [];
  const vw = innerWidth, vh = innerHeight;
  const sel = 'h1, h2, li, figcaption, th, td, .stat-label, .stat-value, .stat-note, .slide-kicker, .slide-empty, .slide-foot span, .deck-nav button, .deck-nav a, .deck-nav span';
  root.querySelectorAll(sel).forEach(el => {
    if (el.closest('[hidden]')) return;
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) return;
    const txt = el.tagName + ' ' + el.textContent.trim().replace(/\s+/g, ' ').slice(0, 40);
    if (el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).display !== 'inline') bad.push('text wider than its box: ' + txt);
    if (r.left < -1 || r.top < -1 || r.right > vw + 1 || r.bottom > vh + 1) bad.push('off screen: ' + txt + ' ' + JSON.stringify([r.left, r.top, r.right, r.bottom].map(Math.round)));
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      const s = getComputedStyle(p);
      if (s.overflowX !== 'visible' || s.overflowY !== 'visible') {
        const q = p.getBoundingClientRect();
        if (r.bottom > q.bottom + 1 || r.right > q.right + 1 || r.top < q.top - 1 || r.left < q.left - 1) bad.push('cut by its box: ' + txt);
        break;
      }
    }
  });
  return bad;
})`

// overflows reports the text under the selector that does not fit.
func (b *browser) overflows(what, sel string) {
	b.t.Helper()
	got, err := chromedp.Run(b.ctx, chromedp.Evaluate[[]string](overflowJS+`(document.querySelector(`+jsString(sel)+`))`))
	if err != nil {
		b.t.Fatalf("%s: %v", what, err)
	}
	for _, g := range got {
		b.t.Errorf("%s: %s", what, g)
	}
}

func (b *browser) viewport(w, h int64) {
	b.t.Helper()
	if err := chromedp.Do(b.ctx, chromedp.EmulateViewport(w, h)); err != nil {
		b.t.Fatal(err)
	}
}

// TestBrowserMeetingSizes shows every slide on the projectors of the
// meeting rooms: nothing cut, nothing off screen, and the deck follows
// the address's #sN.
func TestBrowserMeetingSizes(t *testing.T) {
	b, base := demoBrowser(t, "leader")
	charts := []int{1, 1, 1, 2, 2, 0}
	for _, size := range [][2]int64{{1024, 768}, {1280, 720}, {1920, 1080}} {
		b.viewport(size[0], size[1])
		name := fmt.Sprintf("%dx%d", size[0], size[1])
		b.open(base + "/meeting?period=2025Q4")
		n, err := chromedp.Run(b.ctx, chromedp.Evaluate[int](`document.querySelectorAll('section.slide').length`))
		if err != nil {
			t.Fatal(err)
		}
		for i := 0; i < n; i++ {
			if i > 0 {
				b.key(kb.ArrowRight)
			}
			want := 0
			if i < len(charts) {
				want = charts[i]
			}
			what := fmt.Sprintf("slide %d at %s", i+1, name)
			b.waitPainted(what, want)
			b.overflows(what, ".slide.active")
			b.overflows(what, ".deck-nav")
			b.shot(fmt.Sprintf("meeting-%d-%s", i+1, name))
			b.check(what)
		}
	}
	// A link to #s4, then a change of the hash, moves the deck.
	b.open(base + "/")
	b.open(base + "/meeting?period=2025Q4#s4")
	if got := b.slide(); got != "4" {
		t.Errorf("opened at #s4: slide %q", got)
	}
	if _, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](`location.hash = '#s2'`)); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(b.ctx, chromedp.Poll[bool](`document.body.getAttribute('data-slide') === '2'`, chromedp.WithPollingTimeout(3*time.Second))); err != nil {
		t.Errorf("after the hash changed to #s2: slide %q: %v", b.slide(), err)
	}
	// Slide 1 says which units its figures count.
	b.open(base + "/meeting?period=2025Q4")
	if s := b.text("#slide-summary .slide-kicker"); !strings.Contains(s, "下属 14 个税务局") {
		t.Errorf("slide 1's figures do not say what they count: %q", s)
	}
	b.check("meeting")
}

// phoneJS measures a page on a phone: how wide the document is, and
// whether the period selector and the logout button lie on the screen.
const phoneJS = `(() => {
  const on = sel => { const e = document.querySelector(sel); if (!e) return true;
    const r = e.getBoundingClientRect(); return r.width > 0 && r.left >= 0 && r.right <= innerWidth; };
  return {width: document.scrollingElement.scrollWidth, inner: innerWidth,
    period: on('#period-select'), logout: on('[data-logout]')};
})()`

type phoneMetrics struct {
	Width  int  `json:"width"`
	Inner  int  `json:"inner"`
	Period bool `json:"period"`
	Logout bool `json:"logout"`
}

// TestBrowserPhone reads every reader page on a 390×844 phone: no
// horizontal scrolling, the period selector and logout on screen, charts
// drawn at the phone's width.
func TestBrowserPhone(t *testing.T) {
	b, base := demoBrowser(t, "leader")
	b.viewport(390, 844)
	pages := []struct {
		path, name string
		charts     int
	}{
		{"/", "overview", 7}, {"/units/GX01", "unit-city", 6}, {"/units/GX0101-B1", "unit-branch", 5},
		{"/indicators/D04", "indicator", 2}, {"/appeals", "appeals", 0}, {"/rectifications", "rectifications", 0},
		{"/meetings", "meetings", 0}, {"/?lang=en", "overview-en", 7},
	}
	for _, p := range pages {
		if st := b.open(base + p.path); st != 200 {
			t.Errorf("%s: status %d", p.path, st)
		}
		b.waitPainted(p.path, p.charts)
		m, err := chromedp.Run(b.ctx, chromedp.Evaluate[phoneMetrics](phoneJS))
		if err != nil {
			t.Fatal(err)
		}
		if m.Width > m.Inner {
			wide, _ := chromedp.Run(b.ctx, chromedp.Evaluate[[]string](wideJS))
			t.Errorf("%s at 390×844: the page is %d px wide (screen %d): it scrolls sideways: %v", p.path, m.Width, m.Inner, wide)
		}
		if !m.Period || !m.Logout {
			t.Errorf("%s at 390×844: period selector on screen %v, logout on screen %v", p.path, m.Period, m.Logout)
		}
		b.shot("phone-" + p.name)
		b.check(p.path)
	}
}

// wideJS names the elements that stick out of the screen, for a failing
// phone test's message.
const wideJS = `(() => {
  const out = [];
  document.querySelectorAll('body *').forEach(e => {
    const r = e.getBoundingClientRect();
    if (r.right > innerWidth + 1 && !e.closest('.table-wrap, .scroll, .nav, [data-chart]'))
      out.push(e.tagName + '.' + e.className + ' ' + Math.round(r.right));
  });
  return out.slice(0, 8);
})()`

// tableJS drives the first table of the units below: sorted by rank when
// the page opens, filtered by a name, and its XLSX and CSV downloads as
// base64, built from what it then shows.
const tableJS = `(async () => {
  const card = document.querySelector('#card-children');
  const table = card.querySelector('table.data');
  const names = () => Array.from(table.tBodies[0].rows).filter(r => !r.hidden).map(r => r.cells[0].textContent.trim());
  const ranks = Array.from(table.tBodies[0].rows).map(r => parseInt(r.cells[3].textContent, 10));
  const before = names();
  const th = table.tHead.rows[0].cells[2];
  th.click();
  const asc = Array.from(table.tBodies[0].rows).map(r => parseFloat(r.cells[2].textContent));
  th.click();
  const desc = Array.from(table.tBodies[0].rows).map(r => parseFloat(r.cells[2].textContent));
  const f = card.querySelector('.table-filter');
  f.value = before[1];
  f.dispatchEvent(new Event('input'));
  const filtered = names();
  const b64 = async blob => { const buf = new Uint8Array(await blob.arrayBuffer()); let s = ''; buf.forEach(c => s += String.fromCharCode(c)); return btoa(s); };
  const shown = window.jixiaoTables.shown(table);
  const toolbox = (() => { const el = document.querySelector('[data-chart="chart-ranking"]');
    const o = echarts.getInstanceByDom(el).getOption(); return !!(o.toolbox && o.toolbox[0].feature.saveAsImage); })();
  return {ranks, before, asc, desc, filtered, tools: card.querySelectorAll('[data-download]').length,
    xlsx: await b64(window.jixiaoXLSX(shown)), csv: await b64(window.jixiaoTables.toCSV(shown)), toolbox};
})()`

type tableRun struct {
	Ranks    []int     `json:"ranks"`
	Before   []string  `json:"before"`
	Asc      []float64 `json:"asc"`
	Desc     []float64 `json:"desc"`
	Filtered []string  `json:"filtered"`
	Tools    int       `json:"tools"`
	XLSX     string    `json:"xlsx"`
	CSV      string    `json:"csv"`
	Toolbox  bool      `json:"toolbox"`
}

// TestBrowserTables works a table as an office would: in rank order, sorted
// by score both ways, filtered to one unit, and downloaded as XLSX (Chinese
// headers, numeric score) and CSV (with a BOM) holding exactly that row.
func TestBrowserTables(t *testing.T) {
	b, base := demoBrowser(t, "leader")
	b.visit(base, "/?period=2025Q4", "leader-overview-tables", 7)
	got, err := chromedp.Run(b.ctx, chromedp.Evaluate[tableRun](tableJS, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(err)
	}
	if !sort.IntsAreSorted(got.Ranks) || len(got.Ranks) != 14 {
		t.Errorf("the cities' table opens in rank order, one peer group: ranks %v", got.Ranks)
	}
	if !sort.Float64sAreSorted(got.Asc) || len(got.Desc) == 0 || got.Desc[0] < got.Desc[len(got.Desc)-1] {
		t.Errorf("sorted by score: ascending %v, descending %v", got.Asc, got.Desc)
	}
	if len(got.Filtered) != 1 || got.Filtered[0] != got.Before[1] {
		t.Errorf("filtered by %q: %v", got.Before[1], got.Filtered)
	}
	if got.Tools != 2 || !got.Toolbox {
		t.Errorf("download buttons %d (want 2), chart save-as-image %v", got.Tools, got.Toolbox)
	}
	raw, _ := base64.StdEncoding.DecodeString(got.XLSX)
	f, err := excelize.OpenReader(bytes.NewReader(raw))
	if err != nil {
		t.Fatalf("the XLSX does not open: %v", err)
	}
	rows, err := f.GetRows("Sheet1")
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 || rows[0][0] != "单位" || rows[0][2] != "得分" || rows[1][0] != got.Before[1] {
		t.Errorf("XLSX rows %q: want the Chinese header and the one row shown", rows)
	}
	if typ, _ := f.GetCellType("Sheet1", "C2"); typ != excelize.CellTypeUnset && typ != excelize.CellTypeNumber {
		t.Errorf("the score cell is of type %v, want a number", typ)
	}
	if v, _ := f.GetCellValue("Sheet1", "C2", excelize.Options{RawCellValue: true}); v == "" {
		t.Error("no score in C2")
	}
	csv, _ := base64.StdEncoding.DecodeString(got.CSV)
	if !bytes.HasPrefix(csv, []byte("\xef\xbb\xbf单位,")) || bytes.Count(csv, []byte("\r\n")) != 2 {
		t.Errorf("CSV: %q", csv)
	}
	b.check("tables")
}

// TestBrowserPicker files an appeal's unit as an office would: typing
// pinyin initials in the picker narrows ~500 units to the matches and the
// units above them, and picks the first.
func TestBrowserPicker(t *testing.T) {
	b, base := demoBrowser(t, "office")
	if st := b.open(base + "/appeals"); st != 200 {
		t.Fatalf("/appeals: %d", st)
	}
	err := chromedp.Do(b.ctx,
		chromedp.SendKeys(chromedp.CSS(`form.wf-form .picker-search`), "lbsjzsglk"),
	)
	if err != nil {
		t.Fatal(err)
	}
	type pick struct {
		Value   string `json:"value"`
		Text    string `json:"text"`
		Visible int    `json:"visible"`
		All     int    `json:"all"`
		Period  string `json:"period"`
	}
	got, err := chromedp.Run(b.ctx, chromedp.Evaluate[pick](`(() => {
	  const s = document.querySelector('form.wf-form select[data-picker]');
	  const o = Array.from(s.options);
	  return {value: s.value, text: s.selectedOptions[0].textContent.trim(), visible: o.filter(x => !x.hidden).length, all: o.length,
	    period: document.querySelector('form.wf-form select[name=period]').tagName};
	})()`))
	if err != nil {
		t.Fatal(err)
	}
	// 来宾市局征收管理科 (GX13-ZG in the demo) under 广西 and 来宾市局: three rows shown
	if got.Text != "来宾市局征收管理科" || got.Visible != 3 || got.All < 400 {
		t.Errorf("picker after typing lbsjzsglk: %+v", got)
	}
	b.shot("appeal-picker")
	b.check("picker")
}

// TestBrowserImportDryRun uploads a values file from the imports page
// through the progress bar: the dry run shows its preview, nothing is
// stored, and a rejected file's errors come with their downloads.
func TestBrowserImportDryRun(t *testing.T) {
	b, base := demoBrowser(t, "office")
	dir := t.TempDir()
	good := filepath.Join(dir, "values.csv")
	bad := filepath.Join(dir, "bad.csv")
	os.WriteFile(good, []byte("indicator_code,unit_code,period,actual,target,note\nD01,GX01,2025Q4,10,,\n"), 0o644)
	os.WriteFile(bad, []byte("indicator_code,unit_code,period,actual,target,note\nD01,NOPE,2025Q4,abc,,\n"), 0o644)
	b.open(base + "/imports")
	batches := func() int {
		n, err := chromedp.Run(b.ctx, chromedp.Evaluate[int](`document.querySelectorAll('#import-history tbody tr').length`))
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	history := batches()
	err := chromedp.Do(b.ctx,
		chromedp.SetUploadFiles(chromedp.CSS(`#import-values input[type=file]`), []string{good}),
		chromedp.Click(chromedp.CSS(`#import-values button[name=dry_run]`)),
		chromedp.WaitVisible(chromedp.CSS(`#import-preview`)),
	)
	if err != nil {
		t.Fatalf("dry run: %v", err)
	}
	if txt := b.text("#import-preview"); !strings.Contains(txt, "替换行1") || !strings.Contains(txt, "导入后") {
		t.Errorf("preview: %q", txt)
	}
	b.shot("import-dry-run")
	if got := batches(); got != history {
		t.Errorf("the batch history has %d batches after a dry run, %d before", got, history)
	}
	err = chromedp.Do(b.ctx,
		chromedp.SetUploadFiles(chromedp.CSS(`#import-values input[type=file]`), []string{bad}),
		chromedp.Click(chromedp.CSS(`#import-values button:not([name])`)),
		chromedp.WaitVisible(chromedp.CSS(`#import-errors`)),
	)
	if err != nil {
		t.Fatalf("rejected upload: %v", err)
	}
	n, err := chromedp.Run(b.ctx, chromedp.Evaluate[int](`document.querySelectorAll('#import-errors [data-download]').length`))
	if err != nil || n != 2 {
		t.Errorf("the error list's downloads: %d (%v)", n, err)
	}
	b.mu.Lock()
	b.problems = nil // the 422 of the rejected upload is expected
	b.mu.Unlock()
}

// TestBrowserPrintOverview prints the overview to A4: two charts a page,
// not a page a chart (it was 9 mostly empty pages).
func TestBrowserPrintOverview(t *testing.T) {
	b, base := demoBrowser(t, "leader")
	b.visit(base, "/?period=2025Q4", "leader-overview-print", 7)
	pdf, err := chromedp.Run(b.ctx, chromedp.PrintToPDF(chromedp.PDFPaper(chromedp.PaperA4), chromedp.PDFLandscape(), chromedp.PDFPreferCSSPageSize()))
	if err != nil {
		t.Fatal(err)
	}
	pages := bytes.Count(pdf, []byte("/Type /Page\n")) + bytes.Count(pdf, []byte("/Type /Page ")) + bytes.Count(pdf, []byte("/Type /Page/"))
	if pages == 0 {
		pages = len(regexp.MustCompile(`/Type\s*/Page[^s]`).FindAll(pdf, -1))
	}
	os.WriteFile(filepath.Join(screenshotDir, "leader-overview-print.pdf"), pdf, 0o644)
	// the charts two a page, then the table cards (a page each at most)
	type cards struct {
		Charts int `json:"charts"`
		Tables int `json:"tables"`
	}
	// a table takes a page per 20 rows (A4 landscape at 12 px); page 1
	// also holds the heading and the key figures, so one chart less
	n, err := chromedp.Run(b.ctx, chromedp.Evaluate[cards](`({charts: document.querySelectorAll('.card [data-chart]').length,
	  tables: Array.from(document.querySelectorAll('.card table.data')).reduce((n, t) => n + Math.ceil(t.rows.length / 20), 0)})`))
	if err != nil {
		t.Fatal(err)
	}
	limit := 1 + n.Charts/2 + n.Tables
	if pages == 0 || pages > limit {
		t.Errorf("the printed overview has %d pages, want at most %d (%d charts two a page, %d tables)", pages, limit, n.Charts, n.Tables)
	}
	t.Logf("printed overview: %d pages (%d charts, %d tables)", pages, n.Charts, n.Tables)
}

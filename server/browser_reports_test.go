//go:build browser

package server

import (
	"fmt"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// reportsDemoServer is the demo province with its review quarter's
// reports generated (the job's run done before serving).
func reportsDemoServer(t *testing.T) string {
	t.Helper()
	st, _ := demoStore(t)
	return serveLocal(t, Config{Store: st, NoWarm: true, NoReports: true, ReportDuty: 1}, func(srv *Server) { srv.reports.runWaiting() })
}

// TestBrowserReportCard: the overview's 报告中心 card and /reports render at
// 1024×768 and on a 390×844 phone without horizontal overflow, in Chinese
// and English; the badge counts the new reports, and a visit of /reports
// clears it.
func TestBrowserReportCard(t *testing.T) {
	base := reportsDemoServer(t)
	b := newBrowser(t, base)
	b.signIn(base, "city_leader")
	type card struct {
		Badge  string `json:"badge"`
		Items  int    `json:"items"`
		Width  int    `json:"width"`
		Inner  int    `json:"inner"`
		Right  int    `json:"right"`
		Height int    `json:"height"`
	}
	measure := `(() => {
	  const c = document.querySelector('#report-center');
	  if (!c) return {items: -1};
	  const badge = c.querySelector('.rc-badge');
	  const r = c.getBoundingClientRect();
	  let right = 0;
	  c.querySelectorAll('*').forEach(e => { const q = e.getBoundingClientRect(); if (q.width) right = Math.max(right, q.right); });
	  return {badge: badge ? badge.textContent.trim() : '', items: c.querySelectorAll('.rc-item').length,
	    width: document.scrollingElement.scrollWidth, inner: innerWidth, right: Math.round(Math.max(right, r.right)), height: Math.round(r.height)};
	})()`
	sizes := [][2]int64{{1024, 768}, {390, 844}}
	overview := func(what string) card {
		t.Helper()
		got, err := chromedp.Run(b.ctx, chromedp.Evaluate[card](measure))
		if err != nil {
			t.Fatal(err)
		}
		if got.Width > got.Inner || got.Right > got.Inner {
			t.Errorf("%s: the page is %d px wide, the card reaches %d px, on a %d px screen", what, got.Width, got.Right, got.Inner)
		}
		b.wider(what, "#report-center")
		b.check(what)
		return got
	}
	for _, lang := range []string{"zh", "en"} {
		for _, size := range sizes {
			what := fmt.Sprintf("overview %s %dx%d", lang, size[0], size[1])
			b.viewport(size[0], size[1])
			b.open(base + "/?lang=" + lang)
			// 南宁 and its 8 counties: 9 reports, all new, the latest 5 listed.
			if got := overview(what); got.Badge != "9" || got.Items != 5 {
				t.Errorf("%s: badge %q, %d items; want 9 and 5", what, got.Badge, got.Items)
			}
			b.shot(fmt.Sprintf("report-card-%s-%dx%d", lang, size[0], size[1]))
		}
	}
	for _, lang := range []string{"zh", "en"} {
		for _, size := range sizes {
			what := fmt.Sprintf("/reports %s %dx%d", lang, size[0], size[1])
			b.viewport(size[0], size[1])
			b.open(base + "/reports?lang=" + lang)
			w, err := chromedp.Run(b.ctx, chromedp.Evaluate[[]int](`[document.scrollingElement.scrollWidth, innerWidth, document.querySelectorAll('#report-list .rc-item').length]`))
			if err != nil {
				t.Fatal(err)
			}
			if w[0] > w[1] || w[2] != 9 {
				t.Errorf("%s: %d px wide on %d px, %d reports listed (want 9)", what, w[0], w[1], w[2])
			}
			b.wider(what, "#report-list")
			b.shot(fmt.Sprintf("reports-%s-%dx%d", lang, size[0], size[1]))
			b.check(what)
		}
	}
	// The visit was recorded (reports.js posts it): no badge any more.
	b.viewport(390, 844)
	deadline := time.Now().Add(5 * time.Second)
	for {
		b.open(base + "/")
		got := overview("overview after the visit")
		if got.Badge == "" && got.Items == 5 {
			break
		}
		if time.Now().After(deadline) {
			t.Errorf("after visiting /reports: badge %q, %d items", got.Badge, got.Items)
			break
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// widerJS lists the text under root wider than its box or reaching past
// the screen's sides (a long list may go below the fold: it scrolls).
const widerJS = `((root) => {
  const bad = [];
  root.querySelectorAll('h2, li, a, span, div, p').forEach(el => {
    const r = el.getBoundingClientRect();
    if (r.width === 0) return;
    const txt = el.tagName + ' ' + el.textContent.trim().replace(/\s+/g, ' ').slice(0, 40);
    if (el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).display !== 'inline') bad.push('text wider than its box: ' + txt);
    if (r.left < -1 || r.right > innerWidth + 1) bad.push('past the screen: ' + txt + ' ' + JSON.stringify([r.left, r.right].map(Math.round)));
  });
  return bad;
})`

// wider reports what under sel does not fit the width.
func (b *browser) wider(what, sel string) {
	b.t.Helper()
	got, err := chromedp.Run(b.ctx, chromedp.Evaluate[[]string](widerJS+`(document.querySelector(`+jsString(sel)+`))`))
	if err != nil {
		b.t.Fatalf("%s: %v", what, err)
	}
	for _, g := range got {
		b.t.Errorf("%s: %s", what, g)
	}
}

//go:build browser

package server

import (
	"fmt"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestBrowserSources uses /sources as the administrator would: adds a
// source and a pull through the forms, tests the connection, previews and
// runs (the source is down: plain messages), reads the history; at 1280
// and 390 px, in Chinese and English.
func TestBrowserSources(t *testing.T) {
	b, base := demoBrowser(t, "admin")
	b.viewport(1280, 800)
	if st := b.open(base + "/sources"); st != 200 {
		t.Fatalf("/sources: %d", st)
	}
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	waitText := func(sel, want string) {
		t.Helper()
		deadline := time.Now().Add(20 * time.Second)
		for time.Now().Before(deadline) {
			s, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](`(() => { const e = document.querySelector(`+jsString(sel)+`); return e && !e.closest('[hidden]') ? e.textContent : '' })()`))
			if err == nil && strings.Contains(s, want) {
				return
			}
			time.Sleep(200 * time.Millisecond)
		}
		t.Fatalf("%s never showed %q: %q", sel, want, b.text(sel))
	}
	err := chromedp.Do(b.ctx,
		chromedp.SendKeys(chromedp.CSS(`#source-form input[name=name]`), "征管数据仓库"),
		chromedp.SendKeys(chromedp.CSS(`#source-form input[name=dsn]`), fmt.Sprintf("postgres://jx_reader@127.0.0.1:%d/taxsys?sslmode=disable", port)),
		chromedp.SendKeys(chromedp.CSS(`#source-form input[name=password]`), "Secret-Never-Shown-1"),
		chromedp.Click(chromedp.CSS(`#source-form button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`#pull-form`)),
		chromedp.SendKeys(chromedp.CSS(`#pull-form input[name=name]`), "季度台账"),
		chromedp.SendKeys(chromedp.CSS(`#pull-form textarea[name=query]`), "SELECT indicator_code, unit_code, period, actual FROM ledger_export WHERE period = :period"),
		chromedp.SendKeys(chromedp.CSS(`#pull-form input[name=schedule]`), "0 2 * * *"),
		chromedp.Click(chromedp.CSS(`#pull-form button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-run]`)),
	)
	if err != nil {
		t.Fatal(err)
	}
	html, _ := chromedp.Run(b.ctx, chromedp.OuterHTML(chromedp.CSS("html")))
	if strings.Contains(html, "Secret-Never-Shown-1") {
		t.Error("the page holds the password")
	}
	chromedp.Do(b.ctx, chromedp.Click(chromedp.CSS(`[data-test]`)))
	waitText("#src-msg", "无法连接")
	chromedp.Do(b.ctx, chromedp.Click(chromedp.CSS(`[data-run][data-dry]`)))
	waitText("#src-result-body", "失败")
	waitText("#src-result-title", "预览")
	chromedp.Do(b.ctx, chromedp.Click(chromedp.CSS(`[data-history]`)))
	waitText("#src-result-body", "还没有运行记录")
	chromedp.Do(b.ctx, chromedp.Click(chromedp.CSS(`[data-run]:not([data-dry])`)))
	waitText("#src-result-body", "无法连接")
	time.Sleep(3 * time.Second) // the page reloads with the run
	chromedp.Do(b.ctx, chromedp.WaitVisible(chromedp.CSS(`[data-history]`)), chromedp.Click(chromedp.CSS(`[data-history]`)))
	waitText("#src-result-body", "手动")
	b.shot("sources-1280-history")
	chromedp.Run(b.ctx, chromedp.Evaluate[bool](`window.scrollTo(0, 0), true`))
	b.shot("sources-1280")
	for _, lang := range []string{"zh", "en"} {
		b.viewport(390, 844)
		if st := b.open(base + "/sources?lang=" + lang); st != 200 {
			t.Fatalf("/sources: %d", st)
		}
		m, err := chromedp.Run(b.ctx, chromedp.Evaluate[phoneMetrics](phoneJS))
		if err != nil {
			t.Fatal(err)
		}
		if m.Width > m.Inner {
			wide, _ := chromedp.Run(b.ctx, chromedp.Evaluate[[]string](wideJS))
			t.Errorf("/sources?lang=%s at 390×844: %d px wide: %v", lang, m.Width, wide)
		}
		b.shot("phone-sources-" + lang)
	}
	if h := b.text("h1"); h != "Sources and pulls" {
		t.Errorf("English title %q", h)
	}
	b.check("/sources")
}

//go:build browser

package server

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"jixiao/queries"
)

// collectionDemo serves the demo province with 2025Q4 back to open (the
// office took it back from review) and returns the store.
func collectionDemo(t *testing.T) (string, *queries.Store) {
	t.Helper()
	st, _ := demoStore(t)
	if err := st.SetPeriodStatus(context.Background(), "test", "2025Q4", "open"); err != nil {
		t.Fatal(err)
	}
	return serveLocal(t, Config{Store: st, NoWarm: true, NoReports: true}, nil), st
}

// settle opens u once the page's own reload (after a form's call) is
// done: a navigation that the reload aborts is tried again.
func (b *browser) settle(u string) {
	b.t.Helper()
	for i := 0; ; i++ {
		resp, err := chromedp.Run(b.ctx, chromedp.NavigateResponse(u))
		if err == nil && resp.Status == 200 {
			return
		}
		if i == 5 {
			b.t.Fatalf("open %s: %v", u, err)
		}
		time.Sleep(500 * time.Millisecond)
	}
}

func (b *browser) do(what string, actions ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	if err := chromedp.Do(b.ctx, actions...); err != nil {
		b.t.Fatalf("%s: %v", what, err)
	}
}

// TestBrowserCollection is SPEC §12 as a county bureau and the province
// office live it, at 1280 px: declare, be returned, correct, be accepted,
// see the score move; explain the quarter once published and find the
// text on the unit page, in the meeting and in the report; then the
// pages on a 390 px phone.
func TestBrowserCollection(t *testing.T) {
	base, st := collectionDemo(t)
	ctx := context.Background()
	county, office := newBrowser(t, base), newBrowser(t, base)
	county.signIn(base, "county_leader")
	office.signIn(base, "office")
	county.viewport(1280, 800)
	office.viewport(1280, 800)
	before, err := st.Breakdown(ctx, queries.Everything, "GX0101", "2025Q4")
	if err != nil {
		t.Fatal(err)
	}
	sub := func() *queries.Submission {
		list, err := st.Submissions(ctx, queries.Everything, "2025Q4")
		if err != nil {
			t.Fatal(err)
		}
		for i := range list {
			if list[i].UnitCode == "GX0101" {
				return &list[i]
			}
		}
		return nil
	}
	status := func(want string) func() bool {
		return func() bool { s := sub(); return s != nil && s.Status == want }
	}
	// 1. the county declares two values and submits
	county.open(base + "/submissions?period=2025Q4")
	county.shot("collect-form")
	county.do("declare", chromedp.SetValue(chromedp.CSS(`#card-form tbody tr:nth-child(1) input[name=actual]`), "50"),
		chromedp.SetValue(chromedp.CSS(`#card-form tbody tr:nth-child(2) input[name=actual]`), "60"),
		chromedp.Click(chromedp.CSS(`#card-form button[type=submit]`)))
	waitFor(t, "draft", status("draft"))
	county.settle(base + "/submissions?period=2025Q4")
	county.do("submit", chromedp.Click(chromedp.CSS(`#card-form button.co-step`)))
	waitFor(t, "submitted", status("submitted"))
	county.check("declare")
	// 2. the province office returns it with a comment
	office.settle(base + "/submissions?period=2025Q4")
	office.shot("collect-queue")
	id := sub().ID
	card := "#sub-" + itoa64(id)
	office.do("return", chromedp.SetValue(chromedp.CSS(card+` .co-comment`), "第二项与上季度差异过大，请核实"),
		chromedp.Click(chromedp.CSS(card+` button.danger`)))
	waitFor(t, "returned", status("returned"))
	office.check("return")
	// 3. the county sees why, corrects and submits again
	county.settle(base + "/submissions?period=2025Q4")
	if txt := county.text("#card-form"); !strings.Contains(txt, "第二项与上季度差异过大") {
		t.Errorf("the return reason is not shown to the unit: %q", txt)
	}
	county.shot("collect-returned")
	county.do("correct", chromedp.SetValue(chromedp.CSS(`#card-form tbody tr:nth-child(2) input[name=actual]`), "95"),
		chromedp.Click(chromedp.CSS(`#card-form button.co-step`)))
	waitFor(t, "submitted again", status("submitted"))
	county.check("correct")
	// 4. the office accepts: one values batch, rescored at once
	office.settle(base + "/submissions?period=2025Q4")
	office.do("accept", chromedp.Click(chromedp.CSS(card+` button.co-step`)))
	waitFor(t, "accepted", status("accepted"))
	office.check("accept")
	after, err := st.Breakdown(ctx, queries.Everything, "GX0101", "2025Q4")
	if err != nil {
		t.Fatal(err)
	}
	if after.Score == before.Score {
		t.Errorf("the score did not move: %.2f", after.Score)
	}
	t.Logf("GX0101 2025Q4: %.2f → %.2f", before.Score, after.Score)
	county.settle(base + "/units/GX0101?period=2025Q4")
	if txt := county.text("main"); !strings.Contains(txt, fmtScore(after.Score)) {
		t.Errorf("the unit page does not show the new score %s", fmtScore(after.Score))
	}
	county.shot("collect-unit-after")
	// 5. published: the county explains, the office accepts
	if err := st.SetPeriodStatus(ctx, "test", "2025Q4", "review"); err != nil {
		t.Fatal(err)
	}
	time.Sleep(2500 * time.Millisecond) // the server reads a write made beside it within 2 s
	county.settle(base + "/submissions")
	county.do("explain", chromedp.SetValue(chromedp.CSS(`#card-notes textarea[name=cause]`), hostileNote),
		chromedp.SetValue(chromedp.CSS(`#card-notes textarea[name=measures]`), "逐户复核，按月通报"),
		chromedp.Click(chromedp.CSS(`#card-notes button[type=submit]`)))
	county.check("explaining")
	waitFor(t, "explanation", func() bool {
		ns, _ := st.Explanations(ctx, queries.Everything, queries.NoteFilter{Period: "2025Q4", Unit: "GX0101"})
		return len(ns) == 1
	})
	county.check("explain")
	office.settle(base + "/submissions")
	office.do("accept explanation", chromedp.Click(chromedp.CSS(`#card-notes button.co-step`)))
	waitFor(t, "explanation accepted", func() bool {
		ns, _ := st.Explanations(ctx, queries.Everything, queries.NoteFilter{Period: "2025Q4", Unit: "GX0101", AcceptedOnly: true})
		return len(ns) == 1
	})
	office.check("accept explanation")
	// 6. the text, as text, on the unit page, in the meeting, in the report
	for _, p := range []struct{ path, sel, shot string }{
		{"/units/GX0101?period=2025Q4", "#card-notes", "collect-unit-notes"},
		{"/meeting?period=2025Q4", "#slide-notes", "collect-meeting-notes"},
	} {
		county.settle(base + p.path)
		if p.sel == "#slide-notes" { // show that slide for the screenshot
			if _, err := chromedp.Run(county.ctx, chromedp.Evaluate[string](`location.hash = '#s' + (+document.querySelector('#slide-notes').dataset.index + 1)`)); err != nil {
				t.Fatal(err)
			}
			time.Sleep(800 * time.Millisecond)
		}
		if txt := county.text(p.sel); !strings.Contains(txt, hostileNote) {
			t.Errorf("%s: the explanation is not shown as text: %q", p.path, txt)
		}
		county.shot(p.shot)
		county.check(p.path)
	}
	// the report is a download: read as the browser receives it
	html, err := chromedp.Run(county.ctx, chromedp.Evaluate[string](`fetch('/api/reports/quarterly?period=2025Q4&unit=GX0101&format=html').then(r => r.text())`,
		chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(html, "&lt;img src=x onerror=alert(1)&gt;失分原因") || strings.Contains(html, hostileNote) {
		t.Errorf("the report does not hold the explanation as escaped text")
	}
	// 7. on a phone
	county.viewport(390, 844)
	for _, p := range []string{"/submissions?period=2025Q4", "/submissions", "/units/GX0101?period=2025Q4"} {
		county.settle(base + p)
		m, err := chromedp.Run(county.ctx, chromedp.Evaluate[phoneMetrics](phoneJS))
		if err != nil {
			t.Fatal(err)
		}
		if m.Width > m.Inner {
			wide, _ := chromedp.Run(county.ctx, chromedp.Evaluate[[]string](wideJS))
			t.Errorf("%s at 390×844: %d px wide: %v", p, m.Width, wide)
		}
		county.shot("phone-collect-" + strings.NewReplacer("/", "-", "?", "-", "=", "-").Replace(p))
		county.check(p)
	}
}

func itoa64(n int64) string { return strconv.FormatInt(n, 10) }

func fmtScore(f float64) string { return strconv.FormatFloat(f, 'f', 2, 64) }

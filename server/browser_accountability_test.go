//go:build browser

package server

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// accountabilityJS reads the accountability table as a person sees it and
// fetches its XLSX download as the link would.
const accountabilityJS = `(async () => {
  const rows = Array.from(document.querySelectorAll('#accountability tbody tr'));
  const link = document.querySelector('#acc-xlsx');
  let xlsx = 0, type = '';
  if (link) { const r = await fetch(link.href); xlsx = r.status; type = r.headers.get('Content-Type') || ''; }
  return {rows: rows.length, people: rows.map(r => r.cells[0].textContent.trim()), units: rows.map(r => r.cells[1].textContent.trim()),
    chips: document.querySelectorAll('.acc-ind').length, xlsx, type};
})()`

type accountabilityRun struct {
	Rows   int      `json:"rows"`
	People []string `json:"people"`
	Units  []string `json:"units"`
	Chips  int      `json:"chips"`
	XLSX   int      `json:"xlsx"`
	Type   string   `json:"type"`
}

// TestBrowserAccountability opens /accountability as 南宁's leader and as
// 来宾's office (whose city bears a hostile name) at 1280 and 390 px, in
// Chinese and English: the people of their own bureaus only, each with
// indicator chips, the XLSX download answering, no sideways scrolling on
// the phone, and no script run from imported text.
func TestBrowserAccountability(t *testing.T) {
	base := demoServer(t)
	for _, c := range []struct{ user, own, other string }{{"city_leader", "南宁", "柳州"}, {"city_office", "script", "南宁"}} {
		b := newBrowser(t, base)
		b.signIn(base, c.user)
		for _, size := range []struct {
			w, h int64
			name string
		}{{1280, 800, "desktop"}, {390, 844, "phone"}} {
			b.viewport(size.w, size.h)
			for _, path := range []string{"/accountability?period=2025Q3&lang=zh", "/accountability?period=2025&lang=en"} {
				if st := b.open(base + path); st != 200 {
					t.Fatalf("%s %s: %d", c.user, path, st)
				}
				run, err := chromedp.Run(b.ctx, chromedp.Evaluate[accountabilityRun](accountabilityJS, chromedp.EvalAwaitPromise))
				if err != nil {
					t.Fatal(err)
				}
				if run.Rows == 0 || run.Chips < run.Rows || run.XLSX != 200 || !strings.Contains(run.Type, "spreadsheetml") {
					t.Errorf("%s %s: %+v", c.user, path, run)
				}
				for _, u := range run.Units {
					if !strings.Contains(u, c.own) && !strings.Contains(u, "兴宁") || strings.Contains(u, c.other) {
						t.Errorf("%s %s: a row of %q", c.user, path, u)
					}
				}
				if size.w == 390 {
					m, err := chromedp.Run(b.ctx, chromedp.Evaluate[phoneMetrics](phoneJS))
					if err != nil {
						t.Fatal(err)
					}
					if m.Width > m.Inner || !m.Period || !m.Logout {
						wide, _ := chromedp.Run(b.ctx, chromedp.Evaluate[[]string](wideJS))
						t.Errorf("%s %s at 390 px: %+v %v", c.user, path, m, wide)
					}
				}
				lang := "zh"
				if strings.Contains(path, "lang=en") {
					lang = "en"
				}
				b.shot("accountability-" + c.user + "-" + size.name + "-" + lang)
				b.check(path)
			}
		}
	}
}

//go:build browser

package server

import (
	"testing"

	"github.com/chromedp/chromedp"
)

// slidersJS names the what-if sliders whose label, slider and value
// overlap or run into the next slider.
const slidersJS = `(() => {
  const bad = [];
  const all = [...document.querySelectorAll('.slider')].filter(s => s.getBoundingClientRect().width > 0);
  all.forEach((s, i) => {
    const [l, r, o] = [s.querySelector('span'), s.querySelector('input'), s.querySelector('output')].map(e => e.getBoundingClientRect());
    if (l.right > r.left - 2 || r.right > o.left - 2) bad.push('slider ' + i + ' "' + s.textContent.trim() + '": its parts touch');
    const next = all[i + 1];
    if (next) {
      const a = s.getBoundingClientRect(), b = next.getBoundingClientRect();
      if (Math.abs(a.top - b.top) < 5 && b.left - a.right < 12) bad.push('slider ' + i + ' runs into the next ("' + s.textContent.trim() + next.textContent.trim() + '")');
    }
    all.forEach((t, j) => {
      if (j <= i) return;
      const a = s.getBoundingClientRect(), b = t.getBoundingClientRect();
      if (a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom) bad.push('sliders ' + i + ' and ' + j + ' overlap');
    });
  });
  if (all.length < 6) bad.push('only ' + all.length + ' sliders shown');
  return bad;
})()`

// flagsJS names the health table's flags that break across lines.
const flagsJS = `(() => {
  const bad = [];
  let n = 0;
  document.querySelectorAll('td.flags').forEach(td => {
    const node = td.firstChild;
    if (!node || node.nodeType !== 3) return;
    const text = node.textContent;
    let at = 0;
    text.split(/、|, /).forEach(part => {
      const f = part.replace(/\u200b/g, '');
      const start = text.indexOf(f, at);
      at = start + f.length;
      const r = document.createRange();
      r.setStart(node, start);
      r.setEnd(node, start + f.length);
      const tops = new Set([...r.getClientRects()].map(x => Math.round(x.top)));
      n++;
      if (tops.size > 1) bad.push('flag "' + f + '" breaks over ' + tops.size + ' lines');
    });
  });
  if (n === 0) bad.push('no flag found');
  return bad;
})()`

// TestBrowserCrampedPages: at 1440 px the what-if sliders keep label,
// slider and value apart, and no flag of the health table breaks inside
// itself ("区分度不 / 足").
func TestBrowserCrampedPages(t *testing.T) {
	b, base := demoBrowser(t, "office")
	for _, w := range []int64{1440, 1280, 1024} {
		b.viewport(w, 900)
		for _, c := range []struct{ path, js string }{
			{"/whatif?s.law=1.6&s.org=0.5&lang=zh", slidersJS},
			{"/whatif?s.law=1.6&s.org=0.5&lang=en", slidersJS},
			{"/indicators/health?lang=zh", flagsJS},
			{"/indicators/health?lang=en", flagsJS},
		} {
			if st := b.open(base + c.path); st != 200 {
				t.Fatalf("%s: %d", c.path, st)
			}
			bad, err := chromedp.Run(b.ctx, chromedp.Evaluate[[]string](c.js))
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range bad {
				t.Errorf("%s at %d px: %s", c.path, w, p)
			}
		}
	}
	b.check("cramped pages")
}

//go:build browser

package server

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
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
	base := demoServer(t)
	b := newBrowser(t, base)
	b.signIn(base, "leader")
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

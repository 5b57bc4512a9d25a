//go:build browser

package server

import (
	"fmt"
	"net/http"
	"os"
	"sort"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"jixiao/dashboards"
	"jixiao/data"
)

// navJS checks the header at the current width: no sideways scrolling,
// every top item whole and on screen, and every path given reachable:
// shown at once or in its menu once opened (clicked), whole, on screen and
// not covered. It returns the problems and the links the navigation holds.
const navJS = `((paths) => {
  const bad = [];
  const vw = document.documentElement.clientWidth, vh = innerHeight;
  if (document.documentElement.scrollWidth > vw + 1) bad.push('the page scrolls sideways: ' + document.documentElement.scrollWidth + ' > ' + vw);
  const fits = el => {
    const r = el.getBoundingClientRect();
    if (r.width < 1 || r.height < 1) return 'not shown';
    if (r.left < -1 || r.right > vw + 1 || r.top < -1 || r.bottom > vh + 1) return 'off screen ' + JSON.stringify([r.left, r.top, r.right, r.bottom].map(Math.round));
    if (el.scrollWidth > el.clientWidth + 1) return 'its text is cut';
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      const s = getComputedStyle(p);
      if (s.overflowX !== 'visible' || s.overflowY !== 'visible') {
        const q = p.getBoundingClientRect();
        if (r.right > q.right + 1 || r.left < q.left - 1 || r.bottom > q.bottom + 1 || r.top < q.top - 1) return 'cut by ' + p.tagName + '.' + p.className;
      }
    }
    const hit = document.elementFromPoint((r.left + r.right) / 2, (r.top + r.bottom) / 2);
    if (!hit || !(hit === el || el.contains(hit))) return 'covered by ' + (hit ? hit.tagName + '.' + hit.className : 'nothing');
    return '';
  };
  document.querySelectorAll('header.top .nav > a, header.top .menu > summary, header.top .bell').forEach(el => {
    const v = fits(el);
    if (v) bad.push('top item "' + el.textContent.trim() + '": ' + v);
  });
  for (const p of paths) {
    const a = document.querySelector('header.top a[href="' + p + '"]');
    if (!a) { bad.push(p + ': not in the navigation'); continue; }
    const menu = a.closest('details');
    if (menu && !menu.open) menu.querySelector('summary').click();
    const v = fits(a);
    if (v) bad.push(p + ': ' + v);
    if (menu && document.documentElement.scrollWidth > vw + 1) bad.push(p + ': its open menu makes the page scroll sideways');
    if (menu) menu.querySelector('summary').click();
  }
  const links = [...document.querySelectorAll('header.top .nav a')].map(a => a.getAttribute('href'));
  return {bad, links};
})`

type navRun struct {
	Bad   []string `json:"bad"`
	Links []string `json:"links"`
}

// allowedPages are the navigation's pages (and the inbox) that user opens
// with 200, asked over HTTP with a session of their own: independent of
// how the navigation decides.
func allowedPages(t *testing.T, base, user string) []string {
	t.Helper()
	res, err := http.Post(base+"/api/login", "application/json", strings.NewReader(`{"username":"`+user+`","password":"`+data.DemoPassword+`"}`))
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	var cookie *http.Cookie
	for _, c := range res.Cookies() {
		if c.Name == sessionCookie {
			cookie = c
		}
	}
	if cookie == nil {
		t.Fatalf("login %s: %s", user, res.Status)
	}
	var out []string
	paths := []string{"/notifications"}
	for _, p := range dashboards.NavPages {
		paths = append(paths, p.Path)
	}
	for _, p := range paths {
		req, _ := http.NewRequest("GET", base+p, nil)
		req.AddCookie(cookie)
		r, err := http.DefaultTransport.RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		r.Body.Close()
		if r.StatusCode == 200 {
			out = append(out, p)
		}
	}
	return out
}

// TestBrowserNavigation signs in as every demo role and, at 1024, 1280,
// 1440 and 1920 px and on a 390 px phone, reaches every page the role may
// open through the header (at once or in an opened menu), with no item cut
// and no sideways scrolling; the navigation offers no page the role
// cannot open.
func TestBrowserNavigation(t *testing.T) {
	base := demoServer(t)
	for _, login := range data.DemoLogins() {
		user := login.Username
		if only := os.Getenv("JIXIAO_NAV_USERS"); only != "" && !contains(strings.Split(only, ","), user) {
			continue // JIXIAO_NAV_USERS=admin,dept: only these roles, while tuning the header
		}
		allowed := allowedPages(t, base, user)
		b := newBrowser(t, base)
		b.signIn(base, user)
		for _, size := range [][2]int64{{1024, 768}, {1280, 720}, {1440, 900}, {1920, 1080}, {390, 844}} {
			b.viewport(size[0], size[1])
			for _, lang := range []string{"zh", "en"} {
				if st := b.open(base + "/?lang=" + lang); st != 200 {
					t.Fatalf("%s: / %d", user, st)
				}
				run, err := chromedp.Run(b.ctx, chromedp.Evaluate[navRun](navJS+"("+jsonList(allowed)+")"))
				if err != nil {
					t.Fatal(err)
				}
				what := fmt.Sprintf("%s at %d×%d (%s)", user, size[0], size[1], lang)
				for _, p := range run.Bad {
					t.Errorf("%s: %s", what, p)
				}
				sort.Strings(run.Links)
				for _, l := range run.Links {
					if !contains(allowed, l) {
						t.Errorf("%s: the navigation offers %s, which the role cannot open", what, l)
					}
				}
				if lang == "zh" {
					b.shot(fmt.Sprintf("nav-%s-%d", user, size[0]))
					if user == "admin" { // the workflow menu opened, for review
						if _, err := chromedp.Run(b.ctx, chromedp.Evaluate[bool](`(() => { const m = document.querySelector('details[data-menu=workflow]'); if (m) m.querySelector('summary').click(); return !!m; })()`)); err != nil {
							t.Fatal(err)
						}
						b.shot(fmt.Sprintf("nav-%s-%d-open", user, size[0]))
					}
				}
			}
		}
		b.check("navigation " + user)
	}
}

func jsonList(xs []string) string {
	q := make([]string, len(xs))
	for i, x := range xs {
		q[i] = jsString(x)
	}
	return "[" + strings.Join(q, ",") + "]"
}

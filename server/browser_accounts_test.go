//go:build browser

package server

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserAccounts: the province office creates an account on
// /admin/users as a person would (a weak password refused on the page
// first), and the administrator changes a grading setting on
// /admin/settings (a wrong value refused first), at 1280 px and on a
// 390 px phone, with screenshots and no sideways scrolling.
func TestBrowserAccounts(t *testing.T) {
	b, base := demoBrowser(t, "office")
	fill := func(pw, wait string) {
		err := chromedp.Do(b.ctx,
			chromedp.SetValue(chromedp.CSS(`form[action^="/admin/users?"] input[name=username]`), "zhou_li"),
			chromedp.SetValue(chromedp.CSS(`form[action^="/admin/users?"] input[name=name]`), "周丽"),
			chromedp.SetValue(chromedp.CSS(`form[action^="/admin/users?"] select[name=role]`), "leader"),
			chromedp.SetValue(chromedp.CSS(`form[action^="/admin/users?"] input[name=email]`), "zhouli@tax.example"),
			chromedp.SetValue(chromedp.CSS(`form[action^="/admin/users?"] input[name=password]`), pw),
			chromedp.Click(chromedp.CSS(`form[action^="/admin/users?"] button[type=submit]`)),
			chromedp.WaitVisible(chromedp.CSS(wait)),
		)
		if err != nil {
			t.Fatalf("create form: %v", err)
		}
	}
	atSizes(t, b, base, "/admin/users", "accounts-users-")
	b.viewport(1280, 800)
	b.open(base + "/admin/users")
	fill("short", ".alert")
	if txt := b.text(".alert"); !strings.Contains(txt, "10") {
		t.Errorf("weak password: %q", txt)
	}
	b.shot("accounts-users-refused")
	b.mu.Lock()
	b.problems = nil // the 422 of the refused form is expected
	b.mu.Unlock()
	fill("Zhou-li-pass-2025", ".wf-ok")
	if txt := b.text("main"); !strings.Contains(txt, "zhou_li") || !strings.Contains(txt, "周丽") {
		t.Error("the new account is not listed")
	}
	b.check("create account")

	a := newBrowser(t, base)
	a.signIn(base, "admin")
	atSizes(t, a, base, "/admin/settings", "accounts-settings-")
	a.viewport(1280, 800)
	set := func(v, wait string) {
		err := chromedp.Do(a.ctx,
			chromedp.SetValue(chromedp.CSS(`#s-grade\.excellent input[name=value]`), v),
			chromedp.Click(chromedp.CSS(`#s-grade\.excellent button`)),
			chromedp.WaitVisible(chromedp.CSS(wait)),
		)
		if err != nil {
			t.Fatalf("setting form: %v", err)
		}
	}
	set("abc", ".alert")
	if txt := a.text(".alert"); !strings.Contains(txt, "grade.excellent") {
		t.Errorf("wrong value: %q", txt)
	}
	a.mu.Lock()
	a.problems = nil
	a.mu.Unlock()
	set("88", ".wf-ok")
	if v, _ := chromedp.Run(a.ctx, chromedp.Evaluate[string](`document.querySelector('#s-grade\\.excellent input[name=value]').value`)); v != "88" {
		t.Errorf("grade.excellent shows %q after the change", v)
	}
	a.open(base + "/admin/users?edit=staff")
	a.shot("accounts-users-edit")
	a.open(base + "/admin/settings?lang=en")
	a.shot("accounts-settings-en")
	a.check("settings")
}

// atSizes opens path at 1280 px and on a 390 px phone: 200, no sideways
// scrolling, a screenshot each.
func atSizes(t *testing.T, b *browser, base, path, shot string) {
	t.Helper()
	for _, size := range []struct {
		w, h int64
		name string
	}{{1280, 800, "1280"}, {390, 844, "phone"}} {
		b.viewport(size.w, size.h)
		if st := b.open(base + path); st != 200 {
			t.Fatalf("%s: %d", path, st)
		}
		m, err := chromedp.Run(b.ctx, chromedp.Evaluate[phoneMetrics](phoneJS))
		if err != nil {
			t.Fatal(err)
		}
		if m.Width > m.Inner {
			wide, _ := chromedp.Run(b.ctx, chromedp.Evaluate[[]string](wideJS))
			t.Errorf("%s at %s: the page is %d px wide (screen %d): %v", path, size.name, m.Width, m.Inner, wide)
		}
		b.shot(shot + size.name)
		b.check(path)
	}
}

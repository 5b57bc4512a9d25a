package server

import (
	"strings"
	"testing"
)

// A refused page is the site's styled page with a way back: to the page
// the user came from (same site only) and to the overview.
func TestForbiddenPageIsStyledWithAWayBack(t *testing.T) {
	s, ck := sharedServer(t)
	r := do(t, s, req{method: "GET", path: "/meeting", cookie: ck["dept"],
		headers: map[string]string{"Accept": "text/html", "Referer": "http://example.com/units/GX01-ZG?period=2025Q3"}})
	body := string(r.body)
	if r.code != 403 {
		t.Fatalf("status %d", r.code)
	}
	for _, want := range []string{`href="/assets/app.`, "无权访问", `href="/units/GX01-ZG?period=2025Q3"`, "返回上一页", `href="/"`} {
		if !strings.Contains(body, want) {
			t.Errorf("403 page lacks %q", want)
		}
	}
	r = do(t, s, req{method: "GET", path: "/meeting", cookie: ck["dept"],
		headers: map[string]string{"Accept": "text/html", "Referer": "http://evil.example/x"}})
	if strings.Contains(string(r.body), "evil.example") || strings.Contains(string(r.body), `href="/x"`) {
		t.Error("a foreign Referer became the way back")
	}
}

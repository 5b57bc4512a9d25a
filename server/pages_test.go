package server

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"jixiao/dashboards"
	"jixiao/data"
	"jixiao/queries/imports"
)

// The pages on the small province (2025Q4 open: leaders see it, a
// department and a branch see up to 2025Q3).

func getPage(t *testing.T, s *Server, cookie, path string) (int, string) {
	t.Helper()
	r := do(t, s, req{method: "GET", path: path, cookie: cookie, headers: map[string]string{"Accept": "text/html"}})
	return r.code, string(r.body)
}

func TestPagesAsLeader(t *testing.T) {
	s, ck := sharedServer(t)
	for path, want := range map[string][]string{
		"/":                              {`id="chart-ranking"`, `id="chart-heatmap"`, `id="chart-radar"`, `id="chart-grades"`, `id="chart-trend"`, `id="chart-loss-ind"`, `id="chart-loss-dept"`, "百色市局"},
		"/?period=2025":                  {`id="chart-ranking"`, "2025年度"},
		"/units/GX01":                    {`id="chart-rank"`, "第 ", `id="card-breakdown"`, "百色第1区县税务局"},
		"/units/GX0101-B1?period=2025Q3": {`id="chart-trend"`, "2025年第三季度"},
		"/indicators/D03":                {`id="chart-box"`, `id="chart-completion"`, "纳税人满意度"},
		"/meeting?period=2025Q3":         {`id="slide-ranking"`, `id="slide-movers"`, `id="m-ranking"`, "绩效讲评会"},
	} {
		code, html := getPage(t, s, ck["leader"], path)
		if code != 200 {
			t.Errorf("%s: %d", path, code)
			continue
		}
		for _, w := range want {
			if !strings.Contains(html, w) {
				t.Errorf("%s: lacks %q", path, w)
			}
		}
	}
}

func TestPagesKeepEveryoneInScope(t *testing.T) {
	s, ck := sharedServer(t)
	for _, c := range []struct {
		user, path string
		code       int
	}{
		{"dept", "/", 200},
		{"dept", "/units/GX01-ZG", 200},
		{"dept", "/units/GX01-NF", 404},  // an anonymised peer has no page
		{"dept", "/units/GX01", 404},     // nor does its parent
		{"dept", "/?period=2025Q4", 404}, // the open quarter is not published to it
		{"dept", "/meeting", 403},
		{"staff", "/units/GX0401-B2", 404},
		{"city_leader", "/units/GX02", 200}, // a peer city, named
		{"city_leader", "/units/GX0201", 404},
		{"county_leader", "/units/GX0101-B1", 200},
		{"leader", "/units/NOPE", 404},
		{"leader", "/indicators/NOPE", 404},
		{"leader", "/?period=1999Q1", 404},
		{"leader", "/?period=junk", 404},
	} {
		code, html := getPage(t, s, ck[c.user], c.path)
		if code != c.code {
			t.Errorf("%s %s: %d, want %d", c.user, c.path, code, c.code)
		}
		if code == 404 && !strings.Contains(html, dashboards.T("zh", "not_found")) {
			t.Errorf("%s %s: the 404 is not the product's page", c.user, c.path)
		}
	}
}

func TestDepartmentSeesItsRankAnonymously(t *testing.T) {
	s, ck := sharedServer(t)
	_, html := getPage(t, s, ck["dept"], "/")
	if !regexp.MustCompile(`第 \d+ 名 / 共 \d+ 个`).MatchString(html) {
		t.Error("a department sees 第 N 名 / 共 M 个")
	}
	block := regexp.MustCompile(`(?s)<script type="application/json" id="chart-ranking">(.*?)</script>`).FindStringSubmatch(html)
	if block == nil {
		t.Fatal("no ranking chart")
	}
	for _, peer := range []string{"GX01-NF", "GX01-SZ", "纳税服务科", "税政科", "稽查局"} {
		if strings.Contains(block[1], peer) {
			t.Errorf("the ranking names a peer: %s", peer)
		}
	}
	if !strings.Contains(block[1], "第1名") && !strings.Contains(block[1], "★") {
		t.Error("anonymised peers are labelled by rank")
	}
	if strings.Contains(html, `id="chart-heatmap"`) {
		t.Error("no heat map of peers' systems for a department")
	}
}

func TestPagesNeedASession(t *testing.T) {
	s, _ := sharedServer(t)
	r := do(t, s, req{method: "GET", path: "/units/GX01?period=2025Q3"})
	if r.code != 303 || r.headers.Get("Location") != "/login?next=%2Funits%2FGX01%3Fperiod%3D2025Q3" {
		t.Errorf("without a session: %d → %q", r.code, r.headers.Get("Location"))
	}
	code, html := getPage(t, s, "", "/login?next=/units/GX01&error=401")
	if code != 200 || !strings.Contains(html, `action="/api/login"`) || !strings.Contains(html, `value="/units/GX01"`) ||
		!strings.Contains(html, dashboards.T("zh", "login_failed")) {
		t.Errorf("login page: %d", code)
	}
}

func TestPagesCarryNoScript(t *testing.T) {
	s, ck := sharedServer(t)
	for _, path := range []string{"/", "/units/GX01", "/indicators/D03", "/meeting?period=2025Q3", "/login"} {
		r := do(t, s, req{method: "GET", path: path, cookie: ck["leader"]})
		csp := r.headers.Get("Content-Security-Policy")
		if !strings.Contains(csp, "default-src 'self'") || strings.Contains(csp, "unsafe-inline") {
			t.Errorf("%s: CSP %q", path, csp)
		}
		for _, tag := range regexp.MustCompile(`<script[^>]*>`).FindAllString(string(r.body), -1) {
			if !strings.Contains(tag, `src="/assets/`) && !strings.Contains(tag, `type="application/json"`) {
				t.Errorf("%s: inline script %s", path, tag)
			}
		}
		if regexp.MustCompile(`(src|href)="(https?:)?//`).Match(r.body) {
			t.Errorf("%s: a reference to another host", path)
		}
	}
}

func TestAssetsAreServedForever(t *testing.T) {
	s, _ := sharedServer(t)
	p := dashboards.AssetPath("echarts.min.js")
	r := do(t, s, req{method: "GET", path: p, headers: map[string]string{"Accept-Encoding": "gzip"}})
	if r.code != 200 || r.headers.Get("Cache-Control") != dashboards.AssetCacheControl ||
		r.headers.Get("Content-Encoding") != "gzip" || !strings.HasPrefix(r.headers.Get("Content-Type"), "text/javascript") {
		t.Errorf("%s: %d %v", p, r.code, r.headers)
	}
	if len(r.body) > 450_000 {
		t.Errorf("gzipped ECharts: %d bytes", len(r.body))
	}
	plain := do(t, s, req{method: "GET", path: dashboards.AssetPath("app.css")})
	if plain.code != 200 || plain.headers.Get("Content-Encoding") != "" || !strings.Contains(string(plain.body), "Noto Sans CJK SC") {
		t.Errorf("app.css: %d %v", plain.code, plain.headers)
	}
	if r := do(t, s, req{method: "GET", path: "/assets/app.js"}); r.code != 404 {
		t.Errorf("unhashed name: %d", r.code)
	}
}

func TestLanguageSwitchSticks(t *testing.T) {
	s, ck := sharedServer(t)
	hr := httptest.NewRequest("GET", "/?lang=en", nil)
	hr.AddCookie(&http.Cookie{Name: sessionCookie, Value: ck["leader"]})
	res, err := s.App().Test(hr, -1)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	var lang *http.Cookie
	for _, c := range res.Cookies() {
		if c.Name == "lang" {
			lang = c
		}
	}
	if lang == nil || lang.Value != "en" {
		t.Fatal("?lang=en sets the lang cookie")
	}
	hr = httptest.NewRequest("GET", "/units/GX01", nil)
	hr.AddCookie(&http.Cookie{Name: sessionCookie, Value: ck["leader"]})
	hr.AddCookie(lang)
	res, err = s.App().Test(hr, -1)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if !strings.Contains(string(b), `<html lang="en">`) || !strings.Contains(string(b), "Rank trend") {
		t.Error("the cookie keeps English")
	}
}

// A unit renamed to markup by an import shows as text on every page.
func TestImportedNamesStayText(t *testing.T) {
	t.Parallel() // its own store and server
	st := loadFixture(t, "")
	const hostile = `</script><script>alert(1)</script>`
	p := filepath.Join(t.TempDir(), "rename.csv")
	if err := os.WriteFile(p, []byte("code,name,parent_code,kind,level,peer_group\nGX02,"+hostile+",GX,bureau,city,\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := imports.Import(context.Background(), st, data.KindUnits, p, imports.Options{User: "test"}); err != nil {
		t.Fatal(err)
	}
	s := newTestServer(t, st)
	ck := mustLogin(t, s, "leader")
	for _, path := range []string{"/", "/units/GX02", "/units/GX0201", "/indicators/D03", "/meeting?period=2025Q4",
		"/whatif?period=2025Q3&group=GX%3Abureau&s.admin=2", "/units/GX02/explain?period=2025Q3&indicator=D01",
		"/indicators/health?period=2025Q3&indicator=D01"} {
		code, html := getPage(t, s, ck, path)
		if code != 200 {
			t.Errorf("%s: %d", path, code)
		}
		if strings.Contains(html, hostile) {
			t.Errorf("%s: the name is markup", path)
		}
	}
	_, html := getPage(t, s, ck, "/units/GX02")
	if !strings.Contains(html, "<h1>&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;</h1>") {
		t.Error("the name is the heading, as text")
	}
}

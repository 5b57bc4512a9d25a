package server

import (
	"bytes"
	"regexp"
	"sort"
	"strings"
	"testing"
)

// The global unit search finds units by code, name and pinyin initials,
// only among the units the viewer sees named, and opens a unit found alone.
func TestUnitSearch(t *testing.T) {
	s, ck := sharedServer(t)
	links := regexp.MustCompile(`<td><a href="/units/([^"?]+)`)
	found := func(user, q string) (int, string, []string) {
		r := do(t, s, req{method: "GET", path: "/search?q=" + q, cookie: ck[user]})
		var codes []string
		for _, m := range links.FindAllSubmatch(r.body, -1) {
			codes = append(codes, string(m[1]))
		}
		sort.Strings(codes)
		return r.code, r.headers.Get("Location"), codes
	}
	// 百色 (GX01) and its departments, written out from units.csv.
	// 百色市局征收管理科 is b-s-s-j-z-s-g-l-k, 来宾市局征收管理科 l-b-s-j-z-s-g-l-k:
	// "sjzsglk" is in every city's 征收管理科, not in 广西区局's (q-j-…).
	code, _, codes := found("leader", "sjzsglk")
	if code != 200 || strings.Join(codes, ",") != "GX01-ZG,GX02-ZG,GX03-ZG,GX04-ZG,GX05-ZG" {
		t.Errorf("initials inside five names: %d %v", code, codes)
	}
	code, _, codes = found("leader", "bsssjzsglk")
	if code != 200 || len(codes) != 0 {
		t.Errorf("initials that name no unit: %d %v", code, codes)
	}
	code, loc, _ := found("leader", "bssjzsglk")
	if code != 303 || loc != "/units/GX01-ZG?period=2025Q4" {
		t.Errorf("pinyin initials of one unit: %d → %q", code, loc)
	}
	code, loc, _ = found("leader", "gx0102")
	if code != 303 || !strings.HasPrefix(loc, "/units/GX0102?") {
		t.Errorf("a code typed whole: %d → %q", code, loc)
	}
	_, _, codes = found("leader", "%E7%99%BE%E8%89%B2%E5%B8%82%E5%B1%80") // 百色市局
	want := []string{"GX01-CW", "GX01-FZ", "GX01-JC", "GX01-NF", "GX01-RJ", "GX01-SZ", "GX01-XX", "GX01-ZG"}
	if strings.Join(codes, ",") != strings.Join(want, ",") {
		t.Errorf("百色市局: %v, want %v", codes, want)
	}
	// A department sees its peers only anonymised: searching every
	// department of its city finds itself alone.
	code, loc, _ = found("dept", "%E7%99%BE%E8%89%B2%E5%B8%82%E5%B1%80")
	if code != 303 || !strings.HasPrefix(loc, "/units/GX01-ZG") {
		t.Errorf("dept searching its peers: %d → %q", code, loc)
	}
	r := do(t, s, req{method: "GET", path: "/search?q=nfk", cookie: ck["dept"]})
	if bytes.Contains(r.body, []byte("纳税服务科")) {
		t.Error("a department's search names a peer")
	}
	if r := do(t, s, req{method: "GET", path: "/search?q=gx"}); r.code != 303 || !strings.HasPrefix(r.headers.Get("Location"), "/login") {
		t.Errorf("search without a session: %d %q", r.code, r.headers.Get("Location"))
	}
}

// The forms choose units from a tree picker (the appeal form, shown only
// in review, is checked by TestBrowserPicker) (with pinyin initials for its
// search) and periods from a list, never typed.
func TestFormsPickUnitsAndPeriods(t *testing.T) {
	s, ck := sharedServer(t)
	for _, path := range []string{"/rectifications", "/reports/quarterly?period=2025Q3"} {
		r := do(t, s, req{method: "GET", path: path, cookie: ck["office"]})
		body := string(r.body)
		if r.code != 200 {
			t.Errorf("%s: %d", path, r.code)
			continue
		}
		if !strings.Contains(body, "data-picker") || !strings.Contains(body, `data-py="gjswzjbssswj"`) {
			t.Errorf("%s: no unit picker with pinyin initials (国家税务总局百色市税务局 → gjswzjbssswj)", path)
		}
		// tree order: 百色市 (GX01), then its departments and counties, before 贺州 (GX02)
		i, j, k := strings.Index(body, `value="GX01"`), strings.Index(body, `value="GX0101"`), strings.Index(body, `value="GX02"`)
		if i < 0 || !(i < j && j < k) {
			t.Errorf("%s: units not in tree order (%d %d %d)", path, i, j, k)
		}
		if strings.Contains(body, `pattern="[0-9]{4}[Qq][1-4]"`) || !strings.Contains(body, `<select name="period"`) {
			t.Errorf("%s: the period is typed, not chosen", path)
		}
	}
}

package dashboards

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"jixiao/queries"
)

func mustPages(t *testing.T) *Pages {
	t.Helper()
	p, err := NewPages()
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// renderAll renders every page with the fixtures, by name.
func renderAll(t *testing.T, lang string) map[string]string {
	t.Helper()
	p := mustPages(t)
	out := map[string]string{}
	var b bytes.Buffer
	must := func(name string, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		out[name] = b.String()
		b.Reset()
	}
	root := queries.Unit{Code: "GX", Name: "国家税务总局广西壮族自治区税务局", Kind: "bureau", Level: "province"}
	must("overview", p.Overview(&b, &OverviewData{Page: page(lang, "/?period=2025Q4"), Unit: root, Group: leaderRanking(),
		Trend: trend(), ByInd: losses(), ByDept: deptLosses(),
		Children: []queries.Unit{{Code: "GX13", Name: hostile, Kind: "bureau"}},
		Extra:    []Section{{ID: "card-overdue", Title: "逾期整改", Points: []string{hostile}}},
		Reports: NewReportCard(lang, &queries.Inbox{New: 1, Items: []queries.InboxItem{{Period: "2025Q4", PeriodStatus: "review",
			UnitCode: "GX13", UnitName: hostile, Formats: []string{"html", "xlsx"}, GeneratedAt: time.Date(2026, 1, 5, 9, 30, 0, 0, time.Local), New: true}}}, false)}))
	dept := queries.Unit{Code: "GX01-ZG", Name: "南宁市局征收管理科", Kind: "department"}
	must("dept", p.Overview(&b, &OverviewData{Page: page(lang, "/"), Unit: dept, Self: deptRanking(), Group: deptRanking(),
		Trend: trend(), Anonymous: true, SystemAvg: &queries.SystemAverage{Period: "2025Q4", Group: "GX01:department", Units: 4, Withheld: true, MinGroup: 5}}))
	must("unit", p.Unit(&b, &UnitData{Page: page(lang, "/units/GX13"), Unit: queries.Unit{Code: "GX13", Name: hostile, Kind: "bureau"},
		Ranking: leaderRanking(), SystemAvg: leaderAverage(), Trend: trend(), Breakdown: &queries.Breakdown{UnitCode: "GX13", Period: "2025Q4", Score: 84.25,
			Indicators:  []queries.IndicatorResult{{Code: "SVC01", Name: hostile, System: "service", Weight: 5, Actual: fp(80), Target: 95, Earned: 3, Lost: 2, Note: hostile}},
			Adjustments: []queries.Adjustment{{Kind: "penalty", Points: 1, Reason: hostile}}}}))
	must("indicator", p.Indicator(&b, &IndicatorData{Page: page(lang, "/indicators/SVC01"),
		Versions:   []queries.Indicator{{Code: "SVC01", Name: hostile, System: "service", Unit: "%", Direction: "higher", Rule: "linear", Weight: 5, Target: 95, LeadDept: "NF", CoopDepts: "ZG,XX"}},
		Values:     []queries.IndicatorValue{{UnitCode: "GX13", UnitName: hostile, Actual: fp(80), Target: 95, Weight: 5, Earned: 3}},
		Completion: []queries.Completion{{Period: "2025Q3", Rate: 80, Units: 5}, {Period: "2025Q4", Rate: 85, Units: 5, Missing: 1}}}))
	must("meeting", p.Meeting(&b, &MeetingData{Page: page(lang, "/meeting?period=2025Q4"), Unit: root, Group: leaderRanking(), SystemAvg: leaderAverage(),
		ByInd: losses(), ByDept: deptLosses(), Auto: 20, ExtraPoints: []string{hostile},
		ExtraSlides: []Slide{{ID: "slide-overdue", Title: "逾期整改", Points: []string{hostile}}}}))
	must("login", p.Login(&b, &LoginData{Page: page(lang, "/login"), Next: "//evil.example/"}))
	must("404", p.Error(&b, &ErrorData{Page: page(lang, "/units/NOPE"), Status: 404}))
	return out
}

var scriptTag = regexp.MustCompile(`(?i)<script[^>]*>`)

func TestPagesKeepImportedTextInert(t *testing.T) {
	for _, lang := range []string{"zh", "en"} {
		for name, html := range renderAll(t, lang) {
			if strings.Contains(html, hostile) || strings.Contains(html, "<script>alert") {
				t.Errorf("%s/%s: the hostile name is in the page as markup", lang, name)
			}
			for _, tag := range scriptTag.FindAllString(html, -1) {
				if !strings.Contains(tag, `src="/assets/`) && tag != `<script type="application/json" id="`+tagID(tag)+`">` {
					t.Errorf("%s/%s: script that is neither an asset nor data: %s", lang, name, tag)
				}
			}
			if strings.Contains(html, " style=") || strings.Contains(html, "<style") || strings.Contains(html, " onclick") {
				t.Errorf("%s/%s: inline style or handler (the CSP forbids them)", lang, name)
			}
			if m := regexp.MustCompile(`(?i)(src|href)="(https?:)?//`).FindString(html); m != "" {
				t.Errorf("%s/%s: external reference %s", lang, name, m)
			}
		}
	}
}

func tagID(tag string) string {
	m := regexp.MustCompile(`id="([^"]*)"`).FindStringSubmatch(tag)
	if m == nil {
		return ""
	}
	return m[1]
}

func TestPagesShowTheHostileNameAsText(t *testing.T) {
	html := renderAll(t, "zh")["unit"]
	if !strings.Contains(html, "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;") {
		t.Error("the unit's name should appear, escaped as text")
	}
}

func TestDepartmentSeesItsRank(t *testing.T) {
	html := renderAll(t, "zh")["dept"]
	for _, want := range []string{"第 3 名 / 共 4 个", "▲ 上升 1 位", T("zh", "anonymous_note")} {
		if !strings.Contains(html, want) {
			t.Errorf("department overview lacks %q", want)
		}
	}
	if strings.Contains(html, "chart-heatmap") {
		t.Error("a department gets no heat map of peers it cannot see")
	}
}

func TestMeetingHasSlidesAndExtensions(t *testing.T) {
	html := renderAll(t, "zh")["meeting"]
	for _, want := range []string{`data-auto="20"`, `id="slide-ranking"`, `id="slide-movers"`, `id="slide-losses"`,
		`id="slide-systems"`, `id="slide-below60"`, `id="slide-overdue"`, "梧州市局 上升 4 位", "1 个单位得分低于 60 分：北海市局。"} {
		if !strings.Contains(html, want) {
			t.Errorf("meeting lacks %q", want)
		}
	}
	if n := strings.Count(html, `<section class="slide`); n != 7 {
		t.Errorf("slides = %d, want 6 + 1 extra", n)
	}
}

func TestTalkingPoints(t *testing.T) {
	got := MoverPoints("zh", leaderRanking(), 3)
	want := []string{"梧州市局 上升 4 位", "南宁市局 上升 2 位", "柳州市局 下降 1 位"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("movers = %q, want %q", got, want)
	}
	if got := MoverPoints("zh", deptRanking(), 3); len(got) != 1 || got[0] != "南宁市局征收管理科 上升 1 位" {
		t.Errorf("anonymised rows must not appear among movers: %q", got)
	}
	lp := LossPoints("zh", losses(), deptLosses())
	if !strings.HasPrefix(lp[0], "最大失分指标：") || !strings.Contains(lp[2], "征管") {
		t.Errorf("loss points = %q", lp)
	}
	sp := SystemPoints("en", leaderRanking(), leaderAverage())
	if !strings.Contains(sp[0], "Service") || !strings.Contains(sp[1], "Information") {
		t.Errorf("system points = %q", sp)
	}
}

func TestLoginKeepsRedirectLocal(t *testing.T) {
	html := renderAll(t, "zh")["login"]
	if !strings.Contains(html, `name="next" value="/"`) {
		t.Error("a protocol-relative next must become /")
	}
	if !strings.Contains(html, `action="/api/login"`) {
		t.Error("the login form posts to /api/login")
	}
}

func TestAssetsAreHashedAndResolve(t *testing.T) {
	re := regexp.MustCompile(`^/assets/app\.[0-9a-f]{10}\.js$`)
	p := AssetPath("app.js")
	if !re.MatchString(p) {
		t.Fatalf("AssetPath(app.js) = %q", p)
	}
	a, ok := LookupAsset(p)
	if !ok || a.Name != "app.js" || !strings.HasPrefix(a.ContentType, "text/javascript") {
		t.Fatalf("LookupAsset(%q) = %+v, %v", p, a, ok)
	}
	src, err := os.ReadFile("assets/app.js")
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(src)
	if !strings.Contains(p, hex.EncodeToString(sum[:5])) || !bytes.Equal(a.Body, src) {
		t.Error("the hash must be the content's")
	}
	if _, ok := LookupAsset("/assets/app.js"); ok {
		t.Error("only hashed names are served")
	}
	ec, ok := LookupAsset(AssetPath("echarts.min.js"))
	if !ok || len(ec.Body) < 900_000 || !bytes.Contains(ec.Body[:2000], []byte("Apache")) {
		t.Error("ECharts 5.4.3 must be embedded")
	}
	if !bytes.Contains(ec.Body, []byte(`"5.4.3"`)) {
		t.Error("ECharts must be version 5.4.3")
	}
	for _, name := range []string{"echarts-LICENSE.txt", "echarts-NOTICE.txt", "app.css", "favicon.svg"} {
		AssetPath(name) // panics when missing
	}
	for _, name := range []string{"app.js", "app.css"} {
		a, _ := LookupAsset(AssetPath(name))
		if regexp.MustCompile(`https?://`).Match(a.Body) {
			t.Errorf("%s references another host", name)
		}
	}
}

func TestPageWeight(t *testing.T) {
	for name, html := range renderAll(t, "zh") {
		if len(html) > 150_000 {
			t.Errorf("%s: %d bytes of HTML", name, len(html))
		}
	}
	var own int
	for _, a := range Assets() {
		if a.Name != "echarts.min.js" && !strings.HasSuffix(a.Name, ".txt") {
			own += len(a.Body)
		}
	}
	if own > 100_000 {
		t.Errorf("own assets weigh %d bytes", own)
	}
}

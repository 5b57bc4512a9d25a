package server

import (
	"bytes"
	"context"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/xuri/excelize/v2"

	"jixiao/data"
	"jixiao/queries"
	"jixiao/queries/fixture"
	"jixiao/queries/imports"
)

// dutyRows are the responsibilities the server tests name: the fixture's
// users of four bureaus (SPEC §13), D01 and D04 each.
var dutyRows = [][4]string{
	{"GX", "D01", "leader", "office"}, {"GX", "D04", "leader", ""},
	{"GX01", "D01", "city_leader", "dept"}, {"GX01", "D04", "city_leader", "dept"},
	{"GX0101", "D01", "county_leader", "county_leader"},
	{"GX04", "D04", "city_office", "city_office"},
}

var dutySeeded sync.Map // *queries.Store → struct{}

// The accountability page's form shares the PUT's rule in the write table
// (writes_test.go).
func init() { unitRoutes["POST /accountability/responsibilities"] = "responsibility" }

// seedDuty imports dutyRows into st once (the command line's import: no
// writer, every unit in reach). It changes no score.
func seedDuty(t *testing.T, st *queries.Store) {
	t.Helper()
	if _, done := dutySeeded.LoadOrStore(st, struct{}{}); done {
		return
	}
	var b strings.Builder
	b.WriteString("单位代码,指标代码,分管领导,责任人\n")
	for _, r := range dutyRows {
		b.WriteString(strings.Join(r[:], ",") + "\n")
	}
	p := filepath.Join(t.TempDir(), "duty.csv")
	if err := os.WriteFile(p, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := imports.Import(context.Background(), st, data.KindResponsibilities, p, imports.Options{User: "test"}); err != nil {
		t.Fatal(err)
	}
}

type dutyJSON struct {
	Username   string
	UnitCode   string `json:"unit_code"`
	As         string
	Lost       float64
	Earned     float64
	Weight     float64
	Indicators []struct {
		IndicatorCode string `json:"indicator_code"`
		Lost          float64
	}
}

// TestAccountabilityAPIVisibility: each fixture user gets exactly the
// bureaus of its own subtree that it sees named — never a peer city's,
// which an office sees named elsewhere — and dept and staff no open
// period; the responsibilities list follows the same rule (404 outside).
func TestAccountabilityAPIVisibility(t *testing.T) {
	s, cookies := sharedServer(t)
	seedDuty(t, shared.store)
	tr := readTree(t)
	bureaus := map[string]bool{}
	for _, r := range dutyRows {
		bureaus[r[0]] = true
	}
	for _, u := range fixtureUsers {
		named := tr.named(u.Role, u.Unit)
		var want []string
		for b := range bureaus {
			if u.Role == "admin" || (named[b] && tr.under(b, u.Unit)) {
				want = append(want, b)
			}
		}
		sort.Strings(want)
		period := "2025Q3"
		var rows []dutyJSON
		do(t, s, req{method: "GET", path: "/api/accountability?period=" + period, cookie: cookies[u.Username]}).json(t, &rows)
		got := fixture.Codes(rows, func(r dutyJSON) string { return r.UnitCode }, true)
		if strings.Join(got, " ") != strings.Join(want, " ") {
			t.Errorf("%s sees the people of %v, want %v", u.Username, got, want)
		}
		for b := range bureaus {
			r := do(t, s, req{method: "GET", path: "/api/responsibilities?unit=" + b, cookie: cookies[u.Username]})
			if in := u.Role == "admin" || (named[b] && tr.under(b, u.Unit)); (r.code == 200) != in || (!in && r.code != 404) {
				t.Errorf("%s: responsibilities of %s: %d", u.Username, b, r.code)
			}
		}
		open := do(t, s, req{method: "GET", path: "/api/accountability?period=2025Q4", cookie: cookies[u.Username]})
		if (u.Role == "dept" || u.Role == "staff") != (open.code == 404) {
			t.Errorf("%s: open quarter: %d", u.Username, open.code)
		}
	}
	if r := do(t, s, req{method: "GET", path: "/api/accountability?period=2025Q9", cookie: cookies["office"]}); r.code != 422 || !strings.Contains(string(r.body), `"key":"period"`) {
		t.Errorf("bad period: %d %s", r.code, r.body)
	}
}

// TestAccountabilityOrderAndXLSX: rows come largest loss first, and the
// workbook holds the same numbers as numeric cells under Chinese headers.
func TestAccountabilityOrderAndXLSX(t *testing.T) {
	s, cookies := sharedServer(t)
	seedDuty(t, shared.store)
	var rows []dutyJSON
	do(t, s, req{method: "GET", path: "/api/accountability?period=2025", cookie: cookies["office"]}).json(t, &rows)
	if len(rows) != 8 {
		t.Fatalf("%d rows, want 8", len(rows))
	}
	for i := 1; i < len(rows); i++ {
		if rows[i].Lost > rows[i-1].Lost {
			t.Errorf("row %d (%v) after %v", i, rows[i].Lost, rows[i-1].Lost)
		}
	}
	r := do(t, s, req{method: "GET", path: "/api/accountability.xlsx?period=2025", cookie: cookies["office"]})
	if r.code != 200 || !strings.Contains(r.headers.Get("Content-Disposition"), ".xlsx") {
		t.Fatalf("xlsx: %d %v", r.code, r.headers)
	}
	f, err := excelize.OpenReader(bytes.NewReader(r.body))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if sh := f.GetSheetList(); len(sh) != 2 || sh[0] != "责任人" || sh[1] != "指标明细" {
		t.Fatalf("sheets %v", sh)
	}
	head, _ := f.GetRows("责任人")
	if len(head) != len(rows)+1 || head[0][1] != "姓名" || head[0][9] != "失分" || head[0][14] != "单位等次" {
		t.Fatalf("people sheet: %d rows, header %v", len(head), head[0])
	}
	for i, row := range rows {
		cell, _ := excelize.CoordinatesToCellName(10, i+2)
		typ, _ := f.GetCellType("责任人", cell)
		v, _ := f.GetCellValue("责任人", cell, excelize.Options{RawCellValue: true})
		x, err := strconv.ParseFloat(v, 64)
		if typ == excelize.CellTypeSharedString || typ == excelize.CellTypeInlineString || err != nil || math.Abs(x-row.Lost) > 1e-9 {
			t.Errorf("row %d lost cell %s = %q (%v), want the number %v", i, cell, v, typ, row.Lost)
		}
	}
	n := 0
	for _, row := range rows {
		n += len(row.Indicators)
	}
	if inds, _ := f.GetRows("指标明细"); len(inds) != n+1 {
		t.Errorf("indicator sheet: %d rows, want %d", len(inds), n+1)
	}
	en := do(t, s, req{method: "GET", path: "/api/accountability.xlsx?period=2025&lang=en", cookie: cookies["office"]})
	if g, err := excelize.OpenReader(bytes.NewReader(en.body)); err != nil || g.GetSheetList()[0] != "People" {
		t.Errorf("English workbook: %v", err)
	}
}

// TestResponsibilitiesOverHTTP: the PUT answers 422 naming the field, 403
// for a role without the route, 404 for a unit out of the writer's own
// subtree; the import on /api/imports/responsibilities lists every error
// with its row and column and stores nothing, then takes a good file.
func TestResponsibilitiesOverHTTP(t *testing.T) {
	t.Parallel() // its own store and server
	st := loadFixture(t, "")
	s := newTestServer(t, st)
	office, cityOffice, leader := mustLogin(t, s, "office"), mustLogin(t, s, "city_office"), mustLogin(t, s, "city_leader")
	put := func(cookie, body string) resp {
		return do(t, s, req{method: "PUT", path: "/api/responsibilities", cookie: cookie, body: body})
	}
	for body, field := range map[string]string{
		`{"unit_code":"GX01","indicator_code":"D01","leader":"county_leader","owner":"dept"}`: "leader",
		`{"unit_code":"GX01","indicator_code":"D01","leader":"city_leader","owner":"ghost"}`:  "owner",
		`{"unit_code":"GX01","indicator_code":"Z99","leader":"city_leader","owner":"dept"}`:   "indicator_code",
		`{"unit_code":"GX01-ZG","indicator_code":"D01","leader":"dept","owner":""}`:           "unit_code",
	} {
		r := put(office, body)
		if r.code != 422 || !strings.Contains(string(r.body), `"key":"`+field+`"`) {
			t.Errorf("%s: %d %s, want 422 naming %s", body, r.code, r.body, field)
		}
	}
	if r := put(leader, `{"unit_code":"GX01","indicator_code":"D01","leader":"city_leader","owner":"dept"}`); r.code != 403 {
		t.Errorf("a leader: %d", r.code)
	}
	if r := put(cityOffice, `{"unit_code":"GX01","indicator_code":"D01","leader":"city_leader","owner":"dept"}`); r.code != 404 {
		t.Errorf("a peer city's office: %d", r.code)
	}
	r := put(office, `{"unit_code":"GX01","indicator_code":"D01","leader":"city_leader","owner":"dept"}`)
	if r.code != 200 || !strings.Contains(string(r.body), `"owner_name":"User dept"`) {
		t.Fatalf("put: %d %s", r.code, r.body)
	}
	bad := upload(t, s, office, "responsibilities", "duty.csv", "单位代码,指标代码,分管领导,责任人\nGX04,D01,city_office,\nGX01,M01,city_leader,dept\nGX0101,D01,city_leader,\n")
	if bad.code != 422 || !strings.Contains(string(bad.body), `{"row":3,"column":"指标代码"`) || !strings.Contains(string(bad.body), `{"row":4,"column":"分管领导"`) {
		t.Errorf("bad import: %d %s", bad.code, bad.body)
	}
	var list []queries.Responsibility
	do(t, s, req{method: "GET", path: "/api/responsibilities", cookie: office}).json(t, &list)
	if len(list) != 1 {
		t.Errorf("after a rejected import: %d responsibilities, want 1", len(list))
	}
	ok := upload(t, s, office, "responsibilities", "duty.csv", "unit_code,indicator_code,leader,owner\nGX04,D01,city_office,\nGX0101,D01,county_leader,county_leader\n")
	if ok.code != 200 {
		t.Fatalf("import: %d %s", ok.code, ok.body)
	}
	do(t, s, req{method: "GET", path: "/api/responsibilities", cookie: office}).json(t, &list)
	if len(list) != 3 {
		t.Errorf("after the import: %d responsibilities, want 3", len(list))
	}
}

// TestAccountabilityPage: the page lists the people in Chinese and in
// English and offers the XLSX; a dept user opening it sees no one, and
// never an open quarter. (Its link is a line of the navigation table,
// dashboards.NavPages, shown to everyone who may open the page.)
func TestAccountabilityPage(t *testing.T) {
	s, cookies := sharedServer(t)
	seedDuty(t, shared.store)
	zh := do(t, s, req{method: "GET", path: "/accountability?period=2025Q3", cookie: cookies["city_leader"]})
	body := string(zh.body)
	if zh.code != 200 || !strings.Contains(body, "指标定责到岗") || !strings.Contains(body, "User county_leader") ||
		!strings.Contains(body, "/api/accountability.xlsx?period=2025Q3") || strings.Contains(body, "User city_office") {
		t.Errorf("zh page: %d", zh.code)
	}
	en := do(t, s, req{method: "GET", path: "/accountability?period=2025&lang=en", cookie: cookies["city_leader"]})
	if en.code != 200 || !strings.Contains(string(en.body), "Leader in charge") || !strings.Contains(string(en.body), "Responsible person") {
		t.Errorf("en page: %d", en.code)
	}
	d := do(t, s, req{method: "GET", path: "/accountability?period=2025Q3", cookie: cookies["dept"]})
	if d.code != 200 || strings.Contains(string(d.body), "User ") && strings.Contains(string(d.body), "acc-who") {
		t.Errorf("dept page: %d", d.code)
	}
	if r := do(t, s, req{method: "GET", path: "/accountability?period=2025Q4", cookie: cookies["dept"]}); r.code != 404 {
		t.Errorf("dept, open quarter: %d", r.code)
	}
}

// TestResponsibilityForm: the office's form on /accountability names a
// person (303 back to the bureau, listed), and a refused post shows the
// page again, 422, with the reason and the fields as sent; a leader gets
// no form.
func TestResponsibilityForm(t *testing.T) {
	t.Parallel() // its own store and server
	st := loadFixture(t, "")
	s := newTestServer(t, st)
	office, leader := mustLogin(t, s, "city_office"), mustLogin(t, s, "city_leader")
	form := func(body string) resp {
		return do(t, s, req{method: "POST", path: "/accountability/responsibilities", cookie: office, body: body,
			headers: map[string]string{"Content-Type": "application/x-www-form-urlencoded"}})
	}
	page := do(t, s, req{method: "GET", path: "/accountability?period=2025Q3", cookie: office})
	if page.code != 200 || !strings.Contains(string(page.body), `action="/accountability/responsibilities"`) || !strings.Contains(string(page.body), `value="GX0401"`) {
		t.Fatalf("office page without the form: %d", page.code)
	}
	if p := do(t, s, req{method: "GET", path: "/accountability?period=2025Q3", cookie: leader}); strings.Contains(string(p.body), `action="/accountability/responsibilities"`) {
		t.Error("a leader is offered the form")
	}
	bad := form("period=2025Q3&unit_code=GX04&indicator_code=D01&leader=city_leader&owner=")
	if bad.code != 422 || !strings.Contains(string(bad.body), "city_leader") || !strings.Contains(string(bad.body), "GX04") || !strings.Contains(string(bad.body), `value="city_leader"`) {
		t.Errorf("refused post: %d", bad.code)
	}
	ok := form("period=2025Q3&unit_code=GX04&indicator_code=D01&leader=city_office&owner=")
	if ok.code != 303 || !strings.Contains(ok.headers.Get("Location"), "unit=GX04") {
		t.Fatalf("post: %d %v", ok.code, ok.headers)
	}
	shown := do(t, s, req{method: "GET", path: ok.headers.Get("Location"), cookie: office})
	if !strings.Contains(string(shown.body), `id="responsibilities"`) || !strings.Contains(string(shown.body), "User city_office") {
		t.Errorf("the named person is not listed: %d", shown.code)
	}
}

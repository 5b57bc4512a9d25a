package server

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sort"
	"strings"
	"testing"

	"jixiao/queries"
	"jixiao/queries/workflow"
)

// The units each writer of the table meets, by their relation to the
// writer's own unit (SPEC §1.1 tree of the small province): its own unit,
// its parent, a unit below it, a peer (same peer group) and a unit of
// another city.
var writerUnits = map[string]map[string]string{
	"admin":         {"own": "GX", "child": "GX04"},
	"office":        {"own": "GX", "child": "GX04"},
	"committee":     {"own": "GX", "child": "GX04"},
	"city_office":   {"own": "GX04", "parent": "GX", "child": "GX0401", "peer": "GX01", "other": "GX0101"},
	"county_leader": {"own": "GX0101", "parent": "GX01", "child": "GX0101-B1", "peer": "GX0102", "other": "GX0401"},
	"staff":         {"own": "GX0401-B1", "parent": "GX0401", "peer": "GX0401-B2", "other": "GX0101-B1"},
}

// writeRule is who may take a write on which units: writer -> relations on
// which it succeeds; every other writer and relation is refused (403, or
// 404 where the unit is not the writer's to see). Items acted on (an
// adjustment to delete, an appeal to review, …) are made by the province
// office, so that a lower office meets "an item created by a higher office".
var writeRules = map[string]map[string][]string{
	"adjust": {"admin": {"own", "child"}, "office": {"child"}, "city_office": {"child"}},
	// deleting the province office's adjustment: never by the city office
	"adjust.delete": {"admin": {"own", "child"}, "office": {"child"}},
	"appeal.file": {"admin": {"own", "child"}, "office": {"own", "child"}, "city_office": {"own", "child"},
		"county_leader": {"own"}, "staff": {"own"}},
	"appeal.review": {"admin": {"own", "child"}, "office": {"child"}, "city_office": {"child"}},
	"appeal.decide": {"admin": {"own", "child"}, "committee": {"own", "child"}},
	"rect.add":      {"admin": {"own", "child"}, "office": {"child"}, "city_office": {"child"}},
	// the owner unit reports progress; the office above changes the item
	"rect.change": {"admin": {"own", "child"}, "office": {"own", "child"}, "city_office": {"own"},
		"county_leader": {"own"}, "staff": {"own"}},
	"rect.delete": {"admin": {"own", "child"}, "office": {"child"}},
	"rect.files": {"admin": {"own", "child"}, "office": {"own", "child"}, "city_office": {"own", "child"},
		"county_leader": {"own"}, "staff": {"own"}},
	"minutes.add": {"admin": {"own", "child"}, "office": {"own", "child"}, "city_office": {"own", "child"}},
	// the province office's minutes: never changed by the city office
	"minutes.change": {"admin": {"own", "child"}, "office": {"own", "child"}},
	// SPEC §12: the unit's own users declare (the root declares nothing),
	// an office above accepts; field checks by an office above; the
	// unit's own users explain, an office above accepts.
	"submit":         {"admin": {"child"}, "city_office": {"own"}, "county_leader": {"own"}},
	"submit.edit":    {"admin": {"child"}, "city_office": {"own"}, "county_leader": {"own"}},
	"submit.accept":  {"admin": {"child"}, "office": {"child"}, "city_office": {"child"}},
	"fieldcheck":     {"admin": {"own", "child"}, "office": {"child"}, "city_office": {"child"}},
	"explain":        {"admin": {"own", "child"}, "office": {"own"}, "committee": {"own"}, "city_office": {"own"}, "county_leader": {"own"}, "staff": {"own"}},
	"explain.accept": {"admin": {"own", "child"}, "office": {"child"}, "city_office": {"child"}},
	// SPEC §13: the bureau's own office and the offices above it
	"responsibility": {"admin": {"own", "child"}, "office": {"own", "child"}, "city_office": {"own", "child"}},
}

// unitRoutes are the write routes that act on a unit, with the rule that
// governs them; pages (forms) and the API share their rules.
var unitRoutes = map[string]string{
	"POST /api/adjustments":              "adjust",
	"POST /adjustments":                  "adjust",
	"POST /api/adjustments/:id/files":    "adjust",
	"DELETE /api/adjustments/:id":        "adjust.delete",
	"POST /adjustments/:id/delete":       "adjust.delete",
	"POST /api/appeals":                  "appeal.file",
	"POST /appeals":                      "appeal.file",
	"POST /api/appeals/:id/files":        "appeal.file",
	"POST /appeals/:id/files":            "appeal.file",
	"POST /api/appeals/:id/review":       "appeal.review",
	"POST /appeals/:id/review":           "appeal.review",
	"POST /api/appeals/:id/decide":       "appeal.decide",
	"POST /appeals/:id/decide":           "appeal.decide",
	"POST /api/rectifications":           "rect.add",
	"POST /rectifications":               "rect.add",
	"PUT /api/rectifications/:id":        "rect.change",
	"POST /rectifications/:id":           "rect.change",
	"DELETE /api/rectifications/:id":     "rect.delete",
	"POST /rectifications/:id/delete":    "rect.delete",
	"POST /api/rectifications/:id/files": "rect.files",
	"POST /rectifications/:id/files":     "rect.files",
	"POST /api/meetings":                 "minutes.add",
	"POST /meetings":                     "minutes.add",
	"PUT /api/meetings/:id":              "minutes.change",
	"POST /meetings/:id":                 "minutes.change",
	"DELETE /api/meetings/:id":           "minutes.change",
	"POST /meetings/:id/delete":          "minutes.change",
	"POST /api/submissions":              "submit",
	"PUT /api/submissions/:id":           "submit.edit",
	"POST /api/submissions/:id/submit":   "submit.edit",
	"POST /api/submissions/:id/accept":   "submit.accept",
	"POST /api/submissions/:id/return":   "submit.accept",
	"POST /api/fieldchecks":              "fieldcheck",
	"POST /api/explanations":             "explain",
	"POST /api/explanations/:id/accept":  "explain.accept",
	"POST /api/explanations/:id/return":  "explain.accept",
	"PUT /api/responsibilities":          "responsibility",
}

// globalRoutes are the writes that act on no unit: the users whose role the
// policy lets through (any other signed-in user: 403).
var globalRoutes = map[string][]string{
	"POST /api/login":                  {"*"},
	"POST /api/logout":                 {"*"},
	"POST /logout":                     {"*"},
	"POST /api/password":               {"*"},
	"POST /api/view-as":                {"admin"},
	"DELETE /api/view-as":              {"admin"},
	"POST /api/tokens":                 {"admin"},
	"DELETE /api/tokens/:id":           {"admin"},
	"POST /api/imports/:kind":          {"admin", "office"},
	"POST /imports/:kind":              {"admin", "office"},
	"DELETE /api/imports/:batch":       {"admin", "office"},
	"POST /imports/:batch/rollback":    {"admin", "office"},
	"POST /api/periods/:period/status": {"admin", "office"},
	"POST /publication/:period":        {"admin", "office"},
	"POST /api/login-locks/unlock":     {"admin"},
	"POST /logins/unlock":              {"admin"},
	"POST /api/admin/backup":           {"admin"},
	"PUT /api/collection/:period":      {"admin", "office"},
	// SPEC §10.1/10.2: the office's tools (scenarios store nothing in the
	// results; applying one and the health thresholds are the province's)
	"POST /api/whatif":                     {"admin", "office", "committee", "city_office", "county_leader"},
	"POST /api/whatif/scenarios":           {"admin", "office", "committee", "city_office", "county_leader"},
	"DELETE /api/whatif/scenarios/:id":     {"admin", "office", "committee", "city_office", "county_leader"},
	"POST /whatif/save":                    {"admin", "office", "committee", "city_office", "county_leader"},
	"POST /whatif/scenarios/:id/delete":    {"admin", "office", "committee", "city_office", "county_leader"},
	"POST /api/whatif/scenarios/:id/apply": {"admin", "office"},
	"POST /whatif/scenarios/:id/apply":     {"admin", "office"},
	"POST /indicators/health/settings":     {"admin", "office"},
	// the report centre: a visit is every reader's; a retry the administrator's
	"POST /api/reports/inbox/seen": {"*"},
	"POST /api/reports/retry":      {"admin"},
	"POST /reports/retry":          {"admin"},
	// SPEC §14 accounts: the admin and the province office create; a city
	// office may change no account (403), and one outside its subtree —
	// the table's "nobody" — is 404 to it (TestUsersAPIRules has the rest)
	"POST /api/users":                      {"admin", "office"},
	"POST /admin/users":                    {"admin", "office"},
	"PUT /api/users/:username":             {"admin", "office", "city_office"},
	"POST /admin/users/:username":          {"admin", "office", "city_office"},
	"POST /api/users/:username/password":   {"admin", "office", "city_office"},
	"POST /admin/users/:username/password": {"admin", "office", "city_office"},
	// settings: the admin, and the province office for the grading ones
	"PUT /api/settings/:key":    {"admin", "office"},
	"POST /admin/settings/:key": {"admin", "office"},
	// SPEC §11: sources are the admin's; pulls the admin's and the province office's
	"POST /api/sources":          {"admin"},
	"PUT /api/sources/:id":       {"admin"},
	"DELETE /api/sources/:id":    {"admin"},
	"POST /api/sources/:id/test": {"admin"},
	"POST /api/pulls":            {"admin", "office"},
	"PUT /api/pulls/:id":         {"admin", "office"},
	"DELETE /api/pulls/:id":      {"admin", "office"},
	"POST /api/pulls/:id/run":    {"admin", "office"},
	// SPEC §14: one's own inbox and choices; the webhooks the administrator's
	"POST /api/notifications/seen":    {"*"},
	"PUT /api/me/notifications":       {"*"},
	"POST /notifications/seen":        {"*"},
	"POST /notifications/prefs":       {"*"},
	"POST /api/webhooks":              {"admin"},
	"DELETE /api/webhooks/:id":        {"admin"},
	"POST /admin/webhooks":            {"admin"},
	"POST /admin/webhooks/:id/delete": {"admin"},
}

// TestEveryWriteRouteHasARule fails when a write route is registered
// without a row in the role × route × unit-relation table.
func TestEveryWriteRouteHasARule(t *testing.T) {
	t.Parallel() // its own store and server
	s := newTestServer(t, loadFixture(t, ""))
	seen := map[string]bool{}
	for _, r := range s.App().GetRoutes(true) {
		if r.Method == "GET" || r.Method == "HEAD" || r.Method == "OPTIONS" {
			continue
		}
		key := r.Method + " " + r.Path
		seen[key] = true
		_, unit := unitRoutes[key]
		_, global := globalRoutes[key]
		if !unit && !global {
			t.Errorf("write route %s has no row in the authorization table (server/writes_test.go)", key)
		}
	}
	for key := range unitRoutes {
		if !seen[key] {
			t.Errorf("table row %s names no registered route", key)
		}
	}
}

// writeEnv is one fixture server for the table: 2025Q4 in review (appeals
// accepted), a session per writer.
type writeEnv struct {
	t       *testing.T
	st      *queries.Store
	s       *Server
	cookies map[string]string
	targets map[string]appealTarget // by unit: appeals change no ledger value
}

type appealTarget struct {
	indicator string
	claimed   float64
	ok        bool
}

// provinceOffice makes the items the table acts on.
var provinceOffice = queries.Actor{Username: "office", Role: "office", UnitCode: "GX", Scope: queries.Everything, Rights: queries.AllRights()}

// appealTarget is an indicator applicable to unit in 2025Q4 and a value
// other than its ledger value, or ok false.
func (e *writeEnv) appealTarget(unit string) (indicator string, claimed float64, ok bool) {
	if a, known := e.targets[unit]; known {
		return a.indicator, a.claimed, a.ok
	}
	bd, err := e.st.Breakdown(context.Background(), queries.Everything, unit, "2025Q4")
	if err != nil || len(bd.Indicators) == 0 {
		e.targets[unit] = appealTarget{}
		return "", 0, false
	}
	in := bd.Indicators[0]
	if in.Actual != nil {
		claimed = *in.Actual + 1
	}
	e.targets[unit] = appealTarget{in.Code, claimed, true}
	return in.Code, claimed, true
}

// item makes the thing an :id route acts on, on unit, as the province
// office; false when unit has none (no indicator applies to it).
func (e *writeEnv) item(rule, route, unit string) (int64, bool) {
	ctx := context.Background()
	e.st.DB().Exec("DELETE FROM appeals WHERE unit_code = ?", unit) // one pending appeal per value
	if id, ok, handled := e.collectionItem(rule, unit); handled {
		return id, ok
	}
	fail := func(err error) (int64, bool) {
		e.t.Fatalf("%s on %s: %v", route, unit, err)
		return 0, false
	}
	switch {
	case strings.Contains(route, "adjustments"):
		a, err := e.st.AddAdjustment(ctx, provinceOffice, queries.AdjustmentInput{UnitCode: unit, Period: "2025Q4", Kind: "penalty", Points: 3, Reason: "重大舆情"})
		if err != nil {
			return fail(err)
		}
		return a.ID, true
	case strings.Contains(route, "appeals"):
		ind, claimed, ok := e.appealTarget(unit)
		if !ok {
			return 0, false
		}
		a, err := workflow.New(e.st).FileAppeal(ctx, provinceOffice, queries.AppealInput{UnitCode: unit, IndicatorCode: ind, Period: "2025Q4", ClaimedActual: &claimed, Reason: "台账漏报"})
		if err != nil {
			return fail(err)
		}
		if rule == "appeal.decide" {
			if _, err := workflow.New(e.st).ReviewAppeal(ctx, provinceOffice, a.ID, "forward", "转呈"); err != nil {
				return fail(err)
			}
		}
		return a.ID, true
	case strings.Contains(route, "rectifications"):
		r, err := workflow.New(e.st).AddRectification(ctx, provinceOffice, rectFields(unit).input())
		if err != nil {
			return fail(err)
		}
		return r.ID, true
	case strings.Contains(route, "meetings"):
		m, err := workflow.New(e.st).AddMeeting(ctx, provinceOffice, queries.MeetingInput{UnitCode: unit, Period: "2025Q4", Title: "季度讲评会", HeldOn: "2026-01-10"})
		if err != nil {
			return fail(err)
		}
		return m.ID, true
	}
	e.t.Fatalf("no item for %s", route)
	return 0, false
}

type fields map[string]any

func rectFields(unit string) fields {
	return fields{"unit_code": unit, "source": "meeting", "title": "纳税服务整改", "measures": "专题辅导", "deadline": "2026-03-31", "status": "in_progress"}
}

func (f fields) input() queries.RectificationInput {
	return queries.RectificationInput{UnitCode: f["unit_code"].(string), Source: f["source"].(string), Title: f["title"].(string),
		Measures: f["measures"].(string), Deadline: f["deadline"].(string), Status: f["status"].(string)}
}

// body is what the route is sent for unit: fields, or a file upload.
func (e *writeEnv) body(rule, route, unit string) (fields, bool) {
	if f, ok, handled := e.collectionBody(rule, unit); handled {
		return f, ok
	}
	switch rule {
	case "adjust":
		return fields{"unit_code": unit, "period": "2025Q4", "kind": "bonus", "points": 2, "reason": "获总局表彰"}, true
	case "appeal.file":
		if strings.Contains(route, "files") {
			return nil, true
		}
		ind, claimed, ok := e.appealTarget(unit)
		return fields{"unit_code": unit, "indicator_code": ind, "period": "2025Q4", "claimed_actual": claimed, "reason": "台账漏报"}, ok
	case "appeal.review":
		return fields{"decision": "forward", "comment": "转呈"}, true
	case "appeal.decide":
		return fields{"decision": "dismiss", "comment": "证据不足"}, true
	case "rect.add", "rect.change":
		return rectFields(unit), true
	case "minutes.add", "minutes.change":
		return fields{"unit_code": unit, "period": "2025Q4", "title": "季度讲评会", "held_on": "2026-01-10"}, true
	case "responsibility":
		// a user of the bureau where the fixture has one; else both
		// cleared (also a valid write)
		who := map[string]string{"GX": "leader", "GX04": "city_office", "GX01": "city_leader", "GX0101": "county_leader"}[unit]
		return fields{"unit_code": unit, "indicator_code": "D01", "leader": who, "owner": who}, true
	}
	return fields{"period": "2025Q4"}, true
}

// send makes the request: JSON to the API, a form to pages, multipart to
// file routes.
func (e *writeEnv) send(method, path, cookie string, f fields) resp {
	var hr *http.Request
	switch {
	case strings.HasSuffix(path, "/files"):
		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		fw, _ := mw.CreateFormFile("file", "evidence.png")
		fw.Write([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00"))
		mw.Close()
		hr = httptest.NewRequest(method, path, &buf)
		hr.Header.Set("Content-Type", mw.FormDataContentType())
	case strings.HasPrefix(path, "/api/"):
		b, _ := json.Marshal(f)
		hr = httptest.NewRequest(method, path, bytes.NewReader(b))
		hr.Header.Set("Content-Type", "application/json")
	default:
		form := url.Values{}
		for k, v := range f {
			form.Set(k, fmt.Sprint(v))
		}
		hr = httptest.NewRequest(method, path, strings.NewReader(form.Encode()))
		hr.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	hr.AddCookie(&http.Cookie{Name: sessionCookie, Value: cookie})
	res, err := e.s.App().Test(hr, -1)
	if err != nil {
		e.t.Fatal(err)
	}
	defer res.Body.Close()
	var b bytes.Buffer
	b.ReadFrom(res.Body)
	return resp{code: res.StatusCode, body: b.Bytes()}
}

// TestWriteRoutesByRoleAndUnit is the role × route × unit-relation table:
// every write route that acts on a unit, taken by each writer on its own
// unit, its parent, a child, a peer and a unit of another city, succeeds
// exactly where writeRules says and is refused (403 or 404) everywhere else.
func TestWriteRoutesByRoleAndUnit(t *testing.T) {
	writeTable(t, 3, func(route string) bool { return !collectionRoute(route) })
}

// writeTable runs the table over the routes keep selects, dealt into
// shards: subtests in parallel, each with its own store and server.
func writeTable(t *testing.T, shards int, keep func(route string) bool) {
	t.Parallel()
	routes := make([]string, 0, len(unitRoutes))
	for r := range unitRoutes {
		if keep(r) {
			routes = append(routes, r)
		}
	}
	sort.Strings(routes)
	for i := range shards {
		var mine []string
		for j := i; j < len(routes); j += shards {
			mine = append(mine, routes[j])
		}
		t.Run(fmt.Sprintf("shard%d", i+1), func(t *testing.T) {
			t.Parallel()
			writeRoutes(t, mine)
		})
	}
}

// writeRoutes takes every route of routes as each writer on each of its units.
func writeRoutes(t *testing.T, routes []string) {
	st := loadFixture(t, "")
	if err := st.SetPeriodStatus(context.Background(), "test", "2025Q4", "review"); err != nil {
		t.Fatal(err)
	}
	e := &writeEnv{t: t, st: st, s: newTestServer(t, st), cookies: map[string]string{}, targets: map[string]appealTarget{}}
	for u := range writerUnits {
		e.cookies[u] = mustLogin(t, e.s, u)
	}
	for _, route := range routes {
		rule := unitRoutes[route]
		method, pattern, _ := strings.Cut(route, " ")
		// the route's item on each unit, made once and made again only
		// after a write took (a refused write leaves it as it was)
		items := map[string]int64{}
		for writer, units := range writerUnits {
			for rel, unit := range units {
				path := pattern
				if strings.Contains(pattern, ":id") {
					id, ok := items[unit]
					if !ok {
						if id, ok = e.item(rule, route, unit); !ok {
							continue
						}
						items[unit] = id
					}
					path = strings.Replace(pattern, ":id", fmt.Sprint(id), 1)
				}
				f, ok := e.body(rule, route, unit)
				if !ok {
					continue
				}
				if rule == "appeal.file" && !strings.Contains(route, "files") {
					e.st.DB().Exec("DELETE FROM appeals")
				}
				r := e.send(method, path, e.cookies[writer], f)
				if r.code < 400 {
					delete(items, unit)
				}
				allowed := false
				for _, x := range writeRules[rule][writer] {
					allowed = allowed || x == rel
				}
				switch {
				case allowed && r.code >= 400:
					t.Errorf("%s by %s on %s (%s): %d %s, want success", route, writer, rel, unit, r.code, firstLine(r.body))
				case !allowed && r.code != 403 && r.code != 404:
					t.Errorf("%s by %s on %s (%s): %d, want 403 or 404", route, writer, rel, unit, r.code)
				}
			}
		}
	}
}

// TestGlobalWritesByRole: the writes that act on no unit are open to the
// writers globalRoutes names and refused (403) to every other one.
func TestGlobalWritesByRole(t *testing.T) {
	t.Parallel() // its own store and server
	st := loadFixture(t, "")
	e := &writeEnv{t: t, st: st, s: newTestServer(t, st), cookies: map[string]string{}}
	for u := range writerUnits {
		e.cookies[u] = mustLogin(t, e.s, u)
	}
	fill := strings.NewReplacer(":kind", "adjustments", ":batch", "999", ":period", "2025Q4", ":id", "999", ":username", "nobody")
	for route, who := range globalRoutes {
		if who[0] == "*" {
			continue // open to every session (and login to none): signing out would end the table's sessions
		}
		method, pattern, _ := strings.Cut(route, " ")
		for writer := range writerUnits {
			allowed := false
			for _, w := range who {
				allowed = allowed || w == writer
			}
			r := e.send(method, fill.Replace(pattern), e.cookies[writer], fields{})
			if allowed != (r.code != 403) || r.code == 401 {
				t.Errorf("%s by %s: %d %s (allowed %v)", route, writer, r.code, firstLine(r.body), allowed)
			}
		}
	}
}

func firstLine(b []byte) string {
	s, _, _ := strings.Cut(string(b), "\n")
	if len(s) > 200 {
		s = s[:200]
	}
	return s
}

// TestPolicyWriteRows: who may write is read from the policy's rows, so an
// administrator's edit changes it; a row naming an unknown action or reach
// is refused (and the running policy stays, see policyHolder).
func TestPolicyWriteRows(t *testing.T) {
	model, _ := policyFS.ReadFile("policy/model.conf")
	text, _ := policyFS.ReadFile("policy/policy.csv")
	office := &queries.Account{Role: "office", UnitLevel: "city"}
	p, err := newPolicy(string(model), string(text))
	if err != nil {
		t.Fatal(err)
	}
	if r := p.RightsOf(office); !r.Has(queries.ActAdjust, queries.ReachBelow) || r.Has(queries.ActAdjust, queries.ReachOwn) {
		t.Errorf("default office adjust rights: %v", r[queries.ActAdjust])
	}
	edited := strings.Replace(string(text), "p, office, *, write:adjust, below", "p, office, province, write:adjust, subtree", 1)
	if p, err = newPolicy(string(model), edited); err != nil {
		t.Fatal(err)
	}
	if r := p.RightsOf(office); r.Has(queries.ActAdjust, queries.ReachBelow) {
		t.Errorf("a city office keeps adjust rights the edited policy gives the province only: %v", r[queries.ActAdjust])
	}
	if r := p.RightsOf(&queries.Account{Role: "office", UnitLevel: "province"}); !r.Has(queries.ActAdjust, queries.ReachOwn) {
		t.Errorf("province office after the edit: %v", r[queries.ActAdjust])
	}
	for _, bad := range []string{"p, office, *, write:adjustment, below", "p, office, *, write:adjust, sideways"} {
		if _, err := newPolicy(string(model), string(text)+"\n"+bad+"\n"); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

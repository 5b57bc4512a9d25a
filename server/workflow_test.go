package server

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"jixiao/queries"
)

// workflowServer is a fixture server of its own (these tests write), with
// 2025Q4 published for review and every fixture user signed in.
func workflowServer(t *testing.T) (*Server, *queries.Store, map[string]string) {
	t.Helper()
	st := loadFixture(t, "")
	t.Cleanup(func() { st.Close() })
	s := newTestServer(t, st)
	cookies := map[string]string{}
	for _, u := range fixtureUsers {
		cookies[u.Username] = mustLogin(t, s, u.Username)
	}
	if r := do(t, s, req{method: "POST", path: "/api/periods/2025Q4/status", body: `{"status":"review"}`, cookie: cookies["office"]}); r.code != 200 {
		t.Fatalf("publish: %d %s", r.code, r.body)
	}
	return s, st, cookies
}

// The appeal state machine over HTTP: every state × every step × every
// role. The appeal is on the matrix branch GX0401-B1 (county GX0401, city
// GX04, province GX): the province office and the city office GX04 are
// above it, the province committee covers it; the route answers 403 to
// roles the policy does not open the step to.
func TestAppealStatesHTTP(t *testing.T) {
	t.Parallel() // its own store and server
	s, st, cookies := workflowServer(t)
	steps := []struct{ name, path, body, from, opens string }{
		{"forward", "review", `{"decision":"forward","comment":"转呈"}`, queries.AppealSubmitted, "office"},
		{"reject", "review", `{"decision":"reject","comment":"证据不足"}`, queries.AppealSubmitted, "office"},
		{"uphold", "decide", `{"decision":"uphold","comment":"支持"}`, queries.AppealForwarded, "committee"},
		{"dismiss", "decide", `{"decision":"dismiss","comment":"不支持"}`, queries.AppealForwarded, "committee"},
	}
	roleOf := map[string]string{"anonymous": "anonymous"}
	for _, u := range fixtureUsers {
		roleOf[u.Username] = u.Role
	}
	states := []string{queries.AppealSubmitted, queries.AppealForwarded, queries.AppealRejected, queries.AppealUpheld, queries.AppealDismissed}
	for _, state := range states {
		for _, step := range steps {
			for _, user := range roleColumns {
				role := roleOf[user]
				want := 403
				switch {
				case role == "anonymous":
					want = 401
				case role == step.opens || role == "admin":
					want = 409
					if state == step.from {
						want = 200
					}
				}
				t.Run(fmt.Sprintf("%s/%s/%s", state, step.name, user), func(t *testing.T) {
					id := seedHTTPAppeal(t, st, state)
					got := do(t, s, req{method: "POST", path: fmt.Sprintf("/api/appeals/%d/%s", id, step.path), body: step.body, cookie: cookies[user]})
					if got.code != want {
						t.Fatalf("got %d want %d: %s", got.code, want, got.body)
					}
				})
			}
		}
	}
}

func seedHTTPAppeal(t *testing.T, st *queries.Store, status string) int64 {
	t.Helper()
	var id int64
	done := status == queries.AppealUpheld || status == queries.AppealDismissed
	err := st.DB().QueryRow(`INSERT INTO appeals (unit_code, indicator_code, period, claimed_actual, reason, status, filed_by, reviewed_by, decided_by)
		VALUES ('GX0401-B1', 'E03', '2025Q4', 96, '测试', ?, 'seed', CASE WHEN ? THEN 'seed' END, CASE WHEN ? THEN 'seed' END) RETURNING id`,
		status, status != queries.AppealSubmitted, done).Scan(&id)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.DB().Exec("UPDATE appeals SET status = 'dismissed' WHERE id = ?", id) })
	return id
}

type selfRank struct {
	Rank  int     `json:"rank"`
	Score float64 `json:"score"`
	Grade string  `json:"grade"`
	Self  bool    `json:"self"`
}

func staffSelf(t *testing.T, s *Server, cookie string) selfRank {
	t.Helper()
	var r struct{ Rows []selfRank }
	do(t, s, req{method: "GET", path: "/api/rankings?period=2025Q4&unit=GX0401-B1", cookie: cookie}).json(t, &r)
	for _, row := range r.Rows {
		if row.Self {
			return row
		}
	}
	t.Fatalf("no self row: %+v", r)
	return selfRank{}
}

// The story of issue 5 over HTTP: the branch files during review, the city
// office forwards, the province committee upholds; the branch sees its new
// score and rank and the ruling's history; finalising refuses a late
// import and a late appeal.
func TestAppealStoryHTTP(t *testing.T) {
	t.Parallel() // its own store and server
	s, _, ck := workflowServer(t)
	staff, cityOffice, committee, office := ck["staff"], ck["city_office"], ck["committee"], ck["office"]

	var pubs []queries.PeriodInfo
	do(t, s, req{method: "GET", path: "/api/publication", cookie: staff}).json(t, &pubs)
	if len(pubs) == 0 || pubs[0].Period != "2025Q4" || pubs[0].Status != "review" || !pubs[0].AppealsOpen || pubs[0].AppealUntil == nil || pubs[0].ChangedBy == nil {
		t.Fatalf("publication as the branch sees it: %+v", pubs)
	}
	// expected_scores.csv: 2025Q4 GX0401-B1 71.77, 12th of 15 (tied).
	if r := staffSelf(t, s, staff); r.Score != 71.77 || r.Rank != 12 {
		t.Fatalf("before: %+v", r)
	}

	a := fileAppeal(t, s, staff, `{"unit_code":"GX0401-B1","indicator_code":"E03","period":"2025Q4","claimed_actual":96,"reason":"服务满意度调查漏计两次回访"}`)
	if a.Status != "submitted" || a.OldActual == nil || *a.OldActual != 73.93 {
		t.Fatalf("filed: %+v", a)
	}
	up := evidenceUpload(t, s, staff, fmt.Sprintf("/api/appeals/%d/files", a.ID), "回访记录.pdf", append([]byte("%PDF-1.4\n"), make([]byte, 2048)...))
	if up.code != 201 {
		t.Fatalf("evidence: %d %s", up.code, up.body)
	}
	if r := evidenceUpload(t, s, staff, fmt.Sprintf("/api/appeals/%d/files", a.ID), "x.pdf", []byte("<html>not a pdf")); r.code != 400 {
		t.Fatalf("disguised evidence: %d %s", r.code, r.body)
	}
	if r := evidenceUpload(t, s, staff, fmt.Sprintf("/api/appeals/%d/files", a.ID), "big.pdf", append([]byte("%PDF-"), make([]byte, queries.MaxAttachmentSize)...)); r.code != 400 {
		t.Fatalf("oversized evidence: %d %s", r.code, r.body)
	}
	steps := []struct {
		who, path, body string
		want            int
	}{
		{staff, "review", `{"decision":"forward"}`, 403},             // the unit cannot review itself
		{committee, "decide", `{"decision":"uphold"}`, 409},          // not forwarded yet
		{cityOffice, "decide", `{"decision":"uphold"}`, 403},         // an office does not decide
		{ck["city_leader"], "review", `{"decision":"forward"}`, 403}, // a leader does not review
		{cityOffice, "review", `{"decision":"forward","comment":"材料属实"}`, 200},
		{cityOffice, "review", `{"decision":"reject","comment":"x"}`, 409}, // reviewed already
		{committee, "decide", `{"decision":"uphold","comment":"经核实予以支持"}`, 200},
		{committee, "decide", `{"decision":"dismiss","comment":"x"}`, 409},
	}
	for i, st := range steps {
		r := do(t, s, req{method: "POST", path: fmt.Sprintf("/api/appeals/%d/%s", a.ID, st.path), body: st.body, cookie: st.who})
		if r.code != st.want {
			t.Fatalf("step %d (%s): %d want %d: %s", i, st.path, r.code, st.want, r.body)
		}
	}
	// 71.77 + E03's 20 points = 91.77: behind 100, 100 and 95.76, so 4th;
	// three units above 90 fill the quota of 3 (15 × 0.2 + 0.5), so good.
	if r := staffSelf(t, s, staff); r.Score != 91.77 || r.Rank != 4 || r.Grade != "good" {
		t.Fatalf("after the ruling: %+v", r)
	}
	var mine []queries.Appeal
	do(t, s, req{method: "GET", path: "/api/appeals?unit=GX0401-B1", cookie: staff}).json(t, &mine)
	if len(mine) != 1 || len(mine[0].History) != 3 || mine[0].History[1].By != "city_office" || mine[0].History[2].By != "committee" ||
		mine[0].Status != "upheld" || len(mine[0].Files) != 1 {
		t.Fatalf("history: %+v", mine)
	}
	dl := do(t, s, req{method: "GET", path: fmt.Sprintf("/api/files/%d", mine[0].Files[0].ID), cookie: cityOffice})
	if dl.code != 200 || dl.headers.Get("Content-Type") != queries.MimePDF || !strings.HasPrefix(dl.headers.Get("Content-Disposition"), "attachment") {
		t.Fatalf("download: %d %v", dl.code, dl.headers)
	}
	if r := do(t, s, req{method: "GET", path: fmt.Sprintf("/api/files/%d", mine[0].Files[0].ID), cookie: ck["city_leader"]}); r.code != 404 {
		t.Fatalf("another city's leader downloading: %d", r.code)
	}
	if r := do(t, s, req{method: "GET", path: fmt.Sprintf("/api/appeals/%d", a.ID), cookie: ck["dept"]}); r.code != 404 {
		t.Fatalf("a department of another city reading the appeal: %d", r.code)
	}

	// Final: no late import, no late appeal, and the ruling stays.
	if r := do(t, s, req{method: "POST", path: "/api/periods/2025Q4/status", body: `{"status":"final"}`, cookie: office}); r.code != 200 {
		t.Fatalf("final: %d %s", r.code, r.body)
	}
	late := upload(t, s, office, "values", "late.csv", "indicator_code,unit_code,period,actual,target,note\nE01,GX0401-B1,2025Q4,9,,\n")
	if late.code != 422 || !strings.Contains(string(late.body), "已定稿") {
		t.Fatalf("late import: %d %s", late.code, late.body)
	}
	r := do(t, s, req{method: "POST", path: "/api/appeals", cookie: staff,
		body: `{"unit_code":"GX0401-B1","indicator_code":"E01","period":"2025Q4","claimed_actual":8,"reason":"迟到"}`})
	if r.code != 409 || !strings.Contains(string(r.body), "已定稿") {
		t.Fatalf("late appeal: %d %s", r.code, r.body)
	}
	if r := staffSelf(t, s, staff); r.Score != 91.77 {
		t.Fatalf("after final: %+v", r)
	}
	var audit []struct{ Action string }
	do(t, s, req{method: "GET", path: "/api/audit?limit=100", cookie: ck["admin"]}).json(t, &audit)
	seen := map[string]bool{}
	for _, e := range audit {
		seen[e.Action] = true
	}
	for _, act := range []string{"period_status", "appeal_file", "attachment_add", "appeal_forward", "appeal_uphold"} {
		if !seen[act] {
			t.Errorf("audit lacks %s", act)
		}
	}
}

// evidenceUpload posts one file as multipart field "file".
func evidenceUpload(t *testing.T, s *Server, cookie, path, name string, content []byte) resp {
	t.Helper()
	return multipartPost(t, s, cookie, path, name, content, nil)
}

func TestWorkflowItemsHTTP(t *testing.T) {
	t.Parallel() // its own store and server
	s, _, ck := workflowServer(t)
	cityOffice := ck["city_office"]
	// Adjustments: the city office adds a bonus under GX04; it shows in the breakdown.
	r := do(t, s, req{method: "POST", path: "/api/adjustments", cookie: cityOffice,
		body: `{"unit_code":"GX0401-B1","period":"2025Q4","kind":"bonus","points":2,"reason":"获市局表彰","evidence":"来宾市局通报"}`})
	if r.code != 201 {
		t.Fatalf("adjustment: %d %s", r.code, r.body)
	}
	var adj queries.AdjustmentRow
	r.json(t, &adj)
	var bd queries.Breakdown
	do(t, s, req{method: "GET", path: "/api/units/GX0401-B1/breakdown?period=2025Q4", cookie: ck["staff"]}).json(t, &bd)
	if bd.Bonus != 2 || bd.Score != 73.77 {
		t.Fatalf("breakdown after the bonus: %+v", bd)
	}
	for who, want := range map[string]int{"staff": 403, "committee": 403, "office": 201} {
		r := do(t, s, req{method: "POST", path: "/api/adjustments", cookie: ck[who], body: `{"unit_code":"GX0401-B1","period":"2025Q4","kind":"penalty","points":1,"reason":"x"}`})
		if r.code != want {
			t.Errorf("%s adding: %d want %d %s", who, r.code, want, r.body)
		}
	}
	if r := do(t, s, req{method: "DELETE", path: fmt.Sprintf("/api/adjustments/%d", adj.ID), cookie: cityOffice}); r.code != 204 {
		t.Fatalf("delete: %d %s", r.code, r.body)
	}
	// A meeting with an overdue rectification; the owner branch reports progress.
	r = do(t, s, req{method: "POST", path: "/api/meetings", cookie: cityOffice,
		body: `{"unit_code":"GX04","period":"2025Q4","title":"来宾市局第四季度讲评会","held_on":"2026-01-12","minutes":"指出增值税政策宣传不足","decisions":"限期整改"}`})
	if r.code != 201 {
		t.Fatalf("meeting: %d %s", r.code, r.body)
	}
	var m queries.Meeting
	r.json(t, &m)
	r = do(t, s, req{method: "POST", path: "/api/rectifications", cookie: cityOffice,
		body: fmt.Sprintf(`{"unit_code":"GX0401-B1","title":"增值税政策宣传不足","measures":"专题辅导","deadline":"2025-01-31","period":"2025Q4","meeting_id":%d}`, m.ID)})
	if r.code != 201 {
		t.Fatalf("rectification: %d %s", r.code, r.body)
	}
	var item queries.Rectification
	r.json(t, &item)
	if !item.Overdue {
		t.Fatalf("not overdue: %+v", item)
	}
	var od []queries.Rectification
	do(t, s, req{method: "GET", path: "/api/rectifications?overdue=1", cookie: ck["leader"]}).json(t, &od)
	if len(od) != 1 {
		t.Fatalf("the province leader's overdue list: %+v", od)
	}
	do(t, s, req{method: "GET", path: "/api/rectifications?overdue=1", cookie: ck["city_leader"]}).json(t, &od)
	if len(od) != 0 {
		t.Fatalf("another city's overdue list: %+v", od)
	}
	r = do(t, s, req{method: "PUT", path: fmt.Sprintf("/api/rectifications/%d", item.ID), cookie: ck["staff"],
		body: `{"status":"in_progress","measures":"已开展一次专题辅导"}`})
	if r.code != 200 {
		t.Fatalf("owner progress: %d %s", r.code, r.body)
	}
	var ms []queries.Meeting
	do(t, s, req{method: "GET", path: "/api/meetings?q=" + "%E5%A2%9E%E5%80%BC%E7%A8%8E", cookie: ck["office"]}).json(t, &ms)
	if len(ms) != 1 {
		t.Fatalf("search: %+v", ms)
	}
	if r := do(t, s, req{method: "GET", path: fmt.Sprintf("/api/meetings/%d", m.ID), cookie: ck["city_leader"]}); r.code != 404 {
		t.Fatalf("another city's leader reading the minutes: %d", r.code)
	}
	b, _ := json.Marshal(m)
	_ = b
}

func TestQuarterlyReportHTTP(t *testing.T) {
	s, cookies := sharedServer(t)
	for _, c := range []struct {
		who, query, ctype string
		want              int
	}{
		{"city_leader", "period=2025Q3&unit=GX01&format=html", "text/html", 200},
		{"city_leader", "period=2025Q3&unit=GX01&format=xlsx", "application/vnd.openxmlformats", 200},
		{"county_leader", "period=2025Q3&unit=GX01&format=html", "", 404},
		{"city_leader", "period=2025&unit=GX01", "", 400},
		{"city_leader", "period=2025Q3&unit=GX01&format=doc", "", 400},
		{"staff", "period=2025Q3", "", 403},
	} {
		r := do(t, s, req{method: "GET", path: "/api/reports/quarterly?" + c.query, cookie: cookies[c.who]})
		if r.code != c.want || !strings.HasPrefix(r.headers.Get("Content-Type"), c.ctype) {
			t.Errorf("%s %s: %d %s", c.who, c.query, r.code, r.headers.Get("Content-Type"))
			continue
		}
		if c.want == 200 && !strings.HasPrefix(r.headers.Get("Content-Disposition"), "attachment;") {
			t.Errorf("%s: not a download: %s", c.query, r.headers.Get("Content-Disposition"))
		}
	}
}

package server

import (
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"
)

func form(path, cookie string, vals url.Values) req {
	return req{method: "POST", path: path, body: vals.Encode(), cookie: cookie,
		headers: map[string]string{"Content-Type": "application/x-www-form-urlencoded"}}
}

// The workflow pages open for the roles the policy lets in, and forms
// drive the same steps as the API: file, review, decide; a refused step
// shows the page again with its reason.
func TestWorkflowPages(t *testing.T) {
	t.Parallel() // its own store and server
	s, _, ck := workflowServer(t)
	for _, c := range []struct {
		path string
		want map[string]int
	}{
		{"/appeals", map[string]int{"staff": 200, "dept": 200, "office": 200, "committee": 200}},
		{"/rectifications", map[string]int{"staff": 200, "city_office": 200}},
		{"/meetings", map[string]int{"staff": 403, "leader": 200, "city_office": 200}},
		{"/adjustments?period=2025Q4", map[string]int{"staff": 403, "city_office": 200, "leader": 200}},
		{"/publication", map[string]int{"staff": 200, "office": 200}},
		{"/reports/quarterly", map[string]int{"staff": 403, "city_leader": 200}},
	} {
		for who, want := range c.want {
			r := do(t, s, req{method: "GET", path: c.path, cookie: ck[who]})
			if r.code != want {
				t.Errorf("%s as %s: %d want %d", c.path, who, r.code, want)
			}
		}
	}
	page := do(t, s, req{method: "GET", path: "/appeals?period=2025Q4", cookie: ck["staff"]})
	if !strings.Contains(string(page.body), `action="/appeals?period=2025Q4"`) || !strings.Contains(string(page.body), "公示期内可以申诉") {
		t.Fatalf("the branch's appeal page lacks the filing form or the window")
	}
	r := do(t, s, form("/appeals?period=2025Q4", ck["staff"], url.Values{"unit_code": {"GX0401-B1"}, "indicator_code": {"E03"},
		"period": {"2025Q4"}, "claimed_actual": {"96"}, "reason": {"漏计回访"}}))
	if r.code != 303 {
		t.Fatalf("filing by form: %d %s", r.code, r.body)
	}
	loc := r.headers.Get("Location")
	if !strings.HasPrefix(loc, "/appeals/") {
		t.Fatalf("redirect to %q", loc)
	}
	id := strings.TrimSuffix(strings.TrimPrefix(loc, "/appeals/"), "?done=1")
	detail := do(t, s, req{method: "GET", path: "/appeals/" + id, cookie: ck["city_office"]})
	if detail.code != 200 || !strings.Contains(string(detail.body), "/appeals/"+id+"/review") {
		t.Fatalf("the city office sees no review form: %d", detail.code)
	}
	// A committee deciding before the review: the page again, 409, with the reason.
	r = do(t, s, form("/appeals/"+id+"/decide", ck["committee"], url.Values{"decision": {"uphold"}}))
	if r.code != 409 || !strings.Contains(string(r.body), "须先经绩效办审核") {
		t.Fatalf("early decision: %d", r.code)
	}
	if r := do(t, s, form("/appeals/"+id+"/review", ck["city_office"], url.Values{"decision": {"forward"}})); r.code != 303 {
		t.Fatalf("review by form: %d %s", r.code, r.body)
	}
	if r := do(t, s, form("/appeals/"+id+"/decide", ck["committee"], url.Values{"decision": {"uphold"}, "actual": {"95.5"}})); r.code != 303 {
		t.Fatalf("decision by form: %d %s", r.code, r.body)
	}
	unit := do(t, s, req{method: "GET", path: "/units/GX0401-B1?period=2025Q4", cookie: ck["staff"]})
	if !strings.Contains(string(unit.body), "card-appeals") || !strings.Contains(string(unit.body), "95.5") {
		t.Errorf("the unit page shows no appeal history")
	}
	// An overdue item stands out on the overview and in the meeting slides.
	past := time.Now().AddDate(0, 0, -10).Format("2006-01-02")
	if r := do(t, s, form("/rectifications", ck["city_office"], url.Values{"unit_code": {"GX0401"}, "title": {"增值税政策宣传不足"},
		"deadline": {past}, "source": {"meeting"}})); r.code != 303 {
		t.Fatalf("item by form: %d %s", r.code, r.body)
	}
	ov := do(t, s, req{method: "GET", path: "/", cookie: ck["city_office"]})
	if !strings.Contains(string(ov.body), "card-overdue") || !strings.Contains(string(ov.body), "逾期 10 天") {
		t.Errorf("the overview does not show the overdue item")
	}
	sl := do(t, s, req{method: "GET", path: "/meeting?period=2025Q4", cookie: ck["city_office"]})
	if !strings.Contains(string(sl.body), "slide-overdue") || !strings.Contains(string(sl.body), "增值税政策宣传不足") {
		t.Errorf("the meeting slides do not show the overdue item")
	}
	if ov := do(t, s, req{method: "GET", path: "/", cookie: ck["city_leader"]}); strings.Contains(string(ov.body), "增值税政策宣传不足") {
		t.Errorf("another city's overview shows the item")
	}
	// Publication by form, province office only.
	if r := do(t, s, form("/publication/2025Q4", ck["city_office"], url.Values{"status": {"open"}})); r.code != 403 {
		t.Errorf("a city office publishing: %d", r.code)
	}
	r = do(t, s, form("/publication/2025Q4", ck["office"], url.Values{"status": {"open"}}))
	if r.code != 303 {
		t.Fatalf("taking back by form: %d %s", r.code, r.body)
	}
	pub := do(t, s, req{method: "GET", path: "/publication", cookie: ck["office"]})
	if !strings.Contains(string(pub.body), fmt.Sprintf(`action="/publication/%s"`, "2025Q4")) {
		t.Errorf("the publication page has no form")
	}
}

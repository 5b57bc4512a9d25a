package server

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"jixiao/queries"
	"jixiao/queries/notify"
)

// testNotifier is a notifier on the test server's store with short
// timeouts and backoff, started and stopped by the test.
func testNotifier(t *testing.T, s *Server, mod ...func(*notify.Notifier)) *notify.Notifier {
	n := notify.New(s.Store, func(a *queries.Account) queries.Scope { return s.policy.get().ScopeOf(a) }, slog.New(slog.NewTextHandler(io.Discard, nil)))
	n.Client = &http.Client{Timeout: 300 * time.Millisecond}
	n.Backoff = []time.Duration{150 * time.Millisecond}
	n.MaxAttempts = 3
	n.RectFirst, n.RectEvery = time.Hour, time.Hour
	for _, m := range mod {
		m(n)
	}
	n.Start()
	t.Cleanup(n.Stop)
	return n
}

// hook records what a webhook receiver got.
type hook struct {
	mu     sync.Mutex
	bodies [][]byte
	sigs   []string
}

func (h *hook) got() ([][]byte, []string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([][]byte(nil), h.bodies...), append([]string(nil), h.sigs...)
}

func waitFor(t *testing.T, what string, ok func() bool) {
	t.Helper()
	for end := time.Now().Add(10 * time.Second); time.Now().Before(end); time.Sleep(50 * time.Millisecond) {
		if ok() {
			return
		}
	}
	t.Fatalf("timed out waiting for %s", what)
}

func TestWebhooksSignedRetriedAndTimedOut(t *testing.T) {
	st := loadFixture(t, "")
	s := newTestServer(t, st)
	admin, office := mustLogin(t, s, "admin"), mustLogin(t, s, "office")

	// A receiver that fails its first post (500), then takes them; a slow one.
	rec := &hook{}
	ok := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		rec.mu.Lock()
		rec.bodies, rec.sigs = append(rec.bodies, b), append(rec.sigs, r.Header.Get("X-Jixiao-Signature"))
		first := len(rec.bodies) == 1
		rec.mu.Unlock()
		if first {
			w.WriteHeader(500)
		}
	}))
	defer ok.Close()
	release := make(chan struct{})
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-time.After(5 * time.Second):
		}
	}))
	defer slow.Close()
	defer close(release)

	for _, bad := range []string{
		`{"url":"ftp://127.0.0.1/x","events":["pull_failed"],"secret":"s"}`,
		`{"url":"javascript:alert(1)","events":["pull_failed"],"secret":"s"}`,
		`{"url":"` + ok.URL + `","events":["pull_failed","nope"],"secret":"s"}`,
		`{"url":"` + ok.URL + `","events":[],"secret":"s"}`,
		`{"url":"` + ok.URL + `","events":["pull_failed"],"secret":""}`,
	} {
		if r := do(t, s, req{method: "POST", path: "/api/webhooks", body: bad, cookie: admin}); r.code != 422 {
			t.Errorf("%s: %d %s, want 422", bad, r.code, r.body)
		}
	}
	if r := do(t, s, req{method: "POST", path: "/api/webhooks", body: `{"url":"` + ok.URL + `","events":["pull_failed"],"secret":"s"}`, cookie: office}); r.code != 403 {
		t.Errorf("office creates a webhook: %d", r.code)
	}
	const secret = "hush-0123456789"
	r := do(t, s, req{method: "POST", path: "/api/webhooks", body: `{"url":"` + ok.URL + `/in","events":["pull_failed","appeal_moved"],"secret":"` + secret + `"}`, cookie: admin})
	if r.code != 201 || strings.Contains(string(r.body), secret) {
		t.Fatalf("create: %d %s", r.code, r.body)
	}
	var created queries.Webhook
	r.json(t, &created)
	r = do(t, s, req{method: "POST", path: "/api/webhooks", body: `{"url":"` + slow.URL + `","events":["pull_failed"],"secret":"x"}`, cookie: admin})
	var slowHook queries.Webhook
	r.json(t, &slowHook)
	if l := do(t, s, req{method: "GET", path: "/api/webhooks", cookie: admin}); l.code != 200 || strings.Contains(string(l.body), secret) || strings.Contains(string(l.body), "sealed") {
		t.Fatalf("list: %d %s", l.code, l.body)
	}

	n := testNotifier(t, s)
	at := time.Date(2026, 3, 1, 8, 30, 0, 123000000, time.UTC)
	t0 := time.Now()
	if err := n.Handle(context.Background(), queries.Event{Kind: "pull_failed", At: at, Text: "采集失败：金三", TextEn: "pull failed: golden tax"}); err != nil {
		t.Fatal(err)
	}
	if d := time.Since(t0); d > time.Second {
		t.Errorf("handling the event waited for the deliveries: %v", d)
	}
	// Delivered on the second try; the slow one times out and is retried.
	waitFor(t, "the retry after a 500", func() bool { b, _ := rec.got(); return len(b) >= 2 })
	bodies, sigs := rec.got()
	for i, b := range bodies[:2] {
		m := hmac.New(sha256.New, []byte(secret))
		m.Write(b)
		if want := "sha256=" + hex.EncodeToString(m.Sum(nil)); sigs[i] != want {
			t.Errorf("attempt %d: signature %q, want %q", i+1, sigs[i], want)
		}
		var p map[string]any
		if err := json.Unmarshal(b, &p); err != nil {
			t.Fatal(err)
		}
		if p["event"] != "pull_failed" || p["at"] != "2026-03-01T08:30:00.123Z" || p["text"] != "采集失败：金三" {
			t.Errorf("attempt %d: body %s", i+1, b)
		}
	}
	var log []queries.Delivery
	waitFor(t, "the delivery log", func() bool {
		do(t, s, req{method: "GET", path: "/api/webhooks/" + strconv.FormatInt(created.ID, 10) + "/deliveries", cookie: admin}).json(t, &log)
		return len(log) == 2
	})
	if log[0].Attempt != 2 || log[0].Status != 200 || log[1].Attempt != 1 || log[1].Status != 500 || log[1].Error == "" || !log[0].At.Equal(at) || !log[1].At.Equal(at) {
		t.Errorf("delivery log: %+v", log)
	}
	waitFor(t, "the slow webhook's attempts", func() bool {
		do(t, s, req{method: "GET", path: "/api/webhooks/" + strconv.FormatInt(slowHook.ID, 10) + "/deliveries", cookie: admin}).json(t, &log)
		return len(log) == 3
	})
	for _, d := range log {
		if d.Status != 0 || !strings.Contains(d.Error, "Timeout") && !strings.Contains(d.Error, "deadline") {
			t.Errorf("slow webhook: %+v", d)
		}
	}
	if r := do(t, s, req{method: "GET", path: "/api/webhooks/" + strconv.FormatInt(slowHook.ID, 10) + "/deliveries", cookie: office}); r.code != 403 {
		t.Errorf("office reads deliveries: %d", r.code)
	}
	if r := do(t, s, req{method: "DELETE", path: "/api/webhooks/" + strconv.FormatInt(slowHook.ID, 10), cookie: admin}); r.code != 204 {
		t.Errorf("delete: %d", r.code)
	}
	if r := do(t, s, req{method: "GET", path: "/api/webhooks/" + strconv.FormatInt(slowHook.ID, 10) + "/deliveries", cookie: admin}); r.code != 404 {
		t.Errorf("deliveries of a deleted webhook: %d", r.code)
	}

	// pull_failed without recipients: the administrators and the province
	// office, in-app; never the city office.
	var in queries.NotificationInbox
	do(t, s, req{method: "GET", path: "/api/notifications", cookie: office}).json(t, &in)
	if in.Unread != 1 || len(in.Items) != 1 || in.Items[0].Kind != "pull_failed" || in.Items[0].Text != "采集失败：金三" {
		t.Errorf("office inbox: %+v", in)
	}
	do(t, s, req{method: "GET", path: "/api/notifications", cookie: mustLogin(t, s, "city_office")}).json(t, &in)
	if len(in.Items) != 0 {
		t.Errorf("city office told of a pull: %+v", in)
	}
	if r := do(t, s, req{method: "POST", path: "/api/notifications/seen", cookie: office}); r.code != 204 {
		t.Errorf("seen: %d", r.code)
	}
	do(t, s, req{method: "GET", path: "/api/notifications", cookie: office}).json(t, &in)
	if in.Unread != 0 || len(in.Items) != 1 {
		t.Errorf("after seen: %+v", in)
	}
}

func TestNotificationChoices(t *testing.T) {
	t.Parallel() // its own store and server
	st := loadFixture(t, "")
	s := newTestServer(t, st)
	staff := mustLogin(t, s, "staff")
	var p map[string]string
	do(t, s, req{method: "GET", path: "/api/me/notifications", cookie: staff}).json(t, &p)
	if len(p) != len(queries.EventKinds) || p["appeal_moved"] != "inapp" {
		t.Fatalf("defaults: %v", p)
	}
	for _, bad := range []string{`{"appeal_moved":"fax"}`, `{"nope":"email"}`, `{"appeal_moved":"both","report_ready":3}`} {
		if r := do(t, s, req{method: "PUT", path: "/api/me/notifications", body: bad, cookie: staff}); r.code != 422 {
			t.Errorf("%s: %d %s", bad, r.code, r.body)
		}
	}
	r := do(t, s, req{method: "PUT", path: "/api/me/notifications", body: `{"appeal_moved":"email","rectification_due":"both"}`, cookie: staff})
	r.json(t, &p)
	if r.code != 200 || p["appeal_moved"] != "email" || p["rectification_due"] != "both" || p["report_ready"] != "inapp" {
		t.Errorf("put: %d %v", r.code, p)
	}
	do(t, s, req{method: "GET", path: "/api/me/notifications", cookie: mustLogin(t, s, "dept")}).json(t, &p)
	if p["appeal_moved"] != "inapp" {
		t.Errorf("another user's choices changed: %v", p)
	}
}

// TestNotificationsNameOnlyWhatTheRecipientSees: an event about a unit is
// delivered only to recipients who see it named (SPEC §4): a department
// hears nothing of its anonymised peer; a report reaches the report
// centres that receive it (Scope.receives), not a county under it.
func TestNotificationsNameOnlyWhatTheRecipientSees(t *testing.T) {
	t.Parallel() // its own store and server
	st := loadFixture(t, "")
	s := newTestServer(t, st)
	n := testNotifier(t, s)
	ctx := context.Background()
	// dept is at GX01-ZG, whose peer GX01-NF it sees anonymised only.
	for _, ev := range []queries.Event{
		{Kind: "appeal_moved", Unit: "GX01-NF", Users: []string{"dept", "city_leader"}, Text: "百色市局纳税服务科 申诉"},
		{Kind: "appeal_moved", Unit: "GX01-ZG", Users: []string{"dept"}, Text: "百色市局征收管理科 申诉"},
		{Kind: "report_ready", Unit: "GX01", Period: "2025Q4", Text: "百色市局 报告"},
		{Kind: "submission_returned", Unit: "GX0401-B1", Text: "退回"},
	} {
		if err := n.Handle(ctx, ev); err != nil {
			t.Fatal(err)
		}
	}
	want := map[string][]string{
		"dept":          {"百色市局征收管理科 申诉"},
		"city_leader":   {"百色市局 报告", "百色市局纳税服务科 申诉"},
		"leader":        {"百色市局 报告"},
		"admin":         {"百色市局 报告"},
		"county_leader": nil, // GX0101: under GX01, receives not its city's report
		"staff":         {"退回"},
		"city_office":   nil,
	}
	for user, texts := range want {
		in, err := st.Notifications(ctx, user)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, it := range in.Items {
			got = append(got, it.Text)
		}
		if strings.Join(got, "|") != strings.Join(texts, "|") {
			t.Errorf("%s got %q, want %q", user, got, texts)
		}
	}
}

// TestAppealStepsNotify: each appeal step tells the filer and whoever acts
// next (the nearest office above the unit, then the committee), and the
// step answers without waiting for a slow webhook.
func TestAppealStepsNotify(t *testing.T) {
	st := loadFixture(t, "")
	ctx := context.Background()
	if err := st.SetPeriodStatus(ctx, "test", "2025Q4", "review"); err != nil {
		t.Fatal(err)
	}
	s := newTestServer(t, st)
	release := make(chan struct{})
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select { // answers only when the test ends
		case <-release:
		case <-time.After(10 * time.Second):
		}
	}))
	defer slow.Close()
	defer close(release)
	if _, err := st.CreateWebhook(ctx, "admin", queries.WebhookInput{URL: slow.URL, Events: []string{"appeal_moved"}, Secret: "x"}); err != nil {
		t.Fatal(err)
	}
	testNotifier(t, s, func(n *notify.Notifier) { n.Client.Timeout = 20 * time.Second })
	bd, err := st.Breakdown(ctx, queries.Everything, "GX0101", "2025Q4")
	if err != nil || len(bd.Indicators) == 0 {
		t.Fatalf("breakdown: %v", err)
	}
	claimed := 1.0
	if a := bd.Indicators[0].Actual; a != nil {
		claimed = *a + 1
	}
	body := `{"unit_code":"GX0101","indicator_code":"` + bd.Indicators[0].Code + `","period":"2025Q4","claimed_actual":` + strconv.FormatFloat(claimed, 'f', -1, 64) + `,"reason":"台账漏报"}`
	filer := mustLogin(t, s, "county_leader")
	t0 := time.Now()
	r := do(t, s, req{method: "POST", path: "/api/appeals", body: body, cookie: filer})
	if r.code != 201 && r.code != 200 {
		t.Fatalf("file: %d %s", r.code, r.body)
	}
	if d := time.Since(t0); d > 2*time.Second {
		t.Errorf("filing waited for the webhook: %v", d)
	}
	var ap struct{ ID int64 }
	r.json(t, &ap)
	inbox := func(user string) []string {
		in, err := st.Notifications(ctx, user)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, it := range in.Items {
			out = append(out, it.Kind+" "+it.Link)
		}
		return out
	}
	link := "appeal_moved /appeals/" + strconv.FormatInt(ap.ID, 10)
	waitFor(t, "the filing's notifications", func() bool { return len(inbox("office")) == 1 && len(inbox("county_leader")) == 1 })
	if got := inbox("office"); got[0] != link {
		t.Errorf("office: %v", got)
	}
	if got := inbox("committee"); len(got) != 0 {
		t.Errorf("committee told before the review: %v", got)
	}
	if r := do(t, s, req{method: "POST", path: "/api/appeals/" + strconv.FormatInt(ap.ID, 10) + "/review", body: `{"decision":"forward"}`, cookie: mustLogin(t, s, "office")}); r.code != 200 {
		t.Fatalf("review: %d %s", r.code, r.body)
	}
	waitFor(t, "the review's notifications", func() bool { return len(inbox("committee")) == 1 && len(inbox("county_leader")) == 2 })
	if got := inbox("office"); len(got) != 1 {
		t.Errorf("office told of its own forward: %v", got)
	}
	for _, u := range []string{"city_office", "city_leader", "staff"} {
		if got := inbox(u); len(got) != 0 {
			t.Errorf("%s: %v", u, got)
		}
	}
}

// TestUnreachableMailServer: an e-mail to a server that does not answer
// is a logged, retried failure; the inbox still receives the event.
func TestUnreachableMailServer(t *testing.T) {
	st := loadFixture(t, "")
	s := newTestServer(t, st)
	ctx := context.Background()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close() // nothing listens there now
	for _, q := range []string{
		"INSERT OR REPLACE INTO settings VALUES ('notify.smtp.host', '127.0.0.1'), ('notify.smtp.port', '" + strconv.Itoa(port) + "'), ('notify.smtp.from', 'jixiao@tax.example')",
		"UPDATE users SET email = 'staff@tax.example' WHERE username = 'staff'",
	} {
		if _, err := st.DB().Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	if err := st.SetNotifyPrefs(ctx, "staff", map[string]string{"submission_returned": "both"}); err != nil {
		t.Fatal(err)
	}
	n := testNotifier(t, s)
	if err := n.Handle(ctx, queries.Event{Kind: "submission_returned", Unit: "GX0401-B1", Text: "退回"}); err != nil {
		t.Fatal(err)
	}
	var attempts int
	var last string
	waitFor(t, "the failed tries", func() bool {
		st.DB().QueryRow("SELECT count(*), coalesce(max(error), '') FROM notify_attempts").Scan(&attempts, &last)
		return attempts == 3
	})
	if !strings.Contains(last, "refused") {
		t.Errorf("last error %q", last)
	}
	var status string
	st.DB().QueryRow("SELECT status FROM notify_outbox WHERE channel = 'email'").Scan(&status)
	if status != "failed" {
		t.Errorf("outbox status %q after the last try", status)
	}
	if in, _ := st.Notifications(ctx, "staff"); len(in.Items) != 1 {
		t.Errorf("inbox: %+v", in)
	}
}

// TestRectificationChecks: an item is notified once when due and once when
// overdue, to its unit's users, however often the check runs.
func TestRectificationChecks(t *testing.T) {
	t.Parallel() // its own store and server
	st := loadFixture(t, "")
	s := newTestServer(t, st)
	ctx := context.Background()
	if _, err := st.DB().Exec(`INSERT INTO rectifications (unit_code, source, title, deadline, created_by, status) VALUES
		('GX0401-B1', 'meeting', '逾期事项', current_date - 3, 'office', 'open'),
		('GX0401-B1', 'meeting', '将到期事项', current_date + 3, 'office', 'in_progress'),
		('GX0401-B1', 'meeting', '远期事项', current_date + 60, 'office', 'open'),
		('GX0401-B1', 'meeting', '已完成事项', current_date - 3, 'office', 'done')`); err != nil {
		t.Fatal(err)
	}
	n := testNotifier(t, s)
	texts := func() []string {
		in, err := st.Notifications(ctx, "staff")
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, it := range in.Items {
			out = append(out, it.Kind+" "+it.Text)
		}
		sort.Strings(out)
		return out
	}
	for range 2 {
		if err := n.CheckRectifications(ctx); err != nil {
			t.Fatal(err)
		}
	}
	got := texts()
	if len(got) != 2 || !strings.HasPrefix(got[0], "rectification_due ") || !strings.Contains(got[0], "将到期事项") ||
		!strings.HasPrefix(got[1], "rectification_overdue ") || !strings.Contains(got[1], "逾期事项") {
		t.Fatalf("after two checks: %q", got)
	}
	if _, err := st.DB().Exec(`UPDATE rectifications SET deadline = current_date - 1 WHERE title = '将到期事项'`); err != nil {
		t.Fatal(err)
	}
	if err := n.CheckRectifications(ctx); err != nil {
		t.Fatal(err)
	}
	if got := texts(); len(got) != 3 {
		t.Errorf("after the due item went overdue: %q", got)
	}
	if in, _ := st.Notifications(ctx, "city_office"); len(in.Items) != 0 {
		t.Errorf("another unit's office told: %+v", in.Items)
	}
}

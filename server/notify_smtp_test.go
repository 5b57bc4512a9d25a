//go:build servers

package server

import (
	"context"
	"encoding/base64"
	"io"
	"mime"
	"strconv"
	"strings"
	"testing"

	"jixiao/queries"
	"jixiao/queries/testservers"
)

// TestRealSMTPNotifications sends the e-mails users chose through a real
// SMTP server (aiosmtpd) the test starts: each to its recipient, with the
// event's text, and none naming a unit its recipient sees anonymised only.
func TestRealSMTPNotifications(t *testing.T) {
	mx := testservers.StartSMTP(t)
	st := loadFixture(t, "")
	s := newTestServer(t, st)
	ctx := context.Background()
	for _, q := range []string{
		"INSERT OR REPLACE INTO settings VALUES ('notify.smtp.host', '" + mx.Host + "'), ('notify.smtp.port', '" + strconv.Itoa(mx.Port) + "'), ('notify.smtp.from', 'jixiao@tax.example')",
		"UPDATE users SET email = username || '@tax.example' WHERE username IN ('dept', 'city_leader', 'leader')",
	} {
		if _, err := st.DB().Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	if err := st.SetNotifyPrefs(ctx, "dept", map[string]string{"appeal_moved": "email"}); err != nil {
		t.Fatal(err)
	}
	if err := st.SetNotifyPrefs(ctx, "city_leader", map[string]string{"appeal_moved": "both"}); err != nil {
		t.Fatal(err)
	}
	n := testNotifier(t, s)
	// dept (GX01-ZG) sees its peer GX01-NF anonymised only: no word of it.
	for _, ev := range []queries.Event{
		{Kind: "appeal_moved", Unit: "GX01-NF", Users: []string{"dept", "city_leader", "leader"}, Text: "百色市局纳税服务科的申诉已转呈", TextEn: "NF appeal forwarded"},
		{Kind: "appeal_moved", Unit: "GX01-ZG", Users: []string{"dept"}, Text: "百色市局征收管理科的申诉已驳回", TextEn: "ZG appeal rejected"},
	} {
		if err := n.Handle(ctx, ev); err != nil {
			t.Fatal(err)
		}
	}
	waitFor(t, "two e-mails", func() bool { return len(mx.Messages(t)) >= 2 })
	got := map[string]string{}
	for _, m := range mx.Messages(t) {
		to := m.Header.Get("To")
		if rcpt := m.Header.Get("X-RcptTo"); rcpt != to {
			t.Errorf("envelope recipient %q, header %q", rcpt, to)
		}
		subj, err := new(mime.WordDecoder).DecodeHeader(m.Header.Get("Subject"))
		if err != nil {
			t.Fatal(err)
		}
		raw, _ := io.ReadAll(m.Body)
		body, err := base64.StdEncoding.DecodeString(strings.ReplaceAll(strings.ReplaceAll(string(raw), "\r", ""), "\n", ""))
		if err != nil {
			t.Fatalf("body of the mail to %s: %v", to, err)
		}
		if !strings.Contains(string(body), strings.TrimPrefix(subj, "【绩效考核】")) {
			t.Errorf("mail to %s: subject %q, body %q", to, subj, body)
		}
		got[to] += string(body)
	}
	if len(got) != 2 || !strings.Contains(got["city_leader@tax.example"], "百色市局纳税服务科的申诉已转呈") ||
		!strings.Contains(got["dept@tax.example"], "百色市局征收管理科的申诉已驳回") {
		t.Errorf("mails: %q", got)
	}
	if strings.Contains(got["dept@tax.example"], "纳税服务科") {
		t.Errorf("dept was told of its anonymised peer: %q", got["dept@tax.example"])
	}
	if _, ok := got["leader@tax.example"]; ok {
		t.Errorf("leader chose in-app only but got a mail")
	}
	// in-app always: city_leader chose both, leader in-app
	for _, u := range []string{"city_leader", "leader"} {
		in, err := st.Notifications(ctx, u)
		if err != nil || len(in.Items) != 1 {
			t.Errorf("%s inbox: %+v %v", u, in, err)
		}
	}
}

package server

import (
	"testing"
)

// TestWorkflowAuditRecordsAddress: the audit entries of workflow writes
// (an adjustment, a publication) carry the client's address, like those of
// sign-ins.
func TestWorkflowAuditRecordsAddress(t *testing.T) {
	t.Parallel() // its own store and server
	st := loadFixture(t, "")
	s := newTestServer(t, st)
	ck := mustLogin(t, s, "office")
	if r := do(t, s, req{method: "POST", path: "/api/adjustments", cookie: ck,
		body: `{"unit_code":"GX0401","period":"2025Q4","kind":"bonus","points":2,"reason":"专项工作"}`}); r.code != 201 {
		t.Fatalf("adjustment: %d %s", r.code, r.body)
	}
	if r := do(t, s, req{method: "POST", path: "/api/periods/2025Q4/status", cookie: ck, body: `{"status":"review"}`}); r.code != 200 {
		t.Fatalf("publication: %d %s", r.code, r.body)
	}
	rows, err := st.DB().Query(`SELECT action, coalesce(addr, '') FROM audit WHERE action IN ('adjustment_add', 'period_status') AND username = 'office'`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var action, addr string
		if err := rows.Scan(&action, &addr); err != nil {
			t.Fatal(err)
		}
		n++
		if addr == "" {
			t.Errorf("%s: no address", action)
		}
	}
	if n != 2 {
		t.Errorf("%d audit entries, want 2", n)
	}
}

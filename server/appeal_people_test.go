package server

import (
	"fmt"
	"strings"
	"testing"
)

// The appeal's page names the people who filed and handled it (users.name),
// not their login names.
func TestAppealPageNamesPeople(t *testing.T) {
	t.Parallel() // its own store and server
	s, _, ck := workflowServer(t)
	a := fileAppeal(t, s, ck["staff"], `{"unit_code":"GX0401-B1","indicator_code":"E03","period":"2025Q4","claimed_actual":96,"reason":"漏计回访"}`)
	if r := do(t, s, req{method: "POST", path: fmt.Sprintf("/api/appeals/%d/review", a.ID), cookie: ck["city_office"],
		body: `{"decision":"forward","comment":"转呈"}`}); r.code != 200 {
		t.Fatalf("forward: %d %s", r.code, r.body)
	}
	page := string(do(t, s, req{method: "GET", path: fmt.Sprintf("/appeals/%d", a.ID), cookie: ck["office"]}).body)
	// helpers_test.go names every fixture user "User <login>"
	for _, want := range []string{`<dd title="staff">User staff</dd>`, `<span title="city_office">User city_office</span>`} {
		if !strings.Contains(page, want) {
			t.Errorf("the appeal page lacks %s", want)
		}
	}
}

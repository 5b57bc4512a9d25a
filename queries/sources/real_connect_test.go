//go:build servers

package sources

import (
	"context"
	"strings"
	"testing"
)

// connectChecks tests a source's connection against a real server three
// ways: a wrong password (named as such, the password never echoed), a
// port nobody listens on (downDSN), and right, whose source it returns.
func connectChecks(t *testing.T, sv *Service, right SourceInput, downDSN string) *Source {
	t.Helper()
	ctx := context.Background()
	wrong := "not-the-password"
	for _, c := range []struct {
		name, dsn, password, want string
	}{
		{"wrong", right.DSN, wrong, "wrong user name or password"},
		{"down", downDSN, *right.Password, "cannot reach the source"},
	} {
		in := right
		in.Name, in.DSN, in.Password = c.name, c.dsn, &c.password
		src, err := sv.CreateSource(ctx, "admin", in)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if r, _ := sv.Test(ctx, src.ID); r.OK || !strings.Contains(r.Message, c.want) || strings.Contains(r.Message, wrong) {
			t.Errorf("%s: %+v", c.name, r)
		}
	}
	src, err := sv.CreateSource(ctx, "admin", right)
	if err != nil {
		t.Fatal(err)
	}
	if r, _ := sv.Test(ctx, src.ID); !r.OK {
		t.Fatalf("test: %+v", r)
	}
	return src
}

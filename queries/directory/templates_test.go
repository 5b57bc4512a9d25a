package directory

import "testing"

// TestTemplateChecks: a bind DN or filter template holds exactly one %s and
// no other %, and is valid once filled; each refusal names what is wrong,
// in both languages, as written here by hand.
func TestTemplateChecks(t *testing.T) {
	for _, c := range []struct {
		name  string
		check func(string) error
		in    string
		want  string // "" accepted
	}{
		{"bind", CheckBindTemplate, "uid=%s,ou=people,dc=tax,dc=cn", ""},
		{"bind", CheckBindTemplate, "uid=admin,ou=people", "模板须恰好包含一个 %s / the template must hold exactly one %s"},
		{"bind", CheckBindTemplate, "uid=%s,cn=%s", "模板须恰好包含一个 %s / the template must hold exactly one %s"},
		{"bind", CheckBindTemplate, "uid=%s,cn=100%", "模板须恰好包含一个 %s / the template must hold exactly one %s"},
		{"bind", CheckBindTemplate, "%s", "不是有效的 DN / not a valid DN: "},
		{"filter", CheckFilterTemplate, "(&(objectClass=person)(uid=%s))", ""},
		{"filter", CheckFilterTemplate, "(uid=admin)", "过滤器须恰好包含一个 %s / the filter must hold exactly one %s"},
		{"filter", CheckFilterTemplate, "(|(uid=%s)(mail=%s))", "过滤器须恰好包含一个 %s / the filter must hold exactly one %s"},
		{"filter", CheckFilterTemplate, "(uid=%s", "不是有效的 LDAP 过滤器 / not a valid LDAP filter: "},
	} {
		err := c.check(c.in)
		switch {
		case c.want == "" && err != nil:
			t.Errorf("%s %q refused: %v", c.name, c.in, err)
		case c.want == "":
		case err == nil:
			t.Errorf("%s %q accepted, want %q", c.name, c.in, c.want)
		case len(err.Error()) < len(c.want) || err.Error()[:len(c.want)] != c.want:
			t.Errorf("%s %q: %q, want %q…", c.name, c.in, err.Error(), c.want)
		}
	}
}

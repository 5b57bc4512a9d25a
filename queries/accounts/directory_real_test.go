//go:build servers

package accounts

import (
	"context"
	"errors"
	"net"
	"testing"
	"time"

	"jixiao/queries/directory"
	"jixiao/queries/fixture/fixturestore"
	"jixiao/queries/testservers"
)

// directoryStore is the fixture with the fixture's users, an ldap account
// zhangsan (in the directory with the password Dir-pass-2025) and the
// directory settings given.
func directoryStore(t *testing.T, settings map[string]string) *Book {
	t.Helper()
	s := New(fixturestore.Open(t))
	ctx := context.Background()
	m := FullManager("test")
	for _, u := range []UserInput{
		{Profile: Profile{Username: "admin", Name: "Admin", UnitCode: "GX", Role: "admin"}, Password: "Local-admin-2025"},
		{Profile: Profile{Username: "zhangsan", Name: "张三", UnitCode: "GX01", Role: "leader", Auth: "ldap"}},
	} {
		if _, err := s.CreateUser(ctx, m, u); err != nil {
			t.Fatal(err)
		}
	}
	for k, v := range settings {
		if err := s.st.PutSetting(ctx, "test", "", k, v); err != nil {
			t.Fatalf("%s: %v", k, err)
		}
	}
	return s
}

func TestRealLDAPBindTemplate(t *testing.T) {
	d := testservers.StartSlapd(t)
	d.AddPerson(t, "zhangsan", "Dir-pass-2025")
	d.AddPerson(t, "lisi", "Lisi-pass-2025") // in the directory, no jixiao account
	s := directoryStore(t, map[string]string{"auth.ldap.url": d.URL, "auth.ldap.bind_dn": "uid=%s,ou=people," + d.BaseDN, "auth.ldap.timeout_s": "2"})
	ctx := context.Background()
	a, err := s.Authenticate(ctx, "zhangsan", "Dir-pass-2025")
	if err != nil || a.Role != "leader" || a.UnitCode != "GX01" {
		t.Fatalf("right directory password: %+v %v", a, err)
	}
	for _, c := range []struct{ user, pw string }{{"zhangsan", "wrong-password"}, {"zhangsan", ""}, {"lisi", "Lisi-pass-2025"}, {"ZhangSan", "Dir-pass-2025"}} {
		if _, err := s.Authenticate(ctx, c.user, c.pw); !errors.Is(err, ErrBadCredentials) {
			t.Errorf("%s/%q: %v, want bad credentials", c.user, c.pw, err)
		}
	}
	if _, err := s.Authenticate(ctx, "admin", "Local-admin-2025"); err != nil {
		t.Errorf("local admin: %v", err)
	}
	// The directory goes away: an ldap account is refused as unavailable
	// within the timeout; local accounts, and names that are no jixiao
	// account (never asked of the directory), answer as before.
	d.Stop()
	t0 := time.Now()
	if _, err := s.Authenticate(ctx, "zhangsan", "Dir-pass-2025"); !errors.Is(err, ErrDirectoryUnavailable) || time.Since(t0) > 3*time.Second {
		t.Errorf("directory down: %v after %s, want unavailable within 2 s", err, time.Since(t0))
	}
	if _, err := s.Authenticate(ctx, "lisi", "Lisi-pass-2025"); !errors.Is(err, ErrBadCredentials) {
		t.Errorf("no jixiao account, directory down: %v, want bad credentials (the directory is not asked)", err)
	}
	if _, err := s.Authenticate(ctx, "admin", "Local-admin-2025"); err != nil {
		t.Errorf("local admin with the directory down: %v", err)
	}
}

func TestRealLDAPSearchThenBind(t *testing.T) {
	d := testservers.StartSlapd(t)
	d.AddPerson(t, "zhangsan", "Dir-pass-2025")
	s := directoryStore(t, map[string]string{"auth.ldap.url": d.URL, "auth.ldap.base_dn": "ou=people," + d.BaseDN,
		"auth.ldap.filter": "(&(objectClass=inetOrgPerson)(uid=%s))", "auth.ldap.service_dn": d.ServiceDN,
		"auth.ldap.service_password": d.ServicePass})
	ctx := context.Background()
	if _, err := s.Authenticate(ctx, "zhangsan", "Dir-pass-2025"); err != nil {
		t.Fatalf("search-then-bind: %v", err)
	}
	if _, err := s.Authenticate(ctx, "zhangsan", "Lisi-pass-2025"); !errors.Is(err, ErrBadCredentials) {
		t.Errorf("wrong password: %v", err)
	}
	// a wrong service password is the directory failing, not the user
	if err := s.st.PutSetting(ctx, "test", "", "auth.ldap.service_password", "not-the-password"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Authenticate(ctx, "zhangsan", "Dir-pass-2025"); !errors.Is(err, ErrDirectoryUnavailable) {
		t.Errorf("wrong service password: %v, want unavailable", err)
	}
}

// TestRealLDAPEscaping: names with the special characters of DNs and
// filters reach the directory escaped, at the directory's own level
// (jixiao's usernames cannot hold them, but the directory package must
// not rely on that).
func TestRealLDAPEscaping(t *testing.T) {
	d := testservers.StartSlapd(t)
	d.AddPerson(t, "zhangsan", "Dir-pass-2025")
	d.AddPerson(t, "a,b+c=d", "Odd-pass-2025")
	d.AddPerson(t, "a*b", "Star-pass-2025")
	ctx := context.Background()
	tmpl := directory.Config{URL: d.URL, BindDN: "uid=%s,ou=people," + d.BaseDN, Timeout: 2 * time.Second}
	search := directory.Config{URL: d.URL, BaseDN: "ou=people," + d.BaseDN, Filter: "(uid=%s)", ServiceDN: d.ServiceDN,
		ServicePassword: d.ServicePass, Timeout: 2 * time.Second}
	for _, c := range []struct {
		name string
		cfg  directory.Config
		user string
		pw   string
		want error
	}{
		{"DN specials, template", tmpl, "a,b+c=d", "Odd-pass-2025", nil},
		{"DN specials, search", search, "a,b+c=d", "Odd-pass-2025", nil},
		{"DN injection", tmpl, "zhangsan,ou=people", "Dir-pass-2025", directory.ErrRejected},
		{"filter star, literal", search, "a*b", "Star-pass-2025", nil},
		{"filter injection", search, "a*)(uid=*", "Dir-pass-2025", directory.ErrRejected},
		{"filter wildcard", search, "*", "Dir-pass-2025", directory.ErrRejected},
		{"filter wildcard prefix", search, "zhang*", "Dir-pass-2025", directory.ErrRejected},
	} {
		err := directory.Authenticate(ctx, c.cfg, c.user, c.pw)
		if (c.want == nil && err != nil) || (c.want != nil && !errors.Is(err, c.want)) {
			t.Errorf("%s (%q): %v, want %v", c.name, c.user, err, c.want)
		}
	}
}

// TestRealLDAPTLS: ldaps:// and StartTLS with the directory's CA; without
// it the certificate is not trusted and the sign-in is unavailable.
func TestRealLDAPTLS(t *testing.T) {
	d := testservers.StartSlapd(t)
	d.AddPerson(t, "zhangsan", "Dir-pass-2025")
	ctx := context.Background()
	base := directory.Config{BindDN: "uid=%s,ou=people," + d.BaseDN, Timeout: 3 * time.Second, CAFile: d.CAFile}
	ldaps, starttls, untrusted := base, base, base
	ldaps.URL = d.LDAPS
	starttls.URL, starttls.StartTLS = d.URL, true
	untrusted.URL, untrusted.CAFile = d.LDAPS, ""
	for name, c := range map[string]directory.Config{"ldaps": ldaps, "starttls": starttls} {
		if err := directory.Authenticate(ctx, c, "zhangsan", "Dir-pass-2025"); err != nil {
			t.Errorf("%s: %v", name, err)
		}
		if err := directory.Authenticate(ctx, c, "zhangsan", "wrong-pass"); !errors.Is(err, directory.ErrRejected) {
			t.Errorf("%s, wrong password: %v", name, err)
		}
	}
	if err := directory.Authenticate(ctx, untrusted, "zhangsan", "Dir-pass-2025"); !errors.Is(err, directory.ErrUnavailable) {
		t.Errorf("untrusted certificate: %v, want unavailable", err)
	}
	// through the store's settings
	s := directoryStore(t, map[string]string{"auth.ldap.url": d.URL, "auth.ldap.starttls": "true", "auth.ldap.ca_file": d.CAFile,
		"auth.ldap.bind_dn": "uid=%s,ou=people," + d.BaseDN})
	if _, err := s.Authenticate(ctx, "zhangsan", "Dir-pass-2025"); err != nil {
		t.Errorf("StartTLS from the settings: %v", err)
	}
}

// TestRealLDAPSilentDirectory: a directory that accepts the connection
// and never answers is refused within the timeout.
func TestRealLDAPSilentDirectory(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			defer c.Close() // held open, never answered
		}
	}()
	s := directoryStore(t, map[string]string{"auth.ldap.url": "ldap://" + l.Addr().String(), "auth.ldap.bind_dn": "uid=%s,ou=people,dc=tax,dc=example",
		"auth.ldap.timeout_s": "1"})
	t0 := time.Now()
	_, err = s.Authenticate(context.Background(), "zhangsan", "Dir-pass-2025")
	if !errors.Is(err, ErrDirectoryUnavailable) || time.Since(t0) > 2*time.Second {
		t.Errorf("silent directory: %v after %s, want unavailable within 1 s", err, time.Since(t0))
	}
}

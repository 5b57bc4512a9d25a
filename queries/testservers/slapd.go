//go:build servers

// Package testservers starts real servers for the tests tagged servers:
// each on 127.0.0.1, on a free port, in a temporary directory, stopped
// when the test ends. A server that cannot start fails the test.
package testservers

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"math/big"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/go-ldap/ldap/v3"
)

// Slapd is a running OpenLDAP server with a base, ou=people, and a
// service account; its certificate is self-signed (CAFile) for
// 127.0.0.1, served on ldaps:// (LDAPS) and by StartTLS on ldap:// (URL).
type Slapd struct {
	URL, LDAPS    string
	BaseDN        string
	AdminDN       string
	AdminPassword string
	ServiceDN     string
	ServicePass   string
	CAFile        string
	cmd           *exec.Cmd
	dir           string
	conf          string
	port, tlsPort int
}

const slapdConf = `include /etc/ldap/schema/core.schema
include /etc/ldap/schema/cosine.schema
include /etc/ldap/schema/inetorgperson.schema
modulepath /usr/lib/ldap
moduleload back_mdb
pidfile {{dir}}/slapd.pid
argsfile {{dir}}/slapd.args
TLSCertificateFile {{dir}}/cert.pem
TLSCertificateKeyFile {{dir}}/key.pem
database mdb
maxsize 16777216
suffix "dc=tax,dc=example"
rootdn "cn=admin,dc=tax,dc=example"
rootpw {{rootpw}}
directory {{dir}}/db
`

// StartSlapd starts /usr/sbin/slapd with a generated slapd.conf (mdb
// backend) and loads the base entries; Stop (or the test's end) stops it.
func StartSlapd(t testing.TB) *Slapd {
	t.Helper()
	dir := t.TempDir()
	s := &Slapd{dir: dir, BaseDN: "dc=tax,dc=example", AdminDN: "cn=admin,dc=tax,dc=example", AdminPassword: "Root-pass-2025",
		ServiceDN: "uid=jixiao-svc,ou=services,dc=tax,dc=example", ServicePass: "Service-pass-2025",
		CAFile: filepath.Join(dir, "cert.pem"), port: FreePort(t), tlsPort: FreePort(t)}
	if err := os.MkdirAll(filepath.Join(dir, "db"), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := selfSigned(dir); err != nil {
		t.Fatalf("slapd certificate: %v", err)
	}
	s.conf = filepath.Join(dir, "slapd.conf")
	conf := strings.NewReplacer("{{dir}}", dir, "{{rootpw}}", s.AdminPassword).Replace(slapdConf)
	if err := os.WriteFile(s.conf, []byte(conf), 0o600); err != nil {
		t.Fatal(err)
	}
	s.URL = fmt.Sprintf("ldap://127.0.0.1:%d", s.port)
	s.LDAPS = fmt.Sprintf("ldaps://127.0.0.1:%d", s.tlsPort)
	s.start(t)
	t.Cleanup(s.Stop)
	c := s.Admin(t)
	defer c.Close()
	s.add(t, c, s.BaseDN, map[string][]string{"objectClass": {"dcObject", "organization"}, "dc": {"tax"}, "o": {"Tax"}})
	for _, ou := range []string{"people", "services"} {
		s.add(t, c, "ou="+ou+","+s.BaseDN, map[string][]string{"objectClass": {"organizationalUnit"}, "ou": {ou}})
	}
	s.add(t, c, s.ServiceDN, person("jixiao-svc", s.ServicePass))
	return s
}

func (s *Slapd) start(t testing.TB) {
	t.Helper()
	s.cmd = exec.Command("/usr/sbin/slapd", "-f", s.conf, "-h", s.URL+"/ "+s.LDAPS+"/", "-d", "0")
	s.cmd.Stdout, s.cmd.Stderr = os.Stderr, os.Stderr
	if err := s.cmd.Start(); err != nil {
		t.Fatalf("slapd: %v", err)
	}
	deadline := time.Now().Add(15 * time.Second)
	for {
		c, err := ldap.DialURL(s.URL)
		if err == nil {
			c.Close()
			return
		}
		if time.Now().After(deadline) {
			s.Stop()
			t.Fatalf("slapd did not answer on %s: %v", s.URL, err)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// Stop ends the server (the directory's data stays for Restart).
func (s *Slapd) Stop() {
	if s.cmd == nil || s.cmd.Process == nil {
		return
	}
	_ = s.cmd.Process.Kill()
	_, _ = s.cmd.Process.Wait()
	s.cmd = nil
}

// Restart starts a stopped server again on the same ports.
func (s *Slapd) Restart(t testing.TB) { s.start(t) }

// Admin is a connection bound as the directory's root.
func (s *Slapd) Admin(t testing.TB) *ldap.Conn {
	t.Helper()
	c, err := ldap.DialURL(s.URL)
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Bind(s.AdminDN, s.AdminPassword); err != nil {
		t.Fatal(err)
	}
	return c
}

// AddPerson adds uid=UID,ou=people with a password and returns its DN.
func (s *Slapd) AddPerson(t testing.TB, uid, password string) string {
	t.Helper()
	c := s.Admin(t)
	defer c.Close()
	dn := "uid=" + ldap.EscapeDN(uid) + ",ou=people," + s.BaseDN
	s.add(t, c, dn, person(uid, password))
	return dn
}

func person(uid, password string) map[string][]string {
	return map[string][]string{"objectClass": {"inetOrgPerson"}, "uid": {uid}, "cn": {uid}, "sn": {uid}, "userPassword": {password}}
}

func (s *Slapd) add(t testing.TB, c *ldap.Conn, dn string, attrs map[string][]string) {
	t.Helper()
	r := ldap.NewAddRequest(dn, nil)
	for k, v := range attrs {
		r.Attribute(k, v)
	}
	if err := c.Add(r); err != nil {
		t.Fatalf("ldap add %s: %v", dn, err)
	}
}

// selfSigned writes cert.pem (also the CA to trust) and key.pem for 127.0.0.1.
func selfSigned(dir string) error {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return err
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(time.Now().UnixNano()), Subject: pkix.Name{CommonName: "127.0.0.1"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour),
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, DNSNames: []string{"localhost"},
		KeyUsage:    x509.KeyUsageDigitalSignature | x509.KeyUsageKeyEncipherment | x509.KeyUsageCertSign,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}, BasicConstraintsValid: true, IsCA: true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "cert.pem"), pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o644); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "key.pem"), pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(key)}), 0o600)
}

// Package directory signs users in against an LDAP directory (SPEC §14):
// a bind with a DN made from a template, or a search with a service
// account and then a bind as the entry found; ldap://, ldaps:// and
// StartTLS; every step bounded by one timeout. It knows nothing of
// jixiao's accounts: the role and unit stay jixiao's.
package directory

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/go-ldap/ldap/v3"
)

// Config is the directory settings (auth.ldap.*).
type Config struct {
	URL             string // ldap://host:port or ldaps://host:port
	BindDN          string // template with %s for the username
	BaseDN          string // search-then-bind: where to search
	Filter          string // search filter with %s for the username
	ServiceDN       string // the account that searches
	ServicePassword string
	StartTLS        bool
	Timeout         time.Duration
	CAFile          string // PEM file of the CA that signs the directory's certificate ("" = the system's)
}

// Enabled reports whether a directory is configured.
func (c Config) Enabled() bool { return strings.TrimSpace(c.URL) != "" }

// ErrRejected is a wrong password or a name the directory does not know.
var ErrRejected = errors.New("the directory refused the credentials")

// ErrUnavailable wraps every failure to reach or talk to the directory.
var ErrUnavailable = errors.New("the directory cannot be reached")

// Authenticate checks username's password by a bind, within the
// timeout: nil, ErrRejected, or an error wrapping ErrUnavailable.
func Authenticate(ctx context.Context, c Config, username, password string) error {
	if password == "" {
		return ErrRejected // an empty password would be an unauthenticated bind, which succeeds
	}
	if c.Timeout <= 0 {
		c.Timeout = 10 * time.Second
	}
	ctx, cancel := context.WithTimeout(ctx, c.Timeout)
	defer cancel()
	type result struct{ err error }
	done := make(chan result, 1)
	var conn *ldap.Conn
	connCh := make(chan *ldap.Conn, 1)
	go func() {
		done <- result{authenticate(c, username, password, connCh)}
	}()
	select {
	case r := <-done:
		return r.err
	case <-ctx.Done():
		select {
		case conn = <-connCh:
			conn.Close()
		default:
		}
		return fmt.Errorf("%w: no answer within %s", ErrUnavailable, c.Timeout)
	}
}

func authenticate(c Config, username, password string, connCh chan<- *ldap.Conn) error {
	conn, err := dial(c)
	if err != nil {
		return fmt.Errorf("%w: %v", ErrUnavailable, err)
	}
	connCh <- conn
	defer conn.Close()
	conn.SetTimeout(c.Timeout)
	dn := ""
	if strings.TrimSpace(c.BindDN) != "" {
		dn = strings.ReplaceAll(c.BindDN, "%s", ldap.EscapeDN(username))
	} else {
		if dn, err = search(conn, c, username); err != nil {
			return err
		}
	}
	return bind(conn, dn, password)
}

// bind tells a refused bind (invalid credentials, no such entry) from a
// directory that fails.
func bind(conn *ldap.Conn, dn, password string) error {
	err := conn.Bind(dn, password)
	if err == nil {
		return nil
	}
	if ldap.IsErrorWithCode(err, ldap.LDAPResultInvalidCredentials) || ldap.IsErrorWithCode(err, ldap.LDAPResultNoSuchObject) ||
		ldap.IsErrorWithCode(err, ldap.LDAPResultInvalidDNSyntax) || ldap.IsErrorWithCode(err, ldap.LDAPResultUnwillingToPerform) {
		return ErrRejected
	}
	return fmt.Errorf("%w: %v", ErrUnavailable, err)
}

// search finds the one entry whose filter matches the username, as the
// service account.
func search(conn *ldap.Conn, c Config, username string) (string, error) {
	if c.ServiceDN != "" {
		if err := conn.Bind(c.ServiceDN, c.ServicePassword); err != nil {
			return "", fmt.Errorf("%w: the service account cannot bind: %v", ErrUnavailable, err)
		}
	}
	filter := strings.ReplaceAll(c.Filter, "%s", ldap.EscapeFilter(username))
	res, err := conn.Search(ldap.NewSearchRequest(c.BaseDN, ldap.ScopeWholeSubtree, ldap.NeverDerefAliases,
		2, int(c.Timeout.Seconds()), false, filter, []string{"1.1"}, nil))
	if err != nil && !ldap.IsErrorWithCode(err, ldap.LDAPResultSizeLimitExceeded) {
		if ldap.IsErrorWithCode(err, ldap.LDAPResultNoSuchObject) {
			return "", ErrRejected
		}
		return "", fmt.Errorf("%w: search: %v", ErrUnavailable, err)
	}
	if res == nil || len(res.Entries) != 1 {
		return "", ErrRejected // none, or more than one: never guess
	}
	return res.Entries[0].DN, nil
}

func dial(c Config) (*ldap.Conn, error) {
	u, err := url.Parse(c.URL)
	if err != nil {
		return nil, err
	}
	tc := &tls.Config{ServerName: u.Hostname(), MinVersion: tls.VersionTLS12}
	if c.CAFile != "" {
		pem, err := os.ReadFile(c.CAFile)
		if err != nil {
			return nil, fmt.Errorf("CA file: %v", err)
		}
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(pem) {
			return nil, fmt.Errorf("CA file %s holds no certificate", c.CAFile)
		}
		tc.RootCAs = pool
	}
	conn, err := ldap.DialURL(c.URL, ldap.DialWithDialer(&net.Dialer{Timeout: c.Timeout}), ldap.DialWithTLSConfig(tc))
	if err != nil {
		return nil, err
	}
	if c.StartTLS && u.Scheme == "ldap" {
		conn.SetTimeout(c.Timeout)
		if err := conn.StartTLS(tc); err != nil {
			conn.Close()
			return nil, fmt.Errorf("StartTLS: %v", err)
		}
	}
	return conn, nil
}

// CheckURL accepts ldap://host[:port] and ldaps://host[:port].
func CheckURL(v string) error {
	u, err := url.Parse(v)
	if err != nil || (u.Scheme != "ldap" && u.Scheme != "ldaps") || u.Hostname() == "" {
		return errors.New("须为 ldap://主机[:端口] 或 ldaps://主机[:端口] / must be ldap://host[:port] or ldaps://host[:port]")
	}
	if (u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.User != nil {
		return errors.New("地址只能包含主机和端口 / the URL may hold only a host and a port")
	}
	if p := u.Port(); p != "" {
		var n int
		if _, err := fmt.Sscan(p, &n); err != nil || n < 1 || n > 65535 {
			return errors.New("端口无效 / the port is invalid")
		}
	}
	return nil
}

// CheckBindTemplate accepts a DN with exactly one %s (in a value).
func CheckBindTemplate(v string) error {
	dn, err := filled(v, "模板", "the template")
	if err != nil {
		return err
	}
	return CheckDN(dn)
}

// CheckDN accepts a distinguished name.
func CheckDN(v string) error {
	if _, err := ldap.ParseDN(v); err != nil {
		return fmt.Errorf("不是有效的 DN / not a valid DN: %v", err)
	}
	return nil
}

// CheckFilterTemplate accepts a filter with exactly one %s.
func CheckFilterTemplate(v string) error {
	f, err := filled(v, "过滤器", "the filter")
	if err != nil {
		return err
	}
	if _, err := ldap.CompileFilter(f); err != nil {
		return fmt.Errorf("不是有效的 LDAP 过滤器 / not a valid LDAP filter: %v", err)
	}
	return nil
}

// filled is the template v (named zh / en in the refusal) with its one %s
// filled in, refused unless it holds exactly one %s and no other %.
func filled(v, zh, en string) (string, error) {
	if strings.Count(v, "%s") != 1 || strings.Count(v, "%") != 1 {
		return "", fmt.Errorf("%s须恰好包含一个 %%s / %s must hold exactly one %%s", zh, en)
	}
	return strings.Replace(v, "%s", "x", 1), nil
}

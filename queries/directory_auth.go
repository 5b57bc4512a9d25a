package queries

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/mail"
	"os"
	"strconv"
	"strings"
	"time"

	"jixiao/queries/directory"
)

// ErrDirectoryUnavailable is a directory sign-on that could not ask the
// directory (not configured, unreachable, too slow): the sign-in is
// refused (503), never checked against another password.
var ErrDirectoryUnavailable = errors.New("the directory (LDAP) cannot be reached")

func init() {
	RegisterSetting(SettingDef{Key: "auth.ldap.ca_file", Area: "ldap", Type: SetString, Check: checkCAFile,
		Zh: "签发目录服务证书的 CA 证书文件（PEM），为空则使用系统信任的证书", En: "PEM file of the CA that signs the directory's certificate; empty: the system's"})
}

// DirectoryConfig reads the auth.ldap.* settings (the service password opened).
func (s *Store) DirectoryConfig(ctx context.Context) (directory.Config, error) {
	var c directory.Config
	get := func(k string) string {
		v, _ := s.SettingString(ctx, k)
		return v
	}
	c.URL, c.BindDN, c.BaseDN, c.Filter = get("auth.ldap.url"), get("auth.ldap.bind_dn"), get("auth.ldap.base_dn"), get("auth.ldap.filter")
	c.ServiceDN, c.CAFile = get("auth.ldap.service_dn"), get("auth.ldap.ca_file")
	c.StartTLS = get("auth.ldap.starttls") == "true"
	n, err := strconv.Atoi(get("auth.ldap.timeout_s"))
	if err != nil || n < 1 {
		n = 10
	}
	c.Timeout = time.Duration(n) * time.Second
	if c.ServicePassword, err = s.SettingSecret(ctx, "auth.ldap.service_password"); err != nil {
		return c, fmt.Errorf("the directory's service password: %w", err)
	}
	return c, nil
}

// directoryBind checks an ldap account's password with the directory.
func (s *Store) directoryBind(ctx context.Context, username, password string) error {
	c, err := s.DirectoryConfig(ctx)
	if err != nil {
		return fmt.Errorf("%w: %v", ErrDirectoryUnavailable, err)
	}
	if !c.Enabled() || (c.BindDN == "" && (c.BaseDN == "" || c.Filter == "")) {
		return fmt.Errorf("%w: directory sign-on is not configured", ErrDirectoryUnavailable)
	}
	err = directory.Authenticate(ctx, c, username, password)
	switch {
	case err == nil:
		return nil
	case errors.Is(err, directory.ErrRejected):
		return ErrBadCredentials
	}
	return fmt.Errorf("%w: %v", ErrDirectoryUnavailable, err)
}

func checkLDAPURL(v string) error        { return directory.CheckURL(v) }
func checkBindTemplate(v string) error   { return directory.CheckBindTemplate(v) }
func checkDN(v string) error             { return directory.CheckDN(v) }
func checkFilterTemplate(v string) error { return directory.CheckFilterTemplate(v) }

func checkCAFile(v string) error {
	if _, err := os.Stat(v); err != nil {
		return errors.New("文件不存在或不可读 / the file does not exist or cannot be read")
	}
	return nil
}

// checkHost accepts a host name or address (no scheme, no port).
func checkHost(v string) error {
	if strings.ContainsAny(v, "/:@ ") && net.ParseIP(v) == nil {
		return errors.New("须为主机名或 IP 地址（端口另设） / must be a host name or an IP address (the port is a setting of its own)")
	}
	return nil
}

func checkProxyHeader(v string) error {
	if !strings.EqualFold(v, "X-Forwarded-For") && !strings.EqualFold(v, "X-Real-IP") {
		return errors.New("须为 X-Forwarded-For 或 X-Real-IP / must be X-Forwarded-For or X-Real-IP")
	}
	return nil
}

// checkProxies accepts what ParseTrustedProxies reads.
func checkProxies(v string) error {
	_, err := ParseTrustedProxies(v)
	return err
}

func checkMail(v string) error {
	if _, err := mail.ParseAddress(v); err != nil {
		return errors.New("不是有效的邮箱地址 / not an e-mail address")
	}
	return nil
}

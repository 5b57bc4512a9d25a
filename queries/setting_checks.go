package queries

import (
	"errors"
	"net"
	"net/mail"
	"os"
	"strings"

	"jixiao/queries/directory"
)

// The checks of the settings' values that are no plain type: addresses,
// hosts, the directory's templates.

func init() {
	RegisterSetting(SettingDef{Key: "auth.ldap.ca_file", Area: "ldap", Type: SetString, Check: checkCAFile,
		Zh: "签发目录服务证书的 CA 证书文件（PEM），为空则使用系统信任的证书", En: "PEM file of the CA that signs the directory's certificate; empty: the system's"})
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

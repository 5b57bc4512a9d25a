package accounts

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"jixiao/queries/directory"
)

// ErrDirectoryUnavailable is a directory sign-on that could not ask the
// directory (not configured, unreachable, too slow): the sign-in is
// refused (503), never checked against another password.
var ErrDirectoryUnavailable = errors.New("the directory (LDAP) cannot be reached")

// DirectoryConfig reads the auth.ldap.* settings (the service password opened).
func (b *Book) DirectoryConfig(ctx context.Context) (directory.Config, error) {
	var c directory.Config
	get := func(k string) string {
		v, _ := b.st.SettingString(ctx, k)
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
	if c.ServicePassword, err = b.st.SettingSecret(ctx, "auth.ldap.service_password"); err != nil {
		return c, fmt.Errorf("the directory's service password: %w", err)
	}
	return c, nil
}

// directoryBind checks an ldap account's password with the directory.
func (b *Book) directoryBind(ctx context.Context, username, password string) error {
	c, err := b.DirectoryConfig(ctx)
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

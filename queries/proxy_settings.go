package queries

import (
	"context"
	"fmt"
	"net/netip"
	"strings"
)

// The trusted-proxy settings: which peers may tell the client's address in
// a header. By default none: the address is the TCP peer's, since a header
// any client can write would let a guesser pose as every address.
const (
	// SettingProxyHeader names the header a trusted proxy sets
	// ("X-Forwarded-For" or "X-Real-IP"); "" (default) trusts no header.
	SettingProxyHeader = "net.proxy_header"
	// SettingTrustedProxies lists the proxies' addresses or CIDR ranges,
	// comma-separated ("10.0.0.5, 10.1.0.0/16"); "" (default) trusts none.
	SettingTrustedProxies = "net.trusted_proxies"
)

// ProxySettings are the trusted-proxy settings in force.
type ProxySettings struct {
	Header  string
	Trusted []netip.Prefix
}

// Trusts reports whether addr is one of the trusted proxies.
func (p ProxySettings) Trusts(addr netip.Addr) bool {
	addr = addr.Unmap()
	for _, pr := range p.Trusted {
		if pr.Contains(addr) {
			return true
		}
	}
	return false
}

// ParseTrustedProxies reads a comma-separated list of addresses and CIDR
// ranges, naming the first entry that is neither.
func ParseTrustedProxies(v string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, f := range strings.Split(v, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		if pr, err := netip.ParsePrefix(f); err == nil {
			out = append(out, pr.Masked())
			continue
		}
		a, err := netip.ParseAddr(f)
		if err != nil {
			return nil, fmt.Errorf("%s: %q is no address or CIDR range / 不是地址或网段", SettingTrustedProxies, f)
		}
		a = a.Unmap()
		out = append(out, netip.PrefixFrom(a, a.BitLen()))
	}
	return out, nil
}

// LoadProxySettings reads the trusted-proxy settings; a list that does not
// parse trusts no proxy (the safe side) and is reported.
func (s *Store) LoadProxySettings(ctx context.Context) (ProxySettings, error) {
	var p ProxySettings
	rows, err := s.db.QueryContext(ctx, "SELECT key, value FROM settings WHERE key IN (?, ?)", SettingProxyHeader, SettingTrustedProxies)
	if err != nil {
		return p, err
	}
	defer rows.Close()
	var list string
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return p, err
		}
		if k == SettingProxyHeader {
			p.Header = strings.TrimSpace(v)
		} else {
			list = v
		}
	}
	if err := rows.Err(); err != nil {
		return p, err
	}
	if p.Trusted, err = ParseTrustedProxies(list); err != nil {
		return ProxySettings{}, err
	}
	return p, nil
}

package server

import (
	"context"
	"net/netip"
	"strings"
	"sync"
	"time"

	"github.com/gofiber/fiber/v2"

	"jixiao/queries"
)

// proxyCache holds the trusted-proxy settings for a few seconds: every
// request asks for its client's address.
type proxyCache struct {
	mu   sync.Mutex
	at   time.Time
	conf queries.ProxySettings
}

const proxyCacheFor = 3 * time.Second

func (s *Server) proxySettings(ctx context.Context) queries.ProxySettings {
	s.proxy.mu.Lock()
	defer s.proxy.mu.Unlock()
	if time.Since(s.proxy.at) < proxyCacheFor {
		return s.proxy.conf
	}
	conf, err := s.Store.LoadProxySettings(ctx)
	if err != nil {
		s.log.Error("trusted proxies: the setting is refused; no proxy is trusted", "err", err)
		conf = queries.ProxySettings{}
	}
	s.proxy.conf, s.proxy.at = conf, time.Now()
	return conf
}

// clientIP is the address a request comes from: the TCP peer's, unless the
// peer is a trusted proxy (settings net.trusted_proxies and
// net.proxy_header), in which case the header tells it. In an
// X-Forwarded-For chain the client is the rightmost address that is not a
// trusted proxy (what is left of it the client itself may have written).
func (s *Server) clientIP(c *fiber.Ctx) string {
	if ip, ok := c.Locals(localClientIP).(string); ok {
		return ip
	}
	ip := s.resolveClientIP(c)
	c.Locals(localClientIP, ip)
	return ip
}

const localClientIP = "jixiao.client_ip"

func (s *Server) resolveClientIP(c *fiber.Ctx) string {
	peer, ok := netip.AddrFromSlice(c.Context().RemoteIP())
	if !ok {
		return c.IP()
	}
	peer = peer.Unmap()
	conf := s.proxySettings(c.Context())
	if conf.Header == "" || !conf.Trusts(peer) {
		return peer.String()
	}
	parts := strings.Split(c.Get(conf.Header), ",")
	for i := len(parts) - 1; i >= 0; i-- {
		a, err := netip.ParseAddr(strings.TrimSpace(parts[i]))
		if err != nil {
			return peer.String() // a malformed chain: the peer, never a guess
		}
		if a = a.Unmap(); !conf.Trusts(a) {
			return a.String()
		}
	}
	return peer.String()
}

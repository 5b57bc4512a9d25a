package server

import (
	"context"
	"errors"
	"strings"
	"sync"
	"time"

	"github.com/gofiber/fiber/v2"

	"jixiao/queries"
	"jixiao/queries/accounts"
)

// sessionCookie names the HttpOnly cookie that carries the session secret.
const sessionCookie = "jixiao_session"

// More Locals keys, beside localUser and localScope.
const (
	localAccount = "account"  // *queries.Account: the effective user with its unit level
	localReal    = "realUser" // *queries.Account: who signed in (differs while viewing as)
	localAuth    = "auth"     // "cookie" or "bearer"
	localSession = "session"  // hash of the session cookie
)

// accountOf is the effective user of a request (the viewed user while an
// admin views as someone), or nil.
func accountOf(c *fiber.Ctx) *queries.Account {
	a, _ := c.Locals(localAccount).(*queries.Account)
	return a
}

// realAccountOf is who actually signed in, or nil.
func realAccountOf(c *fiber.Ctx) *queries.Account {
	a, _ := c.Locals(localReal).(*queries.Account)
	return a
}

func viewingAs(c *fiber.Ctx) bool {
	a, r := accountOf(c), realAccountOf(c)
	return a != nil && r != nil && a.Username != r.Username
}

// principal is a resolved session or token.
type principal struct {
	acc     *queries.Account // effective
	real    *queries.Account
	expires time.Time // sessions only
	loaded  time.Time
	gen     int64 // the store's AccountsVersion when loaded: any account change drops it
}

// sessionCache keeps resolved sessions and tokens for a short while so
// that a request costs no database round trip; logouts, password changes
// and view-as switches drop entries at once, and so does any change of an
// account (each entry keeps the store's AccountsVersion it was loaded at).
type sessionCache struct {
	mu sync.RWMutex
	m  map[string]*principal
}

const principalTTL = 30 * time.Second

func newSessionCache() *sessionCache { return &sessionCache{m: map[string]*principal{}} }

func (sc *sessionCache) get(key string) *principal {
	sc.mu.RLock()
	p := sc.m[key]
	sc.mu.RUnlock()
	if p == nil || time.Since(p.loaded) > principalTTL || (!p.expires.IsZero() && time.Now().After(p.expires)) {
		return nil
	}
	return p
}

func (sc *sessionCache) put(key string, p *principal) {
	sc.mu.Lock()
	if len(sc.m) > 100000 {
		sc.m = map[string]*principal{}
	}
	sc.m[key] = p
	sc.mu.Unlock()
}

func (sc *sessionCache) drop(key string) {
	sc.mu.Lock()
	delete(sc.m, key)
	sc.mu.Unlock()
}

// clear forgets everything (after a token is revoked).
func (sc *sessionCache) clear() {
	sc.mu.Lock()
	sc.m = map[string]*principal{}
	sc.mu.Unlock()
}

// dropUser forgets every cached session and token of a user.
func (sc *sessionCache) dropUser(username string) {
	sc.mu.Lock()
	for k, p := range sc.m {
		if p.real.Username == username || p.acc.Username == username {
			delete(sc.m, k)
		}
	}
	sc.mu.Unlock()
}

// resolveSession loads a live session and its users.
func (s *Server) resolveSession(ctx context.Context, hash string) (*principal, error) {
	return s.resolve("s:"+hash, func(gen int64) (*principal, error) {
		ss, err := s.Accounts.SessionByHash(ctx, hash)
		if err != nil {
			return nil, err
		}
		p, err := s.signedIn(ctx, ss.Username, gen)
		if err != nil {
			return nil, err
		}
		p.expires = ss.ExpiresAt
		if ss.ViewAs != "" && p.real.Role == "admin" {
			if v, err := s.Accounts.Account(ctx, ss.ViewAs); err == nil {
				p.acc = v
			}
		}
		return p, nil
	})
}

// resolveToken loads a live API token's user.
func (s *Server) resolveToken(ctx context.Context, hash string) (*principal, error) {
	return s.resolve("t:"+hash, func(gen int64) (*principal, error) {
		username, err := s.Accounts.TokenUser(ctx, hash)
		if err != nil {
			return nil, err
		}
		return s.signedIn(ctx, username, gen)
	})
}

// resolve answers the principal cached under key while no account has
// changed since it was loaded (the store's AccountsVersion), else the one
// load makes at the current version, which it caches.
func (s *Server) resolve(key string, load func(gen int64) (*principal, error)) (*principal, error) {
	gen := s.Store.AccountsVersion()
	if p := s.sessions.get(key); p != nil && p.gen == gen {
		return p, nil
	}
	p, err := load(gen)
	if err != nil {
		return nil, err
	}
	s.sessions.put(key, p)
	return p, nil
}

// signedIn is the principal of username's own account, loaded now at
// version gen; a disabled account is ErrNotFound, as a missing one.
func (s *Server) signedIn(ctx context.Context, username string, gen int64) (*principal, error) {
	a, err := s.Accounts.Account(ctx, username)
	if err != nil {
		return nil, err
	}
	if a.Disabled {
		return nil, queries.ErrNotFound
	}
	return &principal{acc: a, real: a, loaded: time.Now(), gen: gen}, nil
}

// authenticate resolves the bearer token or the session cookie and sets
// the Locals every handler reads (user, scope, account). Without either
// the request goes on anonymous; authorize decides what that may reach.
func (s *Server) authenticate(c *fiber.Ctx) error {
	ctx := c.UserContext()
	if h := c.Get(fiber.HeaderAuthorization); h != "" {
		tok, ok := strings.CutPrefix(h, "Bearer ")
		if !ok || strings.TrimSpace(tok) == "" {
			return fiber.NewError(fiber.StatusUnauthorized, "Authorization must be: Bearer <token>")
		}
		p, err := s.resolveToken(ctx, accounts.HashSecret(strings.TrimSpace(tok)))
		if errors.Is(err, queries.ErrNotFound) {
			return fiber.NewError(fiber.StatusUnauthorized, "invalid or revoked token")
		}
		if err != nil {
			return err
		}
		s.setPrincipal(c, p, "bearer", "")
		return c.Next()
	}
	if v := c.Cookies(sessionCookie); v != "" {
		hash := accounts.HashSecret(v)
		p, err := s.resolveSession(ctx, hash)
		switch {
		case errors.Is(err, queries.ErrNotFound):
			s.clearSessionCookie(c) // expired or signed out elsewhere
		case err != nil:
			return err
		default:
			s.setPrincipal(c, p, "cookie", hash)
			s.renew(c, hash, p)
		}
	}
	return c.Next()
}

func (s *Server) setPrincipal(c *fiber.Ctx, p *principal, kind, hash string) {
	a := p.acc
	c.Locals(localAccount, a)
	c.Locals(localReal, p.real)
	c.Locals(localUser, &User{Username: a.Username, Name: a.Name, Role: a.Role, UnitCode: a.UnitCode})
	c.Locals(localScope, s.policy.get().ScopeOf(a))
	c.Locals(localAuth, kind)
	if hash != "" {
		c.Locals(localSession, hash)
	}
}

// renew slides a session's expiry once half of its lifetime has passed.
func (s *Server) renew(c *fiber.Ctx, hash string, p *principal) {
	if time.Until(p.expires) > s.cfg.SessionTTL/2 {
		return
	}
	exp := time.Now().Add(s.cfg.SessionTTL)
	if err := s.Accounts.ExtendSession(c.UserContext(), hash, exp); err != nil {
		s.log.Warn("session renewal", "err", err)
		return
	}
	s.sessions.drop("s:" + hash)
	s.setSessionCookie(c, c.Cookies(sessionCookie), exp)
}

func (s *Server) setSessionCookie(c *fiber.Ctx, value string, exp time.Time) {
	c.Cookie(&fiber.Cookie{
		Name:     sessionCookie,
		Value:    value,
		Path:     "/",
		Expires:  exp,
		HTTPOnly: true,
		Secure:   s.cfg.SecureCookies,
		SameSite: fiber.CookieSameSiteLaxMode,
	})
}

func (s *Server) clearSessionCookie(c *fiber.Ctx) {
	c.Cookie(&fiber.Cookie{
		Name:     sessionCookie,
		Value:    "",
		Path:     "/",
		Expires:  time.Unix(1, 0),
		MaxAge:   -1,
		HTTPOnly: true,
		Secure:   s.cfg.SecureCookies,
		SameSite: fiber.CookieSameSiteLaxMode,
	})
}

package server

import (
	"strings"
	"sync"
	"time"

	"jixiao/queries"
)

// throttle counts failed sign-ins per username and per address in a
// sliding window. Once either reaches its limit, further attempts answer
// 429 without checking the password until the oldest failure leaves the
// window. It starts from the audit log, so a restart does not reset it.
type throttle struct {
	mu        sync.Mutex
	userLimit int
	addrLimit int
	window    time.Duration
	users     map[string][]time.Time
	addrs     map[string][]time.Time
	audited   map[string]time.Time // last "login_throttled" audit per key, to bound the log
	now       func() time.Time
}

func newThrottle(userLimit, addrLimit int, window time.Duration) *throttle {
	return &throttle{userLimit: userLimit, addrLimit: addrLimit, window: window,
		users: map[string][]time.Time{}, addrs: map[string][]time.Time{}, audited: map[string]time.Time{}, now: time.Now}
}

func userKey(u string) string { return strings.ToLower(strings.TrimSpace(u)) }

// retryAfter is how long user at addr must wait; 0 lets the attempt through.
func (t *throttle) retryAfter(user, addr string) time.Duration {
	t.mu.Lock()
	defer t.mu.Unlock()
	now := t.now()
	wait := t.waitLocked(t.users, userKey(user), t.userLimit, now)
	if w := t.waitLocked(t.addrs, addr, t.addrLimit, now); w > wait {
		wait = w
	}
	return wait
}

func (t *throttle) waitLocked(m map[string][]time.Time, key string, limit int, now time.Time) time.Duration {
	fails := prune(m[key], now.Add(-t.window))
	if len(fails) == 0 {
		delete(m, key)
		return 0
	}
	m[key] = fails
	if len(fails) < limit {
		return 0
	}
	return fails[len(fails)-limit].Add(t.window).Sub(now)
}

func prune(ts []time.Time, after time.Time) []time.Time {
	i := 0
	for i < len(ts) && !ts[i].After(after) {
		i++
	}
	return ts[i:]
}

// fail records a failed attempt.
func (t *throttle) fail(user, addr string) {
	t.failAt(user, addr, t.now())
}

func (t *throttle) failAt(user, addr string, at time.Time) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if len(t.users)+len(t.addrs) > 200000 { // a flood of invented names: start over rather than grow
		t.users, t.addrs = map[string][]time.Time{}, map[string][]time.Time{}
	}
	t.users[userKey(user)] = keepLast(append(t.users[userKey(user)], at), t.userLimit)
	t.addrs[addr] = keepLast(append(t.addrs[addr], at), t.addrLimit)
}

func keepLast(ts []time.Time, n int) []time.Time {
	if len(ts) > n {
		return append([]time.Time(nil), ts[len(ts)-n:]...)
	}
	return ts
}

// success forgets a user's failures (not the address's).
func (t *throttle) success(user string) {
	t.mu.Lock()
	delete(t.users, userKey(user))
	t.mu.Unlock()
}

// shouldAudit says whether a throttled attempt on key is recorded: at most
// once a minute per key, so that a flood cannot fill the audit log.
func (t *throttle) shouldAudit(key string) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	now := t.now()
	if last, ok := t.audited[key]; ok && now.Sub(last) < time.Minute {
		return false
	}
	if len(t.audited) > 10000 {
		t.audited = map[string]time.Time{}
	}
	t.audited[key] = now
	return true
}

// seed replays recent failures read from the audit log.
func (t *throttle) seed(fails []queries.LoginFailure) {
	now := t.now()
	for _, f := range fails {
		t.failAt(f.Username, f.Addr, now.Add(-f.Age))
	}
}

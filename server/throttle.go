package server

import (
	"context"
	"errors"
	"hash/fnv"
	"sort"
	"strings"
	"sync"
	"time"

	"jixiao/queries/accounts"
)

// throttle counts failed sign-ins per account and address together, and
// per address alone, in a sliding window. Failures on one account from one
// address back off: after pairLimit of them each further attempt waits
// twice as long as the one before (from window/32 up to window), so that
// a guesser elsewhere can never lock the account's owner out. An address
// that fails addrLimit times on any accounts is slowed, never refused: each
// of its sign-ins is held (maxDelay/4, doubling to maxDelay) and they take
// turns, so that a guesser there tries a few passwords a minute while the
// people behind the same proxy or NAT still sign in. An administrator can
// lift both (unlock). It starts from the audit log, so a restart does not
// reset it.
type throttle struct {
	mu        sync.Mutex
	pairLimit int
	addrLimit int
	window    time.Duration
	maxDelay  time.Duration
	pairs     map[string][]time.Time // account|address
	addrs     map[string][]time.Time
	audited   map[string]time.Time // last "login_throttled" audit per key, to bound the log
	turns     [64]chan struct{}    // slowed addresses take turns, by hash
	now       func() time.Time
}

func newThrottle(pairLimit, addrLimit int, window, maxDelay time.Duration) *throttle {
	t := &throttle{pairLimit: pairLimit, addrLimit: addrLimit, window: window, maxDelay: maxDelay,
		pairs: map[string][]time.Time{}, addrs: map[string][]time.Time{}, audited: map[string]time.Time{}, now: time.Now}
	for i := range t.turns {
		t.turns[i] = make(chan struct{}, 1)
	}
	return t
}

func userKey(u string) string { return strings.ToLower(strings.TrimSpace(u)) }

func pairKey(user, addr string) string { return userKey(user) + "|" + addr }

// backoffSteps bounds the doublings of the pair backoff (and the failures kept).
const backoffSteps = 8

// retryAfter is how long user at addr must wait (the account's backoff at
// that address); 0 lets the attempt through.
func (t *throttle) retryAfter(user, addr string) time.Duration {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.backoffLocked(pairKey(user, addr), t.now())
}

// addrDelay is how long a sign-in from addr is held before its password is
// checked: 0 below addrLimit failures in the window, then maxDelay/4,
// doubling with each further failure, at most maxDelay.
func (t *throttle) addrDelay(addr string) time.Duration {
	t.mu.Lock()
	defer t.mu.Unlock()
	fails := prune(t.addrs[addr], t.now().Add(-t.window))
	extra := len(fails) - t.addrLimit
	if extra < 0 {
		return 0
	}
	return min(t.maxDelay/4<<min(extra, 2), t.maxDelay)
}

// errSlowBusy means too many sign-ins of a slowed address are waiting.
var errSlowBusy = errors.New("too many sign-ins from this address are waiting")

// slow holds a sign-in of a slowed address for d, after the address's
// earlier sign-ins (one at a time); release ends its turn once the
// password is checked. It gives up after a queue of 6 × maxDelay, or when
// ctx ends.
func (t *throttle) slow(ctx context.Context, addr string, d time.Duration) (release func(), err error) {
	h := fnv.New32a()
	h.Write([]byte(addr))
	turn := t.turns[h.Sum32()%uint32(len(t.turns))]
	queue := time.NewTimer(6 * t.maxDelay)
	defer queue.Stop()
	select {
	case turn <- struct{}{}:
	case <-queue.C:
		return nil, errSlowBusy
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	hold := time.NewTimer(d)
	defer hold.Stop()
	select {
	case <-hold.C:
		return func() { <-turn }, nil
	case <-ctx.Done():
		<-turn
		return nil, ctx.Err()
	}
}

// backoffLocked: after pairLimit failures the wait after the last one is
// window/32, doubling with each further failure, at most window.
func (t *throttle) backoffLocked(key string, now time.Time) time.Duration {
	fails := prune(t.pairs[key], now.Add(-t.window))
	if len(fails) == 0 {
		delete(t.pairs, key)
		return 0
	}
	t.pairs[key] = fails
	extra := len(fails) - t.pairLimit
	if extra < 0 {
		return 0
	}
	d := min(t.window/32<<min(extra, backoffSteps), t.window)
	if w := fails[len(fails)-1].Add(d).Sub(now); w > 0 {
		return w
	}
	return 0
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
	if len(t.pairs)+len(t.addrs) > 200000 { // a flood of invented names: start over rather than grow
		t.pairs, t.addrs = map[string][]time.Time{}, map[string][]time.Time{}
	}
	k := pairKey(user, addr)
	t.pairs[k] = keepLast(append(t.pairs[k], at), t.pairLimit+backoffSteps+1)
	t.addrs[addr] = keepLast(append(t.addrs[addr], at), t.addrLimit+3)
}

func keepLast(ts []time.Time, n int) []time.Time {
	if len(ts) > n {
		return append([]time.Time(nil), ts[len(ts)-n:]...)
	}
	return ts
}

// success forgets the failures of user at addr (not the address's).
func (t *throttle) success(user, addr string) {
	t.mu.Lock()
	delete(t.pairs, pairKey(user, addr))
	t.mu.Unlock()
}

// unlock forgets every failure of user, from any address, and of addr
// when given: an administrator's remedy.
func (t *throttle) unlock(user, addr string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	prefix := userKey(user) + "|"
	for k := range t.pairs {
		if strings.HasPrefix(k, prefix) || (addr != "" && strings.HasSuffix(k, "|"+addr)) {
			delete(t.pairs, k)
		}
	}
	if addr != "" {
		delete(t.addrs, addr)
	}
}

// locked lists the accounts and addresses that wait now, for the admin.
func (t *throttle) locked() []lockedEntry {
	t.mu.Lock()
	now := t.now()
	keys := make([]string, 0, len(t.pairs))
	for k := range t.pairs {
		keys = append(keys, k)
	}
	addrs := make([]string, 0, len(t.addrs))
	for a := range t.addrs {
		addrs = append(addrs, a)
	}
	t.mu.Unlock()
	out := []lockedEntry{}
	for _, k := range keys {
		user, addr, _ := strings.Cut(k, "|")
		t.mu.Lock()
		w := t.backoffLocked(k, now)
		t.mu.Unlock()
		if w > 0 {
			out = append(out, lockedEntry{Username: user, Addr: addr, RetryAfter: int(w.Seconds()) + 1})
		}
	}
	for _, a := range addrs {
		t.mu.Lock()
		w := t.waitLocked(t.addrs, a, t.addrLimit, now)
		t.mu.Unlock()
		if w > 0 {
			out = append(out, lockedEntry{Addr: a, RetryAfter: int(w.Seconds()) + 1})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Username+"|"+out[i].Addr < out[j].Username+"|"+out[j].Addr })
	return out
}

// lockedEntry is an account at an address (or an address alone) that must wait.
type lockedEntry struct {
	Username   string `json:"username,omitempty"`
	Addr       string `json:"addr"`
	RetryAfter int    `json:"retry_after_seconds"`
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
func (t *throttle) seed(fails []accounts.LoginFailure) {
	now := t.now()
	for _, f := range fails {
		t.failAt(f.Username, f.Addr, now.Add(-f.Age))
	}
}

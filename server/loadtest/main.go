// Command loadtest measures a running jixiao server over real HTTP on the
// loopback interface: rankings, trend and breakdown with 50 concurrent
// clients, first on keys no one has asked for (cold cache) and then on the
// same keys again (warm), and a spike of 200 clients opening the overview
// data at once. Request counts are bounded; it refuses any host but
// 127.0.0.1 and localhost.
//
//	go run . demo --scale 10 --db /tmp/big.duckdb
//	go run . serve --db /tmp/big.duckdb --addr 127.0.0.1:8092 &
//	go run ./server/loadtest --addr 127.0.0.1:8092
//	go run ./server/loadtest --addr 127.0.0.1:8092 -writes 3   # after-write mode (afterwrite.go)
package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand"
	"net/http"
	"net/http/cookiejar"
	"os"
	"sort"
	"strings"
	"sync"
	"time"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:8080", "server address (loopback only)")
	clients := flag.Int("clients", 50, "concurrent clients for rankings, trend and breakdown")
	perKind := flag.Int("n", 1000, "requests per endpoint and phase (at most 20000)")
	spike := flag.Int("spike", 200, "clients opening the overview at once")
	password := flag.String("password", "jixiao2025", "password of the demo logins")
	writes := flag.Int("writes", 0, "after-write mode: this many rounds of one write (as office) then the load (at most 20)")
	flag.Parse()
	run := run
	if *writes > 0 {
		run = func(addr string, clients, n, _ int, password string) error {
			return afterWrites(addr, clients, n, min(*writes, 20), password)
		}
	}
	if err := run(*addr, *clients, min(*perKind, 20000), *spike, *password); err != nil {
		fmt.Fprintln(os.Stderr, "loadtest:", err)
		os.Exit(1)
	}
}

func run(addr string, clients, n, spike int, password string) error {
	p, _, err := openProvince(addr, password, "leader")
	if err != nil {
		return err
	}
	base, tr, leader, units, periods := p.base, p.tr, p.leader, p.units, p.periods
	quarters := []string{}
	for _, p := range periods {
		if len(p.Period) == 6 {
			quarters = append(quarters, p.Period)
		}
	}
	fmt.Printf("server %s: %d units visible to leader, quarters %v\n", addr, len(units), quarters)
	rng := rand.New(rand.NewSource(1))
	rng.Shuffle(len(units), func(i, j int) { units[i], units[j] = units[j], units[i] })
	targets := func(kind string) []string {
		out := make([]string, 0, n)
		for i := 0; len(out) < n; i++ {
			u := units[(i+kindOffset(kind))%len(units)].Code
			// The quarter turns with each request, so that units of one peer
			// group do not share a cached ranking within the cold phase.
			q := quarters[(i+i/len(units))%len(quarters)]
			switch kind {
			case "rankings":
				out = append(out, fmt.Sprintf("/api/rankings?period=%s&unit=%s", q, u))
			case "trend":
				out = append(out, fmt.Sprintf("/api/units/%s/trend?to=%s", u, q))
			case "breakdown":
				out = append(out, fmt.Sprintf("/api/units/%s/breakdown?period=%s", u, q))
			}
		}
		return out
	}
	fmt.Printf("\n%d clients, %d requests per endpoint and phase (cold: keys never asked before; warm: the same keys again)\n", clients, n)
	fmt.Printf("%-10s %-5s %8s %8s %8s %8s %8s %7s\n", "endpoint", "cache", "p50 ms", "p95 ms", "p99 ms", "max ms", "req/s", "errors")
	for _, kind := range []string{"rankings", "trend", "breakdown"} {
		urls := targets(kind)
		for _, phase := range []string{"cold", "warm"} {
			st := load(leader, base, urls, clients)
			st.print(kind, phase)
		}
	}
	return spikeTest(base, tr, spike, password)
}

func kindOffset(kind string) int {
	return map[string]int{"rankings": 0, "trend": 7, "breakdown": 13}[kind]
}

// spikeTest signs in one session per client (cycling through the demo
// logins) and fires every client's overview request at the same moment:
// once for a period no one has opened (cold) and once for the default
// view, which the server warmed after the last data change.
func spikeTest(base string, tr *http.Transport, n int, password string) error {
	users := []string{"admin", "office", "committee", "leader", "city_office", "city_leader", "county_leader", "dept", "staff"}
	sessions := make([]*http.Client, n)
	var wg sync.WaitGroup
	var mu sync.Mutex
	var firstErr error
	sem := make(chan struct{}, 4)
	t0 := time.Now()
	for i := range sessions {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			c, err := signIn(base, tr, users[i%len(users)], password)
			mu.Lock()
			defer mu.Unlock()
			if err != nil && firstErr == nil {
				firstErr = err
			}
			sessions[i] = c
		}(i)
	}
	wg.Wait()
	if firstErr != nil {
		return firstErr
	}
	fmt.Printf("\n%d sessions signed in (%d users) in %.1fs\n", n, len(users), time.Since(t0).Seconds())
	fmt.Printf("%-22s %8s %8s %8s %8s %7s\n", "overview spike", "p50 ms", "p95 ms", "p99 ms", "max ms", "errors")
	for _, c := range []struct{ name, path string }{
		{"cold (?period=2025Q2)", "/api/overview?period=2025Q2"},
		{"warm (default view)", "/api/overview"},
	} {
		st := &stats{}
		start := make(chan struct{})
		var wg sync.WaitGroup
		for _, s := range sessions {
			wg.Add(1)
			go func(s *http.Client) {
				defer wg.Done()
				<-start
				st.add(fetch(s, base+c.path))
			}(s)
		}
		t := time.Now()
		close(start)
		wg.Wait()
		st.elapsed = time.Since(t)
		p := st.pct
		fmt.Printf("%-22s %8.1f %8.1f %8.1f %8.1f %7d   (all %d answered in %.2fs)\n", c.name, p(50), p(95), p(99), p(100), st.errors, len(st.ms), st.elapsed.Seconds())
	}
	return nil
}

type stats struct {
	mu      sync.Mutex
	ms      []float64
	errors  int
	elapsed time.Duration
}

func (s *stats) add(d time.Duration, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err != nil {
		s.errors++
		return
	}
	s.ms = append(s.ms, float64(d.Microseconds())/1000)
}

func (s *stats) pct(p float64) float64 {
	if len(s.ms) == 0 {
		return 0
	}
	sort.Float64s(s.ms)
	i := int(p/100*float64(len(s.ms))+0.5) - 1
	return s.ms[max(0, min(i, len(s.ms)-1))]
}

func (s *stats) print(kind, phase string) {
	fmt.Printf("%-10s %-5s %8.1f %8.1f %8.1f %8.1f %8.0f %7d\n", kind, phase, s.pct(50), s.pct(95), s.pct(99), s.pct(100),
		float64(len(s.ms)+s.errors)/s.elapsed.Seconds(), s.errors)
}

// load fetches every url once with the given number of concurrent clients.
func load(c *http.Client, base string, urls []string, clients int) *stats {
	return loadKinds(c, base, urls, func(int) string { return "" }, clients, "")[""]
}

// loadKinds fetches every url once with the given number of concurrent
// clients, counting urls[i] in the stats of kindOf(i); the answer holds
// the stats of each of kinds, and of every kind met.
func loadKinds(c *http.Client, base string, urls []string, kindOf func(i int) string, clients int, kinds ...string) map[string]*stats {
	st := map[string]*stats{}
	for _, k := range kinds {
		st[k] = &stats{}
	}
	for i := range urls {
		if st[kindOf(i)] == nil {
			st[kindOf(i)] = &stats{}
		}
	}
	next := make(chan int)
	var wg sync.WaitGroup
	t := time.Now()
	for i := 0; i < clients; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				st[kindOf(i)].add(fetch(c, base+urls[i]))
			}
		}()
	}
	for i := range urls {
		next <- i
	}
	close(next)
	wg.Wait()
	for _, s := range st {
		s.elapsed = time.Since(t)
	}
	return st
}

func fetch(c *http.Client, url string) (time.Duration, error) {
	t := time.Now()
	res, err := c.Get(url)
	if err != nil {
		return 0, err
	}
	_, err = io.Copy(io.Discard, res.Body)
	res.Body.Close()
	d := time.Since(t)
	if err == nil && res.StatusCode != 200 {
		err = fmt.Errorf("%s: %s", url, res.Status)
	}
	return d, err
}

func signIn(base string, tr *http.Transport, user, password string) (*http.Client, error) {
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Transport: tr, Jar: jar, Timeout: time.Minute}
	body := fmt.Sprintf(`{"username":%q,"password":%q}`, user, password)
	res, err := c.Post(base+"/api/login", "application/json", strings.NewReader(body))
	if err != nil {
		return nil, err
	}
	defer res.Body.Close()
	if res.StatusCode != 200 {
		b, _ := io.ReadAll(res.Body)
		return nil, errors.New("sign-in " + user + ": " + res.Status + " " + string(b))
	}
	return c, nil
}

func getJSON(c *http.Client, url string, v any) error {
	res, err := c.Get(url)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	if res.StatusCode != 200 {
		return fmt.Errorf("%s: %s", url, res.Status)
	}
	return json.NewDecoder(res.Body).Decode(v)
}

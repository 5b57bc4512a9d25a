package main

import (
	"fmt"
	"io"
	"math/rand"
	"os"
	"strings"
	"time"
)

// afterWrites is the after-write mode (issue 18): the office makes one
// write through the HTTP API (a bonus adjustment on a unit of the newest
// quarter not yet final, which rescores the quarter and moves the data
// version), and at once 50 clients read rankings, trends and breakdowns
// the room had open (keys read before the write), mixed; then the same
// keys again (warm). Rounds times, each round with its own write.
func afterWrites(addr string, clients, n, rounds int, password string) error {
	p, office, err := openProvince(addr, password, "office")
	if err != nil {
		return err
	}
	base, leader, units, periods := p.base, p.leader, p.units, p.periods
	quarters, open := []string{}, ""
	for _, p := range periods {
		if len(p.Period) != 6 {
			continue
		}
		quarters = append(quarters, p.Period)
		if open == "" && p.Status != "final" {
			open = p.Period
		}
	}
	if open == "" {
		return fmt.Errorf("no quarter open or in review to adjust")
	}
	rng := rand.New(rand.NewSource(2))
	rng.Shuffle(len(units), func(i, j int) { units[i], units[j] = units[j], units[i] })
	// The keys: each kind over units and quarters, interleaved so that the
	// three endpoints are read side by side right after the write.
	type key struct{ kind, url string }
	var keys []key
	for i := 0; len(keys) < 3*n; i++ {
		u := units[i%len(units)].Code
		q := quarters[(i/len(units))%len(quarters)]
		keys = append(keys,
			key{"rankings", fmt.Sprintf("/api/rankings?period=%s&unit=%s", q, u)},
			key{"trend", fmt.Sprintf("/api/units/%s/trend?to=%s", u, q)},
			key{"breakdown", fmt.Sprintf("/api/units/%s/breakdown?period=%s", u, q)})
	}
	target := ""
	for _, u := range units {
		if u.Kind == "branch" || u.Kind == "bureau" {
			target = u.Code
			break
		}
	}
	urls := make([]string, len(keys))
	for i, k := range keys {
		urls[i] = k.url
	}
	run := func() map[string]*stats {
		return loadKinds(leader, base, urls, func(i int) string { return keys[i].kind }, clients, "rankings", "trend", "breakdown")
	}
	fmt.Printf("server %s: %d units visible to leader, quarters %v; writes: a bonus on %s in %s as office\n", addr, len(units), quarters, target, open)
	fmt.Printf("%d clients, %d requests per endpoint and phase, the three endpoints mixed\n", clients, n)
	run() // the room's keys, read once before the first write
	fmt.Printf("%-6s %-10s %-11s %8s %8s %8s %8s %7s\n", "round", "endpoint", "phase", "p50 ms", "p95 ms", "p99 ms", "max ms", "errors")
	for r := 1; r <= rounds; r++ {
		body := fmt.Sprintf(`{"unit_code":%q,"period":%q,"kind":"bonus","points":0.5,"reason":"loadtest %d"}`, target, open, r)
		t := time.Now()
		res, err := office.Post(base+"/api/adjustments", "application/json", strings.NewReader(body))
		if err != nil {
			return err
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode/100 != 2 {
			return fmt.Errorf("write: %s %s", res.Status, b)
		}
		fmt.Printf("round %d: the write answered %s in %.0f ms (load average %s)\n", r, res.Status, float64(time.Since(t).Microseconds())/1000, loadAverage())
		for _, phase := range []string{"after write", "warm"} {
			st := run()
			for _, kind := range []string{"rankings", "trend", "breakdown"} {
				s := st[kind]
				fmt.Printf("%-6d %-10s %-11s %8.1f %8.1f %8.1f %8.1f %7d\n", r, kind, phase, s.pct(50), s.pct(95), s.pct(99), s.pct(100), s.errors)
			}
		}
	}
	return nil
}

// loadAverage is the machine's 1-minute load average (Linux), or "?".
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if f := strings.Fields(string(b)); err == nil && len(f) > 0 {
		return f[0]
	}
	return "?"
}

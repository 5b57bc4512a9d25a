package main

import (
	"fmt"
	"net"
	"net/http"
)

// province is what both modes read before their load: the server at a
// local address, one transport for every client, the leader signed in,
// the units the leader sees, and the periods as one user sees them.
type province struct {
	base    string
	tr      *http.Transport
	leader  *http.Client
	units   []struct{ Code, Kind string }
	periods []struct{ Period, Status string }
}

// openProvince signs in the leader and periodsAs (the same client when it
// is "leader") and reads the units as the leader, the periods as periodsAs,
// whose client it returns too. Only 127.0.0.1 or localhost may be loaded.
func openProvince(addr, password, periodsAs string) (*province, *http.Client, error) {
	host, _, err := net.SplitHostPort(addr)
	if err != nil || (host != "127.0.0.1" && host != "localhost") {
		return nil, nil, fmt.Errorf("address %q: only 127.0.0.1 or localhost", addr)
	}
	p := &province{base: "http://" + addr,
		tr: &http.Transport{MaxIdleConns: 1000, MaxIdleConnsPerHost: 1000, MaxConnsPerHost: 1000}}
	if p.leader, err = signIn(p.base, p.tr, "leader", password); err != nil {
		return nil, nil, err
	}
	as := p.leader
	if periodsAs != "leader" {
		if as, err = signIn(p.base, p.tr, periodsAs, password); err != nil {
			return nil, nil, err
		}
	}
	if err := getJSON(p.leader, p.base+"/api/units", &p.units); err != nil {
		return nil, nil, err
	}
	if err := getJSON(as, p.base+"/api/periods", &p.periods); err != nil {
		return nil, nil, err
	}
	return p, as, nil
}

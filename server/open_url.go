package server

import (
	"net"
	"strings"
)

// OpenURL is the address a person types into a browser for a listen
// address: ":8080" → http://localhost:8080/, "0.0.0.0:80" →
// http://localhost/, "10.1.2.3:8080" → http://10.1.2.3:8080/. The server
// itself speaks HTTP (TLS, if any, ends at a proxy in front of it).
func OpenURL(addr string) string {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		host, port = addr, ""
	}
	if host == "" || host == "0.0.0.0" || host == "::" {
		host = "localhost"
	}
	if strings.Contains(host, ":") {
		host = "[" + host + "]"
	}
	if port != "" && port != "80" {
		host += ":" + port
	}
	return "http://" + host + "/"
}

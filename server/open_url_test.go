package server

import "testing"

func TestOpenURL(t *testing.T) {
	for addr, want := range map[string]string{
		":8080":          "http://localhost:8080/",
		"127.0.0.1:8080": "http://127.0.0.1:8080/",
		"0.0.0.0:80":     "http://localhost/",
		"[::]:9000":      "http://localhost:9000/",
		"[::1]:9000":     "http://[::1]:9000/",
		"10.1.2.3:8443":  "http://10.1.2.3:8443/",
	} {
		if got := OpenURL(addr); got != want {
			t.Errorf("OpenURL(%q) = %q, want %q", addr, got, want)
		}
	}
}

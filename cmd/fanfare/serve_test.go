package main

import (
	"net"
	"strings"
	"testing"
)

// TestNetworkURLs checks the addresses serve prints for --bind 0.0.0.0:
// this computer's own addresses, never the unspecified one.
func TestNetworkURLs(t *testing.T) {
	if got := networkURLs("127.0.0.1", 1313); got != nil {
		t.Errorf("loopback bind: %v, want none", got)
	}
	for _, bind := range []string{"0.0.0.0", "::", ""} {
		for _, u := range networkURLs(bind, 1313) {
			host, port, err := net.SplitHostPort(strings.TrimSuffix(strings.TrimPrefix(u, "http://"), "/"))
			ip := net.ParseIP(host)
			if err != nil || port != "1313" || ip == nil || ip.IsUnspecified() || ip.IsLoopback() {
				t.Errorf("bind %q: address %s is not one a phone can open", bind, u)
			}
			if bind == "0.0.0.0" && ip.To4() == nil {
				t.Errorf("bind 0.0.0.0 listens on IPv4 only, but %s is IPv6", u)
			}
		}
	}
	tests := []struct{ url, bind, want string }{
		{"http://[::]:1313/", "::", "http://127.0.0.1:1313/"},
		{"http://0.0.0.0:4000/", "0.0.0.0", "http://127.0.0.1:4000/"},
		{"http://127.0.0.1:1313/", "127.0.0.1", "http://127.0.0.1:1313/"},
	}
	for _, tt := range tests {
		if got := previewURL(tt.url, tt.bind); got != tt.want {
			t.Errorf("previewURL(%s, %s) = %s, want %s", tt.url, tt.bind, got, tt.want)
		}
	}
}

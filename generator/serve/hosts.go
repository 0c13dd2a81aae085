package serve

import (
	"net"
	"net/http"
	"net/url"
	"os"
	"strings"
	"sync"
)

// The preview answers only requests addressed to this computer by a name
// an attacker cannot point elsewhere: localhost, the loopback addresses,
// and the address it listens on. A web page elsewhere can make a browser
// send requests to the preview under a name of its own whose address it
// then changes to 127.0.0.1 (DNS rebinding); such a request carries that
// name in its Host header, and is refused. Requests from a page (Origin)
// must come from the preview itself.

// hosts are the names a request may be addressed to besides localhost
// and the loopback addresses.
type hosts struct {
	mu    sync.RWMutex
	names map[string]bool // lower case, IPv6 addresses without brackets
	all   bool            // listening on every address of the machine
}

// Bind adds host, the address or name the server listens on, to the
// names requests may be addressed to. For an address that stands for
// every address of the machine ("0.0.0.0", "::" or ""), that is each of
// the machine's addresses (looked up again when a request names one it
// did not have before: a laptop changes networks) and its host name, so
// that a phone on the network can open http://192.168.1.20:1313/.
func (s *Server) Bind(host string) {
	h := &s.hosts
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.names == nil {
		h.names = map[string]bool{}
	}
	host = canonicalHost(host)
	if ip := net.ParseIP(host); host == "" || (ip != nil && ip.IsUnspecified()) {
		h.all = true
		if name, err := os.Hostname(); err == nil && name != "" {
			name = canonicalHost(name)
			h.names[name] = true
			if !strings.Contains(name, ".") {
				h.names[name+".local"] = true // its name on the local network (mDNS)
			}
		}
	}
	if host != "" {
		h.names[host] = true
	}
}

// canonicalHost is host in lower case, without brackets, IPv6 zone or
// final dot.
func canonicalHost(host string) string {
	host = strings.ToLower(strings.TrimSuffix(host, "."))
	host = strings.TrimSuffix(strings.TrimPrefix(host, "["), "]")
	if i := strings.IndexByte(host, '%'); i >= 0 {
		host = host[:i]
	}
	return host
}

// allowed reports whether a request may be addressed to hostport (the
// Host header).
func (h *hosts) allowed(hostport string) bool {
	host := hostport
	if hh, _, err := net.SplitHostPort(hostport); err == nil {
		host = hh
	}
	host = canonicalHost(host)
	if host == "" {
		return false
	}
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	if ip != nil && ip.IsLoopback() {
		return true
	}
	h.mu.RLock()
	ok, all := h.names[host], h.all
	h.mu.RUnlock()
	if ok || !all || ip == nil {
		return ok
	}
	// Listening on every address: one of the machine's own.
	addrs, err := net.InterfaceAddrs()
	if err != nil {
		return false
	}
	for _, a := range addrs {
		if n, ok := a.(*net.IPNet); ok && n.IP.Equal(ip) {
			h.mu.Lock()
			h.names[host] = true
			h.mu.Unlock()
			return true
		}
	}
	return false
}

// checkHost refuses a request addressed to a name that is not the
// preview's (421), or sent by a page that is not the preview's (403),
// and reports whether it may go on.
func (s *Server) checkHost(w http.ResponseWriter, r *http.Request) bool {
	if !s.hosts.allowed(r.Host) {
		http.Error(w, "Fanfare's preview answers only at localhost or 127.0.0.1 (and at the address given to --bind): open it there. A request for "+
			strings.ToValidUTF8(r.Host, "?")+" is refused, so that no other web page can read the preview.", http.StatusMisdirectedRequest)
		return false
	}
	origin := r.Header.Get("Origin")
	if origin == "" {
		return true
	}
	u, err := url.Parse(origin)
	if err != nil || u.Scheme != "http" || !strings.EqualFold(u.Host, r.Host) {
		http.Error(w, "Fanfare's preview answers only its own pages: a request from "+strings.ToValidUTF8(origin, "?")+" is refused.", http.StatusForbidden)
		return false
	}
	return true
}

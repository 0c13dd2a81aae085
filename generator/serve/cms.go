package serve

import (
	"net/http"

	"fanfare.dev/fanfare/generator/cms"
)

// serveCMS answers the CMS's local backend (cms.APIPath) and serves its
// configuration pointed at this preview, when the site publishes a CMS
// and EditAt was called. It reports whether it answered.
func (s *Server) serveCMS(w http.ResponseWriter, r *http.Request) bool {
	if s.local == nil {
		return false
	}
	conf, ok := s.builtFile(cms.ConfigPath)
	if !ok {
		return false // the site has no CMS: no backend either
	}
	switch r.URL.Path {
	case "/" + cms.APIPath:
		s.local.ServeHTTP(w, r)
		return true
	case "/" + cms.Dir, "/" + cms.IndexPath:
		// The editor is an application: it gets no live-reload script,
		// which would reload it (and lose what is being typed) on every
		// save. The preview's pages reload and show problems as ever.
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			return false
		}
		page, ok := s.builtFile(cms.IndexPath)
		if !ok {
			return false
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		if r.Method == http.MethodGet {
			w.Write(page)
		}
		return true
	case "/" + cms.ConfigPath:
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			return false
		}
		w.Header().Set("Content-Type", "text/yaml; charset=utf-8")
		if r.Method == http.MethodGet {
			w.Write(cms.LocalConfig(conf, "http://"+r.Host))
		}
		return true
	}
	return false
}

// builtFile returns the file name rendered by the last good build.
func (s *Server) builtFile(name string) ([]byte, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.res == nil {
		return nil, false
	}
	data, ok := s.res.Files[name]
	return data, ok
}

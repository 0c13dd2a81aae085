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
	s.mu.RLock()
	conf, ok := s.files[cms.ConfigPath]
	s.mu.RUnlock()
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
		s.mu.RLock()
		page, ok := s.files[cms.IndexPath]
		s.mu.RUnlock()
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

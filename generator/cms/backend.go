package cms

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"fanfare.dev/fanfare/generator/config"
	"fanfare.dev/fanfare/generator/diskfs"
)

// Backend answers Decap CMS's local-backend protocol, the one its
// decap-server proxy speaks: the CMS POSTs JSON {action, params} and
// gets JSON back. Actions: info, entriesByFolder, entriesByFiles,
// getEntry, persistEntry, getMedia, getMediaFile, persistMedia,
// deleteFile, deleteFiles, getDeployPreview.
//
// Its rules, each tested:
//   - It answers only requests from this computer (a loopback address),
//     addressed to localhost or a loopback address, sent by a page of
//     the same origin (Origin must be present and name the Host). The
//     preview's own checks come first; these hold even with --bind.
//   - It reads and writes only inside content/ and static/ of the site:
//     every path is relative, with forward slashes, clean (no "..", no
//     "." or empty segments, no backslash or NUL), and starts with one
//     of those folders. Each folder is opened as an os.Root, so that a
//     symbolic link that leads out of it is refused by the system, and
//     the folders themselves may not be links.
//   - Writes are atomic: the data goes to a hidden temporary file beside
//     the target (which the build and the watcher ignore), then is
//     renamed over it. A reader sees the old file or the new, never half.
//
// A save changes files in content/, which the preview's watcher turns
// into a rebuild and a reload, as for any edit.
type Backend struct {
	root string
	mu   sync.Mutex // one write at a time
}

// Areas are the site folders the backend may read and write.
var Areas = []string{"content", "static"}

// MaxRequest is the largest request the backend reads: a picture of
// 48 MB, base64-encoded, with room to spare.
const MaxRequest = 64 << 20

// maxRead is the largest file the backend sends back.
const maxRead = 48 << 20

// NewBackend returns the backend for the site folder root.
func NewBackend(root string) *Backend { return &Backend{root: root} }

// request is what the CMS sends.
type request struct {
	Action string          `json:"action"`
	Params json.RawMessage `json:"params"`
}

// entry is a Markdown file as the CMS reads it.
type entry struct {
	Data *string   `json:"data"`
	File entryFile `json:"file"`
}

type entryFile struct {
	Path  string `json:"path"`
	Label string `json:"label,omitempty"`
	ID    any    `json:"id"`
}

// mediaFile is a picture as the CMS reads it.
type mediaFile struct {
	ID       string `json:"id"`
	Content  string `json:"content"`
	Encoding string `json:"encoding"`
	Path     string `json:"path"`
	Name     string `json:"name"`
}

type dataFile struct {
	Path    string `json:"path"`
	Raw     string `json:"raw"`
	NewPath string `json:"newPath"`
}

type asset struct {
	Path     string `json:"path"`
	Content  string `json:"content"`
	Encoding string `json:"encoding"`
}

// ErrPath is the error (matched with errors.Is) for a path the backend
// refuses.
var ErrPath = errors.New("path refused")

func (b *Backend) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if msg, code := Allowed(r); msg != "" {
		fail(w, code, msg)
		return
	}
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", "POST")
		fail(w, http.StatusMethodNotAllowed, "the CMS's local backend answers POST only")
		return
	}
	var req request
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, MaxRequest))
	if err := dec.Decode(&req); err != nil {
		fail(w, http.StatusBadRequest, "not a request of the CMS: "+err.Error())
		return
	}
	res, err := b.do(req)
	if err != nil {
		code := http.StatusInternalServerError
		switch {
		case errors.Is(err, ErrPath):
			code = http.StatusForbidden
		case errors.Is(err, errUnknown), errors.Is(err, errParams):
			code = http.StatusUnprocessableEntity
		case errors.Is(err, fs.ErrNotExist):
			code = http.StatusNotFound
		}
		fail(w, code, err.Error())
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	json.NewEncoder(w).Encode(res)
}

func fail(w http.ResponseWriter, code int, msg string) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(code)
	json.NewEncoder(w).Encode(map[string]string{"error": msg})
}

// Allowed checks that a request comes from this computer, is addressed
// to it by a loopback name and is sent by a page of the same origin. It
// returns "" when it may go on, else why not and the HTTP status.
func Allowed(r *http.Request) (string, int) {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if ip := net.ParseIP(host); err != nil || ip == nil || !ip.IsLoopback() {
		return "the CMS saves only from this computer: open the preview at http://127.0.0.1 to edit", http.StatusForbidden
	}
	if !loopbackName(r.Host) {
		return "the CMS saves only through http://127.0.0.1 or http://localhost, not " + strings.ToValidUTF8(r.Host, "?"), http.StatusMisdirectedRequest
	}
	origin := r.Header.Get("Origin")
	if origin == "" || !strings.EqualFold(origin, "http://"+r.Host) {
		return "the CMS saves only for pages of the preview itself, not " + strings.ToValidUTF8(origin, "?"), http.StatusForbidden
	}
	return "", 0
}

// loopbackName reports whether hostport names this computer: localhost
// or a loopback address.
func loopbackName(hostport string) bool {
	host, _, err := net.SplitHostPort(hostport)
	if err != nil {
		host = hostport
	}
	host = strings.TrimSuffix(strings.TrimPrefix(host, "["), "]")
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

var (
	errUnknown = errors.New("unknown action")
	errParams  = errors.New("bad parameters")
)

func params[T any](raw json.RawMessage) (T, error) {
	var v T
	if err := json.Unmarshal(raw, &v); err != nil {
		return v, fmt.Errorf("%w: %v", errParams, err)
	}
	return v, nil
}

// do answers one action of the protocol.
func (b *Backend) do(req request) (any, error) {
	switch req.Action {
	case "info":
		return map[string]any{"repo": filepath.Base(b.root), "publish_modes": []string{"simple"}, "type": "local_fs"}, nil
	case "entriesByFolder":
		return b.entriesByFolder(req.Params)
	case "entriesByFiles":
		return b.entriesByFiles(req.Params)
	case "getEntry":
		p, err := params[struct {
			Path string `json:"path"`
		}](req.Params)
		if err != nil {
			return nil, err
		}
		return b.entry(p.Path)
	case "persistEntry":
		p, err := params[struct {
			Entry     *dataFile  `json:"entry"`
			DataFiles []dataFile `json:"dataFiles"`
			Assets    []asset    `json:"assets"`
		}](req.Params)
		if err != nil {
			return nil, err
		}
		if len(p.DataFiles) == 0 && p.Entry != nil {
			p.DataFiles = []dataFile{*p.Entry}
		}
		return map[string]string{"message": "entry persisted"}, b.persist(p.DataFiles, p.Assets)
	case "getMedia":
		return b.mediaFolder(req.Params)
	case "getMediaFile":
		p, err := params[struct {
			Path string `json:"path"`
		}](req.Params)
		if err != nil {
			return nil, err
		}
		return b.media(p.Path)
	case "persistMedia":
		p, err := params[struct {
			Asset asset `json:"asset"`
		}](req.Params)
		if err != nil {
			return nil, err
		}
		if err := b.persist(nil, []asset{p.Asset}); err != nil {
			return nil, err
		}
		return b.media(p.Asset.Path)
	case "deleteFile":
		p, err := params[struct {
			Path string `json:"path"`
		}](req.Params)
		if err != nil {
			return nil, err
		}
		return map[string]string{"message": "deleted file " + p.Path}, b.remove([]string{p.Path})
	case "deleteFiles":
		p, err := params[struct {
			Paths []string `json:"paths"`
		}](req.Params)
		if err != nil {
			return nil, err
		}
		return map[string]string{"message": "deleted files " + strings.Join(p.Paths, ", ")}, b.remove(p.Paths)
	case "getDeployPreview":
		return nil, nil
	}
	return nil, fmt.Errorf("%w %q: the preview's local backend saves entries and pictures only (publish with Git for the editorial workflow)", errUnknown, req.Action)
}

// entriesByFolder answers entriesByFolder: the entries of a folder, each
// under the path the CMS sees for it in a site with several languages.
func (b *Backend) entriesByFolder(raw json.RawMessage) (any, error) {
	p, err := params[struct {
		Folder    string `json:"folder"`
		Extension string `json:"extension"`
		Depth     int    `json:"depth"`
	}](raw)
	if err != nil {
		return nil, err
	}
	files, err := b.list(p.Folder, p.Extension, p.Depth)
	if err != nil {
		return nil, err
	}
	out, err := b.entries(files)
	if def, codes := b.defaultLang(); def != "" {
		have := map[string]bool{}
		for _, f := range files {
			have[f] = true
		}
		for i := range out {
			out[i].File.Path = b.shown(out[i].File.Path, def, codes, func(p string) bool { return have[p] })
		}
	}
	return out, err
}

// entriesByFiles answers entriesByFiles: the entries of the files named,
// each with the label the CMS gave it.
func (b *Backend) entriesByFiles(raw json.RawMessage) (any, error) {
	p, err := params[struct {
		Files []struct {
			Path  string `json:"path"`
			Label string `json:"label"`
		} `json:"files"`
	}](raw)
	if err != nil {
		return nil, err
	}
	var out []entry
	for _, f := range p.Files {
		e, err := b.entry(f.Path)
		if err != nil {
			return nil, err
		}
		e.File.Label = f.Label
		out = append(out, e)
	}
	return out, nil
}

// mediaFolder answers getMedia: the pictures of the media folder.
func (b *Backend) mediaFolder(raw json.RawMessage) (any, error) {
	p, err := params[struct {
		MediaFolder string `json:"mediaFolder"`
	}](raw)
	if err != nil {
		return nil, err
	}
	files, err := b.list(p.MediaFolder, "", 1)
	if err != nil {
		return nil, err
	}
	out := []mediaFile{}
	for _, f := range files {
		m, err := b.media(f)
		if err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, nil
}

// defaultLang returns the site's default language and its codes when
// it has several languages, read from fanfare.yaml at each request (it
// may change while the preview runs); "" for a site in one language.
func (b *Backend) defaultLang() (string, []string) {
	fsys := diskfs.New(b.root)
	defer fsys.Close()
	cfg, _ := config.Load(fsys) // a config with errors still names its languages
	if cfg == nil || !cfg.Multilingual() {
		return "", nil
	}
	return cfg.Language, cfg.LanguageCodes()
}

// Decap saves every language of a site with several in its own file,
// the default language too (story.nl.md), where Fanfare also reads a
// file without the code (story.md) as the default language. So that the
// CMS lists and edits the files a site already has, the backend shows
// story.md as story.nl.md, and a request for story.nl.md that does not
// exist reaches story.md when that exists.

// langCode returns the language code in a Markdown file name
// ("a.en.md" → "en") if it is one of codes, or "".
func langCode(name string, codes []string) string {
	stem := strings.TrimSuffix(name, ".md")
	if i := strings.LastIndexByte(stem, '.'); i > 0 {
		for _, c := range codes {
			if stem[i+1:] == c {
				return c
			}
		}
	}
	return ""
}

// shown is the path the CMS sees for a file on disk.
func (b *Backend) shown(p string, def string, codes []string, exists func(string) bool) string {
	if def == "" || !strings.HasSuffix(p, ".md") || langCode(path.Base(p), codes) != "" {
		return p
	}
	withCode := strings.TrimSuffix(p, ".md") + "." + def + ".md"
	if exists(withCode) {
		return p // both exist: the CMS sees each as it is
	}
	return withCode
}

// onDisk is the file a path of the CMS stands for.
func (b *Backend) onDisk(p string) string {
	def, codes := b.defaultLang()
	if def == "" || !strings.HasSuffix(p, "."+def+".md") || langCode(path.Base(p), codes) != def {
		return p
	}
	plain := strings.TrimSuffix(p, "."+def+".md") + ".md"
	if _, err := b.read(p); err == nil {
		return p
	}
	if _, err := b.read(plain); err == nil {
		return plain
	}
	return p
}

// Resolve checks a path the CMS sent and splits it into the site folder
// it lies in (one of Areas) and the path inside that folder ("" for the
// folder itself).
func Resolve(p string) (area, rel string, err error) {
	bad := func(why string) (string, string, error) {
		return "", "", fmt.Errorf("%w: %q %s; the CMS may only use content/ and static/", ErrPath, p, why)
	}
	p = strings.TrimSuffix(p, "/")
	switch {
	case p == "":
		return bad("is empty")
	case strings.ContainsAny(p, "\\\x00:"):
		return bad("holds a backslash, colon or NUL")
	case strings.HasPrefix(p, "/"):
		return bad("is absolute")
	case path.Clean(p) != p:
		return bad("is not a clean path")
	}
	for _, seg := range strings.Split(p, "/") {
		if seg == ".." || seg == "." {
			return bad("goes up a folder")
		}
	}
	area, rel, _ = strings.Cut(p, "/")
	for _, a := range Areas {
		if a == area {
			return area, rel, nil
		}
	}
	return bad("lies outside them")
}

// open opens the site folder area as a root. The folder may not be a
// symbolic link: its files would lie elsewhere.
func (b *Backend) open(area string) (*os.Root, error) {
	dir := filepath.Join(b.root, area)
	st, err := os.Lstat(dir)
	if err == nil && st.Mode()&fs.ModeSymlink != 0 {
		return nil, fmt.Errorf("%w: %s is a link; the CMS saves only in a real folder", ErrPath, area)
	}
	if errors.Is(err, fs.ErrNotExist) {
		if err := os.Mkdir(dir, 0o755); err != nil && !errors.Is(err, fs.ErrExist) {
			return nil, err
		}
	} else if err != nil {
		return nil, err
	}
	return os.OpenRoot(dir)
}

// escaped turns the system's refusal of a link out of a root into ErrPath.
func escaped(p string, err error) error {
	if err != nil && strings.Contains(err.Error(), "path escapes from parent") {
		return fmt.Errorf("%w: %q leads outside its folder through a link", ErrPath, p)
	}
	return err
}

// list returns the files under folder, down to depth levels, whose
// names end in ext; hidden files and folders are left out.
func (b *Backend) list(folder, ext string, depth int) ([]string, error) {
	area, rel, err := Resolve(folder)
	if err != nil {
		return nil, err
	}
	root, err := b.open(area)
	if err != nil {
		return nil, err
	}
	defer root.Close()
	if rel == "" {
		rel = "."
	}
	var out []string
	var walk func(dir string, depth int) error
	walk = func(dir string, depth int) error {
		if depth <= 0 {
			return nil
		}
		f, err := root.Open(dir)
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil
			}
			return escaped(dir, err)
		}
		ents, err := f.ReadDir(-1)
		f.Close()
		if err != nil {
			return nil // not a folder
		}
		sort.Slice(ents, func(i, j int) bool { return ents[i].Name() < ents[j].Name() })
		for _, e := range ents {
			name := e.Name()
			if strings.HasPrefix(name, ".") {
				continue
			}
			p := path.Join(dir, name)
			if e.IsDir() {
				if err := walk(p, depth-1); err != nil {
					return err
				}
				continue
			}
			if e.Type().IsRegular() && strings.HasSuffix(name, ext) {
				out = append(out, path.Join(area, p))
			}
		}
		return nil
	}
	return out, walk(rel, depth)
}

// read returns a regular file's bytes.
func (b *Backend) read(p string) ([]byte, error) {
	area, rel, err := Resolve(p)
	if err != nil {
		return nil, err
	}
	root, err := b.open(area)
	if err != nil {
		return nil, err
	}
	defer root.Close()
	f, err := root.Open(rel)
	if err != nil {
		return nil, escaped(p, err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !st.Mode().IsRegular() {
		return nil, fmt.Errorf("%w: %q is not a file", ErrPath, p)
	}
	if st.Size() > maxRead {
		return nil, fmt.Errorf("%q is larger than %d MB", p, maxRead>>20)
	}
	return io.ReadAll(io.LimitReader(f, maxRead+1))
}

func sha(data []byte) string {
	h := sha256.Sum256(data)
	return hex.EncodeToString(h[:])
}

func (b *Backend) entries(files []string) ([]entry, error) {
	out := []entry{}
	for _, f := range files {
		e, err := b.entry(f)
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, nil
}

// entry reads a file for the CMS; a missing file is an entry without
// data, as decap-server answers.
func (b *Backend) entry(p string) (entry, error) {
	data, err := b.read(b.onDisk(p))
	if errors.Is(err, fs.ErrNotExist) {
		return entry{File: entryFile{Path: p}}, nil
	}
	if err != nil {
		return entry{}, err
	}
	s := string(data)
	return entry{Data: &s, File: entryFile{Path: p, ID: sha(data)}}, nil
}

func (b *Backend) media(p string) (mediaFile, error) {
	data, err := b.read(p)
	if err != nil {
		return mediaFile{}, err
	}
	return mediaFile{ID: sha(data), Content: base64.StdEncoding.EncodeToString(data), Encoding: "base64", Path: p, Name: path.Base(p)}, nil
}

// persist writes entries and pictures; an entry with a new path is
// moved there, with the files of its folder when it is a bundle.
func (b *Backend) persist(files []dataFile, assets []asset) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	// Check every path before writing anything.
	for _, f := range files {
		if _, _, err := Resolve(f.Path); err != nil {
			return err
		}
		if f.NewPath != "" {
			if _, _, err := Resolve(f.NewPath); err != nil {
				return err
			}
		}
	}
	for _, a := range assets {
		if _, _, err := Resolve(a.Path); err != nil {
			return err
		}
	}
	for _, a := range assets {
		var data []byte
		switch a.Encoding {
		case "base64":
			d, err := base64.StdEncoding.DecodeString(a.Content)
			if err != nil {
				return fmt.Errorf("%w: %s is not base64: %v", errParams, a.Path, err)
			}
			data = d
		case "", "utf8", "utf-8":
			data = []byte(a.Content)
		default:
			return fmt.Errorf("%w: %s has an unknown encoding %q", errParams, a.Path, a.Encoding)
		}
		if err := b.write(a.Path, data); err != nil {
			return err
		}
	}
	for _, f := range files {
		if _, _, err := Resolve(f.Path); err == nil {
			f.Path = b.onDisk(f.Path)
		}
		target := f.Path
		if f.NewPath != "" && f.NewPath != f.Path {
			target = f.NewPath
		}
		if err := b.write(target, []byte(f.Raw)); err != nil {
			return err
		}
		if target != f.Path {
			if err := b.move(f.Path, target); err != nil {
				return err
			}
		}
	}
	return nil
}

// write replaces the file at p atomically: a hidden temporary file in
// the same folder, renamed over the target.
func (b *Backend) write(p string, data []byte) error {
	area, rel, err := Resolve(p)
	if err != nil {
		return err
	}
	if rel == "" {
		return fmt.Errorf("%w: %q is a folder", ErrPath, p)
	}
	root, err := b.open(area)
	if err != nil {
		return err
	}
	defer root.Close()
	dir := path.Dir(rel)
	if err := root.MkdirAll(dir, 0o755); err != nil {
		return escaped(p, err)
	}
	if st, err := root.Lstat(rel); err == nil && !st.Mode().IsRegular() && st.Mode()&fs.ModeSymlink == 0 {
		return fmt.Errorf("%w: %q is not a file", ErrPath, p)
	}
	tmp := path.Join(dir, fmt.Sprintf(".%s.%d.tmp", path.Base(rel), time.Now().UnixNano()))
	if err := root.WriteFile(tmp, data, 0o644); err != nil {
		return escaped(p, err)
	}
	if err := root.Rename(tmp, rel); err != nil {
		root.Remove(tmp)
		return escaped(p, err)
	}
	return nil
}

// move removes the entry's old file after it was written at its new
// path; for a bundle (…/index.md) the other files of its folder follow.
func (b *Backend) move(from, to string) error {
	if err := b.removeOne(from); err != nil {
		return err
	}
	if !strings.HasPrefix(path.Base(from), "index.") || !strings.HasPrefix(path.Base(to), "index.") {
		return nil
	}
	rest, err := b.list(path.Dir(from), "", 1)
	if err != nil {
		return err
	}
	for _, f := range rest {
		data, err := b.read(f)
		if err != nil {
			return err
		}
		if err := b.write(path.Join(path.Dir(to), path.Base(f)), data); err != nil {
			return err
		}
		if err := b.removeOne(f); err != nil {
			return err
		}
	}
	return nil
}

// remove deletes files (a missing one is no error), and the folders
// they leave empty.
func (b *Backend) remove(paths []string) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, p := range paths {
		if _, _, err := Resolve(p); err != nil {
			return err
		}
	}
	for i, p := range paths {
		paths[i] = b.onDisk(p)
		if err := b.removeOne(paths[i]); err != nil {
			return err
		}
	}
	// A story kept as a folder (stories/<name>/index.md) owns the
	// pictures beside it: once its last text is gone, they go too.
	for _, p := range paths {
		if base := path.Base(p); !strings.HasPrefix(base, "index.") || !strings.HasSuffix(base, ".md") {
			continue
		}
		rest, err := b.list(path.Dir(p), "", 1)
		if err != nil {
			return err
		}
		texts := 0
		for _, f := range rest {
			if strings.HasSuffix(f, ".md") {
				texts++
			}
		}
		if texts > 0 {
			continue
		}
		for _, f := range rest {
			if err := b.removeOne(f); err != nil {
				return err
			}
		}
	}
	return nil
}

func (b *Backend) removeOne(p string) error {
	area, rel, err := Resolve(p)
	if err != nil {
		return err
	}
	if rel == "" {
		return fmt.Errorf("%w: %q is a folder", ErrPath, p)
	}
	root, err := b.open(area)
	if err != nil {
		return err
	}
	defer root.Close()
	if st, err := root.Lstat(rel); err == nil && st.IsDir() {
		return fmt.Errorf("%w: %q is a folder", ErrPath, p)
	}
	if err := root.Remove(rel); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return escaped(p, err)
	}
	// The folders it leaves empty go too (Remove refuses a full one).
	// Top folders such as content/stories stay.
	for d := path.Dir(rel); strings.Contains(d, "/"); d = path.Dir(d) {
		if root.Remove(d) != nil {
			break
		}
	}
	return nil
}

package site

import (
	"fanfare.dev/fanfare/generator/content"
)

// Memo carries what one build of a site model worked out from its pages
// to the next build, which takes it instead of working it out again: each
// page's URL, and the order of the stories. A preview builds the model
// again after every new or deleted story, and at 10,000 stories these
// were a fifth of that build.
//
// A content.Page is never changed once loaded (an edited file is a new
// Page), so a page's URL is known from the page and the site's base path
// and language folder. The order of the stories is taken from the last
// build only when it is checked to be the order sortStories makes.
//
// A Memo is used by one build at a time. The zero Memo is ready to use.
type Memo struct {
	// last and next hold the URLs by site (siteKey), then by page: a
	// site's pages are looked up by pointer alone (a key of the page and
	// the site's string took a third of assignURLs, in hashing).
	last, next map[string]map[*content.Page]memoURL
	order      map[string][]*content.Page // by language: the stories, sorted
	nextOrder  map[string][]*content.Page
	// resorted counts the builds that sorted the stories afresh though
	// the last order was known (it did not hold): TestMemo checks that
	// only a page changed in place makes one.
	resorted int
}

type memoURL struct{ url, permalink string }

// begin starts a build: what it works out goes to the next.
func (m *Memo) begin() {
	if m == nil {
		return
	}
	m.next = make(map[string]map[*content.Page]memoURL, len(m.last))
	m.nextOrder = map[string][]*content.Page{}
}

// end makes what the build worked out the memo of the next; what the
// build did not use is forgotten.
func (m *Memo) end() {
	if m == nil {
		return
	}
	m.last, m.next = m.next, nil
	m.order, m.nextOrder = m.nextOrder, nil
}

// siteKey is what a page's URL in s depends on besides the page:
// basePath and langPrefix, which RelURL puts before a route, and the
// origin of permalinks.
func siteKey(s *Site) string { return s.basePath + "\x00" + s.langPrefix + "\x00" + s.origin }

// siteURLs is the memo of the URLs in one site during a build: the last
// build's and this one's, both nil without a Memo.
type siteURLs struct {
	last, next map[*content.Page]memoURL
}

// urls returns the memo of the URLs of s, of about n pages.
func (m *Memo) urls(s *Site, n int) siteURLs {
	if m == nil {
		return siteURLs{}
	}
	key := siteKey(s)
	next := m.next[key]
	if next == nil {
		next = make(map[*content.Page]memoURL, n)
		m.next[key] = next
	}
	return siteURLs{last: m.last[key], next: next}
}

// url returns the URL and permalink of p in s.
func (u siteURLs) url(s *Site, p *Page) (string, string) {
	v, ok := u.last[p.Page]
	if !ok {
		v.url = s.RelURL(s.route(p))
		v.permalink = s.AbsURL(v.url)
	}
	if u.next != nil {
		u.next[p.Page] = v
	}
	return v.url, v.permalink
}

// sortStories sorts the stories of s as sortStories does, starting from
// the order of the last build: the stories kept in their order, the new
// ones merged in. The result is checked, and sorted afresh when the last
// order does not hold.
func (m *Memo) sortStories(s *Site) {
	ps := s.Stories
	if m == nil {
		sortStories(ps)
		return
	}
	defer func() {
		order := make([]*content.Page, len(ps))
		for i, p := range ps {
			order[i] = p.Page
		}
		m.nextOrder[s.Lang] = order
	}()
	prev := m.order[s.Lang]
	if len(prev) == 0 || len(ps) < 2 {
		if len(prev) > 0 && len(ps) >= 2 {
			m.resorted++
		}
		sortStories(ps)
		return
	}
	at := make(map[*content.Page]*Page, len(ps))
	for _, p := range ps {
		at[p.Page] = p
	}
	kept := make([]*Page, 0, len(ps))
	for _, cp := range prev {
		if p, ok := at[cp]; ok {
			kept = append(kept, p)
			delete(at, cp)
		}
	}
	var added []*Page
	if len(at) > 0 {
		for _, p := range ps {
			if at[p.Page] == p {
				added = append(added, p)
			}
		}
		sortStories(added)
	}
	merged := kept
	if len(added) > 0 {
		merged = make([]*Page, 0, len(ps))
		i, j := 0, 0
		for i < len(kept) && j < len(added) {
			if storyCompare(added[j], kept[i]) < 0 {
				merged = append(merged, added[j])
				j++
			} else {
				merged = append(merged, kept[i])
				i++
			}
		}
		merged = append(append(merged, kept[i:]...), added[j:]...)
	}
	if len(merged) != len(ps) || !strictlySorted(merged) {
		m.resorted++
		sortStories(ps)
		return
	}
	copy(ps, merged)
}

// strictlySorted reports whether every story comes before the next in the
// order of sortStories. Two stories that order cannot tell apart (none
// can, for it ends with their files' paths) are left to sortStories.
func strictlySorted(ps []*Page) bool {
	for i := 1; i < len(ps); i++ {
		if storyCompare(ps[i-1], ps[i]) >= 0 {
			return false
		}
	}
	return true
}

package site

import (
	"html/template"
	"testing"
)

// memStore is a TextStore in memory that counts what it is asked; full
// makes every Put fail, as a texts' file on a full disk does.
type memStore struct {
	buf   []byte
	full  bool
	puts  int
	reads int
}

func (m *memStore) Put(text []byte) (int64, bool) {
	m.puts++
	if m.full {
		return 0, false
	}
	at := int64(len(m.buf))
	m.buf = append(m.buf, text...)
	return at, true
}

func (m *memStore) Text(at int64, n int) template.HTML {
	m.reads++
	return template.HTML(m.buf[at : at+int64(n)])
}

// TestStoreContent: a page's text set with StoreContent is what Content
// gives back, whether a store keeps it (non-empty text, a store that can
// keep it) or the page does (no store, a full store, an empty text); a
// text set later with SetContent or SetStoredContent replaces it.
func TestStoreContent(t *testing.T) {
	for _, tc := range []struct {
		name       string
		store      *memStore // nil: none
		text       string
		wantStored bool
	}{
		{"kept by the store", &memStore{}, "<p>Een verhaal.</p>", true},
		{"no store", nil, "<p>Een verhaal.</p>", false},
		{"a full store", &memStore{full: true}, "<p>Een verhaal.</p>", false},
		{"an empty text", &memStore{}, "", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var store TextStore
			if tc.store != nil {
				tc.store.buf = []byte("<p>Another page's text first.</p>")
				store = tc.store
			}
			p := &Page{}
			p.StoreContent([]byte(tc.text), store)
			if got := p.Content(); got != template.HTML(tc.text) {
				t.Errorf("Content() = %q, want %q", got, tc.text)
			}
			if got := p.text.Stored(); got != tc.wantStored {
				t.Errorf("kept by the store: %v, want %v", got, tc.wantStored)
			}
			if tc.store != nil && tc.wantStored && tc.store.reads == 0 {
				t.Errorf("Content() did not read the text from the store")
			}
			if tc.store != nil && !tc.wantStored && tc.store.reads != 0 {
				t.Errorf("Content() read the store %d times, for a text the page keeps", tc.store.reads)
			}

			p.SetContent("<p>Changed.</p>")
			if got := p.Content(); got != "<p>Changed.</p>" {
				t.Errorf("after SetContent: Content() = %q", got)
			}
			kept := &memStore{}
			st, ok := Store(kept, []byte("<p>Kept elsewhere.</p>"))
			if !ok {
				t.Fatal("Store: not kept")
			}
			p.SetStoredContent(st)
			if got := p.Content(); got != "<p>Kept elsewhere.</p>" {
				t.Errorf("after SetStoredContent: Content() = %q", got)
			}
		})
	}
}

// TestStore: Store keeps a text in a store that can and says so; with no
// store or a full one it says no, and the zero StoredText is no text.
func TestStore(t *testing.T) {
	var zero StoredText
	if zero.Stored() || zero.Text() != "" {
		t.Errorf("zero StoredText: Stored() = %v, Text() = %q; want false, \"\"", zero.Stored(), zero.Text())
	}
	if st, ok := Store(nil, []byte("x")); ok || st.Stored() {
		t.Errorf("Store(nil) = %v, %v; want not kept", st, ok)
	}
	full := &memStore{full: true}
	if st, ok := Store(full, []byte("x")); ok || st.Stored() || full.puts != 1 {
		t.Errorf("Store(full store) = %v, %v after %d puts; want not kept, after 1", st, ok, full.puts)
	}
	m := &memStore{}
	a, okA := Store(m, []byte("first"))
	b, okB := Store(m, []byte("second text"))
	if !okA || !okB || !a.Stored() || !b.Stored() {
		t.Fatalf("Store: kept %v %v, Stored %v %v; want all true", okA, okB, a.Stored(), b.Stored())
	}
	if a.Text() != "first" || b.Text() != "second text" {
		t.Errorf("Text() = %q, %q; want \"first\", \"second text\"", a.Text(), b.Text())
	}
}

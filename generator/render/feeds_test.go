package render

import (
	"encoding/xml"
	"fmt"
	"testing"
)

// feedEntries reads the titles and dates of a feed's entries and the
// feed's own date, RSS or Atom.
type feedEntries struct {
	Built    string   `xml:"channel>lastBuildDate"`
	Updated  string   `xml:"updated"`
	Items    []string `xml:"channel>item>title"`
	PubDates []string `xml:"channel>item>pubDate"`
	Entries  []struct {
		Title   string `xml:"title"`
		Updated string `xml:"updated"`
	} `xml:"entry"`
}

func readFeed(t *testing.T, name string, feed func(string) ([]byte, error)) feedEntries {
	t.Helper()
	b, err := feed("https://example.com/" + name)
	if err != nil {
		t.Fatal(err)
	}
	var v feedEntries
	if err := xml.Unmarshal(b, &v); err != nil {
		t.Fatalf("%s is not well-formed XML: %v\n%s", name, err, b)
	}
	return v
}

// TestFeedNewest: of 21 or 25 stories the feeds hold the newest 20
// (FeedSize, written out here so that a wrong constant fails), newest
// first; of fewer, all.
func TestFeedNewest(t *testing.T) {
	const want = 20
	for _, n := range []int{1, want + 1, 25} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			files := map[string]string{}
			for i := 1; i <= n; i++ {
				files[fmt.Sprintf("stories/s%02d.md", i)] = fmt.Sprintf("---\ntitle: S%02d\ndate: 2025-01-%02d\n---\n", i, i)
			}
			r, _ := newRenderer(t, fixture{files: files})
			rss := readFeed(t, "index.xml", r.RSS)
			atom := readFeed(t, "atom.xml", r.Atom)
			var atomTitles []string
			for _, e := range atom.Entries {
				atomTitles = append(atomTitles, e.Title)
			}
			wantN := min(n, want)
			for name, titles := range map[string][]string{"rss": rss.Items, "atom": atomTitles} {
				if len(titles) != wantN {
					t.Fatalf("%s holds %d stories, want %d: %q", name, len(titles), wantN, titles)
				}
				first, last := fmt.Sprintf("S%02d", n), fmt.Sprintf("S%02d", n-wantN+1)
				if titles[0] != first || titles[wantN-1] != last {
					t.Errorf("%s runs from %s to %s, want %s to %s", name, titles[0], titles[wantN-1], first, last)
				}
			}
		})
	}
}

// TestFeedDates: the dates a feed gives its stories and itself. A story
// without a date has no pubDate in RSS, and in Atom (where <updated> is
// required) the start of 1970; a story's lastmod is its Atom date.
func TestFeedDates(t *testing.T) {
	tests := []struct {
		name     string
		story    string
		built    string // RSS lastBuildDate
		pubDate  string // RSS item pubDate, "" for none
		updated  string // Atom feed's updated
		entryUpd string // Atom entry's updated
	}{
		{
			name:     "undated",
			story:    "---\ntitle: A\n---\n",
			built:    "",
			pubDate:  "",
			updated:  "1970-01-01T00:00:00Z",
			entryUpd: "1970-01-01T00:00:00Z",
		},
		{
			name:     "dated",
			story:    "---\ntitle: A\ndate: 2025-03-14\n---\n",
			built:    "Fri, 14 Mar 2025 00:00:00 +0000",
			pubDate:  "Fri, 14 Mar 2025 00:00:00 +0000",
			updated:  "2025-03-14T00:00:00Z",
			entryUpd: "2025-03-14T00:00:00Z",
		},
		{
			name:     "lastmod",
			story:    "---\ntitle: A\ndate: 2025-03-14\nlastmod: 2025-04-01T10:30:00+02:00\n---\n",
			built:    "Fri, 14 Mar 2025 00:00:00 +0000",
			pubDate:  "Fri, 14 Mar 2025 00:00:00 +0000",
			updated:  "2025-03-14T00:00:00Z",
			entryUpd: "2025-04-01T08:30:00Z",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, _ := newRenderer(t, fixture{files: map[string]string{"stories/a.md": tt.story}})
			rss := readFeed(t, "index.xml", r.RSS)
			atom := readFeed(t, "atom.xml", r.Atom)
			if rss.Built != tt.built {
				t.Errorf("RSS lastBuildDate %q, want %q", rss.Built, tt.built)
			}
			var pub []string
			if tt.pubDate != "" {
				pub = []string{tt.pubDate}
			}
			if fmt.Sprint(rss.PubDates) != fmt.Sprint(pub) {
				t.Errorf("RSS pubDate %q, want %q", rss.PubDates, pub)
			}
			if atom.Updated != tt.updated {
				t.Errorf("Atom updated %q, want %q", atom.Updated, tt.updated)
			}
			if len(atom.Entries) != 1 || atom.Entries[0].Updated != tt.entryUpd {
				t.Errorf("Atom entries %+v, want one updated %q", atom.Entries, tt.entryUpd)
			}
		})
	}
}

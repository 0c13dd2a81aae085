package render

import (
	"fmt"
	"reflect"
	"regexp"
	"strings"
	"testing"
)

// TestFirst: the template function first keeps at most n items of a list,
// as Hugo's does, and says what is wrong with what it cannot take.
func TestFirst(t *testing.T) {
	tests := []struct {
		n       int
		list    any
		want    any
		wantErr string
	}{
		{2, []int{1, 2, 3}, []int{1, 2}, ""},
		{3, []int{1, 2, 3}, []int{1, 2, 3}, ""},
		{6, []string{"a"}, []string{"a"}, ""},
		{0, []int{1}, []int{}, ""},
		{2, [3]int{7, 8, 9}, []int{7, 8}, ""},
		{4, [3]int{7, 8, 9}, [3]int{7, 8, 9}, ""},
		{1, nil, nil, ""},
		{-1, []int{1}, nil, "-1 items"},
		{1, "abc", nil, "string is not a list"},
	}
	for _, tt := range tests {
		got, err := first(tt.n, tt.list)
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("first(%d, %#v): error %v, want one saying %q", tt.n, tt.list, err, tt.wantErr)
			}
			continue
		}
		if err != nil || !reflect.DeepEqual(got, tt.want) {
			t.Errorf("first(%d, %#v) = %#v, %v; want %#v", tt.n, tt.list, got, err, tt.want)
		}
	}
}

// TestLatestStories: the home page lists the six newest stories and the
// page not found the three newest, newest first, however many there are.
func TestLatestStories(t *testing.T) {
	item := regexp.MustCompile(`<li><a href="/stories/(s\d+)/">`)
	for _, n := range []int{2, 3, 6, 8} {
		files := map[string]string{"fanfare.yaml": "title: Nieuwste\nbaseURL: https://example.com/\n"}
		for i := 1; i <= n; i++ {
			files[fmt.Sprintf("content/stories/s%d.md", i)] = fmt.Sprintf("---\ntitle: Verhaal %d\ndate: 2025-01-%02d\nbrand: Merk\n---\nTekst.\n", i, i)
		}
		b := buildSite(t, files)[0]
		for _, tc := range []struct {
			out  string
			most int
		}{{"index.html", 6}, {"404.html", 3}} {
			var html []byte
			for _, rt := range b.s.Routes {
				if rt.Out == tc.out {
					var err error
					if html, err = b.r.Route(rt); err != nil {
						t.Fatalf("%s: %v", tc.out, err)
					}
				}
			}
			latest := string(html)
			start := strings.Index(latest, `class="latest"`)
			if start < 0 {
				t.Fatalf("%d stories, %s: no list of the latest stories", n, tc.out)
			}
			latest = latest[start:]
			latest = latest[:strings.Index(latest, "</"+map[string]string{"index.html": "ol", "404.html": "ul"}[tc.out]+">")]
			var got []string
			for _, m := range item.FindAllStringSubmatch(latest, -1) {
				got = append(got, m[1])
			}
			var want []string
			for i := n; i > 0 && len(want) < tc.most; i-- {
				want = append(want, fmt.Sprintf("s%d", i))
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("%d stories, %s lists %v, want %v", n, tc.out, got, want)
			}
		}
	}
}

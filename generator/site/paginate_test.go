package site

import (
	"fmt"
	"strings"
	"testing"
)

// TestPaginate: how many pages a list of n items gets, what each holds
// and links to; an empty list still has its first page, and a page size
// below 1 (a Config made in code) is taken as 1.
func TestPaginate(t *testing.T) {
	for _, tt := range []struct {
		items, size int
		want        string
	}{
		{0, 2, "1/1:0 prev= next="},
		{1, 2, "1/1:1 prev= next="},
		{2, 2, "1/1:2 prev= next="},
		{3, 2, "1/2:2 prev= next=/stories/page/2/ | 2/2:1 prev=/stories/ next="},
		{4, 2, "1/2:2 prev= next=/stories/page/2/ | 2/2:2 prev=/stories/ next="},
		{3, 0, "1/3:1 prev= next=/stories/page/2/ | 2/3:1 prev=/stories/ next=/stories/page/3/ | 3/3:1 prev=/stories/page/2/ next="},
	} {
		var got []string
		for _, pg := range paginate("/stories/", make([]*Page, tt.items), tt.size) {
			if pg.First != "/stories/" {
				t.Errorf("%d items, %d a page: page %d's first page is %q", tt.items, tt.size, pg.Number, pg.First)
			}
			got = append(got, fmt.Sprintf("%d/%d:%d prev=%s next=%s", pg.Number, pg.Total, len(pg.Items), pg.Prev, pg.Next))
		}
		if g := strings.Join(got, " | "); g != tt.want {
			t.Errorf("%d items, %d a page:\n%s\nwant\n%s", tt.items, tt.size, g, tt.want)
		}
	}
	for n, want := range map[int]string{-1: "/stories/", 0: "/stories/", 1: "/stories/", 2: "/stories/page/2/", 10: "/stories/page/10/"} {
		if got := pageURL("/stories/", n); got != want {
			t.Errorf("pageURL(%d) = %q, want %q", n, got, want)
		}
	}
}

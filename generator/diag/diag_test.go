package diag

import (
	"errors"
	"strings"
	"testing"
)

func TestKeyLine(t *testing.T) {
	src := []byte("title: A\n\"date\": 2025\n  nested: x\nslug = \"b\"\n- tags: [a]\ntitle2: x\n")
	tests := []struct {
		key  string
		from int
		want int
	}{
		{"title", 1, 1},
		{"date", 1, 2},
		{"nested", 1, 3},
		{"slug", 1, 4},
		{"tags", 1, 5},
		{"TITLE", 1, 1},
		{"title", 2, 0}, // title2 is another key
		{"missing", 1, 0},
		{"quote", 1, 7},   // 'quote': in single quotes
		{"open", 1, 0},    // "open: a quote never closed
		{"spaced", 1, 9},  // spaced   = 1
		{"Straße", 1, 10}, // letter case beyond ASCII
		{"straßen", 1, 0}, // longer than any key there
		{"t", 1, 0},       // a prefix of keys only
		{"colon", 1, 12},  // after an empty key line
	}
	src = append(src, "'quote': y\n\"open: z\n\tspaced   = 1\nSTRAßE: ja\n:\ncolon:\n"...)
	// Lines longer than Go keeps on the stack (32 bytes).
	src = append(src, "summary: a line that is longer than thirty-two bytes\n"...)
	for _, tt := range tests {
		if got := KeyLine(src, tt.key, tt.from); got != tt.want {
			t.Errorf("KeyLine(%q, %d) = %d, want %d", tt.key, tt.from, got, tt.want)
		}
	}
	// It runs for every key of every front matter, over its lines: it
	// must not allocate.
	if n := testing.AllocsPerRun(100, func() { KeyLine(src, "missing", 1) }); n != 0 {
		t.Errorf("KeyLine allocates %v times a call, want 0", n)
	}
}

func TestSuggest(t *testing.T) {
	candidates := []string{"title", "baseURL", "paginate", "language"}
	tests := []struct{ word, want string }{
		{"titel", "title"},
		{"baseurl", "baseURL"},
		{"paginat", "paginate"},
		{"langauge", "language"},
		{"colour", ""},
		{"x", ""},
	}
	for _, tt := range tests {
		if got := Suggest(tt.word, candidates); got != tt.want {
			t.Errorf("Suggest(%q) = %q, want %q", tt.word, got, tt.want)
		}
	}
}

func TestListSortsAndDeduplicates(t *testing.T) {
	var l List
	l.Errorf("b.md", 3, "three")
	l.Errorf("a.md", 9, "nine")
	l.Warnf("a.md", 1, "warn")
	l.Errorf("a.md", 2, "two")
	l.Errorf("b.md", 3, "three")
	l.AddError("c.md", errors.New("plain"))
	l.AddError("ignored.md", &ListError{Diagnostics: []*Diagnostic{Errorf("d.md", 1, "inner")}})
	err := l.Err()
	var list *ListError
	if !errors.As(err, &list) {
		t.Fatalf("Err() = %v, want a *ListError", err)
	}
	want := "a.md:1: warning: warn\na.md:2: two\na.md:9: nine\nb.md:3: three\nc.md: plain\nd.md:1: inner"
	if got := err.Error(); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	if list.Errors() != 5 {
		t.Errorf("Errors() = %d, want 5", list.Errors())
	}
	if ws := l.Warnings(); len(ws) != 1 || ws[0].Error() != "a.md:1: warning: warn" {
		t.Errorf("Warnings() = %v", ws)
	}
	var empty List
	if empty.Err() != nil || empty.HasErrors() {
		t.Error("an empty list reports errors")
	}
	var warnings List
	warnings.Warnf("a.md", 1, "only a warning")
	if warnings.Err() != nil {
		t.Error("a list of warnings is an error")
	}
}

func TestFromYAML(t *testing.T) {
	tests := []struct {
		err    string
		offset int
		want   string
	}{
		{"yaml: line 3: did not find expected key", 1, "f.md:4: invalid YAML: did not find expected key"},
		{"yaml: unmarshal errors:\n  line 2: cannot unmarshal !!seq into string", 0, "f.md:2: invalid YAML: cannot unmarshal !!seq into string"},
		{"yaml: something odd", 0, "f.md: invalid YAML: something odd"},
	}
	for _, tt := range tests {
		if got := FromYAML("f.md", tt.offset, errors.New(tt.err)).Error(); got != tt.want {
			t.Errorf("FromYAML(%q) = %q, want %q", tt.err, got, tt.want)
		}
	}
}

func TestLineOf(t *testing.T) {
	src := []byte("a\nbb\nccc")
	for off, want := range map[int]int{0: 1, 1: 1, 2: 2, 5: 3, 100: 3, -1: 1} {
		if got := LineOf(src, off); got != want {
			t.Errorf("LineOf(%d) = %d, want %d", off, got, want)
		}
	}
	if !strings.Contains(Wrap("x", 1, "msg", errors.New("cause")).Error(), "msg: cause") {
		t.Error("Wrap loses the cause")
	}
}

package content

import (
	"fmt"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"golang.org/x/tools/txtar"
)

// TestDecodeCases parses every page of the archives in testdata/decode
// and compares what Parse makes of it with the file of the same name plus
// ".want" in the archive: the fields that are set, one a line (see
// dumpPage), then the unknown keys, the errors and the warnings. The
// archive's comment says what its cases are about; every expected line
// and line number was written by hand from the page above it.
func TestDecodeCases(t *testing.T) {
	archives, err := filepath.Glob("testdata/decode/*.txtar")
	if err != nil || len(archives) == 0 {
		t.Fatalf("no archives in testdata/decode: %v", err)
	}
	for _, file := range archives {
		ar, err := txtar.ParseFile(file)
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]string{}
		for _, f := range ar.Files {
			if name, ok := strings.CutSuffix(f.Name, ".want"); ok {
				want[name] = string(f.Data)
			}
		}
		for _, f := range ar.Files {
			if strings.HasSuffix(f.Name, ".want") {
				continue
			}
			t.Run(filepath.Base(file)+"/"+f.Name, func(t *testing.T) {
				w, ok := want[f.Name]
				if !ok {
					t.Fatalf("no %s.want in %s", f.Name, file)
				}
				if got := dumpPage(Parse("content/"+f.Name, f.Name, f.Data)); got != w {
					t.Errorf("%s:\n--- got\n%s--- want\n%s", f.Name, got, w)
				}
			})
		}
	}
}

// dumpPage writes what Parse returned: every field of the page that is
// set, in the order of the struct, Story and Symbol fields with their
// prefix (the path, key, kind, body and versions are left out), then
// the page's unknown keys, the lines of the error and the warnings.
func dumpPage(p *Page, err error) string {
	var b strings.Builder
	if p != nil {
		skip := map[string]bool{"File": true, "Path": true, "Key": true, "Lang": true, "Kind": true, "Section": true,
			"Resources": true, "Body": true, "Version": true, "FrontVersion": true, "Warnings": true}
		dumpFields(&b, "", reflect.ValueOf(p).Elem(), skip)
		for _, u := range p.Unknown() {
			fmt.Fprintf(&b, "unknown: %q line %d hint %q\n", u.Key, u.Line, u.Hint)
		}
	}
	if err != nil {
		for _, l := range strings.Split(err.Error(), "\n") {
			fmt.Fprintf(&b, "error: %s\n", l)
		}
	}
	if p != nil {
		for _, w := range p.Warnings {
			fmt.Fprintf(&b, "%s\n", w.Error())
		}
	}
	return b.String()
}

func dumpFields(b *strings.Builder, prefix string, v reflect.Value, skip map[string]bool) {
	for i := range v.NumField() {
		f, name := v.Field(i), v.Type().Field(i).Name
		if !v.Type().Field(i).IsExported() || skip[name] || f.IsZero() || (f.Kind() == reflect.Map && f.Len() == 0) {
			continue
		}
		switch x := f.Interface().(type) {
		case *Story, *Symbol:
			dumpFields(b, name+".", f.Elem(), nil)
			continue
		case time.Time:
			fmt.Fprintf(b, "%s%s: %s\n", prefix, name, x.Format(time.RFC3339))
		case string, []string:
			fmt.Fprintf(b, "%s%s: %q\n", prefix, name, x)
		case *int:
			fmt.Fprintf(b, "%s%s: %d\n", prefix, name, *x)
		case *Quote:
			fmt.Fprintf(b, "%s%s: %+v\n", prefix, name, *x)
		case map[string]any:
			fmt.Fprintf(b, "%s%s: %#v\n", prefix, name, x)
		default:
			fmt.Fprintf(b, "%s%s: %+v\n", prefix, name, x)
		}
	}
}

// TestParseDate pins the dates ParseDate reads, in every layout, and the
// message for a date it does not read: the date in ISO form when it was
// written in another order (both readings when the day and the month
// could be swapped), or the form to use.
func TestParseDate(t *testing.T) {
	utc := func(s string) time.Time {
		t.Helper()
		v, err := time.Parse(time.RFC3339, s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	for in, want := range map[string]time.Time{
		"2025-03-14":                 utc("2025-03-14T00:00:00Z"),
		" 2025-03-14\n":              utc("2025-03-14T00:00:00Z"),
		"2025-03-14T10:30:00+02:00":  utc("2025-03-14T08:30:00Z"),
		"2025-03-14T10:30:00":        utc("2025-03-14T10:30:00Z"),
		"2025-03-14 10:30:00":        utc("2025-03-14T10:30:00Z"),
		"2025-03-14 10:30":           utc("2025-03-14T10:30:00Z"),
		"2025-03-14T10:30":           utc("2025-03-14T10:30:00Z"),
		"2025-03-14 10:30:00 -0700":  utc("2025-03-14T17:30:00Z"),
		"2025-03-14 10:30:00 -07:00": utc("2025-03-14T17:30:00Z"),
		"2025-03-14 10:30 +0100":     utc("2025-03-14T09:30:00Z"),
		"2025-03-14T10:30:00-0700":   utc("2025-03-14T17:30:00Z"),
	} {
		got, err := ParseDate(in)
		if err != nil || !got.Equal(want) {
			t.Errorf("ParseDate(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	order := func(iso string) string {
		return "is not in the order Fanfare reads; write it as " + iso + " (year-month-day)"
	}
	both := func(iso, alt string) string {
		return "is not in the order Fanfare reads; write it as " + iso + " (year-month-day), or " + alt + " if the month came first"
	}
	const none = "is not a date; write it as 2026-03-14 (year-month-day)"
	for _, tt := range []struct{ in, want string }{
		// Day, month name, year, and month name, day, year, in several
		// languages, with or without a day's ending.
		{"14 maart 2025", order("2025-03-14")},
		{"14th March 2025", order("2025-03-14")},
		{"March 1st, 2025", order("2025-03-01")},
		{"Sept. 22nd, 2024", order("2024-09-22")},
		{"3 août 2024", order("2024-08-03")},
		{"23rd dez 2024", order("2024-12-23")},
		{"14 maart 100", order("0100-03-14")},
		{"14 maart 99", none},
		{"0 maart 2025", none},
		{"maart 0 2025", none},
		{"32 maart 2025", none},
		{"30 februari 2025", none},
		{"14 maart", none},
		{"de maart 2025", none},
		{"2025-x-1", none},
		{"maart 14 2025 10:00", none},
		// Year first, with one-digit months or days.
		{"2025-3-4", order("2025-03-04")},
		{"2025/12/1", order("2025-12-01")},
		{"2025-1-31", order("2025-01-31")},
		{"1000-1-2", order("1000-01-02")},
		{"999-1-2", none},
		{"2025-13-1", none},
		{"2025-0-1", none},
		{"2025-1-0", none},
		{"2025-1-32", none},
		{"2025-2-29", none},
		// Year last: day first unless the day or the month cannot be one.
		{"14-03-2025", order("2025-03-14")},
		{"14-03-1000", order("1000-03-14")},
		{"14-03-999", none},
		{"13/12/2025", order("2025-12-13")},
		{"12/13/2025", order("2025-12-13")},
		{"12/05/2025", both("2025-05-12", "2025-12-05")},
		{"05/12/2025", both("2025-12-05", "2025-05-12")},
		{"04.03.2025", both("2025-03-04", "2025-04-03")},
		{"12/12/2025", order("2025-12-12")},
		{"13/13/2025", none},
		{"0/12/2025", none},
		{"12/0/2025", none},
		{"31/04/2025", none},
		{"yesterday", none},
		{"", none},
	} {
		_, err := ParseDate(tt.in)
		if want := fmt.Sprintf("%q %s", strings.TrimSpace(tt.in), tt.want); err == nil || err.Error() != want {
			t.Errorf("ParseDate(%q): %v\nwant %s", tt.in, err, want)
		}
	}
}

func TestIsPlaceholder(t *testing.T) {
	for _, tt := range []struct {
		key, value string
		want       bool
	}{
		{"summary", " What happened, in one or two sentences.\n", true},
		{"quote.author", "Voornaam", true},
		{"title", "What happened, in one or two sentences.", false},
		{"summary", "What happened.", false},
		{"", "Tell the story in your own words: who, where, and the moment it turned.", true},
	} {
		if got := IsPlaceholder(tt.key, tt.value); got != tt.want {
			t.Errorf("IsPlaceholder(%q, %q) = %t", tt.key, tt.value, got)
		}
	}
}

package content

import (
	"strings"
	"testing"
)

// TestYAMLErrorLines pins the message and the line of the file for every
// YAML mistake people make in front matter. The expected lines are
// counted by hand in the files below, never computed by the code under
// test.
func TestYAMLErrorLines(t *testing.T) {
	tests := []struct {
		name, src string
		want      string // the whole message, "file:line: text"
	}{
		{"unclosed list", "---\ntitle: A\ntags: [a, b\ndate: 2025-01-01\nsummary: S\n---\nBody\n",
			"content/stories/a.md:3: tags: the list opened with [ is never closed: end it with ] on this line"},
		{"unclosed list after blank lines", "\n\n---\ntitle: A\n\nsymbols: [x,\n  y\ndate: 2025-01-01\n---\n",
			"content/stories/a.md:6: symbols: the list opened with [ is never closed: end it with ] on this line"},
		{"unclosed quote", "---\ntitle: \"Niet afgesloten\ndate: 2025-01-01\nsummary: S\n---\nBody\n",
			`content/stories/a.md:2: title: the quote " that opens the value is never closed: end the text with " on this line`},
		{"unclosed single quote", "---\ntitle: A\nsummary: 'Het begon\ndate: 2025-01-01\n---\n",
			`content/stories/a.md:3: summary: the quote ' that opens the value is never closed: end the text with ' on this line`},
		{"colon in value", "---\ndate: 2025-01-01\ntitle: Zappos: schoenen met 365 dagen retour\n---\n",
			`content/stories/a.md:3: title: the value holds a colon, which YAML reads as the start of another key; put the title in quotes: title: "Zappos: schoenen met 365 dagen retour"`},
		{"tab", "---\ntitle: A\nquote:\n\ttext: Hallo\n---\n",
			"content/stories/a.md:4: this line is indented with a tab; YAML indents with spaces only: replace the tab with spaces"},
		{"quotes in quotes", "---\ntitle: A\nsummary: \"Hij zei \"nee\" en ging\"\n---\n",
			`content/stories/a.md:3: summary: the quotes end before the text does (the text holds quotes itself); write summary: 'Hij zei "nee" en ging'`},
		{"star", "---\ntitle: *Nieuw*\ndate: 2025-01-01\n---\n",
			`content/stories/a.md:2: title: a value that starts with * is read as a YAML reference; put the title in quotes: title: "*Nieuw*"`},
		{"at sign", "---\ntitle: A\ncustomer: @erik\n---\n",
			`content/stories/a.md:3: customer: a value may not start with @; put the customer in quotes: customer: "@erik"`},
		{"excessive aliasing", "---\ntitle: A\na: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\ng: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\nh: [*g,*g,*g,*g,*g,*g,*g,*g,*g]\n---\n",
			"content/stories/a.md:4: the front matter repeats references (*name) so often that it cannot be read; write the values out"},
		{"key twice", "---\ntitle: A\ndate: 2025-01-01\ntitle: B\n---\n",
			"content/stories/a.md:4: title: the key is written twice (first on line 2); keep one of them"},
		{"key twice in a group", "---\ntitle: A\nquote:\n  text: a\n  author: B\n  text: b\n---\n",
			"content/stories/a.md:6: text: the key is written twice (first on line 4); keep one of them"},
		{"key twice in a group after blank lines", "\n\n---\ntitle: A\nquote:\n  text: a\n  text: b\n---\n",
			"content/stories/a.md:7: text: the key is written twice (first on line 6); keep one of them"},
		{"key twice in a list entry", "---\ntitle: A\nmetrics:\n  - label: NPS\n    label: CSAT\n---\n",
			"content/stories/a.md:5: label: the key is written twice (first on line 4); keep one of them"},
		{"windows line ends", "---\r\ntitle: A\r\ntags: [a\r\ndate: 2025-01-01\r\n---\r\n",
			"content/stories/a.md:3: tags: the list opened with [ is never closed: end it with ] on this line"},
		{"byte order mark", "\xef\xbb\xbf---\ntitle: A\ntags: [a\n---\n",
			"content/stories/a.md:3: tags: the list opened with [ is never closed: end it with ] on this line"},
		{"colon after a block scalar with colons", "---\nsummary: |\n  Text: with colon\n\n  more\ntitle: A: B\n---\n",
			`content/stories/a.md:6: title: the value holds a colon, which YAML reads as the start of another key; put the title in quotes: title: "A: B"`},
		{"blank line in a block scalar", "---\nsummary: |\n  a\n\n  Text: with: colon\ntitle: A: B\n---\n",
			`content/stories/a.md:6: title: the value holds a colon, which YAML reads as the start of another key; put the title in quotes: title: "A: B"`},
		{"list closed at the key's indent", "---\ntags: [a,\nb]\ntitle: A: B\n---\n",
			"content/stories/a.md:2: tags: the list opened with [ is never closed: end it with ] on this line"},
		{"blank line in a list closed later", "---\ntags: [a,\n\n  b]\ntitle: A: B\n---\n",
			`content/stories/a.md:5: title: the value holds a colon, which YAML reads as the start of another key; put the title in quotes: title: "A: B"`},
		{"key with a space, trailing space", "---\nmy title: A: B \n---\n",
			`content/stories/a.md:2: my title: the value holds a colon, which YAML reads as the start of another key; put the my title in quotes: my title: "A: B"`},
		{"tab after the colon", "---\ntitle:\tA: B\n---\n",
			`content/stories/a.md:2: title: the value holds a colon, which YAML reads as the start of another key; put the title in quotes: title: "A: B"`},
		{"comment before a colon", "---\ntitle: A\nnote #1: x: y\n---\n",
			"content/stories/a.md:3: invalid YAML: could not find expected ':'"},
		{"doubled double quotes", "---\nsummary: \"Hij zei \"\"nee\"\" en\"\n---\n",
			`content/stories/a.md:2: summary: the quotes end before the text does (the text holds quotes itself); write summary: 'Hij zei ""nee"" en'`},
		{"hash inside a closed list", "---\ntags: [a#b]\ntitle: A: B\n---\n",
			`content/stories/a.md:3: title: the value holds a colon, which YAML reads as the start of another key; put the title in quotes: title: "A: B"`},
		{"anchor before another mistake", "---\ntitle: &a B\ntags: [x\n---\n",
			"content/stories/a.md:3: tags: the list opened with [ is never closed: end it with ] on this line"},
		{"nested key after a block scalar", "---\nsummary: |\n  x\nquote:\n  text: A: B\n---\n",
			`content/stories/a.md:5: text: the value holds a colon, which YAML reads as the start of another key; put the text in quotes: text: "A: B"`},
		{"line with a trailing space", "---\nsummary: |\n  a \ntitle: A: B\n---\n",
			`content/stories/a.md:4: title: the value holds a colon, which YAML reads as the start of another key; put the title in quotes: title: "A: B"`},
		{"single quotes closed at the end of the line", "---\ntitle: 'A'\ntags: [x\n---\n",
			"content/stories/a.md:3: tags: the list opened with [ is never closed: end it with ] on this line"},
		{"closed list with a quoted item", "---\ntags: ['a', b]\ntitle: A: B\n---\n",
			`content/stories/a.md:3: title: the value holds a colon, which YAML reads as the start of another key; put the title in quotes: title: "A: B"`},
		{"comment right before the bracket", "---\ntags: [a, b #]\ntitle: A: B\n---\n",
			"content/stories/a.md:2: tags: the list opened with [ is never closed: end it with ] on this line"},
		{"comment after a tab", "---\ntags: [a,\t#]\ntitle: A: B\n---\n",
			"content/stories/a.md:2: tags: the list opened with [ is never closed: end it with ] on this line"},
		{"indented first line", "---\n  title: A: B\n---\n",
			`content/stories/a.md:2: title: the value holds a colon, which YAML reads as the start of another key; put the title in quotes: title: "A: B"`},
		{"colon at the end", "---\ntitle: Let op:\n---\n",
			`content/stories/a.md:2: title: the value holds a colon, which YAML reads as the start of another key; put the title in quotes: title: "Let op:"`},
		{"colon, quotes and a comment", "---\ntitle: Zei \"ja\": echt # c\n---\n",
			`content/stories/a.md:2: title: the value holds a colon, which YAML reads as the start of another key; put the title in quotes: title: "Zei \"ja\": echt"`},
		{"colon in a list entry", "---\n- title: A: B\n---\n",
			`content/stories/a.md:2: title: the value holds a colon, which YAML reads as the start of another key; put the title in quotes: title: "A: B"`},
		{"tab after spaces", "---\ntitle: A\nquote:\n  \ttext: Hallo\n---\n",
			"content/stories/a.md:4: this line is indented with a tab; YAML indents with spaces only: replace the tab with spaces"},
		{"quote closed on a later line", "---\nsummary: \"Een\n  twee\"\ntags: [a\n---\n",
			"content/stories/a.md:4: tags: the list opened with [ is never closed: end it with ] on this line"},
		{"quote closed at the start of a later line", "---\nsummary: \"Een\n\"\ntags: [a\n---\n",
			"content/stories/a.md:4: tags: the list opened with [ is never closed: end it with ] on this line"},
		{"escaped quote does not close", "---\nsummary: \"a \\\" b\ndate: x\n---\n",
			`content/stories/a.md:2: summary: the quote " that opens the value is never closed: end the text with " on this line`},
		{"doubled single quote does not close", "---\nsummary: 'it''s\ndate: x\n---\n",
			`content/stories/a.md:2: summary: the quote ' that opens the value is never closed: end the text with ' on this line`},
		{"single quotes in single quotes", "---\nsummary: 'Hij zei 'nee' en'\n---\n",
			`content/stories/a.md:2: summary: the quotes end before the text does (the text holds quotes itself); write summary: "Hij zei 'nee' en"`},
		{"both quotes in double quotes", "---\nsummary: \"Jan's \"beste\" dag\"\n---\n",
			`content/stories/a.md:2: summary: the quotes end before the text does (the text holds quotes itself); write summary: 'Jan''s "beste" dag'`},
		{"comment after a quoted value", "---\ntitle: \"A\" # c\ntags: [a\n---\n",
			"content/stories/a.md:3: tags: the list opened with [ is never closed: end it with ] on this line"},
		{"unclosed braces", "---\nquote: {text: a\n---\n",
			"content/stories/a.md:2: quote: the list opened with { is never closed: end it with } on this line"},
		{"list closed on a later line", "---\ntags: [a,\n  b]\ntitle: A: B\n---\n",
			`content/stories/a.md:4: title: the value holds a colon, which YAML reads as the start of another key; put the title in quotes: title: "A: B"`},
		{"bracket in quotes", "---\ntags: ['a]', b\n---\n",
			"content/stories/a.md:2: tags: the list opened with [ is never closed: end it with ] on this line"},
		{"bracket in a comment", "---\ntags: [a, b # ]\n---\n",
			"content/stories/a.md:2: tags: the list opened with [ is never closed: end it with ] on this line"},
		{"empty list at the end", "---\ntitle: A\nb: [\n---\n",
			"content/stories/a.md:3: b: the list opened with [ is never closed: end it with ] on this line"},
		{"ampersand", "---\ncustomer: & Co\n---\n",
			`content/stories/a.md:2: customer: a value that starts with & is read as a YAML reference; put the customer in quotes: customer: "& Co"`},
		{"percent", "---\ndiscount: %20\n---\n",
			`content/stories/a.md:2: discount: a value may not start with %; put the discount in quotes: discount: "%20"`},
		{"backquote", "---\ncode: `x`\n---\n",
			"content/stories/a.md:2: code: a value may not start with `; put the code in quotes: code: \"`x`\""},
		{"lone carriage returns stay within the front matter", "---\ntitle: A\r\r\r\r\r\rfoo\n---\n",
			"content/stories/a.md:3: invalid YAML: could not find expected ':'"},
		{"json between semicolons", ";;;\n{\n  \"title\": \"A\",\n  \"tags\": ]\n}\n;;;\n",
			"content/stories/a.md:4: invalid JSON front matter: invalid character ']' looking for beginning of value"},
		{"json not an object", ";;;\n[1]\n;;;\n",
			"content/stories/a.md:2: invalid JSON front matter: json: cannot unmarshal array into Go value of type map[string]interface {}"},
		{"braces that are not json", "{\nnot json\n}\n",
			"content/stories/a.md:2: invalid JSON front matter: invalid character 'n' looking for beginning of object key string"},
		{"toml", "+++\ntitle = \"A\"\ndate = 2025-01-01\nbrand = x\n+++\n",
			`content/stories/a.md:4: invalid TOML front matter: expected value but found "x" instead`},
		{"empty front matter", "---\n---\nBody\n",
			"content/stories/a.md:2: title is missing: every page needs a title"},
		{"empty front matter after a blank line", "\n---\n---\nBody\n",
			"content/stories/a.md:3: title is missing: every page needs a title"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("content/stories/a.md", "stories/a.md", []byte(tt.src))
			if err == nil {
				t.Fatal("no error")
			}
			if got := err.Error(); got != tt.want {
				t.Errorf("\n got  %s\n want %s", got, tt.want)
			}
		})
	}
}

// TestFrontMatterWarnings pins the warnings of front matter that reads,
// but not as its writer meant.
func TestFrontMatterWarnings(t *testing.T) {
	tests := []struct {
		name, src string
		want      []string
	}{
		{"hash empties a value", "---\ntitle: A\ndate: 2025-01-01\ncolor: #ff0000\n---\n",
			[]string{`content/stories/a.md:4: warning: color: the value starts with #, which YAML reads as a comment, so color is empty; put it in quotes: color: "#ff0000"`}},
		{"hash cuts a value", "---\ntitle: Campagne #1 van het jaar\ndate: 2025-01-01\n---\n",
			[]string{`content/stories/a.md:2: warning: title: everything from " #" on is read as a comment, so title is only "Campagne"; put the whole value in quotes to keep it: title: "Campagne #1 van het jaar"`}},
		{"comment after a value is fine", "---\ntitle: A   # the headline\ndate: 2025-01-01 # day\ndraft: false # publish\nmetrics:   # figures\n  - label: NPS\n    value: \"60\"\n---\n", nil},
		{"one tag with a comma", "---\ntitle: A\ndate: 2025-01-01\ntags: persoonlijk, snel\n---\n",
			[]string{`content/stories/a.md:4: warning: tags: "persoonlijk, snel" is one tag; to give several, write tags: [persoonlijk, snel]`}},
		{"story without a date", "---\ntitle: A\n---\n",
			[]string{`content/stories/a.md:2: warning: this story has no date: it is listed last and shows no date; add one, such as date: 2025-03-14 (year-month-day)`}},
		{"byte order mark", "\xef\xbb\xbf---\ntitle: A\ndate: 2025-01-01\n---\n", nil},
		{"json followed at once by text", "{\n  \"title\": \"A\",\n  \"date\": \"2025-01-01\"\n}\nText.\n", nil},
		{"hash inside a block scalar", "---\ntitle: A\ndate: 2025-01-01\nsummary: |\n  Kleur: rood #1 b\n\n  Kleur: blauw #2 c\ncolor: #fff\n---\n",
			[]string{`content/stories/a.md:8: warning: color: the value starts with #, which YAML reads as a comment, so color is empty; put it in quotes: color: "#fff"`}},
		{"hashes meant as comments", "---\ntitle: Campagne  #1\ndate: 2025-01-01\nnote: a #\nx: \"#1\"\ny: [\"#1\"]\nz: ##\nw: #\nc: #\tx\nd: A # b\ne: A ##b\n---\n", nil},
		{"hash in a list entry", "---\ntitle: A\ndate: 2025-01-01\nmetrics:\n  - label: Campagne #1\n    value: 5\n---\n",
			[]string{`content/stories/a.md:5: warning: label: everything from " #" on is read as a comment, so label is only "Campagne"; put the whole value in quotes to keep it: label: "Campagne #1"`}},
		{"comment on the first line", "---\n# de kop\ntitle: A #1\ndate: 2025-01-01\n---\n",
			[]string{`content/stories/a.md:3: warning: title: everything from " #" on is read as a comment, so title is only "A"; put the whole value in quotes to keep it: title: "A #1"`}},
		{"nested hash after a block scalar", "---\ntitle: A\ndate: 2025-01-01\nsummary: |\n  x\nmetrics:\n  - label: Campagne #1\n    value: 5\n---\n",
			[]string{`content/stories/a.md:7: warning: label: everything from " #" on is read as a comment, so label is only "Campagne"; put the whole value in quotes to keep it: label: "Campagne #1"`}},
		{"hash and one character", "---\ntitle: A\ndate: 2025-01-01\nlabel: #1\n---\n",
			[]string{`content/stories/a.md:4: warning: label: the value starts with #, which YAML reads as a comment, so label is empty; put it in quotes: label: "#1"`}},
		{"indented front matter", "---\n  title: A #1\n  date: 2025-01-01\n---\n",
			[]string{`content/stories/a.md:2: warning: title: everything from " #" on is read as a comment, so title is only "A"; put the whole value in quotes to keep it: title: "A #1"`}},
		{"first of two hashes", "---\ntitle: A #b #c\ndate: 2025-01-01\n---\n",
			[]string{`content/stories/a.md:2: warning: title: everything from " #" on is read as a comment, so title is only "A"; put the whole value in quotes to keep it: title: "A #b #c"`}},
		{"hash after a folded block", "---\nsummary: >\n  tekst: #1 x\ntitle: Eerste \"ronde\" #1\ndate: 2025-01-01\n---\n",
			[]string{`content/stories/a.md:4: warning: title: everything from " #" on is read as a comment, so title is only "Eerste \"ronde\""; put the whole value in quotes to keep it: title: "Eerste \"ronde\" #1"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := Parse("content/stories/a.md", "stories/a.md", []byte(tt.src))
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, w := range p.Warnings {
				got = append(got, w.Error())
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("\n got  %s\n want %s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
			if p.Title == "" {
				t.Error("no title read")
			}
		})
	}
}

// TestDatesInOtherOrders checks that a date written in another order is
// an error that gives that date in ISO form.
func TestDatesInOtherOrders(t *testing.T) {
	for in, want := range map[string]string{
		"14-03-2025":                `date: "14-03-2025" is not in the order Fanfare reads; write it as 2025-03-14 (year-month-day)`,
		"14/03/2025":                `date: "14/03/2025" is not in the order Fanfare reads; write it as 2025-03-14 (year-month-day)`,
		"14.03.2025":                `date: "14.03.2025" is not in the order Fanfare reads; write it as 2025-03-14 (year-month-day)`,
		"03/14/2025":                `date: "03/14/2025" is not in the order Fanfare reads; write it as 2025-03-14 (year-month-day)`,
		"14 maart 2025":             `date: "14 maart 2025" is not in the order Fanfare reads; write it as 2025-03-14 (year-month-day)`,
		"March 14, 2025":            `date: "March 14, 2025" is not in the order Fanfare reads; write it as 2025-03-14 (year-month-day)`,
		"1 okt 2024":                `date: "1 okt 2024" is not in the order Fanfare reads; write it as 2024-10-01 (year-month-day)`,
		"04/03/2025":                `date: "04/03/2025" is not in the order Fanfare reads; write it as 2025-03-04 (year-month-day), or 2025-04-03 if the month came first`,
		"31-02-2025":                `date: "31-02-2025" is not a date; write it as 2026-03-14 (year-month-day)`,
		"gisteren":                  `date: "gisteren" is not a date; write it as 2026-03-14 (year-month-day)`,
		"2025-03-14 10:00:00 +0100": "", // Jekyll's own format is read
	} {
		if want == "" {
			if _, err := Parse("content/stories/a.md", "stories/a.md", []byte("---\ntitle: A\ndate: "+in+"\n---\n")); err != nil {
				t.Errorf("%s: %v", in, err)
			}
			continue
		}
		_, err := Parse("content/stories/a.md", "stories/a.md", []byte("---\ntitle: A\ndate: "+in+"\n---\n"))
		if err == nil || err.Error() != "content/stories/a.md:3: "+want {
			t.Errorf("%s:\n got  %v\n want content/stories/a.md:3: %s", in, err, want)
		}
	}
}

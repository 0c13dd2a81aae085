package render

import (
	"strings"
	"testing"

	"fanfare.dev/fanfare/generator/content"
)

// TestBudgetLimits: bodies at each budget's exact limit are converted;
// one more is refused, at the right line. The brackets' work counts the
// paragraph's own length, not the text before it.
func TestBudgetLimits(t *testing.T) {
	long := strings.Repeat("a", 400_000) // a long paragraph without brackets
	tests := []struct {
		name string
		body string
		line int // the line refused, 0 when converted
	}{
		{"100 brackets in a long paragraph", strings.Repeat("[", 100) + strings.Repeat("a", 600_000), 0},
		{"101 brackets in a long paragraph", strings.Repeat("[", 101) + strings.Repeat("a", 600_000), 1},
		{"brackets times length exactly the most", strings.Repeat("[", 125) + strings.Repeat("a", 400_000-125), 0},
		{"brackets times length one over", strings.Repeat("[", 125) + strings.Repeat("a", 400_000-124), 1},
		{"a short paragraph with brackets after a long one", long + "\n\n" + strings.Repeat("[", 101) + strings.Repeat("a", 100_000), 0},
		{"a long paragraph with brackets after a long one", long + "\n\n" + strings.Repeat("[", 101) + strings.Repeat("a", 500_000), 3},
		{"a list item ends the paragraph", "Intro\n" + strings.Repeat("[", 101) + strings.Repeat("a", 300_000) + "\n-\tb\n" + strings.Repeat("a", 300_000), 0},
		{"32 quotes deep", strings.Repeat(">", 32) + " a\n", 0},
		{"33 quotes deep", "a\n\n" + strings.Repeat(">", 33) + " a\n", 3},
		{"32 lists deep", strings.Repeat("- ", 32) + "a\n", 0},
		{"33 lists deep", strings.Repeat("-\t", 33) + "a\n", 1},
		{"quotes in a code fence", "```\n" + strings.Repeat(">", 40) + "\n```\n", 0},
		{"quotes after a code fence", "~~~\nx\n~~~\n" + strings.Repeat(">", 40) + "\n", 4},
		{"1000 footnotes", strings.Repeat("[^n]: note\n", 1000), 0},
		{"1001 footnotes", strings.Repeat("[^n]: note\n", 1001), 1001},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := budget(&content.Page{File: "a.md", BodyLine: 1, Body: []byte(tt.body)})
			switch {
			case tt.line == 0 && d != nil:
				t.Errorf("refused: %v", d)
			case tt.line != 0 && d == nil:
				t.Errorf("converted; want refused at line %d", tt.line)
			case tt.line != 0 && d.Line != tt.line:
				t.Errorf("refused at line %d, want %d: %v", d.Line, tt.line, d)
			}
		})
	}
}

// TestStartsBlock: the lines that start a block of their own, as goldmark
// reads them: list items need a space or tab after the marker, and an
// ordered item one to nine digits.
func TestStartsBlock(t *testing.T) {
	tests := map[string]bool{
		"":              false,
		"# Kop":         true,
		"| a | b |":     true,
		"> citaat":      true,
		"-":             false,
		"- a":           true,
		"-\ta":          true,
		"-a":            false,
		"* a":           true,
		"+ a":           true,
		"0. a":          true,
		"9) a":          true,
		"1.\ta":         true,
		"123456789. a":  true,
		"1234567890. a": false,
		"1.":            false,
		"1. ":           true,
		"12":            false,
		". a":           false,
		"1:a":           false,
		"1.a":           false,
		"a. b":          false,
	}
	for line, want := range tests {
		if got := startsBlock([]byte(line)); got != want {
			t.Errorf("startsBlock(%q) = %t, want %t", line, got, want)
		}
	}
}

// TestNesting counts the quote and list markers that start a line.
func TestNesting(t *testing.T) {
	tests := map[string]int{
		"":          0,
		">":         1,
		"> > a":     2,
		">>":        2,
		"- > - a":   3,
		"-\t* + a":  3,
		"-a":        0,
		"-":         0,
		"  \t> a":   1,
		"> 1. a":    1,
		"a > b":     0,
		"* ":        1,
		"+ - ":      2,
		">-":        1,
		"> -\t> -x": 3,
	}
	for line, want := range tests {
		if got := nesting([]byte(line)); got != want {
			t.Errorf("nesting(%q) = %d, want %d", line, got, want)
		}
	}
}

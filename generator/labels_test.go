package generator

import (
	"context"
	"runtime/pprof"
	"testing"

	"fanfare.dev/fanfare/generator/site"
)

// TestLayoutLabels: the contexts under which pages render carry the label
// layout=<name> for each layout of the routes to do (and only those),
// beside the labels of the build's own context.
func TestLayoutLabels(t *testing.T) {
	ctx := pprof.WithLabels(context.Background(), pprof.Labels("edit", "new-story"))
	jobs := []job{{rt: &site.Route{Layout: "story"}}, {rt: &site.Route{Layout: "stories"}}, {rt: &site.Route{Layout: "home"}}, {rt: &site.Route{Layout: "story"}}}
	labels := layoutLabels(ctx, jobs, []int{0, 1, 3})
	if len(labels) != 2 || labels["home"] != nil {
		t.Errorf("labels for %d layouts (home: %v), want story and stories", len(labels), labels["home"])
	}
	for _, l := range []string{"story", "stories"} {
		got, _ := pprof.Label(labels[l], "layout")
		edit, _ := pprof.Label(labels[l], "edit")
		if got != l || edit != "new-story" {
			t.Errorf("%s: labels layout=%q edit=%q, want layout=%q edit=new-story", l, got, edit, l)
		}
	}
}

package help

import (
	"reflect"
	"regexp"
	"strings"
	"testing"

	"fanfare.dev/fanfare/generator/config"
	"fanfare.dev/fanfare/generator/content"
)

// settingKeys returns every key of fanfare.yaml, found by walking the
// yaml tags of config.Config: "brand", "brand.color", "analytics.site_id".
func settingKeys(t reflect.Type, prefix string) []string {
	var keys []string
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
		if name == "" || name == "-" {
			continue
		}
		keys = append(keys, prefix+name)
		ft := f.Type
		for ft.Kind() == reflect.Pointer || ft.Kind() == reflect.Slice || ft.Kind() == reflect.Map {
			ft = ft.Elem()
		}
		if ft.Kind() == reflect.Struct && ft.PkgPath() == t.PkgPath() {
			keys = append(keys, settingKeys(ft, prefix+name+".")...)
		}
	}
	return keys
}

// TestReferenceComplete checks that every setting and every front-matter
// field the code knows is named in the reference ("fanfare help").
func TestReferenceComplete(t *testing.T) {
	var all strings.Builder
	for _, tp := range Topics() {
		text, ok := Topic(tp.Name)
		if !ok || len(text) < 200 {
			t.Errorf("topic %s is missing or nearly empty", tp.Name)
		}
		all.WriteString(text)
	}
	ref := all.String()
	mentioned := func(key string) bool {
		// As `key`, "key:" in an example, or `parent.key`.
		return regexp.MustCompile("(?i)(`|\\b)" + regexp.QuoteMeta(key) + "(`|:)").MatchString(ref)
	}
	keys := settingKeys(reflect.TypeOf(config.Config{}), "")
	if len(keys) < 30 {
		t.Fatalf("only %d settings found by reflection: %v", len(keys), keys)
	}
	for _, k := range keys {
		last := k[strings.LastIndex(k, ".")+1:]
		if !mentioned(last) {
			t.Errorf("setting %s is not in the reference (cmd/fanfare/help/*.md)", k)
		}
	}
	for _, kind := range []content.Kind{content.KindStory, content.KindSymbol, content.KindPage} {
		for _, k := range content.FrontMatterKeys(kind) {
			if !mentioned(k) {
				t.Errorf("front-matter field %s is not in the reference (cmd/fanfare/help/*.md)", k)
			}
		}
	}
	for _, want := range []string{"blocks", "hosts", "languages", "pictures", "settings", "troubleshooting", "writing"} {
		if _, ok := Topic(want); !ok {
			t.Errorf("no help topic %q", want)
		}
	}
}

package config

import (
	"strings"
	"testing"
)

func TestCMS(t *testing.T) {
	for _, c := range []struct {
		name, src string
		want      CMS
		err       string // "" for none
	}{
		{"short", "title: A\ncms: decap\n", CMS{Name: "decap", Backend: "git-gateway", Branch: "main"}, ""},
		{"full", "title: A\ncms:\n  name: decap\n  backend: github\n  repo: merk/verhalen\n  branch: live\n", CMS{Name: "decap", Backend: "github", Repo: "merk/verhalen", Branch: "live"}, ""},
		{"none", "title: A\n", CMS{}, ""},
		{"toml", "title = \"A\"\ncms = \"decap\"\n", CMS{Name: "decap", Backend: "git-gateway", Branch: "main"}, ""},
		{"unknown editor", "title: A\ncms: wordpress\n", CMS{}, `fanfare.yaml:2: cms: "wordpress" is not an editor Fanfare knows; write cms: decap`},
		{"unknown backend", "title: A\ncms:\n  name: decap\n  backend: bitbucket\n", CMS{}, `fanfare.yaml:4: cms.backend: "bitbucket" is not one of git-gateway, github, gitlab`},
		{"github without repo", "title: A\ncms: {name: decap, backend: github}\n", CMS{}, "fanfare.yaml:2: cms.repo: the github backend needs the repository as owner/name"},
		{"unknown key", "title: A\ncms:\n  name: decap\n  repository: a/b\n", CMS{}, `fanfare.yaml:4: unknown config key "cms.repository"`},
	} {
		t.Run(c.name, func(t *testing.T) {
			name := "fanfare.yaml"
			if c.name == "toml" {
				name = "fanfare.toml"
			}
			cfg, err := Parse(name, []byte(c.src))
			if c.err == "" {
				if err != nil {
					t.Fatal(err)
				}
				if cfg.CMS != c.want {
					t.Errorf("got %+v, want %+v", cfg.CMS, c.want)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Errorf("error %v, want %q", err, c.err)
			}
		})
	}
}

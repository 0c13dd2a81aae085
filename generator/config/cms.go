package config

import (
	"fmt"
	"strings"

	"gopkg.in/yaml.v3"

	"fanfare.dev/fanfare/generator/diag"
)

// CMS is the editor published at /admin/ for people who do not use a
// terminal. "cms: decap" is short for {name: decap}.
type CMS struct {
	// Name is the editor: "decap", or "" for none.
	Name string `yaml:"name" toml:"name"`
	// Backend is where the editor saves: git-gateway (Netlify's
	// Identity and Git Gateway, the default), github or gitlab.
	Backend string `yaml:"backend" toml:"backend"`
	// Repo is the repository, owner/name, for github and gitlab.
	Repo string `yaml:"repo" toml:"repo"`
	// Branch is the branch saved to (default main).
	Branch string `yaml:"branch" toml:"branch"`
	// BaseURL is the address of the login service for github (an OAuth
	// client), or of a GitLab server of one's own.
	BaseURL string `yaml:"base_url" toml:"base_url"`
	// AppID is the GitLab application's ID, for logging in without a
	// login service.
	AppID string `yaml:"app_id" toml:"app_id"`
}

// CMSNames are the editors Fanfare can publish.
var CMSNames = []string{"decap"}

// CMSBackends are the places the editor can save to.
var CMSBackends = []string{"git-gateway", "github", "gitlab"}

// UnmarshalYAML reads "cms: decap" as well as the full form.
func (c *CMS) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind == yaml.ScalarNode {
		return n.Decode(&c.Name)
	}
	type plain CMS
	return n.Decode((*plain)(c))
}

// UnmarshalTOML reads cms = "decap" as well as a [cms] table.
func (c *CMS) UnmarshalTOML(v any) error {
	switch v := v.(type) {
	case string:
		c.Name = v
	case map[string]any:
		for k, p := range map[string]*string{"name": &c.Name, "backend": &c.Backend, "repo": &c.Repo, "branch": &c.Branch, "base_url": &c.BaseURL, "app_id": &c.AppID} {
			if x, ok := v[k].(string); ok {
				*p = x
			}
		}
	default:
		return fmt.Errorf("cms must be the name of an editor, such as cms: decap")
	}
	return nil
}

// validate checks the editor's settings and fills in the defaults.
func (c *CMS) validate(errs *diag.List, file string, src []byte) {
	if *c == (CMS{}) {
		return
	}
	line := diag.KeyLine(src, "cms", 1)
	if !contains(CMSNames, c.Name) {
		errs.Errorf(file, line, "cms: %q is not an editor Fanfare knows; write cms: decap (or leave it out)", c.Name)
		*c = CMS{}
		return
	}
	if c.Backend == "" {
		c.Backend = "git-gateway"
	}
	if c.Branch == "" {
		c.Branch = "main"
	}
	at := func(key string) int {
		if l := diag.KeyLine(src, key, line); l > 0 {
			return l
		}
		return line
	}
	switch {
	case !contains(CMSBackends, c.Backend):
		errs.Errorf(file, at("backend"), "cms.backend: %q is not one of %s", c.Backend, strings.Join(CMSBackends, ", "))
	case c.Backend != "git-gateway" && strings.Count(c.Repo, "/") != 1:
		errs.Errorf(file, at("repo"), "cms.repo: the %s backend needs the repository as owner/name, such as repo: mijnmerk/verhalen", c.Backend)
	}
}

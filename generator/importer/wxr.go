package importer

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
)

// wxr is a WordPress export file (WordPress eXtended RSS).
type wxr struct {
	file    string // as given
	uploads string
	title   string
	lang    string
	items   []*Item
	// media are the attachments by post ID: address and description.
	media map[string][2]string
}

type wxrItem struct {
	Title    string       `xml:"title"`
	Link     string       `xml:"link"`
	PubDate  string       `xml:"pubDate"`
	Creator  string       `xml:"creator"`
	Content  string       `xml:"http://purl.org/rss/1.0/modules/content/ encoded"`
	Encoded  []wxrEncoded `xml:"encoded"`
	ID       string       `xml:"post_id"`
	Date     string       `xml:"post_date"`
	Modified string       `xml:"post_modified"`
	Name     string       `xml:"post_name"`
	Status   string       `xml:"status"`
	Type     string       `xml:"post_type"`
	URL      string       `xml:"attachment_url"`
	Sticky   string       `xml:"is_sticky"`
	Category []struct {
		Domain   string `xml:"domain,attr"`
		Nicename string `xml:"nicename,attr"`
		Name     string `xml:",chardata"`
	} `xml:"category"`
	Meta []struct {
		Key   string `xml:"meta_key"`
		Value string `xml:"meta_value"`
	} `xml:"postmeta"`
}

type wxrEncoded struct {
	XMLName xml.Name `xml:"encoded"`
	Text    string   `xml:",chardata"`
}

// skipTypes are WordPress's own post types, not content.
var skipTypes = map[string]bool{"attachment": true, "nav_menu_item": true, "revision": true, "custom_css": true, "customize_changeset": true, "oembed_cache": true, "user_request": true, "wp_block": true, "wp_template": true, "wp_template_part": true, "wp_global_styles": true, "wp_navigation": true, "wp_font_family": true, "wp_font_face": true}

// keptMeta are WordPress fields that start with _ but say something a
// person wrote (an SEO plug-in's description).
var keptMeta = map[string]bool{"_yoast_wpseo_metadesc": true, "_yoast_wpseo_title": true, "_aioseo_description": true}

func openWXR(file, uploads string) (Source, error) {
	f, err := os.Open(file)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	w := &wxr{file: filepath.Base(file), uploads: uploads}
	if uploads != "" {
		if st, err := os.Stat(uploads); err != nil || !st.IsDir() {
			return nil, fmt.Errorf("--uploads %s is not a folder: give the wp-content/uploads folder copied from the WordPress server", uploads)
		}
	}
	dec := xml.NewDecoder(f)
	dec.Strict = false
	var raw []*wxrItem
	var lines []int
	attachments := map[string]*wxrItem{}
	depth := 0
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			line, _ := dec.InputPos()
			return nil, fmt.Errorf("%s:%d: this is not a WordPress export file that can be read: %v", file, line, err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			switch {
			case t.Name.Local == "item":
				line, _ := dec.InputPos()
				it := &wxrItem{}
				if err := dec.DecodeElement(it, &t); err != nil {
					return nil, fmt.Errorf("%s:%d: cannot read this item: %v", file, line, err)
				}
				depth--
				if it.Type == "attachment" {
					attachments[it.ID] = it
					continue
				}
				raw, lines = append(raw, it), append(lines, line)
			case depth == 3 && t.Name.Local == "title" && w.title == "":
				var s string
				_ = dec.DecodeElement(&s, &t)
				depth--
				w.title = strings.TrimSpace(s)
			case depth == 3 && t.Name.Local == "language":
				var s string
				_ = dec.DecodeElement(&s, &t)
				depth--
				w.lang = langOf(s)
			}
		case xml.EndElement:
			depth--
		}
	}
	if len(raw) == 0 && len(attachments) == 0 {
		return nil, fmt.Errorf("%s holds no posts or pages: is it the file WordPress's Tools → Export made?", file)
	}
	w.media = map[string][2]string{}
	for id, a := range attachments {
		alt := ""
		for _, m := range a.Meta {
			if m.Key == "_wp_attachment_image_alt" {
				alt = m.Value
			}
		}
		w.media[id] = [2]string{a.URL, alt}
	}
	for i, r := range raw {
		if skipTypes[r.Type] || r.Status == "trash" || r.Status == "auto-draft" || r.Status == "inherit" {
			continue
		}
		w.items = append(w.items, w.item(r, lines[i], attachments))
	}
	return w, nil
}

// item reads one post or page of the export into an Item.
func (w *wxr) item(r *wxrItem, line int, attachments map[string]*wxrItem) *Item {
	f := newFields()
	set := func(k string, v any) {
		if s, ok := v.(string); ok && strings.TrimSpace(s) == "" {
			return
		}
		f.Set(k, v, 1)
	}
	set("title", strings.TrimSpace(r.Title))
	date := r.Date
	if date == "" || strings.HasPrefix(date, "0000") {
		date = r.PubDate
	}
	set("date", date)
	if !strings.HasPrefix(r.Modified, "0000") {
		set("modified", r.Modified)
	}
	for _, e := range r.Encoded {
		if strings.Contains(e.XMLName.Space, "excerpt") {
			set("excerpt", strings.TrimSpace(stripTags(e.Text)))
		}
	}
	set("author", r.Creator)
	setTaxonomies(r, set)
	if r.Sticky == "1" {
		set("featured", true)
	}
	it := &Item{File: w.file, Line: line, Kind: KindStory, Type: r.Type, Fields: f, Body: r.Content, BodyLine: line, HTML: true}
	for _, m := range r.Meta {
		switch {
		case m.Key == "_thumbnail_id":
			if a := attachments[m.Value]; a != nil {
				set("featured_image", a.URL)
				for _, am := range a.Meta {
					if am.Key == "_wp_attachment_image_alt" {
						set("featured_image_alt", am.Value)
					}
				}
			} else {
				it.Internal = append(it.Internal, m.Key+" (no such attachment in the export)")
			}
		case strings.HasPrefix(m.Key, "_") && !keptMeta[m.Key]:
			it.Internal = append(it.Internal, m.Key)
		default:
			set(m.Key, m.Value)
		}
	}
	if r.Type == "page" {
		it.Kind = KindPage
	}
	it.Draft = r.Status != "publish"
	it.Slug = wxrSlug(r)
	if old := cleanOld(r.Link); old != "" {
		it.OldURLs = append(it.OldURLs, old)
	}
	return it
}

// setTaxonomies sets the item's categories, tags and other taxonomies,
// each a list in the order of the export, with set; the one category
// "Uncategorized" is left out.
func setTaxonomies(r *wxrItem, set func(k string, v any)) {
	taxes := map[string][]any{}
	var order []string
	for _, c := range r.Category {
		d := c.Domain
		switch d {
		case "category":
			d = "categories"
		case "post_tag":
			d = "tags"
		}
		if _, ok := taxes[d]; !ok {
			order = append(order, d)
		}
		taxes[d] = append(taxes[d], strings.TrimSpace(c.Name))
	}
	for _, d := range order {
		if d == "categories" && len(taxes[d]) == 1 && taxes[d][0] == "Uncategorized" {
			continue
		}
		set(d, taxes[d])
	}
}

// wxrSlug returns the item's slug: from its name, else its title, else
// its post ID.
func wxrSlug(r *wxrItem) string {
	slug := slugify(r.Name)
	if slug == "" {
		slug = slugify(r.Title)
	}
	if slug == "" {
		slug = "post-" + r.ID
	}
	return slug
}

var tagRE = regexp.MustCompile(`<[^>]*>`)

func stripTags(s string) string { return tagRE.ReplaceAllString(s, "") }

func (w *wxr) Name() string            { return "wordpress" }
func (w *wxr) Title() string           { return w.title }
func (w *wxr) Lang() string            { return w.lang }
func (w *wxr) Items() ([]*Item, error) { return w.items, nil }

var sizeSuffix = regexp.MustCompile(`-\d+x\d+(\.\w+)$`)

// Picture finds a picture of the uploads folder: the original, also when
// the page shows one of WordPress's smaller copies (photo-300x200.jpg).
func (w *wxr) Picture(_ *Item, ref string) string {
	if w.uploads == "" {
		return ""
	}
	u, err := url.Parse(strings.TrimSpace(ref))
	if err != nil {
		return ""
	}
	_, rest, ok := strings.Cut(u.Path, "/wp-content/uploads/")
	if !ok {
		return ""
	}
	for _, p := range []string{rest, sizeSuffix.ReplaceAllString(rest, "$1")} {
		full := filepath.Join(w.uploads, filepath.FromSlash(p))
		if st, err := os.Stat(full); err == nil && st.Mode().IsRegular() {
			return full
		}
	}
	return ""
}

package htmlsafe

import (
	"html"
	"net/url"
	"regexp"
	"strings"
)

// Video is a video on a well-known host, found in an <iframe> or named by
// a shortcode.
type Video struct {
	Host  string // "YouTube", "Vimeo", "Wistia" or "Loom"
	ID    string
	Start string // YouTube: seconds to start at, or ""
	Title string
}

var videoID = regexp.MustCompile(`^[A-Za-z0-9_-]{1,64}$`)

// ParseVideo recognises the address of a video on YouTube, Vimeo, Wistia
// or Loom, as an embedded player or a page to watch it on.
func ParseVideo(raw string) (Video, bool) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || (u.Scheme != "" && u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return Video{}, false
	}
	host := strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.")
	parts := strings.Split(strings.Trim(u.Path, "/"), "/")
	last := parts[len(parts)-1]
	v := Video{}
	switch {
	case host == "youtube.com" || host == "youtube-nocookie.com" || host == "m.youtube.com":
		v.Host = "YouTube"
		switch {
		case len(parts) == 2 && (parts[0] == "embed" || parts[0] == "shorts" || parts[0] == "live"):
			v.ID = parts[1]
		case len(parts) == 1 && parts[0] == "watch":
			v.ID = u.Query().Get("v")
		}
		v.Start = strings.TrimSuffix(u.Query().Get("start")+u.Query().Get("t"), "s")
	case host == "youtu.be":
		v.Host, v.ID = "YouTube", last
		v.Start = strings.TrimSuffix(u.Query().Get("t"), "s")
	case host == "player.vimeo.com" && len(parts) == 2 && parts[0] == "video", host == "vimeo.com" && len(parts) == 1:
		v.Host, v.ID = "Vimeo", last
	case host == "fast.wistia.net" && len(parts) == 3 && parts[0] == "embed", host == "fast.wistia.com" && len(parts) == 3 && parts[0] == "embed",
		strings.HasSuffix(host, ".wistia.com") && len(parts) == 2 && parts[0] == "medias":
		v.Host, v.ID = "Wistia", last
	case host == "loom.com" && len(parts) == 2 && (parts[0] == "embed" || parts[0] == "share"):
		v.Host, v.ID = "Loom", last
	default:
		return Video{}, false
	}
	if !videoID.MatchString(v.ID) {
		return Video{}, false
	}
	if !regexp.MustCompile(`^[0-9]{0,6}$`).MatchString(v.Start) {
		v.Start = ""
	}
	return v, true
}

// Embed returns the address of the host's player, in its privacy-friendly
// form where there is one, set to play at once: it is loaded only after
// a click.
func (v Video) Embed() string {
	switch v.Host {
	case "YouTube":
		u := "https://www.youtube-nocookie.com/embed/" + v.ID + "?autoplay=1"
		if v.Start != "" {
			u += "&start=" + v.Start
		}
		return u
	case "Vimeo":
		return "https://player.vimeo.com/video/" + v.ID + "?dnt=1&autoplay=1"
	case "Wistia":
		return "https://fast.wistia.net/embed/iframe/" + v.ID + "?autoPlay=true"
	case "Loom":
		return "https://www.loom.com/embed/" + v.ID + "?autoplay=1"
	}
	return ""
}

// Watch returns the address of the page to watch the video on, where the
// link goes without JavaScript.
func (v Video) Watch() string {
	switch v.Host {
	case "YouTube":
		u := "https://www.youtube.com/watch?v=" + v.ID
		if v.Start != "" {
			u += "&t=" + v.Start + "s"
		}
		return u
	case "Vimeo":
		return "https://vimeo.com/" + v.ID
	case "Wistia":
		return "https://fast.wistia.net/embed/iframe/" + v.ID
	case "Loom":
		return "https://www.loom.com/share/" + v.ID
	}
	return ""
}

// embedPattern matches every address Embed returns: the only ones a
// data-embed attribute may hold.
var embedPattern = regexp.MustCompile(`^https://(www\.youtube-nocookie\.com/embed/|player\.vimeo\.com/video/|fast\.wistia\.net/embed/iframe/|www\.loom\.com/embed/)[A-Za-z0-9_-]+\?[A-Za-z0-9=&]*$`)

// genericTitles are the titles video hosts put on their players, which
// say nothing about the video.
var genericTitles = map[string]bool{
	"youtube video player": true, "vimeo video player": true, "video": true,
	"wistia video player": true, "loom video player": true, "": true,
}

// VideoMarker is in the HTML of every click-to-load video, and in no
// other HTML the policy lets through: a page that holds it needs the
// theme's script.
const VideoMarker = ` data-embed="https://`

// HTML returns the click-to-load video: a link to the video that shows
// its title and host. Without JavaScript it goes to the video; the
// theme's script turns a click into the host's player (data-embed). The
// page loads nothing from the host until then. lang chooses the words:
// "en" for English, Dutch otherwise.
func (v Video) HTML(lang string) string {
	title := strings.TrimSpace(v.Title)
	watch := "Bekijk de video op " + v.Host
	if lang == "en" {
		watch = "Watch the video on " + v.Host
	}
	if genericTitles[strings.ToLower(title)] {
		title = "Video"
	}
	e := html.EscapeString
	return `<figure class="video"><a class="video-play" href="` + e(v.Watch()) + `" data-embed="` + e(v.Embed()) +
		`"><span class="video-title">` + e(title) + `</span> <span class="video-host">` + e(watch) + `</span></a></figure>`
}

package remoteevent

import (
	"sync"

	"github.com/microcosm-cc/bluemonday"
)

// policy keeps what an event's description needs (paragraphs, emphasis,
// lists, links, headings, quotes, code) and nothing that runs. It is the
// app's policy for remote HTML (bluemonday's UGC, links nofollow) less
// images, which UGC allows: an <img> in a remote description would have
// our pages load it from the remote server, which we do not do with
// anything of theirs we have not cached.
var policy = sync.OnceValue(func() *bluemonday.Policy {
	p := bluemonday.NewPolicy()
	p.AllowStandardURLs()
	p.RequireNoFollowOnLinks(true)
	p.AllowAttrs("href").OnElements("a")
	p.AllowElements("p", "br", "b", "strong", "i", "em", "u", "s", "del", "ins", "mark", "small", "sub", "sup",
		"ul", "ol", "li", "dl", "dt", "dd", "blockquote", "q", "cite", "code", "pre", "kbd", "hr",
		"h1", "h2", "h3", "h4", "h5", "h6", "span", "div", "abbr", "time")
	return p
})

func sanitize(html string) string {
	if html == "" {
		return ""
	}
	return policy().Sanitize(html)
}

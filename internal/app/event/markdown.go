package event

import (
	"bytes"
	"html/template"
	"sync"

	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
)

var (
	markdown = goldmark.New(goldmark.WithExtensions(extension.Linkify, extension.Strikethrough))
	// sanitizer keeps what an organiser's description needs (paragraphs,
	// emphasis, lists, links, headings) and nothing that could run. It is
	// safe for concurrent use once built.
	sanitizer     *bluemonday.Policy
	sanitizerOnce sync.Once
)

func initSanitizer() {
	sanitizerOnce.Do(func() {
		p := bluemonday.UGCPolicy()
		p.RequireNoFollowOnLinks(true)
		p.AddTargetBlankToFullyQualifiedLinks(false)
		sanitizer = p
	})
}

// SanitizeHTML makes HTML from elsewhere (a reply's content) safe to show.
func SanitizeHTML(src string) template.HTML {
	initSanitizer()
	return template.HTML(sanitizer.Sanitize(src)) //nolint:gosec // sanitised
}

// RenderMarkdown turns an organiser's Markdown into sanitised HTML, safe
// to put in a page or an Event's content.
func RenderMarkdown(src string) template.HTML {
	initSanitizer()
	var buf bytes.Buffer
	if err := markdown.Convert([]byte(src), &buf); err != nil {
		// goldmark writes to a buffer and fails only if that does;
		// show the text, escaped, rather than nothing.
		return template.HTML(template.HTMLEscapeString(src))
	}
	return template.HTML(sanitizer.SanitizeBytes(buf.Bytes())) //nolint:gosec // sanitised above
}

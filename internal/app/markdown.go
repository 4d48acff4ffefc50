package app

import (
	"html/template"

	"github.com/gather-coop/gather/internal/app/event"
)

// RenderMarkdown turns an organiser's Markdown into safe HTML: see
// event.RenderMarkdown.
func RenderMarkdown(src string) template.HTML { return event.RenderMarkdown(src) }

// SanitizeHTML makes HTML from elsewhere (a reply's content) safe to show.
func SanitizeHTML(src string) template.HTML { return event.SanitizeHTML(src) }

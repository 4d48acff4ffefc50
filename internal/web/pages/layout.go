package pages

import (
	"net/http"
	"strconv"

	"github.com/go-chi/chi/v5"

	"github.com/gather-coop/gather/internal/model"
)

// layout is what every page's frame needs: the <head> and the site header.
type layout struct {
	Title       string // the <title>
	Host        string // this instance, e.g. events.example.coop
	Description string // meta description and og:description
	URL         string // canonical and og:url; "" on pages that have none
	SiteName    string // og:site_name
	ActivityURL string // the ActivityStreams alternate, if any
	AtomURL     string // the Atom feed alternate, if any
	JSONLD      any    // a schema.org value, encoded by html/template
	NoIndex     bool   // error pages
	Coop        *coopView
	// Preview is set when an organiser sees the page from the admin.
	Preview *preview
}

// coopView is a co-op account as pages name it.
type coopView struct {
	Name       string
	Handle     string // @events@host
	ProfileURL string
	ActorURL   string
}

// interactForm is the remote-interaction form: a visitor types their
// fediverse address and is sent to their own server to act on URI.
type interactForm struct {
	URI    string
	Handle string // what they typed, kept when it did not work
	Error  string // the message next to the field
	Verb   string // what the button does: Follow, Reply…
}

// rsvpInfo is what the RSVP how-to says.
type rsvpInfo struct {
	Coop   *coopView
	Thing  string // gathering, session
	Capped bool   // places are limited, so a waiting list may apply
}

func (h *Handler) layout(title string) layout {
	return layout{Title: title, Host: h.App.URLs().Host()}
}

func (h *Handler) coop(a model.Actor) *coopView {
	u := h.App.URLs()
	return &coopView{Name: a.Name, Handle: "@" + a.Handle + "@" + u.Host(), ProfileURL: u.Profile(a.Handle), ActorURL: u.Actor(a.Handle)}
}

// idParam reads the {id} of the URL; false when it is not a number.
func idParam(r *http.Request) (int64, bool) {
	id, err := strconv.ParseInt(chi.URLParam(r, "id"), 10, 64)
	return id, err == nil && id > 0
}

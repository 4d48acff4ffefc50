package api

import (
	"net/http"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/gather-coop/gather/internal/app"
	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/web/respond"
)

// The co-op network: the sources a co-op account follows (?actor=, else
// the instance's first) and their upcoming events.
func (h *Handler) networkRoutes(r chi.Router) {
	r.Get("/network/sources", h.listSources)
	r.Post("/network/sources", h.followSource)
	r.Delete("/network/sources/{id}", h.unfollowSource)
	r.Get("/network/events", h.networkEvents)
	r.Get("/network/shares", h.listShares)
	r.Post("/network/shares", h.shareEvent)
	r.Delete("/network/shares", h.unshareEvent)
	r.Get("/network/cohosted", h.listCoHosted)
	r.Post("/network/cohosted/{id}/accept", h.acceptCoHosted)
	r.Post("/network/cohosted/{id}/decline", h.declineCoHosted)
}

// sourceJSON is a source as the API answers it.
type sourceJSON struct {
	ID               int64      `json:"id"`
	Handle           string     `json:"handle"`
	Actor            string     `json:"actor"`
	State            string     `json:"state"`
	RequestedAt      time.Time  `json:"requested_at"`
	AcceptedAt       *time.Time `json:"accepted_at"`
	LastHeardAt      *time.Time `json:"last_heard_at"`
	UnreachableSince *time.Time `json:"unreachable_since"`
	Upcoming         int        `json:"upcoming"`
}

func toSourceJSON(s model.Source) sourceJSON {
	return sourceJSON{ID: s.ID, Handle: s.Handle, Actor: s.ActorURI, State: string(s.State), RequestedAt: s.RequestedAt.UTC(),
		AcceptedAt: s.AcceptedAt, LastHeardAt: s.LastHeardAt, UnreachableSince: s.UnreachableSince, Upcoming: s.Upcoming}
}

// remoteEventJSON is a remote event as the API answers it; a
// gathering's sessions are listed under it.
type remoteEventJSON struct {
	ID        string     `json:"id"`
	URL       string     `json:"url,omitempty"`
	Source    string     `json:"source"`
	Title     string     `json:"title"`
	Summary   string     `json:"summary_html,omitempty"`
	StartsAt  time.Time  `json:"starts_at"`
	EndsAt    *time.Time `json:"ends_at"`
	Timezone  string     `json:"timezone,omitempty"`
	Place     string     `json:"place,omitempty"`
	Address   string     `json:"address,omitempty"`
	OnlineURL string     `json:"online_url,omitempty"`
	Status    string     `json:"status"`
	// Shared says the co-op account shares it with its followers.
	Shared   bool              `json:"shared"`
	Sessions []remoteEventJSON `json:"sessions,omitempty"`
}

func toRemoteEventJSON(e model.RemoteEvent) remoteEventJSON {
	return remoteEventJSON{ID: e.ObjectURI, URL: e.URL, Source: e.SourceHandle, Title: e.Title, Summary: e.SummaryHTML,
		StartsAt: e.StartsAt.UTC(), EndsAt: e.EndsAt, Timezone: e.Timezone, Place: e.PlaceName, Address: e.PlaceAddress,
		OnlineURL: e.OnlineURL, Status: e.Status}
}

func (h *Handler) listSources(w http.ResponseWriter, r *http.Request) {
	handle, err := h.actorParam(r)
	if err != nil {
		respond.JSONError(w, r, h.Log, err)
		return
	}
	list, err := h.App.Sources(r.Context(), handle)
	if err != nil {
		respond.JSONError(w, r, h.Log, err)
		return
	}
	out := make([]sourceJSON, 0, len(list))
	for _, s := range list {
		out = append(out, toSourceJSON(s))
	}
	respond.JSON(w, http.StatusOK, map[string]any{"sources": out})
}

// followSource answers POST /network/sources {"target": "@coop@host"}.
func (h *Handler) followSource(w http.ResponseWriter, r *http.Request) {
	body, err := readBody(w, r)
	if err != nil {
		respond.JSONError(w, r, h.Log, err)
		return
	}
	var in struct {
		Target string `json:"target"`
	}
	if err := app.DecodeStrict(body, &in); err != nil {
		respond.JSONError(w, r, h.Log, err)
		return
	}
	handle, err := h.actorParam(r)
	if err != nil {
		respond.JSONError(w, r, h.Log, err)
		return
	}
	src, err := h.App.Follow(r.Context(), handle, in.Target)
	if err != nil {
		respond.JSONError(w, r, h.Log, err)
		return
	}
	respond.JSON(w, http.StatusCreated, toSourceJSON(src))
}

func (h *Handler) unfollowSource(w http.ResponseWriter, r *http.Request) {
	id, err := idParam(r)
	if err != nil {
		respond.JSONError(w, r, h.Log, err)
		return
	}
	if err := h.App.UnfollowSource(r.Context(), id); err != nil {
		respond.JSONError(w, r, h.Log, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// networkEventsLimit bounds GET /network/events.
const networkEventsLimit = 200

func (h *Handler) networkEvents(w http.ResponseWriter, r *http.Request) {
	handle, err := h.actorParam(r)
	if err != nil {
		respond.JSONError(w, r, h.Log, err)
		return
	}
	list, err := h.App.NetworkUpcoming(r.Context(), handle, networkEventsLimit)
	if err != nil {
		respond.JSONError(w, r, h.Log, err)
		return
	}
	shares, err := h.App.SharedEvents(r.Context(), handle)
	if err != nil {
		respond.JSONError(w, r, h.Log, err)
		return
	}
	shared := make(map[string]bool, len(shares))
	for _, s := range shares {
		shared[s.ObjectURI] = true
	}
	out := make([]remoteEventJSON, 0, len(list))
	for _, e := range list {
		j := toRemoteEventJSON(e)
		j.Shared = shared[e.ObjectURI]
		sessions, err := h.App.NetworkSessions(r.Context(), e.ObjectURI)
		if err != nil {
			respond.JSONError(w, r, h.Log, err)
			return
		}
		for _, s := range sessions {
			sj := toRemoteEventJSON(s)
			sj.Source = e.SourceHandle
			j.Sessions = append(j.Sessions, sj)
		}
		out = append(out, j)
	}
	respond.JSON(w, http.StatusOK, map[string]any{"events": out})
}

// shareJSON is a shared event as the API answers it.
type shareJSON struct {
	Event    string    `json:"event"`
	Title    string    `json:"title"`
	Announce string    `json:"announce"`
	SharedAt time.Time `json:"shared_at"`
}

func toShareJSON(s model.Share) shareJSON {
	return shareJSON{Event: s.ObjectURI, Title: s.Title, Announce: s.AnnounceURI, SharedAt: s.SharedAt.UTC()}
}

func (h *Handler) listShares(w http.ResponseWriter, r *http.Request) {
	handle, err := h.actorParam(r)
	if err != nil {
		respond.JSONError(w, r, h.Log, err)
		return
	}
	list, err := h.App.SharedEvents(r.Context(), handle)
	if err != nil {
		respond.JSONError(w, r, h.Log, err)
		return
	}
	out := make([]shareJSON, 0, len(list))
	for _, s := range list {
		out = append(out, toShareJSON(s))
	}
	respond.JSON(w, http.StatusOK, map[string]any{"shares": out})
}

// shareEvent answers POST /network/shares {"event": "<the Event's id>"}.
func (h *Handler) shareEvent(w http.ResponseWriter, r *http.Request) {
	body, err := readBody(w, r)
	if err != nil {
		respond.JSONError(w, r, h.Log, err)
		return
	}
	var in struct {
		Event string `json:"event"`
	}
	if err := app.DecodeStrict(body, &in); err != nil {
		respond.JSONError(w, r, h.Log, err)
		return
	}
	handle, err := h.actorParam(r)
	if err != nil {
		respond.JSONError(w, r, h.Log, err)
		return
	}
	sh, err := h.App.ShareEvent(r.Context(), handle, in.Event)
	if err != nil {
		respond.JSONError(w, r, h.Log, err)
		return
	}
	respond.JSON(w, http.StatusCreated, toShareJSON(sh))
}

// unshareEvent answers DELETE /network/shares?event=<the Event's id>.
func (h *Handler) unshareEvent(w http.ResponseWriter, r *http.Request) {
	handle, err := h.actorParam(r)
	if err != nil {
		respond.JSONError(w, r, h.Log, err)
		return
	}
	if err := h.App.UnshareEvent(r.Context(), handle, r.URL.Query().Get("event")); err != nil {
		respond.JSONError(w, r, h.Log, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// coHostedJSON is another server's gathering that names the co-op
// account as co-host, as the API answers it.
type coHostedJSON struct {
	ID        int64      `json:"id"`
	Event     string     `json:"event"`
	URL       string     `json:"url,omitempty"`
	Host      string     `json:"host"`
	HostActor string     `json:"host_actor"`
	State     string     `json:"state"`
	Title     string     `json:"title"`
	StartsAt  time.Time  `json:"starts_at"`
	EndsAt    *time.Time `json:"ends_at"`
	Timezone  string     `json:"timezone,omitempty"`
	Place     string     `json:"place,omitempty"`
	Status    string     `json:"status"`
}

func toCoHostedJSON(c model.CoHosted) coHostedJSON {
	host := c.HostHandle
	if host == "" {
		host = c.HostURI
	}
	return coHostedJSON{ID: c.ID, Event: c.ObjectURI, URL: c.URL, Host: host, HostActor: c.HostURI, State: string(c.State),
		Title: c.Title, StartsAt: c.StartsAt.UTC(), EndsAt: c.EndsAt, Timezone: c.Timezone, Place: c.PlaceName, Status: c.Status}
}

// listCoHosted answers GET /network/cohosted: every gathering naming the
// co-op account as co-host, pending, accepted or declined.
func (h *Handler) listCoHosted(w http.ResponseWriter, r *http.Request) {
	handle, err := h.actorParam(r)
	if err != nil {
		respond.JSONError(w, r, h.Log, err)
		return
	}
	list, err := h.App.CoHostedEvents(r.Context(), handle)
	if err != nil {
		respond.JSONError(w, r, h.Log, err)
		return
	}
	out := make([]coHostedJSON, 0, len(list))
	for _, c := range list {
		out = append(out, toCoHostedJSON(c))
	}
	respond.JSON(w, http.StatusOK, map[string]any{"cohosted": out})
}

// acceptCoHosted and declineCoHosted answer POST
// /network/cohosted/{id}/accept and /decline.
func (h *Handler) acceptCoHosted(w http.ResponseWriter, r *http.Request) {
	h.decideCoHosted(w, r, true)
}
func (h *Handler) declineCoHosted(w http.ResponseWriter, r *http.Request) {
	h.decideCoHosted(w, r, false)
}

func (h *Handler) decideCoHosted(w http.ResponseWriter, r *http.Request, accept bool) {
	id, err := idParam(r)
	if err != nil {
		respond.JSONError(w, r, h.Log, err)
		return
	}
	c, err := h.App.DecideCoHosted(r.Context(), id, accept)
	if err != nil {
		respond.JSONError(w, r, h.Log, err)
		return
	}
	respond.JSON(w, http.StatusOK, toCoHostedJSON(c))
}

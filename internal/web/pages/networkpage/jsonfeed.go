package networkpage

import (
	"encoding/json"
	"net/http"
	"time"

	"github.com/gather-coop/gather/internal/app"
	"github.com/gather-coop/gather/internal/web/pages/pageui"
)

// JSONPath is the network calendar as a JSON Feed, for a co-op's site to
// lay out in its own way.
const JSONPath = "/network/events.json"

// jsonFeed is JSON Feed 1.1 (https://jsonfeed.org/version/1.1).
type jsonFeed struct {
	Version     string     `json:"version"`
	Title       string     `json:"title"`
	HomePageURL string     `json:"home_page_url"`
	FeedURL     string     `json:"feed_url"`
	Items       []jsonItem `json:"items"`
}

type jsonItem struct {
	ID            string    `json:"id"`
	URL           string    `json:"url"`
	Title         string    `json:"title"`
	ContentText   string    `json:"content_text"`
	DatePublished string    `json:"date_published"`
	Gather        jsonEvent `json:"_gather"`
}

// jsonEvent is the feed's extension: JSON Feed has no idea of when an
// event happens, and its date_published is when it was announced.
type jsonEvent struct {
	StartsAt string  `json:"starts_at"`
	EndsAt   *string `json:"ends_at"`
	Timezone string  `json:"timezone"`
	Location string  `json:"location"`
	Online   bool    `json:"online"`
	HostName string  `json:"host_name"`
	HostURL  string  `json:"host_url"`
}

// NetworkJSON serves the network calendar as a JSON Feed that any site's
// script may read: nothing in it is private, and no cookie is used.
func (h *Handler) NetworkJSON(w http.ResponseWriter, r *http.Request) {
	p, cal, ok := h.load(w, r)
	if !ok {
		return
	}
	base := h.App.URLs().Base
	f := jsonFeed{Version: "https://jsonfeed.org/version/1.1", Title: "Coming up in the network",
		HomePageURL: base + withQuery(Path, filter(p)), FeedURL: base + withQuery(JSONPath, filter(p)), Items: []jsonItem{}}
	for _, e := range cal.Events {
		f.Items = append(f.Items, h.jsonItem(e))
	}
	body, err := json.Marshal(f)
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	w.Header().Set("Access-Control-Allow-Origin", "*")
	w.Header().Set("Access-Control-Allow-Methods", "GET")
	pageui.ServeFeed(w, r, "application/feed+json; charset=utf-8", body)
}

func (h *Handler) jsonItem(e app.NetworkEvent) jsonItem {
	it := jsonItem{ID: e.ObjectURI, URL: e.HomeURL, Title: e.Title, ContentText: h.entry(e).When.Text,
		DatePublished: e.ReceivedAt.UTC().Format(time.RFC3339)}
	if e.PublishedAt != nil {
		it.DatePublished = e.PublishedAt.UTC().Format(time.RFC3339)
	}
	if e.Where != "" {
		it.ContentText += " · " + e.Where
	}
	it.ContentText += ". Hosted by " + e.Host.Handle + "."
	it.Gather = jsonEvent{StartsAt: e.Start.Format(time.RFC3339), Timezone: e.Zone.String(),
		Location: joinPlace(e.PlaceName, e.PlaceAddress), Online: e.OnlineURL != "", HostName: e.Host.Handle, HostURL: e.Host.ActorURI}
	if e.HasEnd {
		end := e.End.Format(time.RFC3339)
		it.Gather.EndsAt = &end
	}
	return it
}

func joinPlace(name, addr string) string {
	switch {
	case name == "":
		return addr
	case addr == "":
		return name
	}
	return name + ", " + addr
}

package federation

import (
	"encoding/json"
	"fmt"

	"github.com/gather-coop/gather/federation/internal/wire"
	"github.com/gather-coop/gather/federation/jsonvalue"
)

// OrderedCollection builds the top of an outbox, followers or following
// collection: its public totalItems and the IRI of its first page ("" for
// none, as for an empty collection).
func OrderedCollection(id string, totalItems int, first string) ([]byte, error) {
	switch {
	case !jsonvalue.IsHTTPURL(id):
		return nil, fmt.Errorf("build OrderedCollection: id %q is not an absolute http(s) URL", id)
	case totalItems < 0:
		return nil, fmt.Errorf("build OrderedCollection %s: negative totalItems %d", id, totalItems)
	case first != "" && !jsonvalue.IsHTTPURL(first):
		return nil, fmt.Errorf("build OrderedCollection %s: first %q is not an absolute http(s) URL", id, first)
	}
	return wire.Marshal(struct {
		Context    json.RawMessage `json:"@context"`
		ID         string          `json:"id"`
		Type       string          `json:"type"`
		TotalItems int             `json:"totalItems"`
		First      string          `json:"first,omitempty"`
	}{Context(), id, "OrderedCollection", totalItems, first})
}

// OrderedCollectionOf builds a small collection whole, without pages: its
// items in order (always an array, empty included) and their count. The
// featured (pinned posts) collection is one; Mastodon serves it so.
func OrderedCollectionOf[T PageItem](id string, items []T) ([]byte, error) {
	if !jsonvalue.IsHTTPURL(id) {
		return nil, fmt.Errorf("build OrderedCollection: id %q is not an absolute http(s) URL", id)
	}
	if items == nil {
		items = []T{}
	}
	b, err := wire.Marshal(struct {
		Context      json.RawMessage `json:"@context"`
		ID           string          `json:"id"`
		Type         string          `json:"type"`
		TotalItems   int             `json:"totalItems"`
		OrderedItems []T             `json:"orderedItems"`
	}{Context(), id, "OrderedCollection", len(items), items})
	if err != nil {
		return nil, fmt.Errorf("build OrderedCollection %s: %w", id, err)
	}
	return b, nil
}

// PageItem is what a collection page can list: IRIs (followers, following)
// or embedded objects as raw JSON (the activities of an outbox).
type PageItem interface {
	string | json.RawMessage
}

// OrderedCollectionPage builds one page of a collection: its items in
// order (always an array, empty included) and the IRIs of the next and
// previous pages ("" for none).
func OrderedCollectionPage[T PageItem](id, partOf string, items []T, next, prev string) ([]byte, error) {
	if !jsonvalue.IsHTTPURL(id) {
		return nil, fmt.Errorf("build OrderedCollectionPage: id %q is not an absolute http(s) URL", id)
	}
	links := []struct{ name, value string }{{"partOf", partOf}, {"next", next}, {"prev", prev}}
	for i, l := range links {
		if (i == 0 || l.value != "") && !jsonvalue.IsHTTPURL(l.value) {
			return nil, fmt.Errorf("build OrderedCollectionPage %s: %s %q is not an absolute http(s) URL", id, l.name, l.value)
		}
	}
	if items == nil {
		items = []T{}
	}
	b, err := wire.Marshal(struct {
		Context      json.RawMessage `json:"@context"`
		ID           string          `json:"id"`
		Type         string          `json:"type"`
		PartOf       string          `json:"partOf"`
		Next         string          `json:"next,omitempty"`
		Prev         string          `json:"prev,omitempty"`
		OrderedItems []T             `json:"orderedItems"`
	}{Context(), id, "OrderedCollectionPage", partOf, next, prev, items})
	if err != nil {
		return nil, fmt.Errorf("build OrderedCollectionPage %s: %w", id, err)
	}
	return b, nil
}

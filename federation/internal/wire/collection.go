package wire

// CollectionDoc is a collection written inline: its id (when it has one),
// its public count, its first page or its items.
type CollectionDoc struct {
	ID         string   `json:"id,omitempty"`
	Type       string   `json:"type"`
	TotalItems *int     `json:"totalItems,omitempty"`
	First      string   `json:"first,omitempty"`
	Items      []string `json:"items,omitempty"`
}

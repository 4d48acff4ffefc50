package rowscan

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/gather-coop/gather/internal/model"
)

// actorProfileColumns are the actor columns of the profile page (migration
// 0007), read by ScanActor after the others.
const actorProfileColumns = `summary_source, avatar_file, avatar_type, avatar_width, avatar_height,
	header_file, header_type, header_width, header_height, links`

// InstanceSettingsColumns are the columns ScanInstanceSettings reads.
const InstanceSettingsColumns = `default_timezone, rsvp_poll_default, embed_origins`

func actorProfileDest(a *model.Actor, links *string) []any {
	return []any{&a.SummarySource, &a.Avatar.File, &a.Avatar.MediaType, &a.Avatar.Width, &a.Avatar.Height,
		&a.Header.File, &a.Header.MediaType, &a.Header.Width, &a.Header.Height, links}
}

// linkJSON is a profile link as the links column keeps it: a JSON array
// is one column in both databases, and the links are always read and
// written together.
type linkJSON struct {
	Name string `json:"name"`
	URL  string `json:"url"`
}

func decodeLinks(s string) ([]model.ProfileLink, error) {
	if s == "" || s == "[]" {
		return nil, nil
	}
	var raw []linkJSON
	if err := json.Unmarshal([]byte(s), &raw); err != nil {
		return nil, fmt.Errorf("read profile links: %w", err)
	}
	out := make([]model.ProfileLink, len(raw))
	for i, l := range raw {
		out[i] = model.ProfileLink{Name: l.Name, URL: l.URL}
	}
	return out, nil
}

// LinksJSON is the value of the links column for links.
func LinksJSON(links []model.ProfileLink) string {
	raw := make([]linkJSON, len(links))
	for i, l := range links {
		raw[i] = linkJSON{Name: l.Name, URL: l.URL}
	}
	b, _ := json.Marshal(raw) // cannot fail: strings only
	return string(b)
}

// ScanInstanceSettings reads one row of InstanceSettingsColumns.
func ScanInstanceSettings(row Row) (model.InstanceSettings, error) {
	var s model.InstanceSettings
	var origins string
	err := row.Scan(&s.DefaultTimezone, &s.RSVPPollDefault, &origins)
	if origins != "" { // nil, not empty, as a new instance has
		s.EmbedOrigins = strings.Fields(origins)
	}
	return s, err
}

package federation

import (
	"encoding/json"
	"fmt"

	"github.com/gather-coop/gather/federation/jsonvalue"
)

// FlagJSON builds a Flag as Mastodon sends one to the server of the
// account it reports: object lists the account's id first, then the ids
// of any of its posts, and content is the comment as plain text. Like
// Mastodon's, it has no addressees: it is delivered to the reported
// account's inbox, and its server's moderators read it.
func FlagJSON(f Flag) ([]byte, error) {
	if !jsonvalue.IsHTTPURL(f.ID) || !jsonvalue.IsHTTPURL(f.Actor) {
		return nil, fmt.Errorf("build Flag %s: id and actor must be absolute http(s) URLs", f.ID)
	}
	if len(f.Objects) == 0 {
		return nil, fmt.Errorf("build Flag %s: it names nothing", f.ID)
	}
	for _, o := range f.Objects {
		if !jsonvalue.IsHTTPURL(o) {
			return nil, fmt.Errorf("build Flag %s: object %q is not an absolute http(s) URL", f.ID, o)
		}
	}
	return json.Marshal(struct {
		Context string   `json:"@context"`
		ID      string   `json:"id"`
		Type    string   `json:"type"`
		Actor   string   `json:"actor"`
		Content string   `json:"content"`
		Object  []string `json:"object"`
	}{ActivityStreamsNS, f.ID, "Flag", f.Actor, f.Content, f.Objects})
}

package federation

import (
	"errors"
	"fmt"
	"net/url"
	"strings"

	"github.com/gather-coop/gather/federation/jsonvalue"
)

// ErrForeignID means an activity, or an object it embeds, carries an id on
// a server other than its author's. Only the author's server may name its
// activities: anyone else could pick the id of someone's next reply and
// have it dropped as a duplicate when it arrives.
var ErrForeignID = errors.New("id is not on its author's server")

// SameOrigin reports whether a and b are absolute URLs with the same
// scheme, host and port (default ports filled in, host case ignored).
func SameOrigin(a, b string) bool {
	ua, err := url.Parse(a)
	if err != nil || ua.Host == "" {
		return false
	}
	ub, err := url.Parse(b)
	if err != nil || ub.Host == "" {
		return false
	}
	return strings.EqualFold(ua.Scheme, ub.Scheme) && strings.EqualFold(ua.Hostname(), ub.Hostname()) &&
		portOf(ua) == portOf(ub)
}

func portOf(u *url.URL) string {
	if p := u.Port(); p != "" {
		return p
	}
	switch strings.ToLower(u.Scheme) {
	case "https":
		return "443"
	case "http":
		return "80"
	}
	return ""
}

// ownObjects are the activity types whose object is the sender's own
// (what it creates, changes, deletes or takes back) even when the object
// does not say who made it, as a Delete's Tombstone does not.
var ownObjects = map[string]bool{"Create": true, "Update": true, "Delete": true, "Undo": true}

// CheckOrigins refuses an activity whose id is not on its actor's origin,
// and one that embeds an object whose id is not on its author's origin.
// An embedded object's author is its attributedTo, else its actor, else
// (for a Create, Update, Delete or Undo) the activity's actor: an Accept
// may embed our own Follow, by us with our id, and an Announce someone
// else's Note, but a Create's Note, an Undo's Follow or a Delete's
// Tombstone is the sender's own. Embedded objects without an id, or with
// no author in an activity of another type, are not checked. Errors wrap
// ErrForeignID; their message is one line, safe to send back.
func (a *Activity) CheckOrigins() error {
	if !SameOrigin(a.ID, a.Actor) {
		return fmt.Errorf("%w: %s id %s is not on the server of its actor %s", ErrForeignID, a.Type, a.ID, a.Actor)
	}
	for _, obj := range a.Objects {
		if !obj.IsEmbedded() || obj.ID == "" {
			continue
		}
		var author string
		if ownObjects[a.Type] {
			author = a.Actor
		}
		if o, err := jsonvalue.Decode(obj.Raw); err == nil {
			if by := jsonvalue.RefID(o["attributedTo"]); by != "" {
				author = by
			} else if by := jsonvalue.RefID(o["actor"]); by != "" {
				author = by
			}
		}
		if author != "" && !SameOrigin(obj.ID, author) {
			return fmt.Errorf("%w: object id %s is not on the server of its author %s", ErrForeignID, obj.ID, author)
		}
	}
	return nil
}

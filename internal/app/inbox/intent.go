package inbox

import (
	"github.com/gather-coop/gather/federation/intent"
	"github.com/gather-coop/gather/internal/app/rsvp"
)

// readIntent reads what a reply's HTML means for an RSVP.
func readIntent(contentHTML string) rsvp.Intent {
	switch intent.Read(contentHTML) {
	case intent.Going:
		return rsvp.IntentGoing
	case intent.Maybe:
		return rsvp.IntentMaybe
	case intent.NotGoing:
		return rsvp.IntentNotGoing
	}
	return rsvp.IntentNone
}

package app

import "github.com/gather-coop/gather/federation/intent"

// readIntent reads what a reply's HTML means for an RSVP.
func readIntent(contentHTML string) Intent {
	switch intent.Read(contentHTML) {
	case intent.Going:
		return IntentGoing
	case intent.Maybe:
		return IntentMaybe
	case intent.NotGoing:
		return IntentNotGoing
	}
	return IntentNone
}

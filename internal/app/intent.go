package app

// readIntent reads what a reply's HTML means for an RSVP.
func readIntent(contentHTML string) Intent {
	return IntentNone
}

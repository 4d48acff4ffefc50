package pages

// interactForm is the remote-interaction form: a visitor types their
// fediverse address and is sent to their own server to act on URI.
type interactForm struct {
	URI    string
	Handle string // what they typed, kept when it did not work
	Error  string // the message next to the field
	Verb   string // what the button does: Follow, Reply…
}

// rsvpInfo is what the RSVP how-to says.
type rsvpInfo struct {
	Coop   *coopView
	Thing  string // gathering, session
	Capped bool   // places are limited, so a waiting list may apply
}

package model

// Picture is an uploaded image kept in the data dir's media folder: a
// co-op's avatar or header. The zero Picture is no picture.
type Picture struct {
	// File is the name in the media folder, e.g. "9f86d0….jpg". Names
	// are random and never reused, so a file never changes once written.
	File      string
	MediaType string // image/jpeg or image/png
	Width     int
	Height    int
}

// IsZero reports whether there is no picture.
func (p Picture) IsZero() bool { return p.File == "" }

// ProfileLink is one of the links on a co-op's profile (Mastodon's
// "profile metadata"): a short label and a web address.
type ProfileLink struct {
	Name string // e.g. "Website"
	URL  string // an absolute http(s) URL
}

// MaxProfileLinks is how many links a profile has at most, as on Mastodon.
const MaxProfileLinks = 4

// InstanceSettings are the instance-wide choices an admin makes. There is
// one set per instance, shared by all its co-op accounts.
type InstanceSettings struct {
	// DefaultTimezone is the IANA zone new gatherings start with, e.g.
	// "Europe/London"; "" for none (the organiser picks each time).
	DefaultTimezone string
	// RSVPPollDefault is whether new gatherings come with an RSVP poll.
	RSVPPollDefault bool
	// EmbedOrigins are the sites (scheme://host[:port]) that may frame the
	// embeddable calendar; none means no site may.
	EmbedOrigins []string
}

// DefaultInstanceSettings are the settings of an instance whose admin
// has not changed them.
func DefaultInstanceSettings() InstanceSettings {
	return InstanceSettings{RSVPPollDefault: true}
}

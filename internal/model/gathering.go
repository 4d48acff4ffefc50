package model

import "time"

// GatheringStatus is where a gathering stands.
type GatheringStatus string

// The states of a gathering.
const (
	StatusDraft     GatheringStatus = "draft"
	StatusPublished GatheringStatus = "published"
	StatusCancelled GatheringStatus = "cancelled"
)

// Gathering is a day or more of sessions in a venue, online, or both.
type Gathering struct {
	ID          int64
	ActorID     int64
	Title       string
	Summary     string
	Description string // Markdown
	Timezone    string // IANA name, e.g. Europe/London
	StartsAt    time.Time
	EndsAt      time.Time
	Venue       Venue
	OnlineURL   string
	Category    string   // Mobilizon's upper-case ids: MEETING, LEARNING…
	Tags        []string // hashtags without '#'
	Status      GatheringStatus
	RSVPPoll    bool // publish an RSVP poll with the gathering
	DayOfSignup bool // people at the venue may sign up with just a name
	Version     int  // grows with every change
	PublishedAt *time.Time
	CreatedAt   time.Time
	UpdatedAt   time.Time

	Rooms  []Room
	Tracks []Track
	// CoHosts are the other co-ops it names as co-hosts, in order (the
	// co_hosts table; GatheringGet fills them).
	CoHosts []CoHost
}

// CoHost is another co-op (on any instance) a gathering names as its
// co-host. It is looked up as a facilitator's handle is, so it has a
// facilitator's fields; Name is its actor's name. A found co-host is
// credited among the Event's organizers and sent it.
type CoHost = Facilitator

// Venue is where a gathering happens in person. The zero Venue means
// online only.
type Venue struct {
	Name          string
	StreetAddress string
	Locality      string
	PostalCode    string
	Region        string
	Country       string
	Latitude      *float64
	Longitude     *float64
}

// IsZero reports whether no venue was given.
func (v Venue) IsZero() bool {
	return v.Name == "" && v.StreetAddress == "" && v.Locality == "" && v.PostalCode == "" && v.Country == ""
}

// Room is a space at the venue.
type Room struct {
	ID       int64
	Name     string
	Capacity *int // nil: no limit
}

// Track is a theme that runs through a gathering.
type Track struct {
	ID   int64
	Name string
}

// SessionKind says what a session is.
type SessionKind string

// The kinds of session.
const (
	KindWorkshop       SessionKind = "workshop"
	KindTalk           SessionKind = "talk"
	KindLightningTalks SessionKind = "lightning_talks"
	KindOpenSpace      SessionKind = "open_space"
	KindMeal           SessionKind = "meal"
	KindSocial         SessionKind = "social"
	KindOther          SessionKind = "other"
)

// SessionKinds lists every kind, in the order forms offer them.
var SessionKinds = []SessionKind{KindWorkshop, KindTalk, KindLightningTalks, KindOpenSpace, KindMeal, KindSocial, KindOther}

// Session is one part of a gathering.
type Session struct {
	ID          int64
	GatheringID int64
	Title       string
	Description string // Markdown
	Kind        SessionKind
	StartsAt    time.Time
	EndsAt      time.Time
	RoomID      *int64
	TrackID     *int64
	Capacity    *int // nil: the room's
	Announce    bool // deliver it to followers as well as listing it
	// AnnouncedAt is when it was first sent to followers, if later than
	// its gathering's publication; nil when sent with it, or never.
	AnnouncedAt  *time.Time
	Version      int
	CreatedAt    time.Time
	UpdatedAt    time.Time
	Facilitators []Facilitator
}

// Facilitator runs a session: a name, a fediverse account, or both.
type Facilitator struct {
	Name       string
	Handle     string // @user@host
	ActorURI   string
	ProfileURL string
	AvatarURL  string
	Inbox      string
	// Lookup says whether Handle has been found: the zero value when it
	// was (or there is none).
	Lookup FacilitatorLookup
}

// FacilitatorLookup is how the search for a facilitator's handle stands.
type FacilitatorLookup string

// The states of a facilitator's lookup.
const (
	// LookupDone: found, or a name without a handle.
	LookupDone FacilitatorLookup = ""
	// LookupPending: the handle's server could not be reached when the
	// session was saved; it is looked up again in the background.
	LookupPending FacilitatorLookup = "pending"
	// LookupNotFound: the handle's server says there is no such account.
	LookupNotFound FacilitatorLookup = "not_found"
)

// Unconfirmed reports whether f names a handle not (yet) found.
func (f Facilitator) Unconfirmed() bool { return f.Lookup != LookupDone }

// Label is how a facilitator is shown: the name, else the handle.
func (f Facilitator) Label() string {
	if f.Name != "" {
		return f.Name
	}
	return f.Handle
}

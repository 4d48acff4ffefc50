package model

import "time"

// Series is a gathering that repeats, such as the monthly call. Its
// occurrences are real gatherings, each linked to it (SeriesOccurrence);
// the series holds what they start from and the rule that dates them.
type Series struct {
	ID          int64
	ActorID     int64 // the co-op account that organises it
	Title       string
	Summary     string
	Description string // Markdown
	// Rule is internal/recur's stored form of the rule, first start
	// included, in the series' Timezone.
	Rule     string
	Timezone string // IANA name, e.g. Europe/London
	Duration time.Duration
	Online   bool   // online by default; occurrences may add a venue
	CallURL  string // the link to the call
	// LinkForAttendees keeps CallURL off the public Event, page and
	// calendars: only those who RSVP going are sent it.
	LinkForAttendees bool
	// Reminders are how long before each occurrence those going are
	// reminded, largest first.
	Reminders []time.Duration
	Version   int // grows with every change
	CreatedAt time.Time
	UpdatedAt time.Time
}

// DefaultReminders are the reminders of a new series: a day and a
// quarter of an hour before an online one, a day before one in person.
func DefaultReminders(online bool) []time.Duration {
	if online {
		return []time.Duration{24 * time.Hour, 15 * time.Minute}
	}
	return []time.Duration{24 * time.Hour}
}

// SeriesOccurrence links a gathering to its series. RecurrenceID is the
// occurrence's start as the rule gives it, in UTC: it names the
// occurrence (iCalendar's RECURRENCE-ID) even after the gathering moves.
type SeriesOccurrence struct {
	SeriesID     int64
	GatheringID  int64
	RecurrenceID time.Time
}

// StandingRSVP is someone's "I'll come to all of them" for a series: an
// RSVP going to each occurrence made while it stands. ActivityURI is the
// reply that made it, and the activity of every RSVP it made.
type StandingRSVP struct {
	ID            int64
	SeriesID      int64
	RemoteActorID int64
	ActivityURI   string
	CreatedAt     time.Time
	WithdrawnAt   *time.Time // nil while it stands
}

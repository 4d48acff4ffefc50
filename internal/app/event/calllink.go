package event

import (
	"github.com/gather-coop/gather/internal/app/localurl"
	"github.com/gather-coop/gather/internal/model"
)

// CallLink is the link that lets someone going to g join it online, and
// whether it is private (kept off the public Event, page, calendars and
// replies, for those going only): for an occurrence (series not nil) of
// a series whose link is for attendees, the series' CallURL, unless the
// occurrence was given a public link of its own (an organiser who moved
// one call to another room and published it); otherwise g's own public
// OnlineURL. The public OnlineURL of such an occurrence is the series'
// page, which says the link is sent to those who RSVP: never the call.
//
// A per-occurrence private link is not kept: the series has one call
// link, rotated for all its coming occurrences at once.
func CallLink(u localurl.URLs, g model.Gathering, series *model.Series) (link string, private bool) {
	switch {
	case series == nil:
		return g.OnlineURL, false
	case !series.LinkForAttendees:
		if g.OnlineURL == "" {
			return series.CallURL, false
		}
		return g.OnlineURL, false
	}
	if g.OnlineURL != "" && g.OnlineURL != u.Series(series.ID) {
		return g.OnlineURL, false
	}
	return series.CallURL, series.CallURL != ""
}

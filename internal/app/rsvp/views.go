package rsvp

import (
	"cmp"
	"context"
	"slices"
	"strconv"
	"time"

	"github.com/gather-coop/gather/internal/app/localurl"
	"github.com/gather-coop/gather/internal/model"
)

// RSVPView is one answer as organisers see it.
type RSVPView struct {
	ID        int64      `json:"id"`
	EventID   int64      `json:"event_id"`
	APID      string     `json:"ap_id"`
	Title     string     `json:"title"`
	Person    PersonView `json:"person"`
	Status    string     `json:"status"`
	Channel   string     `json:"channel"`
	UpdatedAt time.Time  `json:"updated_at"`
	// WaitlistPlace is the answer's place in line (1 is next), or 0 when
	// it is not waiting.
	WaitlistPlace int `json:"waitlist_place,omitempty"`
	// Clashes are the person's other sessions at overlapping times, when
	// this answer holds or waits for a place and so do they: a double
	// booking the person has been asked about.
	Clashes []ClashRef `json:"clashes,omitempty"`
}

// ClashRef names the other session of a double booking.
type ClashRef struct {
	EventID int64  `json:"event_id"`
	APID    string `json:"ap_id"`
	Title   string `json:"title"`
}

// PersonView is who answered: a fediverse account, or a name given at the
// venue (no id, no handle: unverified).
type PersonView struct {
	ID       string `json:"id"`
	Handle   string `json:"handle"`
	Name     string `json:"name"`
	Verified bool   `json:"verified"`
}

// EventNamed is the id, ActivityPub id and title of the gathering g
// itself (sessionID nil) or of one of its sessions.
func EventNamed(u localurl.URLs, g model.Gathering, sessions []model.Session, sessionID *int64) (id int64, apID, title string) {
	if sessionID == nil {
		return g.ID, u.Gathering(g.ID), g.Title
	}
	for _, s := range sessions {
		if s.ID == *sessionID {
			title = s.Title
		}
	}
	return *sessionID, u.Session(*sessionID), title
}

// Views returns every answer for the gathering g and each of its
// sessions, as organisers see them.
func (s *Service) Views(ctx context.Context, g model.Gathering, sessions []model.Session) ([]RSVPView, error) {
	rsvps, err := s.store.RSVPList(ctx, g.ID)
	if err != nil {
		return nil, err
	}
	out := make([]RSVPView, 0, len(rsvps))
	lines, clashes := waitlistPlaces(rsvps), s.clashViews(sessions, rsvps)
	for _, r := range rsvps {
		v := RSVPView{ID: r.ID, Status: string(r.Status), Channel: string(r.Channel), UpdatedAt: r.UpdatedAt.UTC(),
			WaitlistPlace: lines[r.ID], Clashes: clashes[r.ID]}
		v.EventID, v.APID, v.Title = EventNamed(s.urls, g, sessions, r.SessionID)
		if r.Person != nil {
			v.Person = PersonView{ID: r.Person.URI, Handle: r.Person.Handle(), Name: r.Person.Name, Verified: true}
		} else {
			v.Person = PersonView{Name: r.GuestName}
		}
		out = append(out, v)
	}
	return out, nil
}

// waitlistPlaces numbers each event's waiting answers in the order the
// store's waitlist keeps (when they joined it, then id), from the one list
// already read, so that a page of sign-ups costs one query however many
// wait.
func waitlistPlaces(rsvps []model.RSVP) map[int64]int {
	waiting := slices.DeleteFunc(slices.Clone(rsvps), func(r model.RSVP) bool { return r.Status != model.RSVPWaitlisted })
	slices.SortStableFunc(waiting, func(a, b model.RSVP) int {
		return cmp.Or(compareTimes(a.WaitlistedAt, b.WaitlistedAt), cmp.Compare(a.ID, b.ID))
	})
	places, seen := map[int64]int{}, map[int64]int{}
	for _, r := range waiting {
		event := int64(0) // the gathering itself
		if r.SessionID != nil {
			event = *r.SessionID
		}
		seen[event]++
		places[r.ID] = seen[event]
	}
	return places
}

func compareTimes(a, b *time.Time) int {
	switch {
	case a == nil && b == nil:
		return 0
	case a == nil:
		return 1
	case b == nil:
		return -1
	}
	return a.Compare(*b)
}

// clashViews finds the double bookings among a gathering's answers, from
// the one list already read: per answer id, the same person's other
// places at overlapping times.
func (s *Service) clashViews(list []model.Session, rsvps []model.RSVP) map[int64][]ClashRef {
	sessions := map[int64]model.Session{}
	for _, x := range list {
		sessions[x.ID] = x
	}
	byPerson := map[string][]model.RSVP{}
	for _, r := range rsvps {
		if r.SessionID == nil || !holdsPlace(r.Status) {
			continue
		}
		who := "g:" + r.GuestKey
		if r.RemoteActorID != nil {
			who = "r:" + strconv.FormatInt(*r.RemoteActorID, 10)
		}
		byPerson[who] = append(byPerson[who], r)
	}
	out := map[int64][]ClashRef{}
	for _, held := range byPerson {
		for _, x := range held {
			for _, y := range held {
				sx, sy := sessions[*x.SessionID], sessions[*y.SessionID]
				if x.ID != y.ID && overlaps(sx, sy) {
					out[x.ID] = append(out[x.ID], ClashRef{EventID: sy.ID, APID: s.urls.Session(sy.ID), Title: sy.Title})
				}
			}
		}
	}
	return out
}

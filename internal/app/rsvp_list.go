package app

import (
	"cmp"
	"context"
	"slices"
	"strconv"
	"time"

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

// ListRSVPs returns every answer for a gathering and each of its
// sessions: for organisers only (the public sees counts).
func (a *App) ListRSVPs(ctx context.Context, gatheringID int64) ([]RSVPView, error) {
	d, err := a.GatheringDetail(ctx, gatheringID)
	if err != nil {
		return nil, err
	}
	return a.rsvpViews(ctx, d)
}

// Signups is a gathering with its answers and comments, for the
// organisers' sign-ups page.
type Signups struct {
	GatheringDetail
	RSVPs    []RSVPView
	Comments []CommentView
}

// Signups returns ListRSVPs and ListComments of a gathering with the
// gathering itself, read once.
func (a *App) Signups(ctx context.Context, gatheringID int64) (Signups, error) {
	d, err := a.GatheringDetail(ctx, gatheringID)
	if err != nil {
		return Signups{}, err
	}
	out := Signups{GatheringDetail: d}
	if out.RSVPs, err = a.rsvpViews(ctx, d); err != nil {
		return Signups{}, err
	}
	if out.Comments, err = a.commentViews(ctx, d); err != nil {
		return Signups{}, err
	}
	return out, nil
}

// eventNamed is the id, ActivityPub id and title of the gathering d
// itself (sessionID nil) or of one of its sessions.
func (a *App) eventNamed(d GatheringDetail, sessionID *int64) (id int64, apID, title string) {
	if sessionID == nil {
		return d.Gathering.ID, a.urls.Gathering(d.Gathering.ID), d.Gathering.Title
	}
	for _, s := range d.Sessions {
		if s.ID == *sessionID {
			title = s.Title
		}
	}
	return *sessionID, a.urls.Session(*sessionID), title
}

func (a *App) rsvpViews(ctx context.Context, d GatheringDetail) ([]RSVPView, error) {
	rsvps, err := a.store.RSVPList(ctx, d.Gathering.ID)
	if err != nil {
		return nil, err
	}
	out := make([]RSVPView, 0, len(rsvps))
	lines, clashes := waitlistPlaces(rsvps), a.clashViews(d, rsvps)
	for _, r := range rsvps {
		v := RSVPView{ID: r.ID, Status: string(r.Status), Channel: string(r.Channel), UpdatedAt: r.UpdatedAt.UTC(),
			WaitlistPlace: lines[r.ID], Clashes: clashes[r.ID]}
		v.EventID, v.APID, v.Title = a.eventNamed(d, r.SessionID)
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

// CommentView is a reply without an RSVP, for organisers.
type CommentView struct {
	ID        int64      `json:"id"`
	EventID   int64      `json:"event_id"`
	APID      string     `json:"ap_id"` // the gathering's or the session's, as RSVPView
	Title     string     `json:"title"` // of the event replied to
	Person    PersonView `json:"person"`
	HTML      string     `json:"html"` // sanitised
	CreatedAt time.Time  `json:"created_at"`
	// NoteID is the reply's own id, on its author's server.
	NoteID string `json:"note_id"`
	// Hidden is set when an organiser hid the comment (HideComment).
	Hidden *CommentHidden `json:"hidden,omitempty"`
}

// CommentHidden says who hid a comment, and when.
type CommentHidden struct {
	By string    `json:"by"`
	At time.Time `json:"at"`
}

// ListComments returns the replies to a gathering and its sessions that
// said nothing about coming.
func (a *App) ListComments(ctx context.Context, gatheringID int64) ([]CommentView, error) {
	d, err := a.GatheringDetail(ctx, gatheringID)
	if err != nil {
		return nil, err
	}
	return a.commentViews(ctx, d)
}

func (a *App) commentViews(ctx context.Context, d GatheringDetail) ([]CommentView, error) {
	comments, err := a.store.CommentList(ctx, d.Gathering.ID)
	if err != nil {
		return nil, err
	}
	hides, err := a.store.CommentHides(ctx, d.Gathering.ID)
	if err != nil {
		return nil, err
	}
	out := make([]CommentView, 0, len(comments))
	for _, c := range comments {
		v := CommentView{ID: c.ID, HTML: string(SanitizeHTML(c.ContentHTML)), CreatedAt: c.CreatedAt.UTC(), NoteID: c.NoteURI,
			Person: PersonView{ID: c.Person.URI, Handle: c.Person.Handle(), Name: c.Person.Name, Verified: true}}
		if h, ok := hides[c.ID]; ok {
			v.Hidden = &CommentHidden{By: h.HiddenBy, At: h.HiddenAt.UTC()}
		}
		v.EventID, v.APID, v.Title = a.eventNamed(d, c.SessionID)
		out = append(out, v)
	}
	return out, nil
}

// clashViews finds the double bookings among a gathering's answers, from
// the one list already read: per answer id, the same person's other
// places at overlapping times.
func (a *App) clashViews(d GatheringDetail, rsvps []model.RSVP) map[int64][]ClashRef {
	sessions := map[int64]model.Session{}
	for _, s := range d.Sessions {
		sessions[s.ID] = s
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
					out[x.ID] = append(out[x.ID], ClashRef{EventID: sy.ID, APID: a.urls.Session(sy.ID), Title: sy.Title})
				}
			}
		}
	}
	return out
}

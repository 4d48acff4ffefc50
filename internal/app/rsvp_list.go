package app

import (
	"context"
	"time"
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
	titles := map[int64]string{}
	for _, s := range d.Sessions {
		titles[s.ID] = s.Title
	}
	rsvps, err := a.store.RSVPList(ctx, gatheringID)
	if err != nil {
		return nil, err
	}
	out := make([]RSVPView, 0, len(rsvps))
	for _, r := range rsvps {
		v := RSVPView{ID: r.ID, EventID: gatheringID, APID: a.urls.Gathering(gatheringID), Title: d.Gathering.Title,
			Status: string(r.Status), Channel: string(r.Channel), UpdatedAt: r.UpdatedAt.UTC()}
		if r.SessionID != nil {
			v.EventID, v.APID, v.Title = *r.SessionID, a.urls.Session(*r.SessionID), titles[*r.SessionID]
		}
		if r.Person != nil {
			v.Person = PersonView{ID: r.Person.URI, Handle: r.Person.Handle(), Name: r.Person.Name, Verified: true}
		} else {
			v.Person = PersonView{Name: r.GuestName}
		}
		out = append(out, v)
	}
	return out, nil
}

// CommentView is a reply without an RSVP, for organisers.
type CommentView struct {
	ID        int64      `json:"id"`
	EventID   int64      `json:"event_id"`
	Person    PersonView `json:"person"`
	HTML      string     `json:"html"` // sanitised
	CreatedAt time.Time  `json:"created_at"`
}

// ListComments returns the replies to a gathering and its sessions that
// said nothing about coming.
func (a *App) ListComments(ctx context.Context, gatheringID int64) ([]CommentView, error) {
	comments, err := a.store.CommentList(ctx, gatheringID)
	if err != nil {
		return nil, err
	}
	out := make([]CommentView, 0, len(comments))
	for _, c := range comments {
		v := CommentView{EventID: gatheringID, HTML: string(SanitizeHTML(c.ContentHTML)), CreatedAt: c.CreatedAt.UTC(),
			Person: PersonView{ID: c.Person.URI, Handle: c.Person.Handle(), Name: c.Person.Name, Verified: true}}
		if c.SessionID != nil {
			v.EventID = *c.SessionID
		}
		out = append(out, v)
	}
	return out, nil
}

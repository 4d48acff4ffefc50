package app

import (
	"context"
	"time"

	"github.com/gather-coop/gather/internal/app/rsvp"
)

// ListRSVPs returns every answer for a gathering and each of its
// sessions: for organisers only (the public sees counts).
func (a *App) ListRSVPs(ctx context.Context, gatheringID int64) ([]RSVPView, error) {
	d, err := a.GatheringDetail(ctx, gatheringID)
	if err != nil {
		return nil, err
	}
	return a.rsvp.Views(ctx, d.Gathering, d.Sessions)
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
	if out.RSVPs, err = a.rsvp.Views(ctx, d.Gathering, d.Sessions); err != nil {
		return Signups{}, err
	}
	if out.Comments, err = a.commentViews(ctx, d); err != nil {
		return Signups{}, err
	}
	return out, nil
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
		v.EventID, v.APID, v.Title = rsvp.EventNamed(a.urls, d.Gathering, d.Sessions, c.SessionID)
		out = append(out, v)
	}
	return out, nil
}

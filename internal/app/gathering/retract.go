package gathering

import (
	"context"
	"errors"
	"fmt"

	"github.com/gather-coop/gather/federation"
	"github.com/gather-coop/gather/internal/app/localurl"
	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/store"
)

// retraction is one object to delete on the servers that have it.
type retraction struct {
	gone   federation.Tombstone
	aud    federation.Audience
	public bool
}

// retractEvent deletes the event uri (a gathering or a session) and
// everything actor published about it: its RSVP poll, its change notes,
// the confirmations sent to people who answered. Each goes as a Delete of
// its Tombstone addressed as its Create was: a public object to the
// followers and to extra (the people who answered and those mentioned,
// who were sent it too), a note to some people to those people alone.
// Every id gets a tombstone, so that it answers 410 from then on.
// Nothing is sent when the event was never public (sent false); the
// tombstones are recorded all the same.
func (gs *Service) retractEvent(ctx context.Context, tx store.Tx, actor model.Actor, uri string, sent bool, extra []string) error {
	now := gs.now().UTC()
	public := federation.Audience{To: []string{federation.Public}, CC: []string{gs.urls.Followers(actor.Handle)}}
	// The event itself, even if it never had a Create of its own (a
	// session not announced): its id was public all the same.
	all := []retraction{{gone: federation.Tombstone{ID: uri, FormerType: "Event", Deleted: now}, aud: public, public: true}}
	creates, err := tx.OutboxCreatesAbout(ctx, actor.ID, uri)
	if err != nil {
		return err
	}
	seen := map[string]bool{uri: true}
	for _, c := range creates {
		if seen[c.ObjectURI] {
			continue
		}
		seen[c.ObjectURI] = true
		act, err := federation.DecodeActivity(c.Raw)
		if err != nil {
			return fmt.Errorf("retract %s: our own Create %s: %w", c.ObjectURI, c.URI, err)
		}
		formerType := act.Object.Type
		if formerType == "" {
			formerType = "Object"
		}
		all = append(all, retraction{
			gone: federation.Tombstone{ID: c.ObjectURI, FormerType: formerType, Deleted: now},
			aud:  federation.Audience{To: act.To, CC: act.CC}, public: c.Public,
		})
	}
	var followers []string
	for _, r := range all {
		if err := tx.TombstoneCreate(ctx, r.gone.ID, r.gone.FormerType, now); err != nil {
			return err
		}
		if !sent {
			continue
		}
		var inboxes []string
		if r.public {
			if followers == nil {
				if followers, err = gs.fed.FollowersAnd(ctx, tx, actor, extra); err != nil {
					return err
				}
			}
			inboxes = followers
		} else if inboxes, err = gs.addresseeInboxes(ctx, tx, actor, r.aud); err != nil {
			return err
		}
		if err := gs.sendDelete(ctx, tx, actor, r, inboxes); err != nil {
			return err
		}
	}
	return nil
}

// addresseeInboxes resolves the people an activity was addressed to into
// their inboxes; collections and people we no longer know are skipped.
func (gs *Service) addresseeInboxes(ctx context.Context, tx store.Tx, actor model.Actor, aud federation.Audience) ([]string, error) {
	var out []string
	seen := map[string]bool{}
	for _, id := range append(append([]string{}, aud.To...), aud.CC...) {
		if federation.IsPublic(id) || id == gs.urls.Followers(actor.Handle) || gs.urls.Mine(id) {
			continue
		}
		person, err := tx.RemoteActorGetByURI(ctx, id)
		if errors.Is(err, store.ErrNotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		if in := person.DeliveryInbox(); !seen[in] {
			seen[in] = true
			out = append(out, in)
		}
	}
	return out, nil
}

func (gs *Service) sendDelete(ctx context.Context, tx store.Tx, actor model.Actor, r retraction, inboxes []string) error {
	id := gs.urls.NewActivity()
	doc, err := federation.Delete(id, gs.urls.Actor(actor.Handle), r.gone, r.aud)
	if err != nil {
		return err
	}
	return gs.fed.Send(ctx, tx, &model.OutboxActivity{
		URI: id, ActorID: actor.ID, Type: "Delete", ObjectURI: r.gone.ID, Raw: doc, Public: r.public, CreatedAt: gs.now(),
	}, inboxes)
}

// answerInboxes are the inboxes of the people who answered the gathering
// (sessionID nil: the gathering or any of its sessions) or one session.
func answerInboxes(ctx context.Context, q store.Queries, gatheringID int64, sessionID *int64) ([]string, error) {
	rsvps, err := q.RSVPList(ctx, gatheringID)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, r := range rsvps {
		if r.Person != nil && (sessionID == nil || (r.SessionID != nil && *r.SessionID == *sessionID)) {
			out = append(out, r.Person.DeliveryInbox())
		}
	}
	return out, nil
}

// NoteDocument returns one of the public notes we posted about an event
// (its id is the event's, then /notes/…): the Note as sent. A note whose
// event was deleted, or that was deleted itself, gives ErrGone; a note to
// some people only is not found.
func (gs *Service) NoteDocument(ctx context.Context, kind localurl.EventKind, eventID int64, noteURI string) ([]byte, error) {
	if err := gs.docs.GoneOr(ctx, noteURI, nil); err != nil {
		return nil, err
	}
	e, err := gs.docs.PublicEvent(ctx, kind, eventID)
	if err != nil {
		return nil, err
	}
	actor, err := gs.acct.Actor(ctx, gs.urls.HandleOf(e.AttributedTo))
	if err != nil {
		return nil, err
	}
	creates, err := gs.store.OutboxCreatesAbout(ctx, actor.ID, noteURI)
	if err != nil {
		return nil, err
	}
	for _, c := range creates {
		if c.ObjectURI != noteURI || !c.Public {
			continue
		}
		act, err := federation.DecodeActivity(c.Raw)
		if err != nil {
			return nil, fmt.Errorf("note %s: our own Create %s: %w", noteURI, c.URI, err)
		}
		return act.Object.Raw, nil
	}
	return nil, fmt.Errorf("note %s: %w", noteURI, store.ErrNotFound)
}

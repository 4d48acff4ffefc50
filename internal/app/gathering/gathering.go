package gathering

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/gather-coop/gather/federation/asevent"
	"github.com/gather-coop/gather/internal/app/account"
	"github.com/gather-coop/gather/internal/app/apperr"
	"github.com/gather-coop/gather/internal/app/docs"
	"github.com/gather-coop/gather/internal/app/event"
	"github.com/gather-coop/gather/internal/app/facilitator"
	"github.com/gather-coop/gather/internal/app/input"
	"github.com/gather-coop/gather/internal/app/poll"
	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/store"
)

// EventRef names a saved gathering or session the way the API answers.
type EventRef struct {
	ID   int64  `json:"id"`
	URL  string `json:"url"`
	APID string `json:"ap_id"`
	// Warnings are what was saved but needs the organiser's eye (a
	// facilitator not confirmed yet); none most of the time.
	Warnings []facilitator.Warning `json:"warnings,omitempty"`
}

// GatheringRef is a saved gathering and its sessions.
type GatheringRef struct {
	EventRef
	Status   model.GatheringStatus `json:"status"`
	Version  int                   `json:"version"`
	Sessions []EventRef            `json:"sessions"`
}

func (gs *Service) gatheringRef(g model.Gathering, sessions []model.Session) GatheringRef {
	ref := GatheringRef{EventRef: EventRef{ID: g.ID, URL: gs.urls.Gathering(g.ID), APID: gs.urls.Gathering(g.ID)},
		Status: g.Status, Version: g.Version, Sessions: []EventRef{}}
	for _, s := range sessions {
		ref.Sessions = append(ref.Sessions, EventRef{ID: s.ID, URL: gs.urls.Session(s.ID), APID: gs.urls.Session(s.ID)})
	}
	return ref
}

// CreateGathering saves a new gathering of the co-op handle, with its
// rooms, tracks and sessions, in one transaction: all or nothing. With
// publish set it is published at once. Without a time zone or an RSVP
// poll choice, it takes the instance settings' defaults.
func (gs *Service) CreateGathering(ctx context.Context, handle string, in *input.GatheringInput, publish bool) (GatheringRef, error) {
	return gs.createGathering(ctx, handle, in, publish, nil)
}

// createGathering is CreateGathering, calling within (when set) inside
// its transaction once the gathering is saved: an error from it undoes
// the whole gathering (see CreateGatheringWithin).
func (gs *Service) createGathering(ctx context.Context, handle string, in *input.GatheringInput, publish bool, within func(tx store.Tx, g model.Gathering) error) (GatheringRef, error) {
	actor, err := gs.acct.Actor(ctx, handle)
	if err != nil {
		return GatheringRef{}, err
	}
	if err := gs.acct.Authorize(ctx, actor, account.Write); err != nil {
		return GatheringRef{}, err
	}
	defaults, err := gs.prof.InstanceSettings(ctx)
	if err != nil {
		return GatheringRef{}, err
	}
	if strings.TrimSpace(in.Timezone) == "" && defaults.DefaultTimezone != "" {
		zoned := *in
		zoned.Timezone = defaults.DefaultTimezone
		in = &zoned
	}
	now := gs.now().UTC().Truncate(time.Second)
	g := model.Gathering{ActorID: actor.ID, Status: model.StatusDraft, RSVPPoll: defaults.RSVPPollDefault, CreatedAt: now, UpdatedAt: now}
	if err := input.Gathering(in, &g); err != nil {
		return GatheringRef{}, err
	}
	// Look facilitators up before the transaction: it may take seconds.
	facilitators := make([][]model.Facilitator, len(in.Sessions))
	var warnings []facilitator.Warning
	for i := range in.Sessions {
		var w []facilitator.Warning
		if facilitators[i], w, err = gs.facilitators.Resolve(ctx, fmt.Sprintf("sessions[%d].facilitators", i), in.Sessions[i].Facilitators); err != nil {
			return GatheringRef{}, err
		}
		warnings = append(warnings, w...)
	}
	hosts, w, err := gs.resolveCoHosts(ctx, actor, in.CoHosts, nil)
	if err != nil {
		return GatheringRef{}, err
	}
	warnings = append(warnings, w...)
	var sessions []model.Session
	err = gs.store.InTx(ctx, func(tx store.Tx) error {
		if g.ID, err = tx.GatheringCreate(ctx, &g); err != nil {
			return err
		}
		if g.Rooms, err = tx.RoomsSet(ctx, g.ID, g.Rooms); err != nil {
			return err
		}
		if g.Tracks, err = tx.TracksSet(ctx, g.ID, g.Tracks); err != nil {
			return err
		}
		if err := setCoHosts(ctx, tx, &g, hosts); err != nil {
			return err
		}
		g.Version = 1
		for i := range in.Sessions {
			s := model.Session{GatheringID: g.ID, Facilitators: facilitators[i], CreatedAt: now, UpdatedAt: now, Version: 1}
			if err := input.Session(fmt.Sprintf("sessions[%d]", i), &in.Sessions[i], &g, &s); err != nil {
				return err
			}
			sessions = append(sessions, s)
		}
		if err := input.CheckRoomClashes(sessions, func(i int) string { return fmt.Sprintf("sessions[%d]", i) }, roomNamer(g)); err != nil {
			return err
		}
		for i := range sessions {
			if sessions[i].ID, err = tx.SessionCreate(ctx, &sessions[i]); err != nil {
				return err
			}
			if err := facilitator.Enqueue(ctx, tx, sessions[i]); err != nil {
				return err
			}
		}
		target := fmt.Sprintf("gathering %d %q", g.ID, g.Title)
		if err := gs.acct.Audit(ctx, tx, &actor, account.AuditGatheringCreate, target, createdDetail(len(sessions), publish)); err != nil {
			return err
		}
		if err := gs.auditCoHosts(ctx, tx, &actor, target, nil, g.CoHosts); err != nil {
			return err
		}
		if within != nil {
			if err := within(tx, g); err != nil {
				return err
			}
		}
		if err := setReminders(ctx, tx, g, in); err != nil {
			return err
		}
		if err := setSlotPolls(ctx, tx, g, in); err != nil {
			return err
		}
		if err := setMyDay(ctx, tx, g, in); err != nil {
			return err
		}
		if publish {
			return gs.publish(ctx, tx, actor, &g, sessions)
		}
		return nil
	})
	if err != nil {
		return GatheringRef{}, err
	}
	ref := gs.gatheringRef(g, sessions)
	ref.Warnings = warnings
	return ref, nil
}

func roomNamer(g model.Gathering) func(int64) string {
	return func(id int64) string {
		for _, r := range g.Rooms {
			if r.ID == id {
				return r.Name
			}
		}
		return "the room"
	}
}

// GatheringDetail is a gathering with everything about it, for the API
// and the pages.
type GatheringDetail struct {
	Actor     model.Actor
	Gathering model.Gathering
	Sessions  []model.Session
}

// GatheringDetail returns a gathering of any status, for its organisers.
func (gs *Service) GatheringDetail(ctx context.Context, id int64) (GatheringDetail, error) {
	d, err := gs.gatheringDetail(ctx, id)
	if err != nil {
		return GatheringDetail{}, err
	}
	if err := gs.acct.Authorize(ctx, d.Actor, account.Read); err != nil {
		return GatheringDetail{}, err
	}
	return d, nil
}

// gatheringDetail is GatheringDetail for anyone: the public pages show
// what it returns only once published.
func (gs *Service) gatheringDetail(ctx context.Context, id int64) (GatheringDetail, error) {
	g, err := gs.store.GatheringGet(ctx, id)
	if err != nil {
		return GatheringDetail{}, err
	}
	sessions, err := gs.store.SessionList(ctx, id)
	if err != nil {
		return GatheringDetail{}, err
	}
	actor, err := gs.store.ActorGetByID(ctx, g.ActorID)
	if err != nil {
		return GatheringDetail{}, err
	}
	return GatheringDetail{Actor: actor, Gathering: g, Sessions: sessions}, nil
}

// PublishGathering makes a draft public and sends it to followers.
// Publishing a published gathering changes nothing.
func (gs *Service) PublishGathering(ctx context.Context, id int64) (GatheringRef, error) {
	return gs.changeGathering(ctx, id, 0, func(tx store.Tx, d *GatheringDetail) error {
		switch d.Gathering.Status {
		case model.StatusPublished:
			return nil
		case model.StatusCancelled:
			return apperr.Invalid("status", "a cancelled gathering cannot be published again: create a new one")
		}
		return gs.publish(ctx, tx, d.Actor, &d.Gathering, d.Sessions)
	})
}

// publish marks g published and sends its followers Create{Event} for
// it, naming every session in its content (see scheduleHTML), and its
// RSVP poll; and for each session the organiser chose to announce, that
// session's one post (see sendSessionPost). A gathering with two
// announced sessions is four posts, not six.
func (gs *Service) publish(ctx context.Context, tx store.Tx, actor model.Actor, g *model.Gathering, sessions []model.Session) error {
	now := gs.now().UTC().Truncate(time.Second)
	g.Status, g.PublishedAt, g.UpdatedAt = model.StatusPublished, &now, now
	updated, err := tx.GatheringUpdate(ctx, g, g.Version)
	if err != nil {
		return err
	}
	*g = updated
	if err := gs.remind(ctx, tx, *g); err != nil {
		return err
	}
	if err := gs.scheduleDays(ctx, tx, *g); err != nil {
		return err
	}
	event, err := event.Gathering(gs.urls, actor, *g, sessions)
	if err != nil {
		return err
	}
	if err := gs.sendEvent(ctx, tx, actor, "Create", event, mentionInboxes(sessions...)); err != nil {
		return err
	}
	if err := gs.tellCoHosts(ctx, tx, actor, event, g.CoHosts); err != nil {
		return err
	}
	if poll.Has(*g, nil) {
		if err := gs.polls.Send(ctx, tx, actor, "Create", event, g.ID, nil); err != nil {
			return err
		}
	}
	if err := gs.polls.SyncSlots(ctx, tx, actor, event, *g, sessions, true, now); err != nil {
		return err
	}
	d := &GatheringDetail{Actor: actor, Gathering: *g, Sessions: sessions}
	for _, s := range sessions {
		if !s.Announce {
			continue
		}
		if err := gs.sendSessionPost(ctx, tx, d, s, "Create"); err != nil {
			return err
		}
	}
	return nil
}

// mentionInboxes are the inboxes of the facilitators an event mentions:
// their servers notify them.
func mentionInboxes(sessions ...model.Session) []string {
	var out []string
	for _, s := range sessions {
		for _, f := range s.Facilitators {
			if f.Inbox != "" {
				out = append(out, f.Inbox)
			}
		}
	}
	return out
}

// sendEvent sends Create or Update of an Event to followers, extra
// inboxes, and the actors it addresses in cc (a gathering's co-hosts).
func (gs *Service) sendEvent(ctx context.Context, tx store.Tx, actor model.Actor, typ string, e asevent.Event, extra []string) error {
	doc, err := docs.EventJSON(e)
	if err != nil {
		return err
	}
	cc, err := actorInboxes(ctx, tx, e.CC)
	if err != nil {
		return err
	}
	return gs.fed.SendToFollowersCC(ctx, tx, actor, typ, e.ID, doc, e.CC, append(extra, cc...)...)
}

// changeGathering loads a gathering in a transaction, lets change edit it
// (and federate), and answers with its new state. expectedVersion, when
// set, refuses a change made from a stale copy.
func (gs *Service) changeGathering(ctx context.Context, id int64, expectedVersion int, change func(tx store.Tx, d *GatheringDetail) error) (GatheringRef, error) {
	var d GatheringDetail
	err := gs.store.InTx(ctx, func(tx store.Tx) error {
		g, err := tx.GatheringGet(ctx, id)
		if err != nil {
			return err
		}
		if expectedVersion != 0 && g.Version != expectedVersion {
			return fmt.Errorf("gathering %d: %w", id, store.ErrStale)
		}
		sessions, err := tx.SessionList(ctx, id)
		if err != nil {
			return err
		}
		actor, err := tx.ActorGetByID(ctx, g.ActorID)
		if err != nil {
			return err
		}
		if err := gs.acct.Authorize(ctx, actor, account.Write); err != nil {
			return err
		}
		d = GatheringDetail{Actor: actor, Gathering: g, Sessions: sessions}
		if err := gs.auditedChange(ctx, tx, &d, change); err != nil {
			return err
		}
		if err := gs.daysAfterChange(ctx, tx, id); err != nil {
			return err
		}
		gs.changed() // and NoticingStore tells the other nodes
		return nil
	})
	if err != nil {
		return GatheringRef{}, err
	}
	return gs.gatheringRef(d.Gathering, d.Sessions), nil
}

// daysAfterChange (re)schedules the "my day" notes of gathering id as a
// change left it: its time, zone or "my day" time may have moved, or a
// session may now be on a day that had none. A deleted one has none.
func (gs *Service) daysAfterChange(ctx context.Context, tx store.Tx, id int64) error {
	g, err := tx.GatheringGet(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	return gs.scheduleDays(ctx, tx, g)
}

// UpdateGathering applies patch (the fields given, in the shape of
// input.GatheringInput; sessions are edited one by one) to a gathering. A
// published gathering's followers get an Update, and a Note when the time
// or place changed. expectedVersion (0: none) refuses stale edits.
func (gs *Service) UpdateGathering(ctx context.Context, id int64, patch []byte, expectedVersion int) (GatheringRef, error) {
	hosts, warnings, err := gs.coHostsOfPatch(ctx, id, patch)
	if err != nil {
		return GatheringRef{}, err
	}
	ref, err := gs.changeGathering(ctx, id, expectedVersion, func(tx store.Tx, d *GatheringDetail) error {
		in := inputFromGathering(d.Gathering)
		if err := input.DecodeStrict(patch, &in); err != nil {
			return err
		}
		if in.Sessions != nil {
			return apperr.Invalid("sessions", "edit sessions one by one, at /api/v1/sessions/{id}")
		}
		return gs.applyGatheringInput(ctx, tx, d, &in, hosts)
	})
	ref.Warnings = warnings
	return ref, err
}

// SaveGathering replaces a gathering's details with in (the editor's
// form), as UpdateGathering does for a patch.
func (gs *Service) SaveGathering(ctx context.Context, id int64, in *input.GatheringInput, expectedVersion int) (GatheringRef, error) {
	hosts, warnings, err := gs.coHostsOf(ctx, id, in.CoHosts)
	if err != nil {
		return GatheringRef{}, err
	}
	ref, err := gs.changeGathering(ctx, id, expectedVersion, func(tx store.Tx, d *GatheringDetail) error {
		return gs.applyGatheringInput(ctx, tx, d, in, hosts)
	})
	ref.Warnings = warnings
	return ref, err
}

// applyGatheringInput lays in over d's gathering; hosts, when not nil,
// are its co-hosts from now on (looked up already: see resolveCoHosts).
func (gs *Service) applyGatheringInput(ctx context.Context, tx store.Tx, d *GatheringDetail, in *input.GatheringInput, hosts *[]model.CoHost) error {
	before := d.Gathering
	if err := notCancelled(before); err != nil {
		return err
	}
	g := d.Gathering
	if err := input.Gathering(in, &g); err != nil {
		return err
	}
	// Sessions must still fit: inside the span, in rooms that remain.
	for i, s := range d.Sessions {
		field := fmt.Sprintf("sessions[%d]", i)
		if s.StartsAt.Before(g.StartsAt) || s.EndsAt.After(g.EndsAt) {
			return apperr.Invalid("starts_at", "%q (%s) would fall outside the gathering: move it first", s.Title, field)
		}
		if room := event.RoomOf(before, s); room.Name != "" {
			if _, ok := input.FindRoom(g.Rooms, room.Name); !ok {
				return apperr.Invalid("rooms", "%s still holds %q: move the session first", room.Name, s.Title)
			}
		}
	}
	g.UpdatedAt = gs.editTime(before.UpdatedAt, event.PublishedAt(before))
	if err := setCoHosts(ctx, tx, &g, hosts); err != nil {
		return err
	}
	updated, err := tx.GatheringUpdate(ctx, &g, g.Version)
	if err != nil {
		return err
	}
	if updated.Rooms, err = tx.RoomsSet(ctx, g.ID, g.Rooms); err != nil {
		return err
	}
	if updated.Tracks, err = tx.TracksSet(ctx, g.ID, g.Tracks); err != nil {
		return err
	}
	d.Gathering = updated
	if err := setReminders(ctx, tx, updated, in); err != nil {
		return err
	}
	if err := setSlotPolls(ctx, tx, updated, in); err != nil {
		return err
	}
	if err := setMyDay(ctx, tx, updated, in); err != nil {
		return err
	}
	if err := gs.remind(ctx, tx, updated); err != nil {
		return err
	}
	if updated.Status == model.StatusDraft {
		return nil
	}
	event, err := event.Gathering(gs.urls, d.Actor, updated, d.Sessions)
	if err != nil {
		return err
	}
	change := describeChange(before, updated, event)
	// Those who answered hold the post they answered: it changes for
	// them too when the change is worth a note.
	var answered []string
	if change.Text != "" {
		if answered, err = answerInboxes(ctx, tx, updated.ID, nil); err != nil {
			return err
		}
	}
	// A co-host removed gets the Event without it: its server stops
	// listing the gathering as co-hosted.
	added, removed := coHostChanges(before.CoHosts, updated.CoHosts)
	dropped, err := coHostInboxes(ctx, tx, removed)
	if err != nil {
		return err
	}
	if err := gs.sendEvent(ctx, tx, d.Actor, "Update", event, append(answered, dropped...)); err != nil {
		return err
	}
	if err := gs.tellCoHosts(ctx, tx, d.Actor, event, added); err != nil {
		return err
	}
	// Rooms' places, the time zone or the switch may have changed the slots.
	if err := gs.polls.SyncSlots(ctx, tx, d.Actor, event, updated, d.Sessions, false, gs.now()); err != nil {
		return err
	}
	if change.Text == "" {
		return nil
	}
	// The poll says the title, time and place too; the slot polls the title.
	if poll.Has(updated, nil) {
		if err := gs.polls.Send(ctx, tx, d.Actor, "Update", event, updated.ID, nil, answered...); err != nil {
			return err
		}
	}
	if err := gs.polls.SendSlotCounts(ctx, tx, d.Actor, event, updated, 0); err != nil {
		return err
	}
	return gs.notices.Announce(ctx, tx, d.Actor, change, event)
}

// inputFromGathering is the inverse of gatheringFromInput, so a patch can
// be laid over the current state and the whole checked again.
func inputFromGathering(g model.Gathering) input.GatheringInput {
	loc, err := time.LoadLocation(g.Timezone)
	if err != nil {
		loc = time.UTC
	}
	const local = "2006-01-02T15:04:05"
	in := input.GatheringInput{
		Title: g.Title, Summary: g.Summary, Description: g.Description, Timezone: g.Timezone,
		StartsAt: g.StartsAt.In(loc).Format(local), EndsAt: g.EndsAt.In(loc).Format(local),
		Category: g.Category, Tags: g.Tags, RSVPPoll: &g.RSVPPoll, DayOfSignup: &g.DayOfSignup,
	}
	if !g.Venue.IsZero() {
		v := g.Venue
		in.Venue = &input.VenueInput{Name: v.Name, StreetAddress: v.StreetAddress, Locality: v.Locality, PostalCode: v.PostalCode,
			Region: v.Region, Country: v.Country, Latitude: v.Latitude, Longitude: v.Longitude}
	}
	online := g.OnlineURL
	in.OnlineURL = &online
	hosts := coHostNames(g.CoHosts)
	in.CoHosts = &hosts
	for _, r := range g.Rooms {
		in.Rooms = append(in.Rooms, input.RoomInput{Name: r.Name, Capacity: r.Capacity})
	}
	for _, t := range g.Tracks {
		in.Tracks = append(in.Tracks, t.Name)
	}
	return in
}

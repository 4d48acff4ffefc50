package gathering

import (
	"context"
	"fmt"
	"time"

	"github.com/gather-coop/gather/federation/asevent"
	"github.com/gather-coop/gather/internal/app/account"
	"github.com/gather-coop/gather/internal/app/apperr"
	"github.com/gather-coop/gather/internal/app/event"
	"github.com/gather-coop/gather/internal/app/facilitator"
	"github.com/gather-coop/gather/internal/app/input"
	"github.com/gather-coop/gather/internal/app/notice"
	"github.com/gather-coop/gather/internal/app/poll"
	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/store"
)

// AddSession adds a session to a gathering. If the gathering is public,
// followers get an Update of it (its schedule changed), and a Create of
// the session when it is to be announced.
func (gs *Service) AddSession(ctx context.Context, gatheringID int64, in *input.SessionInput) (EventRef, error) {
	if err := gs.acct.AuthorizeGathering(ctx, gatheringID, account.Write); err != nil {
		return EventRef{}, err
	}
	facilitators, warnings, err := gs.facilitators.Resolve(ctx, "facilitators", in.Facilitators)
	if err != nil {
		return EventRef{}, err
	}
	var ref EventRef
	_, err = gs.changeGathering(ctx, gatheringID, 0, func(tx store.Tx, d *GatheringDetail) error {
		s, err := gs.addSessionIn(ctx, tx, d, in, facilitators)
		ref = EventRef{ID: s.ID, URL: gs.urls.Session(s.ID), APID: gs.urls.Session(s.ID), Warnings: warnings}
		return err
	})
	return ref, err
}

// addSessionIn is AddSession's work in tx, on d loaded there, with the
// facilitators resolved: the session saved and, if the gathering is
// public, sent. It is how anything that adds a session (a proposal
// placed, say) makes one.
func (gs *Service) addSessionIn(ctx context.Context, tx store.Tx, d *GatheringDetail, in *input.SessionInput, facilitators []model.Facilitator) (model.Session, error) {
	// The session and the gathering's Update that lists it share one
	// stamp, so a session added later is new, not "edited", even when
	// the clock ticks between the two.
	if err := notCancelled(d.Gathering); err != nil {
		return model.Session{}, err
	}
	now := gs.now().UTC().Truncate(time.Second)
	if d.Gathering.Status != model.StatusDraft {
		now = gs.editTime(d.Gathering.UpdatedAt, event.PublishedAt(d.Gathering))
	}
	s := model.Session{GatheringID: d.Gathering.ID, Facilitators: facilitators, CreatedAt: now, UpdatedAt: now, Version: 1}
	if err := input.Session("session", in, &d.Gathering, &s); err != nil {
		return model.Session{}, err
	}
	if err := checkClash(d, s); err != nil {
		return model.Session{}, err
	}
	var err error
	if s.ID, err = tx.SessionCreate(ctx, &s); err != nil {
		return model.Session{}, err
	}
	if err := facilitator.Enqueue(ctx, tx, s); err != nil {
		return model.Session{}, err
	}
	d.Sessions = append(d.Sessions, s)
	if d.Gathering.Status == model.StatusDraft {
		return s, nil
	}
	if s.Announce {
		if err := gs.announceSession(ctx, tx, d, s); err != nil {
			return model.Session{}, err
		}
	}
	return s, gs.sendGatheringUpdateAt(ctx, tx, d, now)
}

// announceSession sends followers a session of a published gathering as a
// post of its own, as publishing does for the sessions announced then.
func (gs *Service) announceSession(ctx context.Context, tx store.Tx, d *GatheringDetail, s model.Session) error {
	return gs.sendSessionPost(ctx, tx, d, s, "Create")
}

// checkClash refuses s if its room holds another session at that time.
func checkClash(d *GatheringDetail, s model.Session) error {
	if s.RoomID == nil {
		return nil
	}
	for _, other := range d.Sessions {
		if other.ID != s.ID && other.RoomID != nil && *other.RoomID == *s.RoomID &&
			s.StartsAt.Before(other.EndsAt) && other.StartsAt.Before(s.EndsAt) {
			return apperr.Invalid("room", "%s already holds %q then", event.RoomOf(d.Gathering, s).Name, other.Title)
		}
	}
	return nil
}

// sendGatheringUpdate stamps the gathering as changed and sends followers,
// and extra inboxes, an Update of its Event.
func (gs *Service) sendGatheringUpdate(ctx context.Context, tx store.Tx, d *GatheringDetail, extra ...string) error {
	return gs.sendGatheringUpdateAt(ctx, tx, d, gs.editTime(d.Gathering.UpdatedAt, event.PublishedAt(d.Gathering)), extra...)
}

// sendGatheringUpdateAt is sendGatheringUpdate with the edit stamped at.
func (gs *Service) sendGatheringUpdateAt(ctx context.Context, tx store.Tx, d *GatheringDetail, at time.Time, extra ...string) error {
	g := d.Gathering
	g.UpdatedAt = at
	updated, err := tx.GatheringUpdate(ctx, &g, g.Version)
	if err != nil {
		return err
	}
	d.Gathering = updated
	event, err := event.Gathering(gs.urls, d.Actor, updated, d.Sessions)
	if err != nil {
		return err
	}
	if err := gs.sendEvent(ctx, tx, d.Actor, "Update", event, extra); err != nil {
		return err
	}
	// A session added, moved or gone changes the slots.
	return gs.polls.SyncSlots(ctx, tx, d.Actor, event, updated, d.Sessions, false, gs.now())
}

// sessionInput is the inverse of sessionFromInput, for patches.
func sessionInput(g model.Gathering, s model.Session) input.SessionInput {
	loc, err := time.LoadLocation(g.Timezone)
	if err != nil {
		loc = time.UTC
	}
	const local = "2006-01-02T15:04:05"
	in := input.SessionInput{Title: s.Title, Description: s.Description, Kind: string(s.Kind),
		StartsAt: s.StartsAt.In(loc).Format(local), EndsAt: s.EndsAt.In(loc).Format(local),
		Capacity: s.Capacity, Announce: s.Announce}
	if r := event.RoomOf(g, s); r.Name != "" {
		in.Room = &r.Name
	}
	if t := event.TrackOf(g, s); t.Name != "" {
		in.Track = &t.Name
	}
	for _, f := range s.Facilitators {
		if f.Handle != "" {
			in.Facilitators = append(in.Facilitators, f.Handle)
		} else {
			in.Facilitators = append(in.Facilitators, f.Name)
		}
	}
	return in
}

// SessionDetail returns a session with its gathering, for its organisers.
func (gs *Service) SessionDetail(ctx context.Context, id int64) (GatheringDetail, model.Session, error) {
	d, s, err := gs.sessionDetail(ctx, id)
	if err != nil {
		return GatheringDetail{}, model.Session{}, err
	}
	if err := gs.acct.Authorize(ctx, d.Actor, account.Read); err != nil {
		return GatheringDetail{}, model.Session{}, err
	}
	return d, s, nil
}

// sessionDetail is SessionDetail for anyone, as gatheringDetail.
func (gs *Service) sessionDetail(ctx context.Context, id int64) (GatheringDetail, model.Session, error) {
	s, err := gs.store.SessionGet(ctx, id)
	if err != nil {
		return GatheringDetail{}, model.Session{}, err
	}
	d, err := gs.gatheringDetail(ctx, s.GatheringID)
	return d, s, err
}

// UpdateSession applies patch (fields of input.SessionInput) to a session. If
// the gathering is public, followers get an Update of the session, and a
// Note when its time or room changed.
func (gs *Service) UpdateSession(ctx context.Context, id int64, patch []byte, expectedVersion int) (EventRef, error) {
	current, err := gs.store.SessionGet(ctx, id)
	if err != nil {
		return EventRef{}, err
	}
	if err := gs.acct.AuthorizeGathering(ctx, current.GatheringID, account.Write); err != nil {
		return EventRef{}, err
	}
	g, err := gs.store.GatheringGet(ctx, current.GatheringID)
	if err != nil {
		return EventRef{}, err
	}
	in := sessionInput(g, current)
	if err := input.DecodeStrict(patch, &in); err != nil {
		return EventRef{}, err
	}
	return gs.SaveSession(ctx, id, &in, expectedVersion)
}

// SaveSession replaces a session's details with in.
func (gs *Service) SaveSession(ctx context.Context, id int64, in *input.SessionInput, expectedVersion int) (EventRef, error) {
	current, err := gs.store.SessionGet(ctx, id)
	if err != nil {
		return EventRef{}, err
	}
	if err := gs.acct.AuthorizeGathering(ctx, current.GatheringID, account.Write); err != nil {
		return EventRef{}, err
	}
	facilitators, warnings, err := gs.facilitators.Resolve(ctx, "facilitators", in.Facilitators, current.Facilitators...)
	if err != nil {
		return EventRef{}, err
	}
	ref := EventRef{ID: id, URL: gs.urls.Session(id), APID: gs.urls.Session(id), Warnings: warnings}
	_, err = gs.changeGathering(ctx, current.GatheringID, 0, func(tx store.Tx, d *GatheringDetail) error {
		return gs.saveSessionIn(ctx, tx, d, id, in, facilitators, expectedVersion)
	})
	return ref, err
}

// saveSessionIn is SaveSession's work in tx, on d loaded there, with the
// facilitators resolved: the session changed and, if the gathering is
// public, the change sent and told.
func (gs *Service) saveSessionIn(ctx context.Context, tx store.Tx, d *GatheringDetail, id int64, in *input.SessionInput, facilitators []model.Facilitator, expectedVersion int) error {
	before, ok := findSession(d.Sessions, id)
	if !ok {
		return fmt.Errorf("session %d: %w", id, store.ErrNotFound)
	}
	if err := notCancelled(d.Gathering); err != nil {
		return err
	}
	if expectedVersion != 0 && before.Version != expectedVersion {
		return fmt.Errorf("session %d: %w", id, store.ErrStale)
	}
	s := before
	s.Facilitators = facilitators
	if err := input.Session("session", in, &d.Gathering, &s); err != nil {
		return err
	}
	if err := checkClash(d, s); err != nil {
		return err
	}
	s.UpdatedAt = gs.editTime(before.UpdatedAt, d.Gathering.UpdatedAt, event.PublishedAt(d.Gathering))
	public := d.Gathering.Status != model.StatusDraft
	// Marked to be announced now: a new post to followers, not an edit.
	announcing := public && s.Announce && !before.Announce
	if announcing && s.AnnouncedAt == nil {
		at := s.UpdatedAt
		s.AnnouncedAt = &at
	}
	updated, err := tx.SessionUpdate(ctx, &s, before.Version)
	if err != nil {
		return err
	}
	if err := facilitator.Enqueue(ctx, tx, updated); err != nil {
		return err
	}
	if !public {
		return nil
	}
	for i := range d.Sessions {
		if d.Sessions[i].ID == id {
			d.Sessions[i] = updated
		}
	}
	// The gathering's post names its sessions: a change of this one's
	// line there edits it too, with the session's stamp.
	if scheduleLineChanged(d.Gathering, before, updated) {
		if err := gs.sendGatheringUpdateAt(ctx, tx, d, updated.UpdatedAt); err != nil {
			return err
		}
	}
	if announcing {
		return gs.announceSession(ctx, tx, d, updated)
	}
	se, err := event.Session(gs.urls, d.Actor, d.Gathering, updated)
	if err != nil {
		return err
	}
	change := describeSessionChange(d.Gathering, before, updated, se)
	// Those who answered hold the post they answered: it changes for
	// them too when the change is worth a note.
	var answered []string
	if change != "" {
		if answered, err = answerInboxes(ctx, tx, d.Gathering.ID, &id); err != nil {
			return err
		}
	}
	if err := gs.sendSessionPost(ctx, tx, d, updated, "Update", answered...); err != nil {
		return err
	}
	if change != "" {
		return gs.notices.Announce(ctx, tx, d.Actor, notice.Notice{Text: change}, se)
	}
	return nil
}

// scheduleLineChanged reports whether the gathering's post would list the
// session differently: its time, title or room changed.
func scheduleLineChanged(g model.Gathering, before, after model.Session) bool {
	return !before.StartsAt.Equal(after.StartsAt) || !before.EndsAt.Equal(after.EndsAt) ||
		before.Title != after.Title || event.RoomOf(g, before).Name != event.RoomOf(g, after).Name
}

func findSession(sessions []model.Session, id int64) (model.Session, bool) {
	for _, s := range sessions {
		if s.ID == id {
			return s, true
		}
	}
	return model.Session{}, false
}

// describeSessionChange says what about a session's time or room changed,
// with its time and place as they are now (e, its Event after the change).
func describeSessionChange(g model.Gathering, before, after model.Session, e asevent.Event) string {
	when, where := asevent.EventWhen(e), asevent.EventWhere(e)
	var change string
	switch {
	case !before.StartsAt.Equal(after.StartsAt) || !before.EndsAt.Equal(after.EndsAt):
		change = fmt.Sprintf("New time: %s is now %s · %s.", after.Title, when, where)
	case event.RoomOf(g, before).Name != event.RoomOf(g, after).Name:
		if event.RoomOf(g, after).Name == "" {
			change = fmt.Sprintf("Room change: %s no longer has a set room · %s · %s.", after.Title, when, where)
		} else {
			change = fmt.Sprintf("Room change: %s is now in %s · %s.", after.Title, where, when)
		}
	}
	// Only an announced session's name is in people's timelines.
	if after.Announce {
		change = withRename(before.Title, after.Title, when, where, change)
	}
	return change
}

// DeleteSession deletes a session; if the gathering is public, the
// session's Event, its poll and its notes are deleted where they were
// sent, followers get an Update of the gathering, and those ids answer
// 410 from then on.
func (gs *Service) DeleteSession(ctx context.Context, id int64) error {
	current, err := gs.store.SessionGet(ctx, id)
	if err != nil {
		return err
	}
	_, err = gs.changeGathering(ctx, current.GatheringID, 0, func(tx store.Tx, d *GatheringDetail) error {
		session, ok := findSession(d.Sessions, id)
		if !ok {
			return fmt.Errorf("session %d: %w", id, store.ErrNotFound)
		}
		public := d.Gathering.Status != model.StatusDraft
		extra, err := answerInboxes(ctx, tx, d.Gathering.ID, &id)
		if err != nil {
			return err
		}
		if err := gs.retractEvent(ctx, tx, d.Actor, gs.urls.Session(id), public, append(extra, mentionInboxes(session)...)); err != nil {
			return err
		}
		if err := tx.SessionDelete(ctx, id); err != nil {
			return err
		}
		remaining := d.Sessions[:0]
		for _, s := range d.Sessions {
			if s.ID != id {
				remaining = append(remaining, s)
			}
		}
		d.Sessions = remaining
		if !public {
			return nil
		}
		return gs.sendGatheringUpdate(ctx, tx, d)
	})
	return err
}

// sendSessionPost sends followers (and extra inboxes, and the
// facilitators it mentions) an announced session's one post, as Create
// or Update. With RSVP polls on, that post is the session's Question,
// which carries the session's title, time, place and description; its
// Event is then never sent as a Create of its own (two posts per session
// flooded timelines, issue 13.7), but it is fetchable at its id and
// listed in the gathering's subEvent, where event-aware servers find it.
// With polls off, the post is the Event. An Update sends followers the
// Event too, in both cases: a server that fetched it gets the change, and
// one that never had it drops an Update of something it does not know,
// which is simpler than tracking who fetched what. extra (the people who
// answered) get the Update of the post only, the one they answered.
func (gs *Service) sendSessionPost(ctx context.Context, tx store.Tx, d *GatheringDetail, s model.Session, typ string, extra ...string) error {
	se, err := event.Session(gs.urls, d.Actor, d.Gathering, s)
	if err != nil {
		return err
	}
	mentioned := mentionInboxes(s)
	if !poll.Has(d.Gathering, &s) {
		return gs.sendEvent(ctx, tx, d.Actor, typ, se, append(mentioned, extra...))
	}
	if typ == "Update" {
		if err := gs.sendEvent(ctx, tx, d.Actor, typ, se, mentioned); err != nil {
			return err
		}
	}
	return gs.polls.Send(ctx, tx, d.Actor, typ, se, d.Gathering.ID, &s.ID, append(mentioned, extra...)...)
}

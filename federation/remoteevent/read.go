package remoteevent

import (
	"errors"
	"fmt"

	"github.com/gather-coop/gather/federation/jsonvalue"

	"github.com/gather-coop/gather/federation"
)

// Action is what an incoming activity asks of the network calendar.
type Action int

// The actions.
const (
	// Upsert: store Event, or replace the stored copy when this one is
	// newer (Event.Version).
	Upsert Action = iota + 1
	// Delete: remove the event DeletedID (and its sessions).
	Delete
)

// Incoming is an activity about an event, read.
type Incoming struct {
	// ActivityID, Type and Actor are the activity's.
	ActivityID, Type, Actor string
	Action                  Action
	// Event is set for Upsert. Its source is Event.AttributedTo, not
	// Actor: for an Announce, Actor is who shared it; for Mobilizon's
	// Update, a member of the group that publishes it.
	Event Event
	// DeletedID is the deleted object's IRI, for Delete; it is on Actor's
	// origin. Actor need not be the event's publisher (a Mobilizon group's
	// events are changed and deleted by its members), so the caller finds
	// the stored event by DeletedID and deletes it from its own source,
	// once that source's actor is on Actor's origin too.
	DeletedID string
}

// Read reads an activity from an inbox, as far as the network calendar
// cares: a Create or Update of an Event, an Announce of one, or a Delete
// of one (by IRI, as a Tombstone or as the Event itself, which Gancio
// sends). It accepts each server's shapes (see the package doc).
//
// Errors: ErrNotEvent for anything else (a Note, a Follow…), which the
// caller hands to whoever reads those; a *FetchError when the object was
// named by IRI or sent by an actor of another origin, which the caller
// fetches from its id; federation.ErrForeignID for a Delete of another
// origin's object; federation.ErrMalformed for what cannot be read.
func Read(body []byte) (Incoming, error) {
	a, err := federation.DecodeActivity(body)
	if err != nil {
		return Incoming{}, fmt.Errorf("read event activity: %w", err)
	}
	in := Incoming{ActivityID: a.ID, Type: a.Type, Actor: a.Actor}
	if !federation.SameOrigin(a.ID, a.Actor) {
		return Incoming{}, fmt.Errorf("read %s %s: %w", a.Type, a.ID, federation.ErrForeignID)
	}
	obj := a.Object
	switch a.Type {
	case "Create", "Update", "Announce":
		if obj.IsZero() {
			return Incoming{}, fmt.Errorf("read %s %s: %w: no object", a.Type, a.ID, federation.ErrMalformed)
		}
		if obj.IsEmbedded() && obj.Type != "Event" {
			return Incoming{}, fmt.Errorf("read %s %s of a %s: %w", a.Type, a.ID, obj.Type, ErrNotEvent)
		}
		if !obj.IsEmbedded() {
			return Incoming{}, &FetchError{ID: obj.ID, Reason: a.Type + " names it by IRI only"}
		}
		if !federation.SameOrigin(obj.ID, a.Actor) {
			return Incoming{}, &FetchError{ID: obj.ID, Reason: a.Type + " by " + a.Actor + ", on another server"}
		}
		e, err := parseEvent(obj.Raw, a.Actor)
		if err != nil {
			return Incoming{}, fmt.Errorf("read %s %s: %w", a.Type, a.ID, err)
		}
		if a.Type != "Announce" && !federation.SameOrigin(e.AttributedTo, a.Actor) {
			return Incoming{}, fmt.Errorf("read %s %s of %s by %s: %w", a.Type, a.ID, e.ID, e.AttributedTo, federation.ErrForeignID)
		}
		in.Action, in.Event = Upsert, e
		return in, nil
	case "Delete":
		if obj.ID == "" {
			return Incoming{}, fmt.Errorf("read Delete %s: %w: no object id", a.ID, federation.ErrMalformed)
		}
		if obj.IsEmbedded() {
			if err := deletedEvent(obj); err != nil {
				return Incoming{}, fmt.Errorf("read Delete %s: %w", a.ID, err)
			}
		}
		if !federation.SameOrigin(obj.ID, a.Actor) {
			return Incoming{}, fmt.Errorf("read Delete %s of %s by %s: %w", a.ID, obj.ID, a.Actor, federation.ErrForeignID)
		}
		in.Action, in.DeletedID = Delete, obj.ID
		return in, nil
	}
	return Incoming{}, fmt.Errorf("read %s %s: %w", a.Type, a.ID, ErrNotEvent)
}

// deletedEvent checks that an embedded deleted object was an Event: the
// Event itself, or a Tombstone whose formerType is Event or not given.
func deletedEvent(obj federation.ObjectRef) error {
	switch obj.Type {
	case "Event":
		return nil
	case "Tombstone":
		o, err := jsonvalue.Decode(obj.Raw)
		if err != nil {
			return err
		}
		if ft := jsonvalue.FirstString(o["formerType"]); ft == "" || ft == "Event" {
			return nil
		}
		return fmt.Errorf("tombstone of a %s: %w", jsonvalue.FirstString(o["formerType"]), ErrNotEvent)
	}
	return fmt.Errorf("delete of a %s: %w", obj.Type, ErrNotEvent)
}

// IsFetch reports whether err asks the caller to fetch an object from its
// origin, and which.
func IsFetch(err error) (id string, ok bool) {
	var fe *FetchError
	if errors.As(err, &fe) {
		return fe.ID, true
	}
	return "", false
}

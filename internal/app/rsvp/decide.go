package rsvp

import (
	"fmt"

	"github.com/gather-coop/gather/internal/model"
)

// rsvpDecision is what an answer does to the person's answer in place.
type rsvpDecision struct {
	keep   bool             // nothing changes: the answer stands as it is (or there is none to withdraw)
	remove bool             // the answer is withdrawn
	status model.RSVPStatus // otherwise, the status to save
}

// decideRSVP is the capacity decision of App.RSVP, apart from the store:
// what intent does, given the person's current status (nil: no answer
// yet), the event's capacity (nil: no limit) and how many are going now.
// Asking again to go while going or waitlisted changes nothing (it keeps a
// waitlisted place in the queue); going when the places are taken is a
// place on the waitlist.
func decideRSVP(intent Intent, current *model.RSVPStatus, capacity *int, going int) (rsvpDecision, error) {
	if intent == IntentWithdraw {
		return rsvpDecision{keep: current == nil, remove: current != nil}, nil
	}
	status := map[Intent]model.RSVPStatus{IntentGoing: model.RSVPGoing, IntentMaybe: model.RSVPMaybe, IntentNotGoing: model.RSVPNotGoing}[intent]
	if status == "" {
		return rsvpDecision{}, fmt.Errorf("RSVP with no intent")
	}
	switch {
	case current != nil && status == model.RSVPGoing && (*current == model.RSVPGoing || *current == model.RSVPWaitlisted):
		return rsvpDecision{keep: true}, nil
	case current != nil && *current == status:
		return rsvpDecision{keep: true}, nil
	case status == model.RSVPGoing && capacity != nil && going >= *capacity:
		return rsvpDecision{status: model.RSVPWaitlisted}, nil
	}
	return rsvpDecision{status: status}, nil
}

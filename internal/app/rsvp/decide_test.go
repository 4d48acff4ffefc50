package rsvp

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/internal/model"
)

func TestDecideRSVP(t *testing.T) {
	t.Parallel()
	st := func(s model.RSVPStatus) *model.RSVPStatus { return &s }
	places := func(n int) *int { return &n }
	keep := rsvpDecision{keep: true}
	save := func(s model.RSVPStatus) rsvpDecision { return rsvpDecision{status: s} }
	for _, tc := range []struct {
		name     string
		intent   Intent
		current  *model.RSVPStatus
		capacity *int
		going    int
		want     rsvpDecision
	}{
		{"first answer, no limit", IntentGoing, nil, nil, 500, save(model.RSVPGoing)},
		{"first answer, a place left", IntentGoing, nil, places(10), 9, save(model.RSVPGoing)},
		{"first answer, full", IntentGoing, nil, places(10), 10, save(model.RSVPWaitlisted)},
		{"first answer, over full (capacity lowered)", IntentGoing, nil, places(5), 8, save(model.RSVPWaitlisted)},
		{"no places at all", IntentGoing, nil, places(0), 0, save(model.RSVPWaitlisted)},
		{"maybe ignores the limit", IntentMaybe, nil, places(10), 10, save(model.RSVPMaybe)},
		{"not going ignores the limit", IntentNotGoing, nil, places(10), 10, save(model.RSVPNotGoing)},
		{"going again while going", IntentGoing, st(model.RSVPGoing), places(10), 10, keep},
		{"going again while waitlisted keeps the place in the queue", IntentGoing, st(model.RSVPWaitlisted), places(10), 3, keep},
		{"maybe again", IntentMaybe, st(model.RSVPMaybe), nil, 0, keep},
		{"from maybe to going, full", IntentGoing, st(model.RSVPMaybe), places(2), 2, save(model.RSVPWaitlisted)},
		{"from maybe to going, room", IntentGoing, st(model.RSVPMaybe), places(2), 1, save(model.RSVPGoing)},
		{"from going to not going", IntentNotGoing, st(model.RSVPGoing), places(2), 2, save(model.RSVPNotGoing)},
		{"from waitlisted to maybe", IntentMaybe, st(model.RSVPWaitlisted), places(2), 2, save(model.RSVPMaybe)},
		{"withdraw an answer", IntentWithdraw, st(model.RSVPGoing), places(2), 2, rsvpDecision{remove: true}},
		{"withdraw with no answer", IntentWithdraw, nil, nil, 0, keep},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := decideRSVP(tc.intent, tc.current, tc.capacity, tc.going)
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
		})
	}
	_, err := decideRSVP(IntentNone, nil, nil, 0)
	require.Error(t, err, "an answer with no intent is refused")
}

package rsvp

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/gather-coop/gather/internal/model"
)

// TestReplyTime: a confirmation is never dated before the answer it
// replies to, unless the answer's date says nothing (unknown, or further
// ahead than any clock is believed to run).
func TestReplyTime(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 3, 27, 13, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name       string
		answeredAt time.Time
		want       time.Time
	}{
		{"unknown", time.Time{}, now},
		{"written before", now.Add(-time.Hour), now},
		{"written now", now, now},
		{"their clock a little ahead", now.Add(10 * time.Second), now.Add(10*time.Second + time.Millisecond)},
		{"ahead by the most believed", now.Add(maxClockLead), now.Add(maxClockLead + time.Millisecond)},
		{"ahead by more", now.Add(maxClockLead + time.Second), now},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, replyTime(now, tc.answeredAt))
		})
	}
}

// TestWaitlistPlaces: each event's line is numbered on its own, in the
// order people joined it (then by id), and only waiting answers have a
// place.
func TestWaitlistPlaces(t *testing.T) {
	t.Parallel()
	at := func(min int) *time.Time {
		v := time.Date(2026, 3, 27, 12, min, 0, 0, time.UTC)
		return &v
	}
	session := int64(7)
	rsvps := []model.RSVP{
		{ID: 1, Status: model.RSVPGoing},
		{ID: 2, Status: model.RSVPWaitlisted, WaitlistedAt: at(30)},
		{ID: 3, Status: model.RSVPWaitlisted, WaitlistedAt: at(10)},
		{ID: 4, Status: model.RSVPWaitlisted, WaitlistedAt: at(10)},
		{ID: 5, Status: model.RSVPWaitlisted, WaitlistedAt: at(20), SessionID: &session},
		{ID: 6, Status: model.RSVPWaitlisted, WaitlistedAt: at(5), SessionID: &session},
		{ID: 8, Status: model.RSVPMaybe, SessionID: &session},
	}
	assert.Equal(t, map[int64]int{3: 1, 4: 2, 2: 3, 6: 1, 5: 2}, waitlistPlaces(rsvps))
}

package inbox

import (
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/gather-coop/gather/federation"
)

// TestRouteOf is the inbox's dispatch table: which handler each kind of
// activity a server sends us reaches.
func TestRouteOf(t *testing.T) {
	t.Parallel()
	const alice = "https://social.example/users/alice"
	act := func(typ, objType, objID string) *federation.Activity {
		return &federation.Activity{ID: alice + "/activities/1", Type: typ, Actor: alice,
			Object: federation.ObjectRef{ID: objID, Type: objType}}
	}
	for _, tc := range []struct {
		name string
		act  *federation.Activity
		want inboxRoute
	}{
		{"a follow", act("Follow", "", "https://events.example/actors/coop"), routeFollow},
		{"an undone follow", act("Undo", "Follow", alice+"/follows/1"), routeUndo},
		{"a reply", act("Create", "Note", alice+"/statuses/1"), routeCreate},
		{"a poll vote", act("Create", "Note", alice+"/votes/1"), routeCreate},
		{"an edited reply", act("Update", "Note", alice+"/statuses/1"), routeEditedPost},
		{"an edited article", act("Update", "Article", alice+"/statuses/1"), routeEditedPost},
		{"an edited chat message", act("Update", "ChatMessage", alice+"/statuses/1"), routeEditedPost},
		{"a profile update", act("Update", "Person", alice), routeUpdate},
		{"an account deleting itself", act("Delete", "", alice), routeDeleteActor},
		{"a deleted reply", act("Delete", "Tombstone", alice+"/statuses/1"), routeDeletePost},
		{"a Mobilizon join", act("Join", "", "https://events.example/gatherings/1"), routeParticipation},
		{"a Mobilizon leave", act("Leave", "", "https://events.example/gatherings/1"), routeParticipation},
		{"an accepted invitation", act("Accept", "", "https://events.example/gatherings/1"), routeParticipation},
		{"a tentative accept", act("TentativeAccept", "", "https://events.example/gatherings/1"), routeParticipation},
		{"a reject", act("Reject", "", "https://events.example/gatherings/1"), routeParticipation},
		{"a report", act("Flag", "", "https://events.example/actors/coop"), routeFlag},
		{"a favourite", act("Like", "", "https://events.example/gatherings/1"), routeIgnored},
		{"a boost", act("Announce", "", "https://events.example/gatherings/1"), routeIgnored},
		{"a move", act("Move", "", alice), routeUnknown},
		{"an unknown type", act("Wave", "", ""), routeUnknown},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			assert.Equal(t, tc.want, routeOf(tc.act))
		})
	}
}

// TestNetworkGoesFirst: the network room is offered each activity before
// the table; what it takes goes no further, what it leaves is routed as
// ever, and its failure is the activity's (retried).
func TestNetworkGoesFirst(t *testing.T) {
	t.Parallel()
	like := &federation.Activity{ID: "https://b.example/a/1", Type: "Like", Actor: "https://b.example/actors/coop",
		Object: federation.ObjectRef{ID: "https://events.example/gatherings/1"}}
	offered := 0
	s := &Service{network: func(_ context.Context, act *federation.Activity) (bool, error) {
		offered++
		return act.ID == "https://b.example/a/taken", nil
	}}
	var skipped *skipError
	assert.ErrorAs(t, s.dispatch(t.Context(), like), &skipped, "left by the network: routed as a Like")
	taken := *like
	taken.ID = "https://b.example/a/taken"
	assert.NoError(t, s.dispatch(t.Context(), &taken), "taken by the network")
	assert.Equal(t, 2, offered)

	failing := &Service{network: func(context.Context, *federation.Activity) (bool, error) { return false, errors.New("db down") }}
	assert.EqualError(t, failing.dispatch(t.Context(), like), "db down")
}

package inbox

import (
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

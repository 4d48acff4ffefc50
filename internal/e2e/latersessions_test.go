package e2e_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/federation/fedtest"
	"github.com/gather-coop/gather/internal/server/servertest"
)

// afterSecond waits until the wall clock has left the second of an
// xsd:dateTime: published is kept to the second, so only then can a later
// post carry a later time.
func afterSecond(t *testing.T, published string) {
	t.Helper()
	at, err := time.Parse(time.RFC3339, published)
	require.NoError(t, err)
	require.Eventually(t, func() bool { return time.Now().Truncate(time.Second).After(at) }, wait, 20*time.Millisecond)
}

// TestSessionsAnnouncedLaterArriveOnTop (issue 13.4): a GoToSocial
// follower gets a session added to a published gathering, and one marked
// to be announced after publishing, published at that time (so at the top
// of the timeline, not where the gathering's post is) and not "(edited)",
// each as its RSVP poll (its one post) like the sessions announced at
// publish time.
func TestSessionsAnnouncedLaterArriveOnTop(t *testing.T) {
	t.Parallel()
	for _, db := range servertest.Databases {
		t.Run(db, func(t *testing.T) {
			t.Parallel()
			gather := servertest.Start(t, db)
			tok := token(t, gather)
			gts, _ := followedBy(t, gather, fedtest.GoToSocial, "alice", "/actors/events/inbox")

			var created ref
			require.Equal(t, http.StatusCreated, apiCall(t, http.MethodPost, gather.Base+"/api/v1/gatherings?publish=true", tok, exampleWithFacilitators(t), &created))
			createOf := func(id string) map[string]any {
				t.Helper()
				return object(t, gts.WaitForDelivery(t, func(d fedtest.Delivery) bool {
					return d.Activity.Type == "Create" && d.Activity.Object.ID == id
				}, wait))
			}
			gatheringPublished := createOf(created.APID)["published"].(string)

			requireOnTop := func(what, id, after string) string {
				t.Helper()
				// Its one post is its poll (issue 13.7).
				poll := createOf(id + "/poll")
				require.Equal(t, "Question", poll["type"], what)
				published := poll["published"].(string)
				require.Greater(t, published, after, "%s: published when announced, not with the gathering", what)
				require.NotContains(t, poll, "updated", "%s: new, not \"(edited)\"", what)
				readsAbout(t, what+"'s poll on GoToSocial", asGoToSocial(poll).All(), "Coming to", "Sat 27 Mar 2027", "Small room")
				var fetched map[string]any
				getJSON(t, id, &fetched)
				require.Equal(t, published, fetched["published"], "%s: its Event, at its id, is as new as its post, for ever", what)
				require.NotContains(t, fetched, "updated", what)
				return published
			}

			// Added to the published gathering.
			afterSecond(t, gatheringPublished)
			var added struct {
				ID   int64  `json:"id"`
				APID string `json:"ap_id"`
			}
			require.Equal(t, http.StatusCreated, apiCall(t, http.MethodPost, gather.Base+"/api/v1/gatherings/"+itoa(created.ID)+"/sessions", tok,
				[]byte(`{"title": "Co-op accounting clinic", "kind": "workshop", "room": "Small room", "announce": true,
					"starts_at": "2027-03-27T15:00:00", "ends_at": "2027-03-27T15:30:00"}`), &added))
			addedPublished := requireOnTop("the added session", added.APID, gatheringPublished)

			// Listed at publication, announced later.
			afterSecond(t, addedPublished)
			later := created.Sessions[2] // Using big tech platforms, Small room, not announced
			require.Equal(t, http.StatusOK, apiCall(t, http.MethodPatch, gather.Base+"/api/v1/sessions/"+itoa(later.ID), tok, []byte(`{"announce": true}`), nil))
			requireOnTop("the session announced later", later.APID, addedPublished)
			for _, d := range gts.Deliveries() {
				require.False(t, d.Activity.Type == "Update" && d.Activity.Object.ID == later.APID,
					"a session announced later arrives as new, not as an edit of something never seen")
			}
		})
	}
}

// TestRenameIsTold (issue 13.5): renaming the gathering, or an announced
// session, sends followers one note naming the old and new titles with
// the time and place, like a change of time; a rename with a move is one
// note too.
func TestRenameIsTold(t *testing.T) {
	t.Parallel()
	for _, db := range servertest.Databases {
		t.Run(db, func(t *testing.T) {
			t.Parallel()
			gather := servertest.Start(t, db)
			tok := token(t, gather)
			gts, _ := followedBy(t, gather, fedtest.GoToSocial, "alice", "/actors/events/inbox")

			var created ref
			require.Equal(t, http.StatusCreated, apiCall(t, http.MethodPost, gather.Base+"/api/v1/gatherings?publish=true", tok, exampleAnnounced(t), &created))
			session := created.Sessions[1] // How we're really doing, announced
			isNote := func(d fedtest.Delivery, contains string) bool {
				return d.Activity.Type == "Create" && d.Activity.Object.Type == "Note" && strings.Contains(string(d.Activity.Object.Raw), contains)
			}
			note := func(contains string) shownPost {
				t.Helper()
				return asGoToSocial(object(t, gts.WaitForDelivery(t, func(d fedtest.Delivery) bool { return isNote(d, contains) }, wait)))
			}

			require.Equal(t, http.StatusOK, apiCall(t, http.MethodPatch, gather.Base+"/api/v1/gatherings/"+itoa(created.ID), tok,
				[]byte(`{"title": "Tech co-op spring gathering"}`), nil))
			readsAbout(t, "the note of the gathering's rename", note("Tech co-op spring gathering").All(),
				"Renamed", "Tech co-op network gathering", "Tech co-op spring gathering", "Sat 27 Mar 2027", "10:00", "GMT", "Co-op workspace")

			require.Equal(t, http.StatusOK, apiCall(t, http.MethodPatch, gather.Base+"/api/v1/sessions/"+itoa(session.ID), tok,
				[]byte(`{"title": "How we are doing, honestly", "room": "Lobby and kitchen"}`), nil))
			shown := note("How we are doing, honestly").All()
			readsAbout(t, "the note of the session's rename and move", shown,
				"Renamed", "How we're really doing", "How we are doing, honestly", "Room change", "Lobby and kitchen", "10:30")

			// A later change, once delivered, shows nothing more was sent.
			require.Equal(t, http.StatusOK, apiCall(t, http.MethodPatch, gather.Base+"/api/v1/sessions/"+itoa(session.ID), tok,
				[]byte(`{"room": "Main room"}`), nil))
			note("is now in Main room")
			notes := map[string]int{}
			for _, d := range gts.Deliveries() {
				if isNote(d, "Renamed") {
					notes[asGoToSocial(object(t, d)).All()]++
				}
			}
			require.Len(t, notes, 2, "one note per rename: %v", notes)
			for text, n := range notes {
				require.Equal(t, 1, n, "sent once: %s", text)
			}
		})
	}
}

package e2e_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/federation/fedtest"
	"github.com/gather-coop/gather/internal/server/servertest"
)

// status is the answer to an ActivityStreams GET of url.
func status(t *testing.T, url string) int {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	require.NoError(t, err)
	req.Header.Set("Accept", "application/activity+json")
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	return resp.StatusCode
}

// tombstone is the object of a Delete as it arrived.
type tombstone struct {
	ID, Type, FormerType string
}

func deletedObjects(remote *fedtest.Server) map[string]tombstone {
	out := map[string]tombstone{}
	for _, d := range remote.Deliveries() {
		if d.Activity.Type != "Delete" {
			continue
		}
		var tomb tombstone
		if json.Unmarshal(d.Activity.Object.Raw, &tomb) == nil {
			out[tomb.ID] = tomb
		}
	}
	return out
}

// TestDeletingAGatheringTakesEverythingWithIt: the gathering's and its
// sessions' Events, their RSVP polls, the change notes and the
// confirmations are deleted where they were sent, each as an embedded
// Tombstone (what Gancio needs), and every id answers 410 afterwards.
func TestDeletingAGatheringTakesEverythingWithIt(t *testing.T) {
	t.Parallel()
	for _, db := range servertest.Databases {
		t.Run(db, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			gather := servertest.Start(t, db)
			coop := gather.Base + "/actors/events"
			masto := fedtest.NewServer(t, fedtest.Mastodon)
			alice := masto.AddActor("alice") // follows
			gts := fedtest.NewServer(t, fedtest.GoToSocial)
			bob := gts.AddActor("bob") // only replies
			_, err := alice.Follow(ctx, coop, gather.Base+"/inbox")
			require.NoError(t, err)
			masto.WaitForDelivery(t, fedtest.OfType("Accept"), wait)

			gathering, workshop := smallGathering(t, gather, 10)
			_, gid, _ := gather.App.URLs().EventOf(gathering)
			detail, err := gather.App.GatheringDetail(ctx, gid)
			require.NoError(t, err)
			for _, id := range []string{gathering, gathering + "/poll", workshop + "/poll"} {
				masto.WaitForDelivery(t, func(d fedtest.Delivery) bool {
					return d.Activity.Type == "Create" && d.Activity.Object.ID == id
				}, wait)
			}

			// bob says he is going and is confirmed; a change of time is
			// told to alice (a public note) and bob (a note to him).
			resp, err := bob.Post(ctx, gather.Base+"/inbox", bob.Reply(gathering, coop, "@events@"+gather.App.URLs().Host(), "I'm going!", fedtest.Public))
			require.NoError(t, err)
			require.Equal(t, http.StatusAccepted, resp.Status)
			confirmation := gts.WaitForDelivery(t, func(d fedtest.Delivery) bool {
				return d.Activity.Type == "Create" && strings.Contains(d.Activity.Object.ID, "/notes/") &&
					!strings.Contains(string(d.Activity.Object.Raw), "New time")
			}, wait)
			_, err = gather.App.UpdateGathering(ctx, gid, []byte(`{"starts_at": "2027-04-10T09:30"}`), 0)
			require.NoError(t, err)
			change := masto.WaitForDelivery(t, func(d fedtest.Delivery) bool {
				return d.Activity.Type == "Create" && strings.Contains(string(d.Activity.Object.Raw), "New time")
			}, wait)
			require.Equal(t, http.StatusOK, status(t, change.Activity.Object.ID), "a change note answers at its id")
			told := gts.WaitForDelivery(t, func(d fedtest.Delivery) bool {
				return d.Activity.Type == "Create" && strings.Contains(string(d.Activity.Object.Raw), "New time")
			}, wait)
			require.NotEqual(t, change.Activity.Object.ID, told.Activity.Object.ID, "bob's is his own")

			require.NoError(t, gather.App.DeleteGathering(ctx, gid))

			want := map[string]string{gathering: "Event", gathering + "/poll": "Question", workshop: "Event",
				workshop + "/poll": "Question", change.Activity.Object.ID: "Note"}
			waitFor(t, "alice's server gets every Delete", func() bool { return len(deletedObjects(masto)) >= len(want) })
			got := deletedObjects(masto)
			for id, formerType := range want {
				require.Equal(t, tombstone{ID: id, Type: "Tombstone", FormerType: formerType}, got[id], id)
			}
			require.NotContains(t, got, confirmation.Activity.Object.ID, "bob's confirmation is his alone")
			require.Len(t, got, len(want), "nothing else")

			// bob is told too: his confirmation, and what was sent to him
			// as someone who answered.
			waitFor(t, "bob's server gets his Deletes", func() bool {
				_, ok := deletedObjects(gts)[confirmation.Activity.Object.ID]
				return ok
			})
			require.Equal(t, "Note", deletedObjects(gts)[confirmation.Activity.Object.ID].FormerType)
			waitFor(t, "bob's server gets the Delete of his change note", func() bool {
				_, ok := deletedObjects(gts)[told.Activity.Object.ID]
				return ok
			})

			for id := range want {
				require.Equal(t, http.StatusGone, status(t, id), id)
			}
			for _, s := range detail.Sessions {
				require.Equal(t, http.StatusGone, status(t, gather.App.URLs().Session(s.ID)))
			}
			require.Equal(t, http.StatusGone, status(t, change.Activity.ID), "the Create that carried it goes too")

			var page struct {
				OrderedItems []json.RawMessage `json:"orderedItems"`
			}
			getJSON(t, coop+"/outbox?page=1", &page)
			require.Empty(t, page.OrderedItems, "the outbox lists nothing of it")
		})
	}
}

// TestIDsAreNeverReused: deleting the newest gathering, with its sessions,
// and creating another gives the new one and its sessions ids never given
// before, while the deleted ids keep answering 410 (SQLite used to hand
// them out again, so /sessions/12 served a new session under an id every
// peer held as deleted).
func TestIDsAreNeverReused(t *testing.T) {
	t.Parallel()
	for _, db := range servertest.Databases {
		t.Run(db, func(t *testing.T) {
			t.Parallel()
			gather := servertest.Start(t, db)
			tok := token(t, gather)
			publish := func() ref {
				var created ref
				require.Equal(t, http.StatusCreated, apiCall(t, http.MethodPost, gather.Base+"/api/v1/gatherings?publish=true", tok, exampleWithFacilitators(t), &created))
				return created
			}
			kept := publish()
			deleted := publish()
			require.Equal(t, http.StatusNoContent, apiCall(t, http.MethodDelete, gather.Base+"/api/v1/gatherings/"+itoa(deleted.ID), tok, nil, nil))
			next := publish()

			require.Greater(t, next.ID, deleted.ID)
			for _, s := range next.Sessions {
				for _, old := range append(kept.Sessions, deleted.Sessions...) {
					require.NotEqual(t, old.ID, s.ID, "session id %d given twice", s.ID)
				}
				require.Equal(t, http.StatusOK, status(t, s.APID))
			}
			require.Equal(t, http.StatusGone, status(t, deleted.APID))
			require.Equal(t, http.StatusGone, status(t, deleted.APID+"/poll"))
			for _, s := range deleted.Sessions {
				require.Equal(t, http.StatusGone, status(t, s.APID), s.APID)
			}
			require.Equal(t, http.StatusOK, status(t, next.APID))
			require.Equal(t, http.StatusOK, status(t, kept.APID))
		})
	}
}

// TestDeletingASessionDeletesItsPoll: a session taken off the programme
// goes with its poll; the gathering stays, updated.
func TestDeletingASessionDeletesItsPoll(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	gather := servertest.Start(t, "sqlite")
	masto, _ := followedBy(t, gather, fedtest.Mastodon, "alice", "/inbox")
	gathering, workshop := smallGathering(t, gather, 10)
	masto.WaitForDelivery(t, func(d fedtest.Delivery) bool {
		return d.Activity.Type == "Create" && d.Activity.Object.ID == workshop+"/poll"
	}, wait)

	_, sid, _ := gather.App.URLs().EventOf(workshop)
	require.NoError(t, gather.App.DeleteSession(ctx, sid))
	waitFor(t, "the session and its poll are deleted", func() bool {
		got := deletedObjects(masto)
		return got[workshop].FormerType == "Event" && got[workshop+"/poll"].FormerType == "Question"
	})
	require.NotContains(t, deletedObjects(masto), gathering)
	require.Equal(t, http.StatusGone, status(t, workshop))
	require.Equal(t, http.StatusGone, status(t, workshop+"/poll"))
	require.Equal(t, http.StatusOK, status(t, gathering))
	require.Equal(t, http.StatusOK, status(t, gathering+"/poll"))
}

package e2e_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/federation"
	"github.com/gather-coop/gather/federation/fedtest"
	"github.com/gather-coop/gather/internal/app"
	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/server/servertest"
)

// smallGathering publishes a one-day gathering with a two-seat workshop
// (announced, so it has its own poll) and returns the refs.
func smallGathering(t *testing.T, gather *servertest.Instance, seats int) (gathering, workshop string) {
	t.Helper()
	in := app.GatheringInput{Title: "Spring meet-up", Timezone: "Europe/London",
		StartsAt: "2027-04-10T10:00", EndsAt: "2027-04-10T17:00", Venue: &app.VenueInput{Name: "Co-op hall"},
		Rooms: []app.RoomInput{{Name: "Back room", Capacity: &seats}},
		Sessions: []app.SessionInput{{Title: "Pricing workshop", Kind: "workshop", Room: ptr("Back room"), Announce: true,
			StartsAt: "2027-04-10T11:00", EndsAt: "2027-04-10T12:30"}}}
	ref, err := gather.App.CreateGathering(context.Background(), "events", &in, true)
	require.NoError(t, err)
	return ref.APID, ref.Sessions[0].APID
}

func ptr[T any](v T) *T { return &v }

func rsvps(t *testing.T, gather *servertest.Instance, gatheringAPID string) []app.RSVPView {
	t.Helper()
	_, id, ok := gather.App.URLs().EventOf(gatheringAPID)
	require.True(t, ok)
	list, err := gather.App.ListRSVPs(context.Background(), id)
	require.NoError(t, err)
	return list
}

func statusOf(list []app.RSVPView, apID, personID string) string {
	for _, r := range list {
		if r.APID == apID && r.Person.ID == personID {
			return r.Status
		}
	}
	return ""
}

// noteTo waits for a direct note to person and checks it is addressed to
// them alone and mentions them.
func noteTo(t *testing.T, remote *fedtest.Server, person *fedtest.Actor, contains string) federation.NoteIn {
	t.Helper()
	d := remote.WaitForDelivery(t, func(d fedtest.Delivery) bool {
		return d.Activity.Type == "Create" && strings.Contains(string(d.Activity.Object.Raw), contains) &&
			strings.Contains(string(d.Activity.Object.Raw), person.ID)
	}, wait)
	require.True(t, d.Verified, "signed: %v", d.VerifyErr)
	note, err := federation.ParseNote(d.Activity.Object.Raw)
	require.NoError(t, err)
	require.Equal(t, []string{person.ID}, note.To, "to that person only")
	require.Empty(t, note.CC)
	require.Len(t, note.Mentions, 1)
	require.Equal(t, person.ID, note.Mentions[0].Href)
	return note
}

func TestPollVoteAndJoinCountAsRSVPs(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	gather := servertest.Start(t, "sqlite")
	masto := fedtest.NewServer(t, fedtest.Mastodon)
	mobilizon := fedtest.NewServer(t, fedtest.Mobilizon)
	alice, bob := masto.AddActor("alice"), mobilizon.AddActor("bob")
	gathering, _ := smallGathering(t, gather, 10)
	coop := gather.Base + "/actors/events"

	vote := alice.Vote(gathering+"/poll", coop, "Going")
	resp, err := alice.Post(ctx, gather.Base+"/inbox", vote)
	require.NoError(t, err)
	require.Equal(t, http.StatusAccepted, resp.Status)
	note := noteTo(t, masto, alice, "going to Spring meet-up")
	require.NotContains(t, note.ContentHTML, gathering, "no link for someone who does not follow us")
	require.Equal(t, "going", statusOf(rsvps(t, gather, gathering), gathering, alice.ID))

	// A change people must notice reaches those who RSVPed, followers or not.
	_, gid, _ := gather.App.URLs().EventOf(gathering)
	_, err = gather.App.UpdateGathering(ctx, gid, []byte(`{"starts_at": "2027-04-10T09:30"}`), 0)
	require.NoError(t, err)
	masto.WaitForDelivery(t, func(d fedtest.Delivery) bool {
		return d.Activity.Type == "Create" && strings.Contains(string(d.Activity.Object.Raw), "New time")
	}, wait)

	join := bob.Join(gathering, coop)
	resp, err = bob.Post(ctx, gather.Base+"/inbox", join)
	require.NoError(t, err)
	require.Equal(t, http.StatusAccepted, resp.Status)
	accept := mobilizon.WaitForDelivery(t, fedtest.OfType("Accept"), wait)
	require.True(t, accept.Verified)
	inner, err := accept.Activity.Object.Activity()
	require.NoError(t, err, "the Join is embedded")
	require.Equal(t, "Join", inner.Type)
	waitFor(t, "bob is going", func() bool { return statusOf(rsvps(t, gather, gathering), gathering, bob.ID) == "going" })

	resp, err = bob.Post(ctx, gather.Base+"/inbox", bob.Leave(gathering, coop))
	require.NoError(t, err)
	require.Equal(t, http.StatusAccepted, resp.Status)
	waitFor(t, "bob left", func() bool { return statusOf(rsvps(t, gather, gathering), gathering, bob.ID) == "not_going" })

	// A Join of a cancelled gathering is answered with Ignore.
	other, _ := smallGathering(t, gather, 5)
	_, otherID, _ := gather.App.URLs().EventOf(other)
	_, err = gather.App.CancelGathering(ctx, otherID)
	require.NoError(t, err)
	resp, err = bob.Post(ctx, gather.Base+"/inbox", bob.Join(other, coop))
	require.NoError(t, err)
	require.Equal(t, http.StatusAccepted, resp.Status)
	ignore := mobilizon.WaitForDelivery(t, fedtest.OfType("Ignore"), wait)
	require.True(t, ignore.Verified)

	// The counts reach followers and the poll.
	var poll struct {
		OneOf []struct {
			Name    string `json:"name"`
			Replies struct {
				TotalItems int `json:"totalItems"`
			} `json:"replies"`
		} `json:"oneOf"`
	}
	getJSON(t, gathering+"/poll", &poll)
	require.Equal(t, "Going", poll.OneOf[0].Name)
	require.Equal(t, 1, poll.OneOf[0].Replies.TotalItems)
	require.Equal(t, 1, poll.OneOf[2].Replies.TotalItems, "bob can't go")
	var event struct {
		ParticipantCount int `json:"participantCount"`
	}
	getJSON(t, gathering, &event)
	require.Equal(t, 1, event.ParticipantCount)
}

// TestWaitlist: a workshop of two and three replies; the third is
// waitlisted and told their place; when one leaves, the third is promoted
// and told.
func TestWaitlist(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	gather := servertest.Start(t, "sqlite")
	remote := fedtest.NewServer(t, fedtest.Mastodon)
	gathering, workshop := smallGathering(t, gather, 2)
	coop := gather.Base + "/actors/events"
	people := []*fedtest.Actor{remote.AddActor("ann"), remote.AddActor("ben"), remote.AddActor("cat")}
	handle := "@events@" + gather.App.URLs().Host()
	for _, p := range people {
		reply := p.Reply(workshop, coop, handle, "Count me in!", fedtest.Public)
		resp, err := p.Post(ctx, gather.Base+"/inbox", reply)
		require.NoError(t, err)
		require.Equal(t, http.StatusAccepted, resp.Status)
		if p.Name != "cat" {
			noteTo(t, remote, p, "going to Pricing workshop")
		}
	}
	noteTo(t, remote, people[2], "#1 on the waitlist")
	require.Equal(t, "waitlisted", statusOf(rsvps(t, gather, gathering), workshop, people[2].ID))

	resp, err := people[0].Post(ctx, gather.Base+"/inbox", people[0].Reply(workshop, coop, handle, "Sorry, I can't make it any more", fedtest.Public))
	require.NoError(t, err)
	require.Equal(t, http.StatusAccepted, resp.Status)
	noteTo(t, remote, people[0], "not going to")
	noteTo(t, remote, people[2], "A place opened up")
	list := rsvps(t, gather, gathering)
	require.Equal(t, "going", statusOf(list, workshop, people[2].ID))
	require.Equal(t, "not_going", statusOf(list, workshop, people[0].ID))

	// An organiser finds a chair for the next in line: a place past the
	// capacity, and dan is told as when a place opens up. Promoting him
	// again is a conflict, not a second note.
	dan := remote.AddActor("dan")
	resp, err = dan.Post(ctx, gather.Base+"/inbox", dan.Reply(workshop, coop, handle, "going", fedtest.Public))
	require.NoError(t, err)
	require.Equal(t, http.StatusAccepted, resp.Status)
	noteTo(t, remote, dan, "#1 on the waitlist")
	tok := token(t, gather)
	_, gid, _ := gather.App.URLs().EventOf(gathering)
	var danID int64
	for _, v := range rsvps(t, gather, gathering) {
		if v.Person.ID == dan.ID && v.APID == workshop { // his workshop answer, not the gathering's it raised
			danID = v.ID
			require.Equal(t, 1, v.WaitlistPlace)
		}
	}
	promote := gather.Base + "/api/v1/gatherings/" + itoa(gid) + "/rsvps/" + itoa(danID) + "/promote"
	require.Equal(t, http.StatusNoContent, apiCall(t, http.MethodPost, promote, tok, nil, nil))
	noteTo(t, remote, dan, "A place opened up")
	require.Equal(t, "going", statusOf(rsvps(t, gather, gathering), workshop, dan.ID))
	var problem struct{ Error string }
	require.Equal(t, http.StatusConflict, apiCall(t, http.MethodPost, promote, tok, nil, &problem))
	require.Contains(t, problem.Error, "no longer on the waitlist")
	var event struct {
		ParticipantCount int `json:"participantCount"`
	}
	waitFor(t, "the workshop counts three going", func() bool {
		getJSON(t, workshop, &event)
		return event.ParticipantCount == 3
	})
}

// TestConcurrentRSVPsForTheLastPlaces: 50 people say "going" at once for
// the last 10 places: exactly 10 go, 40 wait, on both databases.
func TestConcurrentRSVPsForTheLastPlaces(t *testing.T) {
	t.Parallel()
	for _, db := range servertest.Databases {
		t.Run(db, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			gather := servertest.Start(t, db)
			gathering, workshop := smallGathering(t, gather, 10)
			_, sid, _ := gather.App.URLs().EventOf(workshop)
			_, gid, _ := gather.App.URLs().EventOf(gathering)

			people := make([]model.RemoteActor, 50)
			for i := range people {
				uri := fmt.Sprintf("http://127.0.0.1:1/users/p%d", i)
				r, err := gather.Store.RemoteActorUpsert(ctx, &model.RemoteActor{URI: uri, Host: "127.0.0.1:1", Domain: "127.0.0.1",
					Username: fmt.Sprintf("p%d", i), Inbox: uri + "/inbox", KeyID: uri + "#key", PublicKeyPEM: "x", FetchedAt: time.Now()})
				require.NoError(t, err)
				people[i] = r
			}
			var wg sync.WaitGroup
			errs := make(chan error, len(people))
			for i := range people {
				wg.Add(1)
				go func() {
					defer wg.Done()
					_, err := gather.App.RSVP(ctx, app.RSVPRequest{GatheringID: gid, SessionID: &sid, Person: &people[i],
						Intent: app.IntentGoing, Channel: model.ChannelReply, ActivityURI: people[i].URI + "/notes/1"})
					errs <- err
				}()
			}
			wg.Wait()
			close(errs)
			for err := range errs {
				require.NoError(t, err)
			}
			counts, err := gather.Store.RSVPCounts(ctx, gid, &sid)
			require.NoError(t, err)
			require.Equal(t, map[model.RSVPStatus]int{model.RSVPGoing: 10, model.RSVPWaitlisted: 40}, counts)
			waitlist, err := gather.Store.RSVPWaitlist(ctx, gid, &sid)
			require.NoError(t, err)
			require.Len(t, waitlist, 40)

		})
	}
}

// TestConcurrentRSVPsOneOfWhichFails: 30 people answer at once (answers
// arriving together are saved in one transaction), and the answer of one
// of them cannot be saved: everyone else's still is.
func TestConcurrentRSVPsOneOfWhichFails(t *testing.T) {
	t.Parallel()
	for _, db := range servertest.Databases {
		t.Run(db, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			gather := servertest.Start(t, db)
			gathering, _ := smallGathering(t, gather, 10)
			_, gid, _ := gather.App.URLs().EventOf(gathering)

			people := make([]model.RemoteActor, 30)
			for i := range people {
				uri := fmt.Sprintf("http://127.0.0.1:1/users/p%d", i)
				r, err := gather.Store.RemoteActorUpsert(ctx, &model.RemoteActor{URI: uri, Host: "127.0.0.1:1", Domain: "127.0.0.1",
					Username: fmt.Sprintf("p%d", i), Inbox: uri + "/inbox", KeyID: uri + "#key", PublicKeyPEM: "x", FetchedAt: time.Now()})
				require.NoError(t, err)
				people[i] = r
			}
			// Forgotten since it was read: its answer has no one to belong to.
			people[7].ID = 1 << 40
			errs := make([]error, len(people))
			var wg sync.WaitGroup
			for i := range people {
				wg.Go(func() {
					_, errs[i] = gather.App.RSVP(ctx, app.RSVPRequest{GatheringID: gid, Person: &people[i],
						Intent: app.IntentGoing, Channel: model.ChannelReply, ActivityURI: people[i].URI + "/notes/1"})
				})
			}
			wg.Wait()
			for i, err := range errs {
				if i == 7 {
					require.Error(t, err)
				} else {
					require.NoError(t, err, "answer %d", i)
				}
			}
			counts, err := gather.Store.RSVPCounts(ctx, gid, nil)
			require.NoError(t, err)
			require.Equal(t, map[model.RSVPStatus]int{model.RSVPGoing: 29}, counts)
		})
	}
}

// TestReplyRSVP: a Mastodon follower replies "I'm going!" to the post,
// then "can't make it after all".
func TestReplyRSVP(t *testing.T) {
	t.Parallel()
	for _, db := range servertest.Databases {
		t.Run(db, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			gather := servertest.Start(t, db)
			tok := token(t, gather)
			remote, alice := followedBy(t, gather, fedtest.Mastodon, "alice", "/inbox")
			coop := gather.Base + "/actors/events"
			gathering, _ := smallGathering(t, gather, 10)
			handle := "@events@" + gather.App.URLs().Host()

			resp, err := alice.Post(ctx, gather.Base+"/inbox", alice.Reply(gathering, coop, handle, "I'm going!", fedtest.Public))
			require.NoError(t, err)
			require.Equal(t, 202, resp.Status)
			note := noteTo(t, remote, alice, "going to Spring meet-up")
			require.Contains(t, note.ContentHTML, gathering, "a follower's confirmation may link the event")

			_, id, _ := gather.App.URLs().EventOf(gathering)
			var listed struct {
				RSVPs []app.RSVPView `json:"rsvps"`
			}
			require.Equal(t, 200, apiCall(t, "GET", gather.Base+"/api/v1/gatherings/"+itoa(id)+"/rsvps", tok, nil, &listed))
			require.Len(t, listed.RSVPs, 1)
			require.Equal(t, "going", listed.RSVPs[0].Status)
			require.Equal(t, "reply", listed.RSVPs[0].Channel)
			require.Equal(t, alice.ID, listed.RSVPs[0].Person.ID)
			require.Equal(t, "@alice@"+remote.Host(), listed.RSVPs[0].Person.Handle)
			var event struct {
				ParticipantCount int `json:"participantCount"`
			}
			getJSON(t, gathering, &event)
			require.Equal(t, 1, event.ParticipantCount)

			// Replying to the confirmation changes the answer.
			resp, err = alice.Post(ctx, gather.Base+"/inbox", alice.Reply(note.ID, coop, handle, "can't make it after all, sorry", fedtest.Direct))
			require.NoError(t, err)
			require.Equal(t, 202, resp.Status)
			noteTo(t, remote, alice, "not going to")
			waitFor(t, "alice is not going", func() bool {
				return statusOf(rsvps(t, gather, gathering), gathering, alice.ID) == "not_going"
			})
			getJSON(t, gathering, &event)
			require.Equal(t, 0, event.ParticipantCount)

			// A question is a comment, not an RSVP.
			resp, err = alice.Post(ctx, gather.Base+"/inbox", alice.Reply(gathering, coop, handle, "is there bike parking?", fedtest.Public))
			require.NoError(t, err)
			require.Equal(t, 202, resp.Status)
			waitFor(t, "the question is kept as a comment", func() bool {
				comments, err := gather.App.ListComments(ctx, id)
				return err == nil && len(comments) == 1
			})
			require.Equal(t, "not_going", statusOf(rsvps(t, gather, gathering), gathering, alice.ID))

			csv := apiText(t, gather.Base+"/api/v1/gatherings/"+itoa(id)+"/rsvps?format=csv", tok)
			require.Contains(t, csv, "not_going")
			require.Contains(t, csv, "alice@"+remote.Host())
		})
	}
}

func apiText(t *testing.T, url, token string) string {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode)
	require.Contains(t, resp.Header.Get("Content-Type"), "text/csv")
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return string(body)
}

// TestRSVPChangesByOtherMeans: a repeated answer changes nothing and tells
// nobody; deleting the reply withdraws its RSVP; Friendica's
// TentativeAccept is a maybe and its Undo withdraws it; organisers can
// remove an answer and block a person.
func TestRSVPChangesByOtherMeans(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	gather := servertest.Start(t, "sqlite")
	tok := token(t, gather)
	remote := fedtest.NewServer(t, fedtest.Mastodon)
	alice, bob := remote.AddActor("alice"), remote.AddActor("bob")
	coop := gather.Base + "/actors/events"
	handle := "@events@" + gather.App.URLs().Host()
	gathering, _ := smallGathering(t, gather, 10)
	_, gid, _ := gather.App.URLs().EventOf(gathering)
	// post sends one activity and waits until it is processed, so the
	// next one is read after it.
	post := func(from *fedtest.Actor, activity []byte) {
		t.Helper()
		resp, err := from.Post(ctx, gather.Base+"/inbox", activity)
		require.NoError(t, err)
		require.Equal(t, http.StatusAccepted, resp.Status, string(resp.Body))
		waitFor(t, "processed", func() bool { return allProcessed(t, gather) })
	}
	confirmations := func(to *fedtest.Actor) int {
		n := 0
		for _, d := range remote.Deliveries() {
			if d.Activity != nil && d.Activity.Type == "Create" && strings.HasSuffix(d.Path, "/users/"+to.Name+"/inbox") {
				n++
			}
		}
		return n
	}

	first := alice.Reply(gathering, coop, handle, "I'll be there!", fedtest.Public)
	post(alice, first)
	noteTo(t, remote, alice, "going to Spring meet-up")
	post(alice, alice.Reply(gathering, coop, handle, "Yes, still coming", fedtest.Public))
	var noteID struct {
		Object struct {
			ID string `json:"id"`
		} `json:"object"`
	}
	require.NoError(t, json.Unmarshal(first, &noteID))
	post(alice, deleteOf(t, alice, noteID.Object.ID))
	waitFor(t, "deleting the reply withdraws the RSVP", func() bool {
		return statusOf(rsvps(t, gather, gathering), gathering, alice.ID) == ""
	})
	require.Equal(t, 1, confirmations(alice), "the repeated 'going' changed nothing and was not answered")

	tentative := activityJSON(t, bob.ID+"/tentative/1", "TentativeAccept", bob.ID, gathering)
	post(bob, tentative)
	waitFor(t, "bob is a maybe", func() bool { return statusOf(rsvps(t, gather, gathering), gathering, bob.ID) == "maybe" })
	post(bob, undoOf(t, bob, tentative))
	waitFor(t, "bob withdrew", func() bool { return statusOf(rsvps(t, gather, gathering), gathering, bob.ID) == "" })

	post(bob, bob.Vote(gathering+"/poll", coop, "Going"))
	waitFor(t, "bob is going", func() bool { return statusOf(rsvps(t, gather, gathering), gathering, bob.ID) == "going" })
	var listed struct {
		RSVPs []app.RSVPView `json:"rsvps"`
	}
	require.Equal(t, http.StatusOK, apiCall(t, http.MethodGet, gather.Base+"/api/v1/gatherings/"+itoa(gid)+"/rsvps", tok, nil, &listed))
	require.Len(t, listed.RSVPs, 1)
	require.Equal(t, http.StatusNoContent, apiCall(t, http.MethodDelete,
		gather.Base+"/api/v1/gatherings/"+itoa(gid)+"/rsvps/"+itoa(listed.RSVPs[0].ID), tok, nil, nil))
	require.Equal(t, "", statusOf(rsvps(t, gather, gathering), gathering, bob.ID), "removed by an organiser")

	// alice is going again; blocking her takes her answer back.
	post(alice, alice.Reply(gathering, coop, handle, "going after all", fedtest.Public))
	require.Equal(t, "going", statusOf(rsvps(t, gather, gathering), gathering, alice.ID))
	require.Equal(t, http.StatusNoContent, apiCall(t, http.MethodPost, gather.Base+"/api/v1/blocks", tok,
		[]byte(`{"id": "`+alice.ID+`"}`), nil))
	require.Equal(t, "", statusOf(rsvps(t, gather, gathering), gathering, alice.ID), "a blocked person's answers are taken back")
	require.Equal(t, http.StatusNoContent, apiCall(t, http.MethodPost, gather.Base+"/api/v1/blocks", tok,
		[]byte(`{"id": "`+bob.ID+`"}`), nil))
	post(bob, bob.Reply(gathering, coop, handle, "going!", fedtest.Public))
	waitFor(t, "the reply is processed", func() bool { return allProcessed(t, gather) })
	require.Equal(t, "", statusOf(rsvps(t, gather, gathering), gathering, bob.ID), "a blocked person cannot RSVP")
}

func activityJSON(t *testing.T, id, typ, actor, object string) []byte {
	t.Helper()
	b, err := json.Marshal(map[string]any{"@context": "https://www.w3.org/ns/activitystreams",
		"id": id, "type": typ, "actor": actor, "object": object})
	require.NoError(t, err)
	return b
}

func deleteOf(t *testing.T, a *fedtest.Actor, objectID string) []byte {
	t.Helper()
	b, err := json.Marshal(map[string]any{"@context": "https://www.w3.org/ns/activitystreams",
		"id": objectID + "#delete", "type": "Delete", "actor": a.ID,
		"object": map[string]any{"id": objectID, "type": "Tombstone"}})
	require.NoError(t, err)
	return b
}

func undoOf(t *testing.T, a *fedtest.Actor, activity []byte) []byte {
	t.Helper()
	var inner map[string]any
	require.NoError(t, json.Unmarshal(activity, &inner))
	delete(inner, "@context")
	b, err := json.Marshal(map[string]any{"@context": "https://www.w3.org/ns/activitystreams",
		"id": inner["id"].(string) + "#undo", "type": "Undo", "actor": a.ID, "object": inner})
	require.NoError(t, err)
	return b
}

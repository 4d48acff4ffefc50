package e2e_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/federation/fedtest"
	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/server/servertest"
)

const wait = 30 * time.Second

// followers returns the public total of the co-op's followers collection.
func followers(t *testing.T, gather *servertest.Instance) int {
	t.Helper()
	var doc struct {
		TotalItems int `json:"totalItems"`
	}
	getJSON(t, gather.Base+"/actors/events/followers", &doc)
	return doc.TotalItems
}

func getJSON(t *testing.T, url string, v any) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	require.NoError(t, err)
	req.Header.Set("Accept", "application/activity+json")
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, resp.StatusCode, string(body))
	require.NoError(t, json.Unmarshal(body, v), string(body))
}

// waitFor polls cond until it holds: for state that changes in a job.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(wait)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting until %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// TestFollowAcceptUnfollow walks what a Mastodon user does: find the
// co-op by its handle, look at it, follow, get an Accept their server can
// verify, and unfollow.
func TestFollowAcceptUnfollow(t *testing.T) {
	t.Parallel()
	for _, db := range servertest.Databases {
		for _, flavor := range []fedtest.Flavor{fedtest.Mastodon, fedtest.GoToSocial, fedtest.Mobilizon} {
			t.Run(db+"/"+flavor.String(), func(t *testing.T) {
				t.Parallel()
				ctx := context.Background()
				gather := servertest.Start(t, db)
				remote := fedtest.NewServer(t, flavor)
				alice := remote.AddActor("alice")

				actorID, err := remote.WebFinger(ctx, "@events@"+gather.App.URLs().Host())
				require.NoError(t, err)
				require.Equal(t, gather.Base+"/actors/events", actorID)
				coop, err := alice.FetchActor(ctx, actorID)
				require.NoError(t, err)
				require.Equal(t, "Group", coop.Type)
				require.Equal(t, gather.Base+"/inbox", coop.SharedInbox)

				follow, err := alice.Follow(ctx, actorID, coop.Inbox)
				require.NoError(t, err)
				require.Equal(t, http.StatusAccepted, follow.Status, string(follow.Body))

				accept := remote.WaitForDelivery(t, fedtest.OfType("Accept"), wait)
				require.True(t, accept.Verified, "the Accept verifies: %v", accept.VerifyErr)
				require.Equal(t, actorID, accept.Activity.Actor)
				inner, err := accept.Activity.Object.Activity()
				require.NoError(t, err, "the Follow is embedded")
				require.Equal(t, follow.ID, inner.ID, "so the remote can match it to its request")
				require.Equal(t, alice.Inbox, "http://"+remote.Host()+accept.Path)
				require.Equal(t, 1, followers(t, gather))

				undo, err := alice.Undo(ctx, follow.Activity, coop.SharedInbox)
				require.NoError(t, err)
				require.Equal(t, http.StatusAccepted, undo.Status, string(undo.Body))
				waitFor(t, "the follower is gone", func() bool { return followers(t, gather) == 0 })
			})
		}
	}
}

func TestApprovalKeepsFollowsPendingUntilAnOrganiserDecides(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	gather := servertest.Start(t, "sqlite")
	_, err := gather.App.UpdateProfile(ctx, "events", appProfile(true))
	require.NoError(t, err)
	remote := fedtest.NewServer(t, fedtest.Mastodon)
	alice, bob := remote.AddActor("alice"), remote.AddActor("bob")
	coop := gather.Base + "/actors/events"

	for _, a := range []*fedtest.Actor{alice, bob} {
		sent, err := a.Follow(ctx, coop, gather.Base+"/inbox")
		require.NoError(t, err)
		require.Equal(t, http.StatusAccepted, sent.Status)
	}
	actor, err := gather.App.Actor(ctx, "events")
	require.NoError(t, err)
	waitFor(t, "both requests are pending", func() bool {
		n, err := gather.Store.FollowerCount(ctx, actor.ID, model.FollowPending)
		return err == nil && n == 2
	})
	require.Equal(t, 0, followers(t, gather), "pending followers are not followers")

	require.NoError(t, gather.App.DecideFollow(ctx, "events", alice.ID, true))
	require.NoError(t, gather.App.DecideFollow(ctx, "events", bob.ID, false))
	remote.WaitForDelivery(t, func(d fedtest.Delivery) bool { return d.Activity.Type == "Accept" && d.Verified }, wait)
	reject := remote.WaitForDelivery(t, fedtest.OfType("Reject"), wait)
	require.Equal(t, "/users/bob/inbox", reject.Path)
	require.Equal(t, 1, followers(t, gather))
	require.Error(t, gather.App.DecideFollow(ctx, "events", alice.ID, true), "alice is no longer waiting")
}

// TestKeyRotation: a follower whose server rotated its key is refetched
// once, and still heard.
func TestKeyRotation(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	gather := servertest.Start(t, "sqlite")
	remote := fedtest.NewServer(t, fedtest.Mastodon)
	alice := remote.AddActor("alice")
	follow, err := alice.Follow(ctx, gather.Base+"/actors/events", gather.Base+"/inbox")
	require.NoError(t, err)
	require.Equal(t, http.StatusAccepted, follow.Status)
	waitFor(t, "alice follows", func() bool { return followers(t, gather) == 1 })

	alice.RotateKey()
	undo, err := alice.Undo(ctx, follow.Activity, gather.Base+"/inbox")
	require.NoError(t, err)
	require.Equal(t, http.StatusAccepted, undo.Status, "verified with the refetched key: %s", undo.Body)
	waitFor(t, "the unfollow is processed", func() bool { return followers(t, gather) == 0 })
}

// TestDuplicateActivityIsIgnored: servers retry; the second copy is
// accepted and changes nothing.
func TestDuplicateActivityIsIgnored(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	gather := servertest.Start(t, "sqlite")
	remote := fedtest.NewServer(t, fedtest.Mastodon)
	alice := remote.AddActor("alice")
	follow, err := alice.Follow(ctx, gather.Base+"/actors/events", gather.Base+"/inbox")
	require.NoError(t, err)
	again, err := alice.Post(ctx, gather.Base+"/actors/events/inbox", follow.Activity)
	require.NoError(t, err)
	require.Equal(t, http.StatusAccepted, again.Status)

	n, err := gather.Store.InboxActivityCount(ctx)
	require.NoError(t, err)
	require.Equal(t, 1, n)
	remote.WaitForDelivery(t, fedtest.OfType("Accept"), wait)
	waitFor(t, "the follow is processed", func() bool { return followers(t, gather) == 1 })
	accepts := 0
	for _, d := range remote.Deliveries() {
		if d.Activity != nil && d.Activity.Type == "Accept" {
			accepts++
		}
	}
	require.Equal(t, 1, accepts, "one Accept for one Follow")
}

// TestDeliveryReachesAServerThatWasDown: the first attempts fail, a later
// one gets through.
func TestDeliveryReachesAServerThatWasDown(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	gather := servertest.Start(t, "sqlite")
	remote := fedtest.NewServer(t, fedtest.Mastodon)
	alice := remote.AddActor("alice")
	remote.SetInboxStatus(http.StatusServiceUnavailable)

	_, err := alice.Follow(ctx, gather.Base+"/actors/events", gather.Base+"/inbox")
	require.NoError(t, err)
	remote.WaitForDelivery(t, func(d fedtest.Delivery) bool { return d.Status == http.StatusServiceUnavailable }, wait)
	remote.SetInboxStatus(0)
	accept := remote.WaitForDelivery(t, func(d fedtest.Delivery) bool { return d.Activity.Type == "Accept" && d.Status == http.StatusAccepted }, wait)
	require.True(t, accept.Verified, "the retry is signed afresh: %v", accept.VerifyErr)
	require.GreaterOrEqual(t, remote.InboxHits(), 2)
}

// TestGoneInboxLosesItsFollower: a 410 means the account is gone.
func TestGoneInboxLosesItsFollower(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	gather := servertest.Start(t, "sqlite")
	remote, _ := followedBy(t, gather, fedtest.GoToSocial, "alice", "/actors/events/inbox")
	require.Equal(t, 1, followers(t, gather))

	remote.SetInboxStatus(http.StatusGone)
	_, err := gather.App.UpdateProfile(ctx, "events", appProfile(false))
	require.NoError(t, err)
	waitFor(t, "the gone follower is dropped", func() bool { return followers(t, gather) == 0 })
}

// TestProfileUpdateReachesEachServerOnce: followers on one server with a
// shared inbox get one delivery between them.
func TestProfileUpdateReachesEachServerOnce(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	gather := servertest.Start(t, "sqlite")
	masto := fedtest.NewServer(t, fedtest.Mastodon)
	gts := fedtest.NewServer(t, fedtest.GoToSocial)
	var all []*fedtest.Actor
	for i := range 3 {
		all = append(all, masto.AddActor(fmt.Sprintf("m%d", i)), gts.AddActor(fmt.Sprintf("g%d", i)))
	}
	for _, a := range all {
		_, err := a.Follow(ctx, gather.Base+"/actors/events", gather.Base+"/inbox")
		require.NoError(t, err)
	}
	waitFor(t, "six followers", func() bool { return followers(t, gather) == 6 })

	_, err := gather.App.UpdateProfile(ctx, "events", appProfile(false))
	require.NoError(t, err)
	update := masto.WaitForDelivery(t, fedtest.OfType("Update"), wait)
	require.Equal(t, "/inbox", update.Path, "Mastodon gets it at its shared inbox")
	require.True(t, update.Verified)
	for i := range 3 {
		gts.WaitForDelivery(t, func(d fedtest.Delivery) bool {
			return d.Activity.Type == "Update" && d.Path == fmt.Sprintf("/users/g%d/inbox", i)
		}, wait)
	}
	updates := 0
	for _, d := range masto.Deliveries() {
		if d.Activity != nil && d.Activity.Type == "Update" {
			updates++
		}
	}
	require.Equal(t, 1, updates)
}

func TestAcceptIDAnswers(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	gather := servertest.Start(t, "sqlite")
	remote := fedtest.NewServer(t, fedtest.Mastodon)
	alice := remote.AddActor("alice")
	_, err := alice.Follow(ctx, gather.Base+"/actors/events", gather.Base+"/inbox")
	require.NoError(t, err)
	accept := remote.WaitForDelivery(t, fedtest.OfType("Accept"), wait)
	var fetched map[string]any
	getJSON(t, accept.Activity.ID, &fetched)
	require.Equal(t, "Accept", fetched["type"])
}

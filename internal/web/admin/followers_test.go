package admin_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"golang.org/x/net/html"

	"github.com/gather-coop/gather/federation/fedtest"
	"github.com/gather-coop/gather/internal/app"
	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/server/servertest"
)

// federationWait bounds how long a delivery may take to arrive.
const federationWait = 30 * time.Second

// tableRows returns the text of each body row of the table whose caption
// starts with caption; nil when the page has no such table.
func tableRows(doc *html.Node, caption string) []string {
	for _, table := range findAll(doc, "table") {
		caps := findAll(table, "caption")
		if len(caps) == 0 || !strings.HasPrefix(text(caps[0]), caption) {
			continue
		}
		out := []string{}
		for _, tr := range findAll(table, "tr") {
			if tr.Parent != nil && tr.Parent.Data == "tbody" {
				out = append(out, text(tr))
			}
		}
		return out
	}
	return nil
}

// hrefContaining is the first link on the page whose address contains
// part; "" when there is none.
func hrefContaining(res response, part string) string {
	for _, a := range findAll(res.Doc, "a") {
		if strings.Contains(attr(a, "href"), part) {
			return attr(a, "href")
		}
	}
	return ""
}

// rejectOf matches the Reject of the Follow follow.
func rejectOf(follow fedtest.Sent) func(fedtest.Delivery) bool {
	return func(d fedtest.Delivery) bool {
		return d.Activity != nil && d.Activity.Type == "Reject" && d.Activity.Object.ID == follow.ID
	}
}

// waitForFollows waits until the co-op @events has n follows in state.
func waitForFollows(t *testing.T, b *testBundle, state model.FollowState, n int) {
	t.Helper()
	actor, err := b.inst.App.Actor(t.Context(), "events")
	require.NoError(t, err)
	deadline := time.Now().Add(federationWait)
	for {
		got, err := b.inst.Store.FollowerCount(t.Context(), actor.ID, state)
		require.NoError(t, err)
		if got == n {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("@events has %d %s follows, not %d", got, state, n)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// TestFollowRequestsAndFollowers: with approval on, a fake Mastodon's
// follow requests wait on the followers page; an organiser approves one,
// rejects another and later removes the first, and each time the
// follower's server hears it.
func TestFollowRequestsAndFollowers(t *testing.T) {
	t.Parallel()
	for _, db := range servertest.Databases {
		t.Run(db, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			b := setup(t, db)
			b.user(t, "grace", model.RoleOrganiser)
			_, err := b.inst.App.UpdateProfile(ctx, "events", app.ProfileParams{Name: "Co-op events",
				ManuallyApprovesFollowers: true, Discoverable: true})
			require.NoError(t, err)
			remote := fedtest.NewServer(t, fedtest.Mastodon)
			alice, bob := remote.AddActor("alice"), remote.AddActor("bob")
			coop := b.base + "/actors/events"
			follows := map[string]fedtest.Sent{}
			for _, a := range []*fedtest.Actor{alice, bob} {
				sent, err := a.Follow(ctx, coop, b.base+"/inbox")
				require.NoError(t, err)
				require.Equal(t, http.StatusAccepted, sent.Status, string(sent.Body))
				follows[a.Name] = sent
			}
			waitForFollows(t, b, model.FollowPending, 2)

			br := b.browser(t)
			br.signIn("grace") // an organiser: no admin needed
			res := br.get("/admin/followers")
			require.Equal(t, http.StatusOK, res.Status)
			require.Equal(t, "page", attr(findLink(res, "/admin/followers"), "aria-current"))
			requests := tableRows(res.Doc, "Waiting for approval")
			require.Len(t, requests, 2)
			require.Contains(t, strings.Join(requests, "\n"), alice.Handle)
			require.Contains(t, strings.Join(requests, "\n"), bob.Handle)
			require.Contains(t, text(byID(res.Doc, "main")), "No followers yet")

			// Approving is one step.
			res = br.post("/admin/followers/approve", url.Values{"coop": {"events"}, "actor": {alice.ID}})
			require.Equal(t, http.StatusSeeOther, res.Status, res.Body)
			accept := remote.WaitForDelivery(t, fedtest.OfType("Accept"), federationWait)
			require.True(t, accept.Verified, "the Accept verifies: %v", accept.VerifyErr)
			inner, err := accept.Activity.Object.Activity()
			require.NoError(t, err)
			require.Equal(t, follows["alice"].ID, inner.ID)
			res = br.get(res.location())
			require.Contains(t, text(byID(res.Doc, "main")), "The request is approved")
			require.Len(t, tableRows(res.Doc, "Waiting for approval"), 1)
			followers := tableRows(res.Doc, "Followers")
			require.Len(t, followers, 1)
			require.Contains(t, followers[0], alice.Handle)

			// Rejecting asks first, saying what is sent.
			confirm := hrefContaining(res, "/admin/followers/reject?")
			require.NotEmpty(t, confirm)
			res = br.get(confirm)
			require.Equal(t, http.StatusOK, res.Status)
			main := text(byID(res.Doc, "main"))
			require.Contains(t, main, "Reject the follow request of")
			require.Contains(t, main, "This is sent to other servers")
			require.Equal(t, 0, countOf(remote, "Reject"), "nothing is sent before the confirmation")
			res = br.post("/admin/followers/reject", url.Values{"coop": {"events"}, "actor": {bob.ID}})
			require.Equal(t, http.StatusSeeOther, res.Status, res.Body)
			reject := remote.WaitForDelivery(t, rejectOf(follows["bob"]), federationWait)
			require.True(t, reject.Verified, "the Reject verifies: %v", reject.VerifyErr)
			require.Equal(t, "/users/bob/inbox", reject.Path)
			res = br.get(res.location())
			require.Contains(t, text(byID(res.Doc, "main")), "The request is rejected")
			require.Nil(t, tableRows(res.Doc, "Waiting for approval"))

			// Removing a follower asks first too, and offers to block.
			confirm = hrefContaining(res, "/admin/followers/remove?")
			require.NotEmpty(t, confirm)
			res = br.get(confirm)
			require.Equal(t, http.StatusOK, res.Status)
			require.Contains(t, text(byID(res.Doc, "main")), "stops following @events@")
			require.NotEmpty(t, hrefContaining(res, "/admin/moderation/block-account?"))
			res = br.post("/admin/followers/remove", url.Values{"coop": {"events"}, "actor": {alice.ID}})
			require.Equal(t, http.StatusSeeOther, res.Status, res.Body)
			reject = remote.WaitForDelivery(t, rejectOf(follows["alice"]), federationWait)
			require.True(t, reject.Verified, "the Reject verifies: %v", reject.VerifyErr)
			require.Equal(t, "/users/alice/inbox", reject.Path)
			res = br.get(res.location())
			require.Contains(t, text(byID(res.Doc, "main")), "They no longer follow the co-op")
			require.Nil(t, tableRows(res.Doc, "Followers"), "alice is gone from the list")
			waitForFollows(t, b, model.FollowAccepted, 0)

			// Too late: someone else was quicker, or the page was old.
			for _, action := range []string{"approve", "reject", "remove"} {
				res = br.post("/admin/followers/"+action, url.Values{"coop": {"events"}, "actor": {alice.ID}})
				require.Equal(t, http.StatusSeeOther, res.Status, action)
				require.Contains(t, res.location(), "gone", action)
			}
			res = br.get("/admin/followers/remove?coop=events&actor=" + url.QueryEscape(alice.ID))
			require.Equal(t, http.StatusSeeOther, res.Status, "nothing to confirm")
			res = br.post("/admin/followers/remove", url.Values{"coop": {"nobody"}, "actor": {alice.ID}})
			require.Equal(t, http.StatusNotFound, res.Status, "no such co-op")
		})
	}
}

// countOf is how many activities of typ the remote received.
func countOf(remote *fedtest.Server, typ string) int {
	n := 0
	for _, d := range remote.Deliveries() {
		if d.Activity != nil && d.Activity.Type == typ {
			n++
		}
	}
	return n
}

// TestFollowersOfSeveralCoops: with two co-op accounts, the page switches
// between them.
func TestFollowersOfSeveralCoops(t *testing.T) {
	t.Parallel()
	b := setup(t, "sqlite")
	b.user(t, "grace", model.RoleOrganiser)
	b.user(t, "alan", model.RoleOrganiser)
	_, err := b.inst.App.CreateActor(t.Context(), "network", "Co-op network")
	require.NoError(t, err)
	require.NoError(t, b.inst.App.GrantCoop(t.Context(), "grace", "network"))
	br := b.browser(t)
	br.signIn("grace")

	res := br.get("/admin/followers")
	require.Equal(t, http.StatusOK, res.Status)
	require.Equal(t, "Followers of Co-op events", text(findAll(res.Doc, "h1")[0]))
	require.Equal(t, "page", attr(findLink(res, "/admin/followers?coop=events"), "aria-current"))
	require.NotNil(t, findLink(res, "/admin/followers?coop=network"))
	res = br.get("/admin/followers?coop=network")
	require.Equal(t, "Followers of Co-op network", text(findAll(res.Doc, "h1")[0]))
	require.Equal(t, http.StatusNotFound, br.get("/admin/followers?coop=nobody").Status)

	// alan organises for events only: no switcher, and network is shut.
	other := b.browser(t)
	other.signIn("alan")
	res = other.get("/admin/followers")
	require.Equal(t, "Followers", text(findAll(res.Doc, "h1")[0]), "one co-op account to show: no need to name it")
	require.Contains(t, text(res.Doc), "@events@")
	require.Nil(t, findLink(res, "/admin/followers?coop=network"))
	require.Equal(t, http.StatusForbidden, other.get("/admin/followers?coop=network").Status)
}

// TestBlocks blocks a server and an account through the forms, each
// after a confirmation, sees them listed, and lifts the blocks.
func TestBlocks(t *testing.T) {
	t.Parallel()
	for _, db := range servertest.Databases {
		t.Run(db, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			b := setup(t, db)
			b.user(t, "grace", model.RoleOrganiser)
			remote := fedtest.NewServer(t, fedtest.Mastodon)
			alice, bob := remote.AddActor("alice"), remote.AddActor("bob")
			coop, inbox := b.base+"/actors/events", b.base+"/inbox"
			follow, err := alice.Follow(ctx, coop, inbox)
			require.NoError(t, err)
			require.Equal(t, http.StatusAccepted, follow.Status)
			waitForFollows(t, b, model.FollowAccepted, 1)
			br := b.browser(t)
			br.signIn("grace")

			res := br.get("/admin/moderation")
			require.Equal(t, http.StatusOK, res.Status)
			require.Equal(t, "page", attr(findLink(res, "/admin/followers"), "aria-current"), "part of Followers")
			require.Contains(t, text(byID(res.Doc, "main")), "No server is blocked")

			// A mistyped domain comes back, marked, as typed.
			for _, res := range []response{
				br.get("/admin/moderation/block-domain?domain=" + url.QueryEscape("spam example")),
				br.post("/admin/moderation/block-domain", url.Values{"domain": {"spam example"}}),
			} {
				require.Equal(t, http.StatusBadRequest, res.Status)
				requireFieldError(t, res.Doc, "domain", "is not a domain name")
				require.Equal(t, "spam example", attr(byID(res.Doc, "domain"), "value"))
				require.True(t, strings.HasPrefix(text(findAll(res.Doc, "title")[0]), "Error:"))
			}

			// Blocking a server asks first.
			res = br.get("/admin/moderation/block-domain?domain=127.0.0.1")
			require.Equal(t, http.StatusOK, res.Status)
			require.Contains(t, text(byID(res.Doc, "main")), "Nothing is sent to other servers")
			require.Equal(t, 1, len(tableRows(br.get("/admin/followers").Doc, "Followers")), "nothing changes before the confirmation")
			res = br.post("/admin/moderation/block-domain", url.Values{"domain": {"127.0.0.1"}})
			require.Equal(t, http.StatusSeeOther, res.Status, res.Body)
			res = br.get(res.location())
			require.Contains(t, text(byID(res.Doc, "main")), "The server is blocked")
			domains := tableRows(res.Doc, "Blocked servers")
			require.Len(t, domains, 1)
			require.Contains(t, domains[0], "127.0.0.1")
			waitForFollows(t, b, model.FollowAccepted, 0)
			again, err := alice.Follow(ctx, coop, inbox)
			require.NoError(t, err)
			require.Equal(t, http.StatusForbidden, again.Status, "a blocked server's inbox POSTs are refused")

			res = br.post("/admin/moderation/unblock-domain", url.Values{"domain": {"127.0.0.1"}})
			require.Equal(t, http.StatusSeeOther, res.Status, res.Body)
			res = br.get(res.location())
			require.Contains(t, text(byID(res.Doc, "main")), "The server is no longer blocked")
			require.Nil(t, tableRows(res.Doc, "Blocked servers"))
			again, err = alice.Follow(ctx, coop, inbox)
			require.NoError(t, err)
			require.Equal(t, http.StatusAccepted, again.Status)

			// An account, by its handle: found by WebFinger, blocked after
			// a confirmation, removed as a follower and told so.
			bobFollow, err := bob.Follow(ctx, coop, inbox)
			require.NoError(t, err)
			require.Equal(t, http.StatusAccepted, bobFollow.Status)
			waitForFollows(t, b, model.FollowAccepted, 2)
			res = br.get("/admin/moderation/block-account?account=" + url.QueryEscape(bob.Handle))
			require.Equal(t, http.StatusOK, res.Status, res.Body)
			require.Contains(t, text(byID(res.Doc, "main")), bob.Handle)
			require.Contains(t, text(byID(res.Doc, "main")), "This is sent to other servers")
			res = br.post("/admin/moderation/block-account", url.Values{"account": {bob.ID}})
			require.Equal(t, http.StatusSeeOther, res.Status, res.Body)
			remote.WaitForDelivery(t, rejectOf(bobFollow), federationWait)
			res = br.get(res.location())
			require.Contains(t, text(byID(res.Doc, "main")), "The account is blocked")
			accounts := tableRows(res.Doc, "Blocked accounts")
			require.Len(t, accounts, 1)
			require.Contains(t, accounts[0], bob.Handle)
			waitForFollows(t, b, model.FollowAccepted, 1)

			// A blocked account that follows again is turned down.
			bobAgain, err := bob.Follow(ctx, coop, inbox)
			require.NoError(t, err)
			require.Equal(t, http.StatusAccepted, bobAgain.Status)
			remote.WaitForDelivery(t, rejectOf(bobAgain), federationWait)
			waitForFollows(t, b, model.FollowAccepted, 1)

			res = br.post("/admin/moderation/unblock-account", url.Values{"actor": {bob.ID}})
			require.Equal(t, http.StatusSeeOther, res.Status, res.Body)
			res = br.get(res.location())
			require.Contains(t, text(byID(res.Doc, "main")), "The account is no longer blocked")
			require.Contains(t, text(byID(res.Doc, "main")), "No account is blocked")

			// Accounts that cannot be found come back, marked, as typed.
			for typed, want := range map[string]string{
				"@nobody@" + remote.Host(): "could not be found",
				"nobody at all":            "neither a handle",
			} {
				res = br.get("/admin/moderation/block-account?account=" + url.QueryEscape(typed))
				require.Equal(t, http.StatusBadRequest, res.Status, typed)
				requireFieldError(t, res.Doc, "account", want)
				require.Equal(t, typed, attr(byID(res.Doc, "account"), "value"))
			}
		})
	}
}

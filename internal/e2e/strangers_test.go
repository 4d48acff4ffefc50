package e2e_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/federation/fedtest"
	"github.com/gather-coop/gather/internal/server/servertest"
	"github.com/gather-coop/gather/internal/store"
)

// TestStrangersKeyCostsOneFetchOfTheirActor: someone we have never seen
// writes to us. Their Mastodon server keeps the key in the actor document,
// so one signed GET of it both finds the key and tells us who they are;
// GoToSocial's key stub names the owner, whose actor document is then
// fetched too. Either way the activity is accepted and the person stored.
func TestStrangersKeyCostsOneFetchOfTheirActor(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		flavor fedtest.Flavor
		gets   []string // what our key fetch asked the server for, in order
	}{
		{fedtest.Mastodon, []string{"/users/alice"}},
		{fedtest.GoToSocial, []string{"/users/alice/main-key", "/users/alice"}},
	} {
		t.Run(tc.flavor.String(), func(t *testing.T) {
			t.Parallel()
			gather := servertest.Start(t, "sqlite")
			remote := fedtest.NewServer(t, tc.flavor, fedtest.WithAuthorizedFetch(true))
			alice := remote.AddActor("alice")

			status, reason := post(t, alice, gather.Base+"/inbox", "application/activity+json",
				alice.Like(gather.Base+"/actors/events", gather.Base+"/actors/events"), nil)
			require.Equal(t, http.StatusAccepted, status, reason)

			var gets []string
			for _, f := range remote.Fetches() {
				require.Equal(t, http.StatusOK, f.Status, f.Path)
				require.NotEmpty(t, f.SignedKeyID, "%s fetched unsigned", f.Path)
				gets = append(gets, f.Path)
			}
			require.Equal(t, tc.gets, gets)
			stored, err := gather.Store.RemoteActorGetByURI(t.Context(), alice.ID)
			require.NoError(t, err)
			require.Equal(t, alice.KeyID, stored.KeyID)
			require.Equal(t, alice.Inbox, stored.Inbox)
		})
	}
}

// TestHostThatWritesIsReachableAgain: a server we gave up on after a week
// of failures is tried again once it sends us something; one that never
// failed is left as it was.
func TestHostThatWritesIsReachableAgain(t *testing.T) {
	t.Parallel()
	for _, db := range servertest.Databases {
		t.Run(db, func(t *testing.T) {
			t.Parallel()
			ctx := t.Context()
			gather := servertest.Start(t, db)
			down := fedtest.NewServer(t, fedtest.Mastodon)
			up := fedtest.NewServer(t, fedtest.Mastodon)
			week := 7 * 24 * time.Hour
			_, err := gather.Store.HostRecordFailure(ctx, down.Host(), time.Now().Add(-week-time.Hour), time.Now().Add(-week))
			require.NoError(t, err)
			h, err := gather.Store.HostRecordFailure(ctx, down.Host(), time.Now(), time.Now().Add(-week))
			require.NoError(t, err)
			require.True(t, h.Unreachable)

			for _, srv := range []*fedtest.Server{down, up} {
				alice := srv.AddActor("alice")
				status, reason := post(t, alice, gather.Base+"/inbox", "application/activity+json",
					alice.Like(gather.Base+"/actors/events", gather.Base+"/actors/events"), nil)
				require.Equal(t, http.StatusAccepted, status, reason)
			}
			h, err = gather.Store.HostGet(ctx, down.Host())
			require.NoError(t, err)
			require.False(t, h.Unreachable, "the host that wrote to us is tried again")
			_, err = gather.Store.HostGet(ctx, up.Host())
			require.ErrorIs(t, err, store.ErrNotFound, "a host that never failed is not recorded")
		})
	}
}

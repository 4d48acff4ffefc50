package ap_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/federation/fedtest"
	"github.com/gather-coop/gather/internal/server/servertest"
	"github.com/gather-coop/gather/internal/store"
)

// TestRefusedRequestsStoreNoActor: a POST whose signature does not verify,
// or verifies with someone else's key, is refused with 401 and leaves no
// remote actor behind, though the key was fetched to check it. A good
// signature then stores the actor.
func TestRefusedRequestsStoreNoActor(t *testing.T) {
	t.Parallel()
	for _, db := range servertest.Databases {
		t.Run(db, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			gather := servertest.Start(t, db)
			remote := fedtest.NewServer(t, fedtest.Mastodon)
			alice, bob := remote.AddActor("alice"), remote.AddActor("bob")
			inbox := gather.Base + "/actors/events/inbox"
			coop := gather.Base + "/actors/events"
			const as = "application/activity+json"
			known := func(actor *fedtest.Actor) bool {
				_, err := gather.Store.RemoteActorGetByURI(ctx, actor.ID)
				if err != nil {
					require.ErrorIs(t, err, store.ErrNotFound)
				}
				return err == nil
			}

			status, reason := post(t, alice, inbox, as, followJSON(t, alice.ID, coop), func(r *http.Request, _ *[]byte) {
				r.Header.Set("Signature", strings.Replace(r.Header.Get("Signature"), `signature="`, `signature="AAAA`, 1))
			})
			require.Equal(t, http.StatusUnauthorized, status, reason)
			require.NotEmpty(t, remote.Fetches(), "the key was fetched to check the signature")
			require.False(t, known(alice), "a forged request stored the actor it named")

			status, reason = post(t, bob, inbox, as, followJSON(t, alice.ID, coop), nil)
			require.Equal(t, http.StatusUnauthorized, status, reason)
			require.False(t, known(bob), "a request signed by someone other than its actor stored the signer")
			require.False(t, known(alice))

			status, reason = post(t, alice, inbox, as, followJSON(t, alice.ID, coop), nil)
			require.Equal(t, http.StatusAccepted, status, reason)
			require.True(t, known(alice), "a verified signer is kept")
		})
	}
}

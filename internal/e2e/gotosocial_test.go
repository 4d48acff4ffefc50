package e2e_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/federation"
	"github.com/gather-coop/gather/federation/httpsig"
	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/server/servertest"
)

// gtsBody reads one of the real GoToSocial requests (copied into
// federation/httpsig/testdata) with the ids of ours it names rewritten to
// this test's gathering, poll and actor.
func gtsBody(t *testing.T, name string, gather *servertest.Instance, gathering string) []byte {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("..", "..", "federation", "httpsig", "testdata", "gotosocial", name))
	require.NoError(t, err)
	var capture struct {
		BodyRaw string `json:"body_raw"`
	}
	require.NoError(t, json.Unmarshal(raw, &capture))
	body := capture.BodyRaw
	for from, to := range map[string]string{
		"https://coop-a.test/events/2":      gathering,
		"https://coop-a.test/polls/19":      gathering + "/poll",
		"https://coop-a.test/actors/events": gather.Base + "/actors/events",
		"https://coop-a.test/@events":       gather.Base + "/@events",
	} {
		body = strings.ReplaceAll(body, from, to)
	}
	return []byte(body)
}

// TestGoToSocialBodiesMeanWhatAlice meant: the replies, edit, delete, vote,
// like and boost a real GoToSocial sent, processed in the order Alice sent
// them, give the RSVPs a person would expect. (Their signatures are
// checked in federation/httpsig.)
func TestGoToSocialBodiesMeanWhatAliceMeant(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	gather := servertest.Start(t, "sqlite")
	gathering, _ := smallGathering(t, gather, 10)

	actorDoc, err := os.ReadFile(filepath.Join("..", "..", "federation", "httpsig", "testdata", "gotosocial", "actor-alice.json"))
	require.NoError(t, err)
	alice, err := federation.ParseActor(actorDoc) // the actor document itself, not a request
	require.NoError(t, err)
	_, err = gather.Store.RemoteActorUpsert(ctx, &model.RemoteActor{URI: alice.ID, Host: "gts.test", Domain: "gts.test",
		Username: alice.PreferredUsername, Inbox: alice.Inbox, KeyID: alice.PublicKeys[0].ID, PublicKeyPEM: alice.PublicKeys[0].PEM, FetchedAt: time.Now()})
	require.NoError(t, err)

	for _, step := range []struct{ file, want string }{
		{"reply-public.json", "going"},
		{"reply-unlisted.json", "going"},
		{"reply-followers-only.json", "going"},
		{"reply-direct.json", "going"},
		{"reply-edited.json", "maybe"},  // "Actually, maybe"
		{"reply-deleted.json", "maybe"}, // the unlisted reply changed nothing, so deleting it changes nothing
		{"poll-vote.json", "going"},     // "Going" in the poll
		{"like.json", "going"},          // a favourite is not an RSVP
		{"announce.json", "going"},      // nor is a boost
		{"undo-like.json", "going"},
		{"undo-announce.json", "going"},
	} {
		body := gtsBody(t, step.file, gather, gathering)
		act, err := federation.DecodeActivity(body)
		require.NoError(t, err, step.file)
		require.NoError(t, gather.App.Receive(ctx, act, httpsig.Key{Owner: act.Actor}), step.file)
		waitFor(t, step.file+" processed", func() bool {
			n, err := gather.Store.InboxActivityCount(ctx)
			return err == nil && n > 0 && allProcessed(t, gather)
		})
		require.Equal(t, step.want, statusOf(rsvps(t, gather, gathering), gathering, alice.ID), "after %s", step.file)
	}
	list := rsvps(t, gather, gathering)
	require.Len(t, list, 1, "one answer per person")
	require.Equal(t, "poll", list[0].Channel)
}

// allProcessed reports whether the job queue has nothing left to do.
func allProcessed(t *testing.T, gather *servertest.Instance) bool {
	counts, err := gather.Store.JobCounts(context.Background())
	require.NoError(t, err)
	return counts["available"] == 0 && counts["running"] == 0 && counts["pending"] == 0
}

package fedtest_test

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/federation/fedtest"
	"github.com/gather-coop/gather/federation/httpsig"
)

// pair is a Mastodon user alice on one fake and bob on another.
type pair struct {
	sender, receiver *fedtest.Server
	alice, bob       *fedtest.Actor
}

func newPair(t *testing.T) pair {
	t.Helper()
	p := pair{
		sender:   fedtest.NewServer(t, fedtest.Mastodon, fedtest.WithKey(key(t))),
		receiver: fedtest.NewServer(t, fedtest.Mastodon, fedtest.WithKey(key(t))),
	}
	p.alice = p.sender.AddActor("alice")
	p.bob = p.receiver.AddActor("bob")
	return p
}

func (p pair) like(t *testing.T, ctx context.Context) fedtest.Response {
	t.Helper()
	res, err := p.alice.Post(ctx, p.bob.Inbox, p.alice.Like(p.bob.ID+"/statuses/1", p.bob.ID))
	require.NoError(t, err)
	return res
}

func TestKeyRotationNeedsRefetch(t *testing.T) {
	t.Parallel()
	ctx := testContext(t)
	p := newPair(t)

	require.Equal(t, http.StatusAccepted, p.like(t, ctx).Status)
	require.Equal(t, http.StatusAccepted, p.like(t, ctx).Status)
	require.Equal(t, 1, p.receiver.KeyFetches(), "the second delivery uses the cached key")

	old := p.alice.PublicKey()
	p.alice.RotateKey()
	require.False(t, old.Equal(p.alice.PublicKey()))
	remote, err := p.bob.FetchActor(ctx, p.alice.ID)
	require.NoError(t, err)
	pub, err := httpsig.ParsePublicKeyPEM(remote.PublicKeys[0].PEM)
	require.NoError(t, err)
	require.True(t, pub.Equal(p.alice.PublicKey()), "the actor document serves the new key")

	res := p.like(t, ctx)
	require.Equal(t, http.StatusAccepted, res.Status, "%s", res.Body)
	require.Equal(t, 2, p.receiver.KeyFetches(), "the cached key failed, so the receiver refetched")
	d := p.receiver.Deliveries()
	require.Len(t, d, 3)
	require.True(t, d[2].Verified, "%v", d[2].VerifyErr)
}

func TestSetInboxStatus(t *testing.T) {
	t.Parallel()
	ctx := testContext(t)
	p := newPair(t)

	for _, code := range []int{http.StatusServiceUnavailable, http.StatusGone, http.StatusInternalServerError} {
		p.receiver.SetInboxStatus(code)
		require.Equal(t, code, p.like(t, ctx).Status)
	}
	p.receiver.SetInboxStatus(0)
	require.Equal(t, http.StatusAccepted, p.like(t, ctx).Status)

	require.Equal(t, 4, p.receiver.InboxHits())
	d := p.receiver.Deliveries()
	require.Len(t, d, 4)
	for _, got := range d {
		require.True(t, got.Verified, "refused deliveries are still verified: %v", got.VerifyErr)
	}
	require.Equal(t, http.StatusGone, d[1].Status)
}

type postResult struct {
	res fedtest.Response
	err error
}

func (p pair) likeAsync(ctx context.Context) <-chan postResult {
	done := make(chan postResult, 1)
	body := p.alice.Like(p.bob.ID+"/statuses/1", p.bob.ID)
	go func() {
		res, err := p.alice.Post(ctx, p.bob.Inbox, body)
		done <- postResult{res, err}
	}()
	return done
}

func TestHangAndRelease(t *testing.T) {
	t.Parallel()
	ctx := testContext(t)
	p := newPair(t)

	p.receiver.Hang()
	done := p.likeAsync(ctx)
	p.receiver.WaitForInboxHits(t, 1, wait)
	select {
	case r := <-done:
		t.Fatalf("a hanging inbox answered: %+v", r)
	default:
	}
	require.Empty(t, p.receiver.Deliveries(), "nothing is recorded before the answer")

	p.receiver.Release()
	select {
	case r := <-done:
		require.NoError(t, r.err)
		require.Equal(t, http.StatusAccepted, r.res.Status)
	case <-ctx.Done():
		t.Fatal("the released POST never got an answer")
	}
	require.Len(t, p.receiver.Deliveries(), 1)
	require.Equal(t, http.StatusAccepted, p.like(t, ctx).Status, "released: no longer hanging")
}

func TestHangUntilSenderGivesUp(t *testing.T) {
	t.Parallel()
	ctx := testContext(t)
	p := newPair(t)

	p.receiver.Hang()
	postCtx, cancel := context.WithCancel(ctx)
	done := p.likeAsync(postCtx)
	p.receiver.WaitForInboxHits(t, 1, wait)
	cancel()
	r := <-done
	require.True(t, errors.Is(r.err, context.Canceled), "%v", r.err)
	require.Equal(t, 1, p.receiver.InboxHits())
	require.Empty(t, p.receiver.Deliveries())
	// The test ends with the inbox still hung: cleanup must not block.
}

func TestUnverifiedDeliveries(t *testing.T) {
	t.Parallel()
	ctx := testContext(t)
	p := newPair(t)

	// Unsigned.
	res, err := http.Post(p.bob.Inbox, "application/activity+json",
		bytes.NewReader(p.alice.Like(p.bob.ID+"/statuses/1", p.bob.ID)))
	require.NoError(t, err)
	require.NoError(t, res.Body.Close())
	require.Equal(t, http.StatusUnauthorized, res.StatusCode)

	// Signed by alice, but the activity is bob's.
	spoof := p.bob.Like(p.alice.ID+"/statuses/1", p.alice.ID)
	got, err := p.alice.Post(ctx, p.bob.Inbox, spoof)
	require.NoError(t, err)
	require.Equal(t, http.StatusUnauthorized, got.Status)

	// Not an activity.
	got, err = p.alice.Post(ctx, p.bob.Inbox, []byte(`{"hello":"world"}`))
	require.NoError(t, err)
	require.Equal(t, http.StatusBadRequest, got.Status)

	// No such inbox.
	got, err = p.alice.Post(ctx, p.receiver.URL()+"/users/nobody/inbox", p.alice.Like(p.bob.ID, p.bob.ID))
	require.NoError(t, err)
	require.Equal(t, http.StatusNotFound, got.Status)

	d := p.receiver.Deliveries()
	require.Len(t, d, 4)
	require.ErrorIs(t, d[0].VerifyErr, httpsig.ErrNoSignature)
	require.Empty(t, d[0].SignedKeyID)
	require.ErrorContains(t, d[1].VerifyErr, "not to the activity's actor")
	require.Equal(t, p.alice.KeyID, d[1].SignedKeyID)
	require.Nil(t, d[2].Activity)
	require.Error(t, d[2].ParseErr)
	for _, x := range d[:3] {
		require.False(t, x.Verified)
	}
	require.Equal(t, "/users/nobody/inbox", d[3].Path)
	require.True(t, d[3].Verified, "a POST to a wrong path is still recorded and checked")
}

func TestDateWindow(t *testing.T) {
	t.Parallel()
	ctx := testContext(t)
	skewed := fedtest.NewServer(t, fedtest.Mastodon, fedtest.WithKey(key(t)),
		fedtest.WithClock(func() time.Time { return time.Now().Add(-2 * time.Hour) }))
	receiver := fedtest.NewServer(t, fedtest.Mastodon, fedtest.WithKey(key(t)))
	alice := skewed.AddActor("alice")
	bob := receiver.AddActor("bob")

	res, err := alice.Post(ctx, bob.Inbox, alice.Like(bob.ID+"/statuses/1", bob.ID))
	require.NoError(t, err)
	require.Equal(t, http.StatusUnauthorized, res.Status)
	d := receiver.Deliveries()
	require.Len(t, d, 1)
	require.ErrorIs(t, d[0].VerifyErr, httpsig.ErrDate)
}

func TestWaitForDelivery(t *testing.T) {
	t.Parallel()
	ctx := testContext(t)
	p := newPair(t)

	// A delivery that arrives while waiting.
	done := p.likeAsync(ctx)
	d := p.receiver.WaitForDelivery(t, fedtest.OfType("Like"), wait)
	require.Equal(t, p.alice.ID, d.Activity.Actor)
	require.NoError(t, (<-done).err)

	// One already there is found at once.
	require.Equal(t, d.Activity.ID, p.receiver.WaitForDelivery(t, fedtest.OfType("Like"), 0).Activity.ID)

	// None: the test fails, saying what did arrive.
	msg := failure(func(tb testing.TB) {
		p.receiver.WaitForDelivery(tb, fedtest.OfType("Accept"), 10*time.Millisecond)
	})
	require.Contains(t, msg, "no matching delivery within 10ms")
	require.Contains(t, msg, "1 POSTs received, 1 answered")
	require.Contains(t, msg, "POST /users/bob/inbox → 202 Like id="+d.Activity.ID)
	require.Contains(t, msg, "verified")

	msg = failure(func(tb testing.TB) { p.receiver.WaitForInboxHits(tb, 2, 10*time.Millisecond) })
	require.Contains(t, msg, "wanted 2 inbox hits")
}

func TestUndoFollow(t *testing.T) {
	t.Parallel()
	ctx := testContext(t)
	p := newPair(t)

	follow, err := p.alice.Follow(ctx, p.bob.ID, p.bob.Inbox)
	require.NoError(t, err)
	require.Equal(t, http.StatusAccepted, follow.Status)
	undo, err := p.alice.Undo(ctx, follow.Activity, p.bob.Inbox)
	require.NoError(t, err)
	require.Equal(t, http.StatusAccepted, undo.Status)
	require.NotEqual(t, follow.ID, undo.ID)

	d := p.receiver.WaitForDelivery(t, fedtest.OfType("Undo"), wait)
	require.True(t, d.Verified, "%v", d.VerifyErr)
	inner, err := d.Activity.Object.Activity()
	require.NoError(t, err)
	require.Equal(t, "Follow", inner.Type)
	require.Equal(t, follow.ID, inner.ID)
	require.Equal(t, []string{p.bob.ID}, d.Activity.To)

	_, err = p.bob.Undo(ctx, follow.Activity, p.alice.Inbox)
	require.ErrorContains(t, err, "not "+p.bob.ID)
}

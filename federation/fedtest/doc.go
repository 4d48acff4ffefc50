// Package fedtest runs fake fediverse servers for tests: real
// httptest.Servers on 127.0.0.1 over plain HTTP, with real RSA-2048 keys,
// that serve and sign like Mastodon, GoToSocial, Mobilizon or Gancio and
// record everything they receive. The server under test must allow private
// addresses and plain http to reach them.
//
// A fake serves, for each actor added with AddActor:
//
//	GET  /.well-known/webfinger?resource=acct:alice@127.0.0.1:port  (and by actor URL)
//	GET  /.well-known/nodeinfo, /nodeinfo/2.1
//	GET  the actor document (federation.ActorJSON), its empty collections,
//	     GoToSocial's key stub <actor>/main-key, and every object and
//	     activity its actors built (Reply, Follow…), at their ids
//	POST the actor's inbox and the shared inbox (none on GoToSocial)
//
// Incoming POSTs are verified the way Mastodon verifies them (keys fetched
// from the keyId URL and cached, refetched once when a signature fails, key
// owner == activity actor, the flavour's Date window) and recorded as
// Deliveries, verified or not. The inbox answers 202, or 401 when the
// signature does not verify (406 on GoToSocial for a non-ActivityStreams
// Content-Type). SetDown, SetInboxStatus, Hang and Release simulate failing and
// slow servers; InboxHits counts every attempt.
//
// Outgoing, an Actor signs its POSTs and GETs as its flavour does (see
// Flavor; what each flavour does is the table of the sub-package flavor): Post, Get, Follow, Undo, FetchActor; Server.WebFinger looks a
// handle up. Reply, Vote, Join, Leave, Like and Announce build the
// activities such servers send, to be posted with Post.
//
// # Example
//
// A fake Mastodon user follows the co-op, gets its Accept, and replies
// "going" to an event:
//
//	func TestFollowAndRSVP(t *testing.T) {
//		t.Parallel()
//		ctx := t.Context()
//		gather := startGather(t) // the server under test
//
//		masto := fedtest.NewServer(t, fedtest.Mastodon)
//		alice := masto.AddActor("alice")
//
//		coop, err := masto.WebFinger(ctx, "@events@"+gather.Host())
//		require.NoError(t, err)
//		remote, err := alice.FetchActor(ctx, coop)
//		require.NoError(t, err)
//
//		follow, err := alice.Follow(ctx, coop, remote.SharedInbox)
//		require.NoError(t, err)
//		require.Equal(t, http.StatusAccepted, follow.Status)
//
//		accept := masto.WaitForDelivery(t, fedtest.OfType("Accept"), 5*time.Second)
//		require.True(t, accept.Verified, "%v", accept.VerifyErr)
//		require.Equal(t, follow.ID, accept.Activity.Object.ID)
//
//		reply := alice.Reply(eventID, coop, "@events@"+gather.Host(), "I'm going!", fedtest.Direct)
//		res, err := alice.Post(ctx, remote.Inbox, reply)
//		require.NoError(t, err)
//		require.Equal(t, http.StatusAccepted, res.Status)
//	}
//
// Creating a server generates one RSA key (about 100ms), shared by all its
// actors. Benchmarks that need hundreds of hosts should generate one key
// and pass it to every server with WithKey.
package fedtest

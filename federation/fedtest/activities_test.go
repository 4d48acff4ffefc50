package fedtest_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/federation"
	"github.com/gather-coop/gather/federation/fedtest"
)

const (
	coopActor = "http://127.0.0.1:9/actors/events"
	eventID   = "http://127.0.0.1:9/events/2"
	handle    = "@events@127.0.0.1:9"
)

// note is the part of a reply's Note the tests look at.
type note struct {
	ID, Type, AttributedTo, InReplyTo, Content, Name string
	To, CC, Tag                                      json.RawMessage
}

func objectOf(t *testing.T, act *federation.Activity) note {
	t.Helper()
	var n note
	require.NoError(t, json.Unmarshal(act.Object.Raw, &n))
	return n
}

func TestReplyVisibilities(t *testing.T) {
	t.Parallel()
	srv := fedtest.NewServer(t, fedtest.Mastodon, fedtest.WithKey(key(t)))
	alice := srv.AddActor("alice")
	pub := federation.Public
	tests := []struct {
		vis    fedtest.Visibility
		to, cc []string
	}{
		{fedtest.Public, []string{pub}, []string{alice.Followers, coopActor}},
		{fedtest.Unlisted, []string{alice.Followers}, []string{pub, coopActor}},
		{fedtest.FollowersOnly, []string{alice.Followers}, []string{coopActor}},
		{fedtest.Direct, []string{coopActor}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.vis.String(), func(t *testing.T) {
			t.Parallel()
			act, err := federation.DecodeActivity(alice.Reply(eventID, coopActor, handle, "I'm going!", tc.vis))
			require.NoError(t, err)
			require.Equal(t, "Create", act.Type)
			require.Equal(t, alice.ID, act.Actor)
			require.Equal(t, tc.to, act.To)
			require.Equal(t, tc.cc, act.CC)

			n := objectOf(t, act)
			require.Equal(t, "Note", n.Type)
			require.Equal(t, eventID, n.InReplyTo)
			require.Equal(t, alice.ID, n.AttributedTo)
			require.Equal(t, `<p><span class="h-card" translate="no"><a href="`+coopActor+
				`" class="u-url mention">@<span>events</span></a></span> I&#39;m going!</p>`, n.Content)
			require.JSONEq(t, `[{"type":"Mention","href":"`+coopActor+`","name":"`+handle+`"}]`, string(n.Tag))
		})
	}
}

func TestReplyGoToSocialShape(t *testing.T) {
	t.Parallel()
	srv := fedtest.NewServer(t, fedtest.GoToSocial, fedtest.WithKey(key(t)))
	gary := srv.AddActor("gary")

	raw := gary.Reply(eventID, coopActor, "events@127.0.0.1:9", "I'm going!", fedtest.Direct)
	act, err := federation.DecodeActivity(raw)
	require.NoError(t, err)
	require.Equal(t, []string{coopActor}, act.To)
	n := objectOf(t, act)
	require.JSONEq(t, `"`+coopActor+`"`, string(n.To), "one recipient is a plain string")
	require.JSONEq(t, `{"type":"Mention","href":"`+coopActor+`","name":"`+handle+`"}`, string(n.Tag),
		"a single tag is an object")
	require.Contains(t, n.Content, "I'm going!")
	require.Contains(t, n.Content, `rel="nofollow noreferrer noopener"`)

	act, err = federation.DecodeActivity(gary.Reply(eventID, coopActor, handle, "going", fedtest.Public))
	require.NoError(t, err)
	require.Equal(t, []string{federation.Public}, act.To)
	require.Equal(t, []string{gary.Followers, coopActor}, act.CC)
}

func TestVote(t *testing.T) {
	t.Parallel()
	masto := fedtest.NewServer(t, fedtest.Mastodon, fedtest.WithKey(key(t)))
	gts := fedtest.NewServer(t, fedtest.GoToSocial, fedtest.WithKey(key(t)))
	alice := masto.AddActor("alice")
	gary := gts.AddActor("gary")
	const question = "http://127.0.0.1:9/polls/19"

	act, err := federation.DecodeActivity(alice.Vote(question, coopActor, "Going"))
	require.NoError(t, err)
	require.Equal(t, "Create", act.Type)
	require.Equal(t, []string{coopActor}, act.To)
	require.Len(t, act.Objects, 1)
	n := objectOf(t, act)
	require.Equal(t, "Going", n.Name)
	require.Equal(t, question, n.InReplyTo)
	require.Equal(t, alice.ID, n.AttributedTo)
	require.Empty(t, n.Content)

	act, err = federation.DecodeActivity(gary.Vote(question, coopActor, "Going", "Maybe"))
	require.NoError(t, err)
	require.Len(t, act.Objects, 2)
	require.NotEqual(t, act.Objects[0].ID, act.Objects[1].ID)
}

func TestSimpleActivities(t *testing.T) {
	t.Parallel()
	srv := fedtest.NewServer(t, fedtest.Mobilizon, fedtest.WithKey(key(t)))
	mo := srv.AddActor("mo")
	seen := map[string]bool{}
	for _, tc := range []struct {
		raw  []byte
		typ  string
		to   []string
		from string
	}{
		{mo.Join(eventID, coopActor), "Join", []string{coopActor}, eventID},
		{mo.Leave(eventID, coopActor), "Leave", []string{coopActor}, eventID},
		{mo.Like(eventID, coopActor), "Like", []string{coopActor}, eventID},
		{mo.Announce(eventID, coopActor), "Announce", []string{federation.Public}, eventID},
	} {
		act, err := federation.DecodeActivity(tc.raw)
		require.NoError(t, err, tc.typ)
		require.Equal(t, tc.typ, act.Type)
		require.Equal(t, mo.ID, act.Actor)
		require.Equal(t, tc.from, act.Object.ID)
		require.Equal(t, tc.to, act.To)
		require.False(t, seen[act.ID], "ids are unique: %s", act.ID)
		seen[act.ID] = true
	}
}

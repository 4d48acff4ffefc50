package localurl_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/internal/app/localurl"
)

// TestEventURLsRoundTrip: every event URL we build reads back as the
// event it was built for, and nothing else reads as one of ours.
func TestEventURLsRoundTrip(t *testing.T) {
	t.Parallel()
	u := localurl.URLs{Base: "https://events.example.coop"}
	for _, kind := range []localurl.EventKind{localurl.KindGathering, localurl.KindSession} {
		for _, id := range []int64{1, 42, 1 << 40} {
			uri := u.Event(kind, id)
			gotKind, gotID, ok := u.EventOf(uri)
			require.True(t, ok, uri)
			assert.Equal(t, kind, gotKind, uri)
			assert.Equal(t, id, gotID, uri)

			p, ok := u.ParseEvent(uri + "/poll")
			require.True(t, ok)
			assert.Equal(t, localurl.EventPath{Kind: kind, ID: id, Poll: true}, p)
			p, ok = u.ParseEvent(uri + "/notes/3f2a")
			require.True(t, ok)
			assert.Equal(t, localurl.EventPath{Kind: kind, ID: id, Note: "3f2a"}, p)
			_, _, ok = u.EventOf(uri + "/poll")
			assert.False(t, ok, "a poll is not the event")
		}
	}
	assert.Equal(t, u.Gathering(7), u.Event(localurl.KindGathering, 7))
	assert.Equal(t, u.Session(7), u.Event(localurl.KindSession, 7))

	for _, foreign := range []string{
		"https://other.example/gatherings/1",
		"https://events.example.coop.evil/gatherings/1",
		"http://events.example.coop/gatherings/1",
		"https://events.example.coop/gatherings",
		"https://events.example.coop/gatherings/",
		"https://events.example.coop/gatherings/0",
		"https://events.example.coop/gatherings/-3",
		"https://events.example.coop/gatherings/x",
		"https://events.example.coop/gatherings/1?page=2",
		"https://events.example.coop/gatherings/1/notes/",
		"https://events.example.coop/gatherings/1/notes/a/b",
		"https://events.example.coop/gatherings/1/rsvps",
		"https://events.example.coop/actors/1",
		"https://events.example.coop/tags/1",
	} {
		_, ok := u.ParseEvent(foreign)
		assert.False(t, ok, foreign)
	}
}

func TestActorURLsRoundTrip(t *testing.T) {
	t.Parallel()
	u := localurl.URLs{Base: "http://127.0.0.1:8080"}
	assert.Equal(t, "events", u.HandleOf(u.Actor("events")))
	for _, notActor := range []string{u.Inbox("events"), u.Key("events"), u.Profile("events"), u.Base + "/actors/", "https://else.example/actors/events"} {
		assert.Empty(t, u.HandleOf(notActor), notActor)
	}
	assert.Equal(t, "127.0.0.1:8080", u.Host())
	assert.True(t, u.Mine(u.NewActivity()))
	assert.NotEqual(t, u.NewActivity(), u.NewActivity(), "each activity id is new")
}

// FuzzParseEvent reads the inReplyTo of strangers' posts: it must never
// panic, and what it accepts must be what we would have built.
func FuzzParseEvent(f *testing.F) {
	u := localurl.URLs{Base: "https://events.example.coop"}
	for _, seed := range []string{u.Gathering(1), u.Session(12) + "/poll", u.Gathering(3) + "/notes/9f1c", u.Base + "/gatherings/+4", u.Base + "/sessions//poll", u.Base + "/"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, uri string) {
		p, ok := u.ParseEvent(uri)
		if !ok {
			return
		}
		require.Positive(t, p.ID)
		require.True(t, u.Mine(uri))
		rebuilt := u.Event(p.Kind, p.ID)
		switch {
		case p.Poll:
			rebuilt += "/poll"
		case p.Note != "":
			rebuilt += "/notes/" + p.Note
		}
		again, ok := u.ParseEvent(rebuilt)
		require.True(t, ok, rebuilt)
		require.Equal(t, p, again)
	})
}

// TestMyCalendarIsNoEvent: a personal calendar's address is under /my/,
// and never reads as one of our events (a reply to it is no RSVP).
func TestMyCalendarIsNoEvent(t *testing.T) {
	t.Parallel()
	u := localurl.URLs{Base: "https://events.example.coop"}
	got := u.MyCalendar("0123456789abcdef0123456789abcdef")
	require.Equal(t, "https://events.example.coop/my/0123456789abcdef0123456789abcdef.ics", got)
	_, ok := u.ParseEvent(got)
	require.False(t, ok)
}

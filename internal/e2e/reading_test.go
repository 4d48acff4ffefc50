package e2e_test

import (
	"bytes"
	"context"
	"encoding/json"
	"html"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/federation/fedtest"
	"github.com/gather-coop/gather/internal/app"
	"github.com/gather-coop/gather/internal/server/servertest"
)

// shownPost is what a person sees of one of our objects in their
// timeline: the content warning (all a collapsed post shows) and the body,
// both as plain text.
type shownPost struct{ Warning, Body string }

// All is everything the post says once opened.
func (p shownPost) All() string { return p.Warning + "\n" + p.Body }

// asGoToSocial renders an object as GoToSocial 0.19 makes a status of it
// (typeutils' ASStatusToStatus): the content warning is "summary", or
// "name" when there is no summary; the body is "content"; an attachment
// that is not a picture (our online Link) is not shown; a Question's
// options are buttons under the body. The same for every type it takes
// (Note, Question, Event…): it has no special rendering for events.
func asGoToSocial(obj map[string]any) shownPost {
	warning := text(obj["summary"])
	if warning == "" {
		warning = text(obj["name"])
	}
	return shownPost{Warning: warning, Body: text(obj["content"]) + pollOptions(obj)}
}

// asMastodon renders an object as Mastodon (4.x) does (ActivityPub
// Activity::Create): a Note or Question keeps its content as the body and
// its summary as the content warning. An Event (like Article, Page, Image,
// Video, Audio) is converted: the body is its name, its summary and its
// url, joined by blank lines and linkified as plain text (converted_text),
// and there is no content warning; its content is not shown at all.
// Mastodon takes name and summary as plain text, so an entity in them is
// shown as written: they are not decoded here either.
func asMastodon(obj map[string]any) shownPost {
	switch obj["type"] {
	case "Note", "Question":
		return shownPost{Warning: plain(obj["summary"]), Body: text(obj["content"]) + pollOptions(obj)}
	}
	var parts []string
	for _, key := range []string{"name", "summary", "url"} {
		if s := plain(obj[key]); s != "" {
			parts = append(parts, s)
		}
	}
	return shownPost{Body: strings.Join(parts, "\n\n")}
}

// plain is a value Mastodon shows as plain text, as it is.
func plain(v any) string {
	s, _ := v.(string)
	return strings.TrimSpace(s)
}

func pollOptions(obj map[string]any) string {
	options, _ := obj["oneOf"].([]any)
	var names []string
	for _, o := range options {
		if m, ok := o.(map[string]any); ok {
			names = append(names, "["+text(m["name"])+"]")
		}
	}
	if len(names) == 0 {
		return ""
	}
	return "\n" + strings.Join(names, " ")
}

var (
	breaks = regexp.MustCompile(`(?i)<br\s*/?>|</p>|</h\d>|</li>`)
	tags   = regexp.MustCompile(`<[^>]*>`)
)

// text is the plain text a reader sees of an HTML (or plain) value: tags
// dropped, paragraphs and breaks as new lines, entities decoded.
func text(v any) string {
	s, _ := v.(string)
	s = breaks.ReplaceAllString(s, "\n")
	s = tags.ReplaceAllString(s, "")
	return strings.TrimSpace(html.UnescapeString(s))
}

// readsAbout checks that a rendered post says what it is, when (date,
// start time, zone) and where.
func readsAbout(t *testing.T, what string, shown string, facts ...string) {
	t.Helper()
	for _, f := range facts {
		require.Contains(t, shown, f, "%s should say %q; it shows:\n%s", what, f, shown)
	}
}

// exampleAnnounced is the example gathering with its "How we're really
// doing" workshop announced, so that it is a post (and a poll) of its own.
func exampleAnnounced(t *testing.T) []byte {
	data := exampleWithFacilitators(t)
	announced := bytes.Replace(data, []byte(`"title": "How we're really doing",`), []byte(`"title": "How we're really doing", "announce": true,`), 1)
	require.NotEqual(t, data, announced)
	return announced
}

// TestFollowersReadWhatWhenWhere: a follower on GoToSocial and one on
// Mastodon each see, in the example gathering's post, its poll, its
// announced session's post (the session's poll) and the notes of changes,
// the title, the date, the start time, the zone and the place, without
// opening a link; on GoToSocial the collapsed post (its content warning)
// names the gathering, and opened, it lists the sessions.
func TestFollowersReadWhatWhenWhere(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	gather := servertest.Start(t, "sqlite")
	tok := token(t, gather)
	gts, masto := fedtest.NewServer(t, fedtest.GoToSocial), fedtest.NewServer(t, fedtest.Mastodon)
	alice, bob := gts.AddActor("alice"), masto.AddActor("bob")
	_, err := alice.Follow(ctx, gather.Base+"/actors/events", gather.Base+"/actors/events/inbox")
	require.NoError(t, err)
	_, err = bob.Follow(ctx, gather.Base+"/actors/events", gather.Base+"/inbox")
	require.NoError(t, err)
	gts.WaitForDelivery(t, fedtest.OfType("Accept"), wait)
	masto.WaitForDelivery(t, fedtest.OfType("Accept"), wait)

	var created ref
	require.Equal(t, http.StatusCreated, apiCall(t, http.MethodPost, gather.Base+"/api/v1/gatherings?publish=true", tok, exampleAnnounced(t), &created))
	session := created.Sessions[1].APID // How we're really doing, Main room, 10:30–12:00

	created1 := func(server *fedtest.Server, id string) map[string]any {
		t.Helper()
		return object(t, server.WaitForDelivery(t, func(d fedtest.Delivery) bool {
			return d.Activity.Type == "Create" && d.Activity.Object.ID == id
		}, wait))
	}
	gathering := []string{"Tech co-op network gathering", "Sat 27 Mar 2027", "10:00", "GMT", "Co-op workspace"}
	workshop := []string{"How we're really doing", "Sat 27 Mar 2027", "10:30", "GMT", "Main room"}
	for _, tc := range []struct {
		what, id string
		facts    []string
	}{
		{"the gathering's post", created.APID, gathering},
		{"the gathering's poll", created.APID + "/poll", gathering},
		// An announced session is one post, its poll (issue 13.7).
		{"the session's post, its poll", session + "/poll", append(workshop, "Finances, burnout", "With ", "Part of Tech co-op network gathering")},
	} {
		onGTS, onMasto := created1(gts, tc.id), created1(masto, tc.id)
		require.JSONEq(t, mustMarshal(t, onGTS), mustMarshal(t, onMasto), "both get the same object")
		shownGTS, shownMasto := asGoToSocial(onGTS), asMastodon(onMasto)
		readsAbout(t, tc.what+" on GoToSocial", shownGTS.All(), tc.facts...)
		readsAbout(t, tc.what+" on Mastodon", shownMasto.All(), tc.facts...)
		if onGTS["type"] == "Event" {
			readsAbout(t, tc.what+" collapsed on GoToSocial", shownGTS.Warning, tc.facts...)
			readsAbout(t, tc.what+" opened on GoToSocial", shownGTS.Body, "Programme",
				"Sat 27 Mar, 10:30–12:00 · How we're really doing · Main room", "Sun 28 Mar")
		} else {
			require.Empty(t, shownGTS.Warning, "%s: no content warning hides the poll's buttons", tc.what)
		}
	}

	// A change of time: the note says what moved, to when, and where.
	require.Equal(t, http.StatusOK, apiCall(t, http.MethodPatch, gather.Base+"/api/v1/sessions/"+itoa(created.Sessions[1].ID), tok,
		[]byte(`{"room": "Lobby and kitchen", "starts_at": "2027-03-27T10:30:00", "ends_at": "2027-03-27T11:30:00"}`), nil))
	note := func(server *fedtest.Server, contains string) map[string]any {
		t.Helper()
		return object(t, server.WaitForDelivery(t, func(d fedtest.Delivery) bool {
			return d.Activity.Type == "Create" && d.Activity.Object.Type == "Note" && strings.Contains(string(d.Activity.Object.Raw), contains)
		}, wait))
	}
	for name, shown := range map[string]shownPost{"GoToSocial": asGoToSocial(note(gts, "New time")), "Mastodon": asMastodon(note(masto, "New time"))} {
		readsAbout(t, "the note of the new time on "+name, shown.All(),
			"New time", "How we're really doing", "Sat 27 Mar 2027", "10:30", "11:30", "GMT", "Lobby and kitchen")
		require.NotContains(t, shown.All(), "How we're really doing\n", "the link does not repeat the title")
	}

	// Cancelling: the note says what, when and where.
	_, gid, _ := gather.App.URLs().EventOf(created.APID)
	_, err = gather.App.CancelGathering(ctx, gid)
	require.NoError(t, err)
	for name, shown := range map[string]shownPost{"GoToSocial": asGoToSocial(note(gts, "Cancelled:")), "Mastodon": asMastodon(note(masto, "Cancelled:"))} {
		readsAbout(t, "the note of the cancellation on "+name, shown.All(), append([]string{"Cancelled"}, gathering...)...)
	}
}

// TestPostsSayTheDateOnce: GoToSocial shows the summary and, opened, the
// content; the date line is in the first only.
func TestPostsSayTheDateOnce(t *testing.T) {
	t.Parallel()
	gather := servertest.Start(t, "sqlite")
	tok := token(t, gather)
	var created ref
	require.Equal(t, http.StatusCreated, apiCall(t, http.MethodPost, gather.Base+"/api/v1/gatherings?publish=true", tok, exampleAnnounced(t), &created))
	for id, date := range map[string]string{created.APID: "Sat 27 Mar 2027 10:00 GMT", created.Sessions[1].APID: "Sat 27 Mar 2027, 10:30"} {
		var event map[string]any
		getJSON(t, id, &event)
		shown := asGoToSocial(event)
		require.Equal(t, 1, strings.Count(shown.All(), date), "%s on GoToSocial:\n%s", id, shown.All())
		require.Equal(t, 1, strings.Count(shown.All(), "Reply 'going' to RSVP"), "%s on GoToSocial:\n%s", id, shown.All())
	}
}

// TestCancelledLooksCancelled: the Update of a cancelled gathering says so
// in its title and its summary, for servers that read neither ical:status
// nor eventStatus (Gancio shows the name in its listings and calendar).
func TestCancelledLooksCancelled(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	gather := servertest.Start(t, "sqlite")
	gancio := fedtest.NewServer(t, fedtest.Gancio)
	relay := gancio.AddActor("relay")
	_, err := relay.Follow(ctx, gather.Base+"/actors/events", gather.Base+"/inbox")
	require.NoError(t, err)
	waitFor(t, "Gancio follows", func() bool { return followers(t, gather) == 1 })
	gathering, _ := smallGathering(t, gather, 10)
	_, gid, _ := gather.App.URLs().EventOf(gathering)
	_, err = gather.App.CancelGathering(ctx, gid)
	require.NoError(t, err)
	update := object(t, gancio.WaitForDelivery(t, func(d fedtest.Delivery) bool {
		return d.Activity.Type == "Update" && d.Activity.Object.ID == gathering && strings.Contains(string(d.Activity.Object.Raw), "CANCELLED")
	}, wait))
	require.Equal(t, "Cancelled: Spring meet-up", update["name"])
	require.True(t, strings.HasPrefix(update["summary"].(string), "Cancelled: Spring meet-up · Sat 10 Apr 2027"), update["summary"])
	require.True(t, strings.HasPrefix(text(update["content"]), "Cancelled"), update["content"])
	require.NotContains(t, update["summary"], "Reply 'going'")
	require.Contains(t, asGoToSocial(update).Warning, "Cancelled")
	require.True(t, strings.HasPrefix(asMastodon(update).Body, "Cancelled"))
}

// TestFacilitatorIsCredited: a session credits a facilitator with an
// account as Mastodon writes a mention, a link to their profile.
func TestFacilitatorIsCredited(t *testing.T) {
	t.Parallel()
	gather := servertest.Start(t, "sqlite")
	tok := token(t, gather)
	var created ref
	require.Equal(t, http.StatusCreated, apiCall(t, http.MethodPost, gather.Base+"/api/v1/gatherings?publish=true", tok, exampleAnnounced(t), &created))
	var session, researcher map[string]any
	getJSON(t, created.Sessions[1].APID, &session)    // @workshops@…
	getJSON(t, created.Sessions[2].APID, &researcher) // "A visiting researcher": a name only
	require.Regexp(t, `<p>With <span class="h-card"><a href="http[^"]+/@workshops" class="u-url mention">@<span>workshops</span></a></span>\.</p>`, session["content"])
	require.NotContains(t, session["content"], "With @workshops@", "not as plain text")
	require.Contains(t, researcher["content"], "<p>With A visiting researcher.</p>")
}

func mustMarshal(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return string(b)
}

// TestOnlineLinkIsInTheText: GoToSocial shows no Link attachment, so the
// link to join a hybrid or online-only gathering is a link in the content
// a follower reads. (No option keeps it to those coming: the model has
// none, so it goes to every follower.)
func TestOnlineLinkIsInTheText(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	gather := servertest.Start(t, "sqlite")
	gts := fedtest.NewServer(t, fedtest.GoToSocial)
	alice := gts.AddActor("alice")
	_, err := alice.Follow(ctx, gather.Base+"/actors/events", gather.Base+"/actors/events/inbox")
	require.NoError(t, err)
	gts.WaitForDelivery(t, fedtest.OfType("Accept"), wait)

	for name, venue := range map[string]*app.VenueInput{"hybrid": {Name: "Co-op hall", Locality: "Leeds"}, "online only": nil} {
		link := "https://meet.example/" + strings.ReplaceAll(name, " ", "-")
		in := app.GatheringInput{Title: "Finance clinic (" + name + ")", Timezone: "Europe/London",
			StartsAt: "2027-05-12T18:00", EndsAt: "2027-05-12T19:00", Venue: venue, OnlineURL: &link}
		ref, err := gather.App.CreateGathering(ctx, "events", &in, true)
		require.NoError(t, err, name)
		event := object(t, gts.WaitForDelivery(t, func(d fedtest.Delivery) bool {
			return d.Activity.Type == "Create" && d.Activity.Object.ID == ref.APID
		}, wait))
		require.Contains(t, event["content"], `<a href="`+link+`">`, "%s: a link GoToSocial shows", name)
		readsAbout(t, name+" on GoToSocial", asGoToSocial(event).All(), "Finance clinic", "Wed 12 May 2027", "18:00", "BST", link)
	}
}

// TestConfirmationIsNeverBeforeTheReply: a confirmation is never dated
// before the reply it answers, even when the replier's server clock runs
// a little ahead of ours.
func TestConfirmationIsNeverBeforeTheReply(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	gather := servertest.Start(t, "sqlite")
	ahead := func() time.Time { return time.Now().Add(20 * time.Second) }
	gts := fedtest.NewServer(t, fedtest.GoToSocial, fedtest.WithClock(ahead))
	alice := gts.AddActor("alice")
	gathering, _ := smallGathering(t, gather, 10)

	reply := alice.Reply(gathering, gather.Base+"/actors/events", "@events@"+gather.App.URLs().Host(), "I'm going!", fedtest.Public)
	var sent struct {
		Object struct {
			Published string `json:"published"`
		} `json:"object"`
	}
	require.NoError(t, json.Unmarshal(reply, &sent))
	resp, err := alice.Post(ctx, gather.Base+"/actors/events/inbox", reply)
	require.NoError(t, err)
	require.Equal(t, http.StatusAccepted, resp.Status)

	note := noteTo(t, gts, alice, "going to Spring meet-up")
	replied, err := time.Parse(time.RFC3339, sent.Object.Published)
	require.NoError(t, err)
	require.False(t, note.Published.Before(replied), "confirmation %s, reply %s", note.Published, replied)
}

// TestConfirmationEndsWithThePage: a confirmation to a follower names the
// zone of its time and ends with the page's address, not with the title
// said again as a link.
func TestConfirmationEndsWithThePage(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	gather := servertest.Start(t, "sqlite")
	gts := fedtest.NewServer(t, fedtest.GoToSocial)
	alice := gts.AddActor("alice")
	_, err := alice.Follow(ctx, gather.Base+"/actors/events", gather.Base+"/actors/events/inbox")
	require.NoError(t, err)
	gts.WaitForDelivery(t, fedtest.OfType("Accept"), wait)
	gathering, _ := smallGathering(t, gather, 10)

	reply := alice.Reply(gathering, gather.Base+"/actors/events", "@events@"+gather.App.URLs().Host(), "I'm going!", fedtest.Public)
	resp, err := alice.Post(ctx, gather.Base+"/actors/events/inbox", reply)
	require.NoError(t, err)
	require.Equal(t, http.StatusAccepted, resp.Status)
	note := noteTo(t, gts, alice, "going to Spring meet-up")
	require.Contains(t, note.ContentHTML, "Spring meet-up — Sat 10 Apr, 10:00 BST, Co-op hall", "what, when (with the zone) and where")
	require.NotContains(t, note.ContentHTML, `>Spring meet-up</a>`, "the title is not said again as the link")
	require.True(t, strings.HasSuffix(note.ContentHTML, `<a href="`+gathering+`">`+gathering+`</a></p>`), note.ContentHTML)
}

// TestActorHasFeaturedCollection: GoToSocial fetches every account's
// featured (pinned posts) collection and logs an error when there is none;
// ours is named in the actor and answers, empty.
func TestActorHasFeaturedCollection(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	gather := servertest.Start(t, "sqlite")
	gts := fedtest.NewServer(t, fedtest.GoToSocial)
	alice := gts.AddActor("alice")

	resp, err := alice.Get(ctx, gather.Base+"/actors/events", "application/activity+json")
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, resp.Status)
	var actor struct {
		Context  []any  `json:"@context"`
		Featured string `json:"featured"`
	}
	require.NoError(t, json.Unmarshal(resp.Body, &actor))
	require.Equal(t, gather.Base+"/actors/events/featured", actor.Featured)
	require.Contains(t, mustMarshal(t, actor.Context), `"featured":{"@id":"toot:featured","@type":"@id"}`)

	resp, err = alice.Get(ctx, actor.Featured, "application/activity+json")
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, resp.Status, string(resp.Body))
	var featured map[string]any
	require.NoError(t, json.Unmarshal(resp.Body, &featured))
	require.Equal(t, actor.Featured, featured["id"])
	require.Equal(t, "OrderedCollection", featured["type"])
	require.Equal(t, 0.0, featured["totalItems"])
	require.Equal(t, []any{}, featured["orderedItems"])
}

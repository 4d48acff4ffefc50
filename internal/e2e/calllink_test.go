package e2e_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/federation/fedtest"
	"github.com/gather-coop/gather/internal/app"
	"github.com/gather-coop/gather/internal/config"
	"github.com/gather-coop/gather/internal/server/servertest"
)

// notesTo are the texts of the direct notes server received addressed
// to person that contain part.
func notesTo(t *testing.T, server *fedtest.Server, person, part string) []string {
	t.Helper()
	var out []string
	for _, d := range server.Deliveries() {
		if d.Activity == nil || d.Activity.Type != "Create" || d.Activity.Object.Type != "Note" {
			continue
		}
		var n reminderNote
		require.NoError(t, json.Unmarshal(d.Activity.Object.Raw, &n))
		if slices.Contains(n.To, person) && strings.Contains(n.Content, part) {
			out = append(out, n.Content)
		}
	}
	return out
}

// TestCallLinkOnlyForThoseGoing (issue 18): a monthly call whose link is
// for those going. Bob, going, gets the call (not the series' page) in
// his confirmation; carol, maybe, and ivy, on the waitlist, get none
// until ivy is promoted, when her note has it; the public Event and page
// never show it. The organiser rotates the link through the API: bob and
// ivy are sent the new one once, and dave (removed by the organiser),
// erin (blocked) and carol nothing; the day-before reminder carries the
// new link, and reaches neither dave nor erin.
func TestCallLinkOnlyForThoseGoing(t *testing.T) {
	t.Parallel()
	for _, db := range servertest.Databases {
		t.Run(db, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			clock := &testClock{}
			gather := servertest.Start(t, db, func(c *config.Config) { c.Now = clock.Now })
			tok := token(t, gather)
			coop := gather.Base + "/actors/events"
			handle := "@events@" + gather.App.URLs().Host()
			mastodon := fedtest.NewServer(t, fedtest.Mastodon, fedtest.WithClock(clock.Now))
			bob, carol, dave, erin := mastodon.AddActor("bob"), mastodon.AddActor("carol"), mastodon.AddActor("dave"), mastodon.AddActor("erin")
			frank, ivy := mastodon.AddActor("frank"), mastodon.AddActor("ivy")

			// A weekly call a few days from now.
			london, err := time.LoadLocation("Europe/London")
			require.NoError(t, err)
			first := clock.Now().Add(72 * time.Hour).In(london).Truncate(time.Hour)
			rule := `{"start": "` + first.Format("2006-01-02T15:04") + `", "freq": "weekly", "weekdays": ["` +
				strings.ToUpper(first.Weekday().String()[:2]) + `"]}`
			s, err := gather.App.CreateSeries(ctx, "events", &app.SeriesInput{Title: "Circle call", Rule: json.RawMessage(rule),
				Timezone: "Europe/London", DurationMinutes: 60, CallURL: "https://call.example/secret-room"})
			require.NoError(t, err)
			occ, err := gather.App.SeriesOccurrences(ctx, s.ID)
			require.NoError(t, err)
			require.Len(t, occ, 3)
			one, two := occ[0].Gathering, occ[1].Gathering
			require.True(t, one.StartsAt.Equal(first), "first at %s, want %s", one.StartsAt, first)
			// The second call has one place, in a session of its own: a
			// gathering's places are its sessions'.
			oneURI := gather.App.URLs().Gathering(one.ID)
			places := 1
			local := func(t time.Time) string { return t.In(london).Format("2006-01-02T15:04") }
			sess, err := gather.App.AddSession(ctx, two.ID, &app.SessionInput{Title: "The call", StartsAt: local(two.StartsAt),
				EndsAt: local(two.EndsAt), Capacity: &places})
			require.NoError(t, err)
			twoURI := sess.APID

			answer := func(who *fedtest.Actor, event, text string) {
				t.Helper()
				_, err := who.Post(ctx, gather.Base+"/inbox", who.Reply(event, coop, handle, text, fedtest.Public))
				require.NoError(t, err)
				waitFor(t, "answer done", func() bool { return allProcessed(t, gather) })
			}
			answer(bob, oneURI, "I'm going!")
			answer(carol, oneURI, "maybe")
			answer(dave, oneURI, "I'm going!")
			answer(erin, oneURI, "I'm going!")
			answer(frank, twoURI, "I'm going!")
			answer(ivy, twoURI, "I'm going!")
			waitFor(t, "bob's confirmation", func() bool { return len(notesTo(t, mastodon, bob.ID, "going to Circle call")) == 1 })
			waitFor(t, "ivy's place in line", func() bool { return len(notesTo(t, mastodon, ivy.ID, "waitlist")) == 1 })
			require.Len(t, notesTo(t, mastodon, bob.ID, "https://call.example/secret-room"), 1, "the call in bob's confirmation")
			require.Empty(t, notesTo(t, mastodon, bob.ID, gather.App.URLs().Series(s.ID)+" "), "not the series' page")
			require.Len(t, notesTo(t, mastodon, frank.ID, "secret-room"), 1)
			require.Empty(t, notesTo(t, mastodon, carol.ID, "secret-room"), "maybe is not going")
			require.Empty(t, notesTo(t, mastodon, ivy.ID, "secret-room"), "the waitlist is not going")

			// "Not going" to the call gives up frank's place in its session.
			answer(frank, gather.App.URLs().Gathering(two.ID), "not going")
			waitFor(t, "ivy promoted", func() bool { return len(notesTo(t, mastodon, ivy.ID, "A place opened up: you")) == 1 })
			require.Contains(t, notesTo(t, mastodon, ivy.ID, "A place opened up: you")[0], "https://call.example/secret-room")

			// Nothing public shows the call.
			for _, g := range []int64{one.ID, two.ID} {
				doc, err := gather.App.EventDocument(ctx, "gathering", g)
				require.NoError(t, err)
				require.NotContains(t, string(doc), "secret-room")
				resp, err := http.Get(gather.App.URLs().Gathering(g))
				require.NoError(t, err)
				var page strings.Builder
				_, err = io.Copy(&page, resp.Body)
				resp.Body.Close()
				require.NoError(t, err)
				require.NotContains(t, page.String(), "secret-room")
			}

			// dave is taken off by the organiser; erin is blocked.
			rsvps, err := gather.Store.RSVPList(ctx, one.ID)
			require.NoError(t, err)
			for _, r := range rsvps {
				if r.Person != nil && r.Person.URI == dave.ID {
					require.NoError(t, gather.App.RemoveRSVP(ctx, one.ID, r.ID))
				}
			}
			require.NoError(t, gather.App.BlockPerson(ctx, erin.ID))
			waitFor(t, "removed and blocked", func() bool { return allProcessed(t, gather) })

			var e struct{ Error, Field string }
			link := gather.Base + "/api/v1/series/" + itoa(s.ID) + "/call-link"
			require.Equal(t, http.StatusBadRequest, apiCall(t, http.MethodPost, link, tok, []byte(`{"call_url": "not a link"}`), &e))
			require.Equal(t, "call_url", e.Field, e.Error)
			var out struct {
				CallURL string `json:"call_url"`
			}
			require.Equal(t, http.StatusOK, apiCall(t, http.MethodPost, link, tok, []byte(`{"call_url": "https://call.example/new-room"}`), &out))
			require.Equal(t, "https://call.example/new-room", out.CallURL)
			// The same link again tells nobody again.
			require.Equal(t, http.StatusOK, apiCall(t, http.MethodPost, link, tok, []byte(`{"call_url": "https://call.example/new-room"}`), &out))
			waitFor(t, "the new link sent", func() bool {
				return allProcessed(t, gather) && len(notesTo(t, mastodon, bob.ID, "new-room")) == 1 && len(notesTo(t, mastodon, ivy.ID, "new-room")) == 1
			})
			require.Contains(t, notesTo(t, mastodon, bob.ID, "new-room")[0], "has changed")
			for _, p := range []*fedtest.Actor{carol, dave, erin, frank} {
				require.Empty(t, notesTo(t, mastodon, p.ID, "new-room"), "%s is not going", p.ID)
			}
			doc, err := gather.App.EventDocument(ctx, "gathering", one.ID)
			require.NoError(t, err)
			require.NotContains(t, string(doc), "new-room")

			// The day before the first call: the reminder has the new link.
			clock.Set(first.Add(-24 * time.Hour))
			waitFor(t, "bob reminded", func() bool { return len(remindersTo(t, mastodon, bob.ID, "Circle call")) == 1 })
			got := remindersTo(t, mastodon, bob.ID, "Circle call")[0].Content
			require.Contains(t, got, "https://call.example/new-room")
			require.NotContains(t, got, "secret-room")
			require.NotContains(t, got, gather.App.URLs().Series(s.ID), "the call, not the series' page")
			waitFor(t, "reminders done", func() bool { return allProcessed(t, gather) })
			for _, p := range []*fedtest.Actor{carol, dave, erin} {
				require.Empty(t, remindersTo(t, mastodon, p.ID, "Circle call"), "%s is not going", p.ID)
			}
			require.Len(t, notesTo(t, mastodon, bob.ID, "new-room"), 2, "the rotation once, the reminder once")
		})
	}
}

// TestPublicCallLinkRotatedByPut: a weekly call whose link is public.
// A PUT with a new call_url is a rotation too: the coming occurrences'
// public Events show the new link, and bob, going, is sent it once.
func TestPublicCallLinkRotatedByPut(t *testing.T) {
	t.Parallel()
	for _, db := range servertest.Databases {
		t.Run(db, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			gather := servertest.Start(t, db)
			tok := token(t, gather)
			coop := gather.Base + "/actors/events"
			handle := "@events@" + gather.App.URLs().Host()
			mastodon := fedtest.NewServer(t, fedtest.Mastodon)
			bob := mastodon.AddActor("bob")

			body := strings.Replace(monthlyCallJSON, `"call_url"`, `"link_for_attendees": false, "call_url"`, 1)
			var s struct {
				ID int64 `json:"id"`
			}
			require.Equal(t, http.StatusCreated, apiCall(t, http.MethodPost, gather.Base+"/api/v1/series", tok, []byte(body), &s))
			occ, err := gather.App.SeriesOccurrences(ctx, s.ID)
			require.NoError(t, err)
			for _, o := range occ[:2] {
				_, err = bob.Post(ctx, gather.Base+"/inbox", bob.Reply(gather.App.URLs().Gathering(o.Gathering.ID), coop, handle, "I'm going!", fedtest.Public))
				require.NoError(t, err)
			}
			waitFor(t, "bob's confirmations", func() bool { return len(notesTo(t, mastodon, bob.ID, "going to General circle call")) == 2 })
			require.Empty(t, notesTo(t, mastodon, bob.ID, "don&#39;t share"), "a public link is no secret")

			changed := strings.Replace(body, "secret-room", "open-room", 1)
			require.Equal(t, http.StatusOK, apiCall(t, http.MethodPut, gather.Base+"/api/v1/series/"+itoa(s.ID), tok, []byte(changed), nil))
			waitFor(t, "bob told the new link", func() bool {
				return allProcessed(t, gather) && len(notesTo(t, mastodon, bob.ID, "open-room")) == 2
			})
			require.Contains(t, notesTo(t, mastodon, bob.ID, "open-room")[0], "has changed", "once for each call he goes to")
			eventHas := func(i int, link string) {
				t.Helper()
				doc, err := gather.App.EventDocument(ctx, "gathering", occ[i].Gathering.ID)
				require.NoError(t, err)
				require.Contains(t, string(doc), link, "occurrence %d", i)
			}
			for i := range occ {
				eventHas(i, "https://call.example/open-room")
			}

			// "This and the following" with another room: the second and
			// third calls move to it, and bob hears of it for the second.
			split := strings.Replace(changed, "open-room", "third-room", 1)
			split = strings.Replace(split, `"start": "2027-01-12T18:00"`, `"start": "`+occ[1].Gathering.StartsAt.In(time.UTC).Format("2006-01-02")+`T18:00"`, 1)
			var next struct {
				ID int64 `json:"id"`
			}
			require.Equal(t, http.StatusCreated, apiCall(t, http.MethodPost, gather.Base+"/api/v1/gatherings/"+itoa(occ[1].Gathering.ID)+"/split", tok, []byte(split), &next))
			waitFor(t, "bob told the split's link", func() bool {
				return allProcessed(t, gather) && len(notesTo(t, mastodon, bob.ID, "third-room")) == 1
			})
			eventHas(0, "https://call.example/open-room")
			eventHas(1, "https://call.example/third-room")
			eventHas(2, "https://call.example/third-room")
		})
	}
}

package e2e_test

import (
	"context"
	"io"
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/internal/app"
	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/server/servertest"
)

// upcomingByURI is coop's upcoming network events by object id.
func upcomingByURI(t *testing.T, coop *servertest.Instance) map[string]model.RemoteEvent {
	t.Helper()
	list, err := coop.App.NetworkUpcoming(context.Background(), "events", 100)
	require.NoError(t, err)
	out := map[string]model.RemoteEvent{}
	for _, e := range list {
		out[e.ObjectURI] = e
	}
	return out
}

func sourceState(t *testing.T, coop *servertest.Instance) model.SourceState {
	t.Helper()
	list, err := coop.App.Sources(context.Background(), "events")
	require.NoError(t, err)
	if len(list) == 0 {
		return ""
	}
	return list[0].State
}

// TestTwoGathersFollowEachOther (issue 17): coop-a follows coop-b on
// another Gather; coop-b accepts by itself; a gathering coop-b published
// before the follow arrives by the outbox backfill, one published after
// arrives live with its session; an edit, a cancellation and a delete on
// coop-b show on coop-a; following twice is refused; unfollowing
// forgets everything.
func TestTwoGathersFollowEachOther(t *testing.T) {
	t.Parallel()
	for _, db := range servertest.Databases {
		t.Run(db, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			a := servertest.Start(t, db)
			b := servertest.Start(t, db)
			early, _ := smallGathering(t, b, 5)

			// Following is the organiser's, through the API.
			tok := token(t, a)
			target := "@events@" + b.App.URLs().Host()
			var src struct {
				ID    int64  `json:"id"`
				State string `json:"state"`
			}
			body := []byte(`{"target": "` + target + `"}`)
			require.Equal(t, http.StatusCreated, apiCall(t, http.MethodPost, a.Base+"/api/v1/network/sources", tok, body, &src))
			require.Equal(t, "pending", src.State)
			var refusal struct{ Error, Field string }
			require.Equal(t, http.StatusBadRequest, apiCall(t, http.MethodPost, a.Base+"/api/v1/network/sources", tok, body, &refusal), "following twice")
			require.Equal(t, "target", refusal.Field)

			waitFor(t, "coop-b accepts", func() bool { return sourceState(t, a) == model.SourceAccepted })
			waitFor(t, "the earlier gathering is backfilled", func() bool { _, ok := upcomingByURI(t, a)[early]; return ok })

			in := app.GatheringInput{Title: "Network assembly", Timezone: "Europe/London",
				StartsAt: "2027-06-10T10:00", EndsAt: "2027-06-10T17:00", Venue: &app.VenueInput{Name: "Oxford hall"},
				Sessions: []app.SessionInput{{Title: "Shared tooling", Kind: "workshop", Announce: true,
					StartsAt: "2027-06-10T11:00", EndsAt: "2027-06-10T12:00"}}}
			ref, err := b.App.CreateGathering(ctx, "events", &in, true)
			require.NoError(t, err)
			waitFor(t, "the new gathering arrives", func() bool { _, ok := upcomingByURI(t, a)[ref.APID]; return ok })
			got := upcomingByURI(t, a)[ref.APID]
			require.Equal(t, "Network assembly", got.Title)
			require.Equal(t, "Oxford hall", got.PlaceName)
			waitFor(t, "its session arrives under it", func() bool {
				s, err := a.App.NetworkSessions(ctx, ref.APID)
				require.NoError(t, err)
				return len(s) == 1 && s[0].Title == "Shared tooling"
			})
			var listed struct {
				Events []struct {
					ID, Title, Source string
					Sessions          []struct{ ID, Title string }
				}
			}
			require.Equal(t, http.StatusOK, apiCall(t, http.MethodGet, a.Base+"/api/v1/network/events", tok, nil, &listed))
			require.Len(t, listed.Events, 2, "the session is listed under its gathering, not beside it")
			assembly := listed.Events[1]
			require.Equal(t, ref.APID, assembly.ID)
			require.Equal(t, target, assembly.Source)
			require.Len(t, assembly.Sessions, 1)
			require.Equal(t, ref.Sessions[0].APID, assembly.Sessions[0].ID)

			// coop-a's public network calendar, its .ics and its Atom feed
			// show it, hosted by coop-b, linking to coop-b's page.
			for path, want := range map[string][]string{
				"/network":              {"Network assembly", "Hosted by <a", ">" + target + "</a>", "Oxford hall"},
				"/network/calendar.ics": {"SUMMARY:Network assembly", "UID:" + ref.APID},
				"/network/feed.atom":    {"<id>" + ref.APID + "</id>"},
			} {
				body := pageBody(t, a.Base+path)
				for _, w := range want {
					require.Contains(t, body, w, path)
				}
			}

			_, gid, _ := b.App.URLs().EventOf(ref.APID)
			_, err = b.App.UpdateGathering(ctx, gid, []byte(`{"title":"Network assembly 2027"}`), 0)
			require.NoError(t, err)
			waitFor(t, "the edit shows", func() bool { return upcomingByURI(t, a)[ref.APID].Title == "Network assembly 2027" })

			_, err = b.App.CancelGathering(ctx, gid)
			require.NoError(t, err)
			waitFor(t, "the cancellation shows", func() bool { return upcomingByURI(t, a)[ref.APID].Cancelled() })

			_, eid, _ := b.App.URLs().EventOf(early)
			require.NoError(t, b.App.DeleteGathering(ctx, eid))
			waitFor(t, "the deletion shows", func() bool { _, ok := upcomingByURI(t, a)[early]; return !ok })

			require.Equal(t, http.StatusNoContent, apiCall(t, http.MethodDelete, a.Base+"/api/v1/network/sources/"+itoa(src.ID), tok, nil, nil))
			require.Empty(t, upcomingByURI(t, a))
			require.NotContains(t, pageBody(t, a.Base+"/network"), "Network assembly", "unfollowed, it leaves the calendar")
			list, err := a.App.Sources(ctx, "events")
			require.NoError(t, err)
			require.Empty(t, list)
			waitFor(t, "coop-b drops its follower", func() bool { return followers(t, b) == 0 })

			// Who followed and unfollowed is in the audit log, as the API's.
			log, err := a.App.AuditLog(ctx, "events", 1)
			require.NoError(t, err)
			var did []string
			for _, e := range log.Entries {
				if e.Action == app.AuditSourceFollow || e.Action == app.AuditSourceUnfollow {
					require.Equal(t, "ada", e.Username)
					require.Equal(t, b.Base+"/actors/events", e.Target)
					did = append(did, e.Action)
				}
			}
			require.Equal(t, []string{app.AuditSourceUnfollow, app.AuditSourceFollow}, did, "newest first")
		})
	}
}

// pageBody GETs url and returns its body, requiring 200.
func pageBody(t *testing.T, url string) string {
	t.Helper()
	resp, err := http.Get(url)
	require.NoError(t, err)
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, resp.StatusCode, url)
	return string(body)
}

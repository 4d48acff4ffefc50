package admin_test

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/internal/app"
	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/server/servertest"
)

// TestNamedAsCoHost: a gathering elsewhere naming @events as co-host
// waits on the Network page, "Named as co-host by" its host; an
// organiser accepts it (then it is listed publicly, marked) and may
// decline it later (then it is not); each decision is in the audit log.
func TestNamedAsCoHost(t *testing.T) {
	t.Parallel()
	for _, db := range servertest.Databases {
		t.Run(db, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			b := setup(t, db)
			b.user(t, "grace", model.RoleOrganiser)
			events, err := b.inst.Store.ActorGetByHandle(ctx, "events")
			require.NoError(t, err)
			start := time.Now().UTC().Add(72 * time.Hour).Truncate(time.Second)
			const event = "https://oxford.example/gatherings/9"
			_, err = b.inst.Store.CoHostedUpsert(ctx, &model.CoHosted{ActorID: events.ID, ObjectURI: event,
				HostURI: "https://oxford.example/actors/events", HostHandle: "@events@oxford.example", State: model.CoHostedPending,
				URL: event, Title: "Oxford joint day", StartsAt: start, Timezone: "Europe/London", ReceivedAt: time.Now()})
			require.NoError(t, err)
			rows, err := b.inst.Store.CoHostedByObject(ctx, event)
			require.NoError(t, err)
			id := strconv.FormatInt(rows[0].ID, 10)

			br := b.browser(t)
			br.signIn("grace")
			res := br.get("/admin/network?coop=events")
			require.Equal(t, http.StatusOK, res.Status)
			named := tableRows(res.Doc, "Gatherings naming @events as co-host")
			require.Len(t, named, 1)
			require.Contains(t, named[0], "Oxford joint day")
			require.Contains(t, named[0], "Named as co-host by @events@oxford.example")
			require.Contains(t, named[0], "waiting for you")
			require.NotContains(t, pageText(t, b.base+"/network"), "Oxford joint day", "not listed before it is accepted")

			res = br.post("/admin/network/cohost/accept", url.Values{"coop": {"events"}, "cohosted": {id}})
			require.Equal(t, http.StatusSeeOther, res.Status, res.Body)
			res = br.get(res.location())
			require.Contains(t, text(byID(res.Doc, "main")), "Accepted: the gathering is listed as co-hosted with us")
			require.Contains(t, pageText(t, b.base+"/network"), "Co-hosted with us")
			require.Contains(t, pageText(t, b.base+"/@events"), "Oxford joint day")

			res = br.post("/admin/network/cohost/decline", url.Values{"coop": {"events"}, "cohosted": {id}})
			require.Equal(t, http.StatusSeeOther, res.Status, res.Body)
			require.NotContains(t, pageText(t, b.base+"/network"), "Oxford joint day", "declined, it is not listed")
			res = br.post("/admin/network/cohost/accept", url.Values{"coop": {"events"}, "cohosted": {"not a number"}})
			require.Equal(t, http.StatusNotFound, res.Status)

			log, err := b.inst.App.AuditLog(ctx, "events", 1)
			require.NoError(t, err)
			var did []string
			for _, e := range log.Entries {
				if e.Action == app.AuditCoHostedAccept || e.Action == app.AuditCoHostedDecline {
					require.Equal(t, event, e.Target)
					require.Equal(t, "grace", e.Username)
					did = append(did, e.Action)
				}
			}
			require.Equal(t, []string{app.AuditCoHostedDecline, app.AuditCoHostedAccept}, did, "newest first")
		})
	}
}

// pageText GETs a public page, requiring 200, and returns its body.
func pageText(t *testing.T, url string) string {
	t.Helper()
	res, err := http.Get(url)
	require.NoError(t, err)
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, res.StatusCode, url)
	return string(body)
}

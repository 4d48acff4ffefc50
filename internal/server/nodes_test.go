package server_test

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/require"
	"golang.org/x/crypto/bcrypt"

	"github.com/gather-coop/gather/internal/app"
	"github.com/gather-coop/gather/internal/config"
	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/server/servertest"
	"github.com/gather-coop/gather/internal/store"
	"github.com/gather-coop/gather/internal/store/storetest"
)

// TestAnEditOnOneNodeShowsOnTheOther runs two nodes on one PostgreSQL
// schema. Node B has a gathering's Event and page cached; after an edit
// and an answer on node A, B's next requests show them, without waiting
// for the caches to expire: B drops them on A's change notice.
func TestAnEditOnOneNodeShowsOnTheOther(t *testing.T) {
	t.Parallel()
	storetest.PostgresURL(t) // skips without PostgreSQL
	a := servertest.Start(t, "postgres")
	b := servertest.StartNode(t, a)
	ctx := t.Context()

	forty := 40
	ref, err := a.App.CreateGathering(ctx, "events", &app.GatheringInput{
		Title: "Spring assembly", Timezone: "Europe/London",
		StartsAt: "2027-03-27T10:00:00", EndsAt: "2027-03-27T17:00:00",
		Venue: &app.VenueInput{Name: "Co-op hall", Locality: "Leeds", Country: "GB"},
		Rooms: []app.RoomInput{{Name: "Hall", Capacity: &forty}},
	}, true)
	require.NoError(t, err)
	path := "/gatherings/" + strconv.FormatInt(ref.ID, 10)
	get := func(accept string) string {
		t.Helper()
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, b.Base+path, nil)
		require.NoError(t, err)
		req.Header.Set("Accept", accept)
		res, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		defer res.Body.Close()
		body, err := io.ReadAll(res.Body)
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, res.StatusCode, string(body))
		return string(body)
	}
	const event, page = "application/activity+json", "text/html"
	// Twice each: the second answer comes from B's caches.
	for range 2 {
		require.Contains(t, get(event), "Spring assembly")
		require.Contains(t, get(page), "Spring assembly")
	}

	// changed waits for B to hear of a change on A: the notice is the
	// only thing that moves B's stamp, since B itself changes nothing.
	changed := func(do func()) {
		t.Helper()
		stamp := b.App.ChangeStamp()
		do()
		deadline := time.Now().Add(10 * time.Second)
		for b.App.ChangeStamp() == stamp {
			require.True(t, time.Now().Before(deadline), "node B never heard of node A's change")
			time.Sleep(time.Millisecond)
		}
	}
	changed(func() {
		_, err := a.App.UpdateGathering(ctx, ref.ID, []byte(`{"title":"Autumn assembly"}`), 0)
		require.NoError(t, err)
	})
	require.Contains(t, get(event), "Autumn assembly")
	require.Contains(t, get(page), "Autumn assembly")
	require.NotContains(t, get(page), "Spring assembly")

	// An answer changes the counts the Event and the page show; the
	// change is made deep in the RSVP rules, inside their transaction.
	before := get(event)
	changed(func() {
		_, err := a.App.RSVP(ctx, app.RSVPRequest{GatheringID: ref.ID, GuestName: "Ada", GuestKey: "guest-1",
			Intent: app.IntentGoing, Channel: model.ChannelWeb})
		require.NoError(t, err)
	})
	require.NotEqual(t, before, get(event), "B still serves the Event from before the answer")

	// Notices sent while a node's listening connection is down are lost
	// to it: once it listens again it drops everything (Missed).
	u, err := url.Parse(a.Config.DatabaseURL)
	require.NoError(t, err)
	conn, err := pgx.Connect(ctx, a.Config.DatabaseURL)
	require.NoError(t, err)
	defer conn.Close(context.Background())
	listen := "LISTEN " + pgx.Identifier{"gather_changes_" + u.Query().Get("search_path")}.Sanitize()
	changed(func() {
		var ended int
		require.NoError(t, conn.QueryRow(ctx, `SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) FROM pg_stat_activity WHERE query = $1`,
			listen).Scan(&ended))
		require.Positive(t, ended, "no connection runs %s", listen)
	})
}

// TestNodesShareSignInsAndTheirLimits: a web session begun on one node
// works on the other and ends on both, and failed sign-ins count once
// whichever node they reach (both are rows in the database).
func TestNodesShareSignInsAndTheirLimits(t *testing.T) {
	t.Parallel()
	storetest.PostgresURL(t)
	a := servertest.Start(t, "postgres")
	b := servertest.StartNode(t, a)
	ctx := t.Context()
	for _, name := range []string{"grace", "linus"} {
		hash, err := bcrypt.GenerateFromPassword([]byte(name+" passphrase"), bcrypt.MinCost)
		require.NoError(t, err)
		_, err = a.Store.UserCreate(ctx, &store.UserCreateParams{Username: name, PasswordHash: string(hash),
			Role: model.RoleAdmin, CreatedAt: time.Now()})
		require.NoError(t, err)
	}

	token, _, err := a.App.SignIn(ctx, &app.SignInParams{Username: "grace", Password: "grace passphrase", Client: "192.0.2.1"})
	require.NoError(t, err)
	dashboard := func(node *servertest.Instance) int {
		t.Helper()
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, node.Base+"/admin/", nil)
		require.NoError(t, err)
		req.AddCookie(&http.Cookie{Name: "gather_admin", Value: token})
		res, err := (&http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}).Do(req)
		require.NoError(t, err)
		res.Body.Close()
		return res.StatusCode
	}
	require.Equal(t, http.StatusOK, dashboard(b), "signed in on A, B must know the session")
	require.NoError(t, b.App.SignOut(ctx, token))
	require.NotEqual(t, http.StatusOK, dashboard(a), "signed out on B, A must forget the session")

	// Half the account's allowance of failures on each node, from
	// addresses of their own: the next attempt is refused on both.
	for i := range app.SignInFailuresPerAccount {
		node := []*servertest.Instance{a, b}[i%2]
		_, _, err := node.App.SignIn(ctx, &app.SignInParams{Username: "linus", Password: "guess", Client: "198.51.100." + strconv.Itoa(i+1)})
		require.ErrorIs(t, err, app.ErrWrongPassword)
	}
	for _, node := range []*servertest.Instance{a, b} {
		_, _, err := node.App.SignIn(ctx, &app.SignInParams{Username: "linus", Password: "linus passphrase", Client: "203.0.113.9"})
		var limited *app.TooManySignInsError
		require.ErrorAs(t, err, &limited, "%d failures spread over two nodes must stop sign-ins on each", app.SignInFailuresPerAccount)
	}
}

// TestTheCountUpdateIsScheduledOncePerMinuteAcrossNodes: answers to one
// gathering reach both nodes in the same minute; followers get one Update
// of the counts for that minute, not one per node. Each node remembers
// only its own scheduling, so this rests on River's unique jobs.
func TestTheCountUpdateIsScheduledOncePerMinuteAcrossNodes(t *testing.T) {
	t.Parallel()
	storetest.PostgresURL(t)
	a := servertest.Start(t, "postgres")
	b := servertest.StartNode(t, a)
	ctx := t.Context()
	ref, err := a.App.CreateGathering(ctx, "events", &app.GatheringInput{
		Title: "Spring assembly", Timezone: "Europe/London",
		StartsAt: "2027-03-27T10:00:00", EndsAt: "2027-03-27T17:00:00",
		Venue: &app.VenueInput{Name: "Co-op hall", Locality: "Leeds", Country: "GB"},
	}, true)
	require.NoError(t, err)
	scheduled := func() int {
		t.Helper()
		counts, err := a.Store.JobCounts(ctx)
		require.NoError(t, err)
		return counts["scheduled"]
	}
	answer := func(node *servertest.Instance, guest string) {
		t.Helper()
		_, err := node.App.RSVP(ctx, app.RSVPRequest{GatheringID: ref.ID, GuestName: guest, GuestKey: guest,
			Intent: app.IntentGoing, Channel: model.ChannelWeb})
		require.NoError(t, err)
	}
	// The Update is scheduled for the end of the minute the answer came
	// in: two answers either side of a minute's end rightly make two.
	for attempt := 0; ; attempt++ {
		require.Less(t, attempt, 3, "the minute kept ending between the answers")
		minute := time.Now().Truncate(time.Minute)
		before := scheduled()
		answer(a, "ada"+strconv.Itoa(attempt))
		afterA := scheduled()
		answer(b, "bea"+strconv.Itoa(attempt))
		afterB := scheduled()
		if !time.Now().Truncate(time.Minute).Equal(minute) {
			continue
		}
		require.Equal(t, before+1, afterA, "an answer on A schedules the minute's Update")
		require.Equal(t, afterA, afterB, "an answer on B in the same minute must not schedule another")
		return
	}
}

// TestInboxPOSTsAreLimitedAcrossNodes: one remote host's POSTs spread
// over two nodes are refused once their sum passes the limit, though
// neither node alone has seen more than its own bucket allows.
func TestInboxPOSTsAreLimitedAcrossNodes(t *testing.T) {
	t.Parallel()
	storetest.PostgresURL(t)
	// 0.5 a second: 5 POSTs in one app.InboxWindow for the nodes
	// together, and a burst of 5 in each node's own bucket.
	a := servertest.Start(t, "postgres", func(c *config.Config) { c.InboxRateLimit = 0.5 })
	b := servertest.StartNode(t, a)
	ctx := t.Context()
	post := func(node *servertest.Instance, actor string, i int) *http.Response {
		t.Helper()
		// Unsigned: the limit comes before the signature, so a POST that
		// passes it is refused with 401, one over it with 429.
		body := `{"@context":"https://www.w3.org/ns/activitystreams","type":"Follow",` +
			`"id":"` + actor + `/follows/` + strconv.Itoa(i) + `","actor":"` + actor + `","object":"` + a.Base + `/actors/events"}`
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, node.Base+"/inbox", strings.NewReader(body))
		require.NoError(t, err)
		req.Header.Set("Content-Type", "application/activity+json")
		res, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		res.Body.Close()
		return res
	}
	// The windows are fixed: POSTs either side of a window's end are
	// rightly counted apart, so try again from a fresh host.
	for attempt := 0; ; attempt++ {
		require.Less(t, attempt, 3, "the window kept ending between the POSTs")
		window := time.Now().Truncate(app.InboxWindow)
		actor := "https://busy" + strconv.Itoa(attempt) + ".example/users/alice"
		var statuses []int
		var last *http.Response
		for i := range 7 {
			last = post([]*servertest.Instance{a, b}[i%2], actor, i)
			statuses = append(statuses, last.StatusCode)
		}
		if !time.Now().Truncate(app.InboxWindow).Equal(window) {
			continue
		}
		u, o := http.StatusUnauthorized, http.StatusTooManyRequests
		require.Equal(t, []int{u, u, u, u, u, o, o}, statuses,
			"5 POSTs a window for both nodes together: the 6th and 7th, the 3rd and 4th on each node, are refused")
		require.NotEmpty(t, last.Header.Get("Retry-After"))
		require.Equal(t, http.StatusUnauthorized, post(a, "https://quiet.example/users/bob", 0).StatusCode,
			"another host is not held up")
		return
	}
}

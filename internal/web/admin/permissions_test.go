package admin_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/stretchr/testify/require"
	"golang.org/x/crypto/bcrypt"
	"golang.org/x/net/html"

	"github.com/gather-coop/gather/internal/app"
	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/store"
	"github.com/gather-coop/gather/internal/web"
)

// selfRoutes are about the signed-in person themselves, not a co-op
// account: anyone signed in may use them. The walk checks them apart.
var selfRoutes = map[string]bool{
	"GET /admin/":              true, // the dashboard: lists only one's own co-op accounts
	"GET /admin/password":      true,
	"POST /admin/password":     true,
	"POST /admin/sign-out":     true,
	"GET /api/v1/me":           true,
	"GET /admin/sign-in":       true,
	"POST /admin/sign-in":      true,
	"GET /admin/assets/{name}": true,
}

// TestPermissionWalk walks every route of the site's router as an
// organiser of another co-op account (with their session cookie for the
// admin, their token for the API), and every route that changes something
// with a read-only token: each answers 403, and the database is exactly as
// before after each request. A route added without a check fails here.
func TestPermissionWalk(t *testing.T) {
	t.Parallel()
	for _, db := range []string{"sqlite", "postgres"} {
		t.Run(db, func(t *testing.T) {
			t.Parallel()
			permissionWalk(t, db)
		})
	}
}

// victim is what the co-op account @events has, for the walk to aim at.
type victim struct {
	gathering, session, going, waiting int64
	comment, report                    int64
	series                             int64
	source                             int64  // a source @events follows
	cohosted                           int64  // a gathering elsewhere naming @events as co-host, pending
	person                             string // a remote actor's id: follower, answerer
	blockedAccount                     string
}

func permissionWalk(t *testing.T, db string) {
	b := setup(t, db)
	ctx := t.Context()
	v := b.victim(t)
	_, err := b.inst.App.CreateActor(ctx, "rival", "Rival co-op")
	require.NoError(t, err)
	b.user(t, "ada", model.RoleAdmin)
	vera := b.organiserOf(t, "vera", "events")
	b.organiserOf(t, "mallory", "rival")
	// Something of @events in the audit log, for the walk to keep from
	// mallory.
	asVera := app.WithPrincipal(ctx, app.Principal{User: vera, Scope: model.ScopeWrite})
	require.NoError(t, b.inst.App.HideComment(asVera, v.gathering, v.comment, true))
	require.NoError(t, b.inst.App.HideComment(asVera, v.gathering, v.comment, false))

	mallory := b.browser(t)
	mallory.signIn("mallory")
	malloryToken, err := b.inst.App.CreateToken(ctx, "mallory")
	require.NoError(t, err)
	veraRead, err := b.inst.App.CreateScopedToken(ctx, "vera", model.ScopeRead)
	require.NoError(t, err)
	adaRead, err := b.inst.App.CreateScopedToken(ctx, "ada", model.ScopeRead)
	require.NoError(t, err)

	site := web.NewHandler(web.Config{App: b.inst.App, Log: slog.New(slog.DiscardHandler), Metrics: prometheus.NewRegistry()})
	before := b.snapshot(t, v)
	checked := 0
	for _, rt := range routes(t, site) {
		if selfRoutes[rt.String()] {
			continue
		}
		path := v.concrete(rt.pattern)
		switch {
		case strings.HasPrefix(rt.pattern, "/admin/"):
			res := mallory.do(rt.method, path+"?"+v.adminQuery().Encode(), v.adminForm())
			require.Equal(t, http.StatusForbidden, res.Status, "%s as an organiser of another co-op: %s", rt, snippet(res.Body))
		case strings.HasPrefix(rt.pattern, "/api/"):
			path += "?actor=events"
			status, body := b.api(t, rt.method, path, malloryToken, v.apiBody(rt))
			require.Equal(t, http.StatusForbidden, status, "%s with the token of an organiser of another co-op: %s", rt, body)
			requireJSONError(t, rt, body)
			if rt.method != http.MethodGet {
				for who, token := range map[string]string{"an organiser of @events": veraRead, "an admin": adaRead} {
					status, body = b.api(t, rt.method, path, token, v.apiBody(rt))
					require.Equal(t, http.StatusForbidden, status, "%s with a read token of %s: %s", rt, who, body)
					require.Contains(t, body, "may only read", rt.String())
				}
			}
		default:
			continue
		}
		require.Equal(t, before, b.snapshot(t, v), "%s changed nothing", rt)
		checked++
	}
	t.Logf("%s: %d routes refused", db, checked)
	require.GreaterOrEqual(t, checked, 40, "the walk found the routes")

	// What is theirs is open to them: the checks above refused the
	// account, not the route.
	res := mallory.get("/admin")
	require.Equal(t, http.StatusOK, res.Status)
	require.NotContains(t, res.Body, "Permission walk", "the dashboard leaves out other co-op accounts' gatherings")
	require.Contains(t, res.Body, "Rival co-op")
	res = mallory.get("/admin/audit")
	require.Equal(t, http.StatusOK, res.Status, "organisers read their own co-op's log")
	require.NotContains(t, res.Body, "comment.hide", "but not another's")
	status, body := b.api(t, http.MethodGet, "/api/v1/me", malloryToken, "")
	require.Equal(t, http.StatusOK, status)
	require.JSONEq(t, `{"username":"mallory","role":"organiser","scope":"write","coops":["rival"]}`, body)
	status, body = b.api(t, http.MethodGet, "/api/v1/gatherings", malloryToken, "")
	require.Equal(t, http.StatusOK, status, "without ?actor= the list is of their own co-op account")
	require.JSONEq(t, `{"gatherings":[]}`, body)
	for _, token := range []string{veraRead, adaRead} {
		status, body = b.api(t, http.MethodGet, "/api/v1/gatherings/"+strconv.FormatInt(v.gathering, 10)+"/rsvps?format=csv", token, "")
		require.Equal(t, http.StatusOK, status, "a read token reads")
		require.Contains(t, body, "Guest going")
	}
	veraWeb := b.browser(t)
	veraWeb.signIn("vera")
	require.Equal(t, http.StatusOK, veraWeb.get("/admin/gatherings/"+strconv.FormatInt(v.gathering, 10)+"/signups").Status)
	res = veraWeb.get("/admin/audit?coop=events")
	require.Equal(t, http.StatusOK, res.Status)
	require.Contains(t, res.Body, "comment.hide")
	require.Equal(t, before, b.snapshot(t, v))
}

// organiserOf adds an organiser of the co-op accounts handles only.
func (b *testBundle) organiserOf(t *testing.T, username string, handles ...string) model.User {
	t.Helper()
	hash, err := bcrypt.GenerateFromPassword([]byte(password(username)), bcrypt.MinCost)
	require.NoError(t, err)
	u, err := b.inst.Store.UserCreate(t.Context(), &store.UserCreateParams{
		Username: username, PasswordHash: string(hash), Role: model.RoleOrganiser, CreatedAt: time.Now(),
	})
	require.NoError(t, err)
	for _, h := range handles {
		require.NoError(t, b.inst.App.GrantCoop(t.Context(), username, h))
	}
	return u
}

// victim gives @events a published gathering with a session, two
// answers (one waiting), a comment, a follow request and blocks.
func (b *testBundle) victim(t *testing.T) victim {
	t.Helper()
	ctx := t.Context()
	one := 1
	room := "Hall"
	in := &app.GatheringInput{Title: "Permission walk", Timezone: "Europe/London",
		StartsAt: "2030-03-27T10:00", EndsAt: "2030-03-27T17:00", Venue: &app.VenueInput{Name: "The Hall"}, Rooms: []app.RoomInput{{Name: room, Capacity: &one}},
		Sessions: []app.SessionInput{{Title: "Workshop", StartsAt: "2030-03-27T11:00", EndsAt: "2030-03-27T12:00", Room: &room}}}
	ref, err := b.inst.App.CreateGathering(ctx, "events", in, true)
	require.NoError(t, err)
	v := victim{gathering: ref.ID, session: ref.Sessions[0].ID,
		person: "https://social.example/users/bob", blockedAccount: "https://social.example/users/spam"}
	bob, err := b.inst.Store.RemoteActorUpsert(ctx, &model.RemoteActor{URI: v.person, Host: "social.example", Domain: "social.example",
		Username: "bob", Inbox: v.person + "/inbox", KeyID: v.person + "#main-key", PublicKeyPEM: "key", FetchedAt: time.Now()})
	require.NoError(t, err)
	now := time.Now().UTC().Truncate(time.Second)
	going, err := b.inst.Store.RSVPSave(ctx, &model.RSVP{GatheringID: v.gathering, SessionID: &v.session, GuestName: "Guest going",
		GuestKey: "k1", Status: model.RSVPGoing, Channel: model.ChannelWeb, CreatedAt: now, UpdatedAt: now})
	require.NoError(t, err)
	waiting, err := b.inst.Store.RSVPSave(ctx, &model.RSVP{GatheringID: v.gathering, SessionID: &v.session, GuestName: "Guest waiting",
		GuestKey: "k2", Status: model.RSVPWaitlisted, Channel: model.ChannelWeb, WaitlistedAt: &now, CreatedAt: now, UpdatedAt: now})
	require.NoError(t, err)
	v.going, v.waiting = going.ID, waiting.ID
	require.NoError(t, b.inst.Store.CommentSave(ctx, &model.Comment{GatheringID: v.gathering, RemoteActorID: bob.ID,
		NoteURI: v.person + "/statuses/1", ContentHTML: "<p>Is there parking?</p>", CreatedAt: now}))
	comments, err := b.inst.Store.CommentList(ctx, v.gathering)
	require.NoError(t, err)
	v.comment = comments[0].ID
	events, err := b.inst.Store.ActorGetByHandle(ctx, "events")
	require.NoError(t, err)
	_, err = b.inst.Store.FollowUpsert(ctx, &store.FollowUpsertParams{ActorID: events.ID, RemoteActorID: bob.ID,
		FollowURI: v.person + "#follow", State: model.FollowPending, CreatedAt: now})
	require.NoError(t, err)
	require.NoError(t, b.inst.Store.ActorBlock(ctx, v.blockedAccount, now))
	require.NoError(t, b.inst.Store.DomainBlock(ctx, "blocked.example", now))
	_, err = b.inst.Store.ReportInsert(ctx, &model.Report{URI: "https://social.example/flag/1", ReporterURI: "https://social.example/actor",
		ActorID: events.ID, ObjectURIs: []string{b.inst.App.URLs().Actor("events")}, Content: "Reported", ReceivedAt: now})
	require.NoError(t, err)
	// An organiser's report of bob, not sent yet: resolving and
	// forwarding it are what the walk must find refused.
	v.report, err = b.inst.Store.ReportInsert(ctx, &model.Report{URI: b.inst.App.URLs().NewActivity(), ReporterURI: b.inst.App.URLs().Actor("events"),
		ActorID: events.ID, ObjectURIs: []string{v.person}, Content: "Spam", ReceivedAt: now, TargetURI: v.person, ReporterUser: "vera"})
	require.NoError(t, err)
	// A series of @events, stored without occurrences, for the series
	// routes to aim at.
	v.series, err = b.inst.Store.SeriesCreate(ctx, &model.Series{ActorID: events.ID, Title: "Monthly call",
		Rule: `{"start":"2030-01-08T18:00","freq":"monthly","interval":1,"weekdays":["TU"],"week":2}`, Timezone: "Europe/London",
		Duration: time.Hour, Online: true, CallURL: "https://call.example/coop", LinkForAttendees: true, CreatedAt: now, UpdatedAt: now})
	require.NoError(t, err)
	// A source @events follows, for the network routes to aim at.
	v.source, err = b.inst.Store.SourceCreate(ctx, &model.Source{ActorID: events.ID, ActorURI: "https://partner.example/actors/coop",
		Handle: "@coop@partner.example", State: model.SourceAccepted, FollowURI: b.inst.App.URLs().NewActivity(), RequestedAt: now})
	require.NoError(t, err)
	// A gathering elsewhere naming @events as co-host, waiting for an
	// organiser's accept or decline.
	_, err = b.inst.Store.CoHostedUpsert(ctx, &model.CoHosted{ActorID: events.ID, ObjectURI: "https://stranger.example/events/1",
		HostURI: "https://stranger.example/actors/coop", State: model.CoHostedPending, Title: "Joint meet-up",
		StartsAt: now.Add(48 * time.Hour), ReceivedAt: now})
	require.NoError(t, err)
	named, err := b.inst.Store.CoHostedByObject(ctx, "https://stranger.example/events/1")
	require.NoError(t, err)
	v.cohosted = named[0].ID
	b.settle(t, 2) // the gathering's reminder a day before, in 2030, and its session day's "my day" note
	return v
}

// settle waits until no job is waiting or running: publishing queued
// some, and the walk must not mistake their work for a route's. The
// reminders of published gatherings (one a gathering in person, days
// ahead) and their "my day" notes (one a day with sessions) stay
// scheduled: reminders says how many.
func (b *testBundle) settle(t *testing.T, reminders int) {
	t.Helper()
	require.Eventually(t, func() bool {
		counts, err := b.inst.Store.JobCounts(context.Background())
		require.NoError(t, err)
		return counts["available"]+counts["running"]+counts["retryable"]+counts["pending"] == 0 && counts["scheduled"] == reminders
	}, 20*time.Second, 20*time.Millisecond)
}

// concrete fills a route's parameters with the victim's ids.
func (v victim) concrete(pattern string) string {
	id := func(n int64) string { return strconv.FormatInt(n, 10) }
	p := strings.TrimSuffix(pattern, "/*")
	if strings.Contains(p, "/sessions/{id}") {
		p = strings.Replace(p, "{id}", id(v.session), 1)
	}
	if strings.Contains(p, "/reports/{id}") {
		p = strings.Replace(p, "{id}", id(v.report), 1)
	}
	if strings.Contains(p, "/network/cohosted/{id}") {
		p = strings.Replace(p, "{id}", id(v.cohosted), 1)
	}
	if strings.Contains(p, "/network/sources/{id}") {
		p = strings.Replace(p, "{id}", id(v.source), 1)
	}
	if strings.Contains(p, "/series/{id}") {
		p = strings.Replace(p, "{id}", id(v.series), 1)
	}
	p = strings.Replace(p, "{comment}", id(v.comment), 1)
	if strings.Contains(p, "/users/{id}") {
		p = strings.Replace(p, "{id}", "1", 1)
	}
	if strings.HasSuffix(p, "/promote") {
		p = strings.Replace(p, "{rsvp}", id(v.waiting), 1)
	}
	p = strings.Replace(p, "{rsvp}", id(v.going), 1)
	return strings.Replace(p, "{id}", id(v.gathering), 1)
}

// adminQuery names the victim's things for the admin's GET pages.
func (v victim) adminQuery() url.Values {
	return url.Values{"coop": {"events"}, "actor": {v.person}, "account": {v.person}, "domain": {"spam.example"}}
}

// adminForm is one form that every admin POST finds valid: the fields of
// the gathering and session editors, and the names the other forms send.
func (v victim) adminForm() url.Values {
	return url.Values{
		"coop": {"events"}, "actor": {v.person}, "account": {v.person}, "domain": {"blocked.example"}, "version": {"1"},
		"comment": {"Taken over"}, "forward": {"on"}, "statuses": {v.person + "/statuses/1"},
		"title": {"Taken over"}, "venue.name": {"The Hall"}, "timezone": {"Europe/London"}, "starts_at": {"2030-03-27T10:00"}, "ends_at": {"2030-03-27T17:00"},
		"rooms[0].name": {"Hall"}, "rooms[0].capacity": {"1"}, "day_of_signup": {"on"}, "room": {""},
		"session.title": {"Taken over"}, "session.starts_at": {"2030-03-27T13:00"}, "session.ends_at": {"2030-03-27T14:00"},
		"username": {"mallory2"}, "password": {"a long passphrase"}, "coops": {"1"},
		"cohosted": {strconv.FormatInt(v.cohosted, 10)},
	}
}

// apiBody is a body each API route takes: a whole gathering or session
// where one is required, nothing to change otherwise.
func (v victim) apiBody(rt route) string {
	switch rt.String() {
	case "POST /api/v1/gatherings":
		return `{"title": "Taken over", "timezone": "Europe/London", "starts_at": "2030-04-01T10:00", "ends_at": "2030-04-01T12:00", "online_url": "https://meet.example/x"}`
	case "POST /api/v1/gatherings/{id}/sessions":
		return `{"title": "Taken over", "starts_at": "2030-03-27T13:00", "ends_at": "2030-03-27T14:00"}`
	case "POST /api/v1/blocks":
		return `{"id": "` + v.person + `"}`
	}
	return "{}"
}

// api sends one API request with a bearer token and returns the status
// and body. path may carry a query.
func (b *testBundle) api(t *testing.T, method, path, token, body string) (int, string) {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), method, b.base+path, strings.NewReader(body))
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	res, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer res.Body.Close()
	data, err := io.ReadAll(res.Body)
	require.NoError(t, err)
	return res.StatusCode, string(data)
}

func requireJSONError(t *testing.T, rt route, body string) {
	t.Helper()
	var e struct{ Error string }
	require.NoError(t, json.Unmarshal([]byte(body), &e), "%s answers JSON", rt)
	require.NotEmpty(t, e.Error, "%s says why", rt)
}

func snippet(s string) string {
	if len(s) > 300 {
		return s[:300]
	}
	return s
}

// snapshot is everything a route could change, as JSON: co-op accounts,
// gatherings with rooms, sessions, answers and comments, followers,
// blocks, reports, people and memberships, settings, the outbox, tombstones, and
// how many jobs were ever queued.
func (b *testBundle) snapshot(t *testing.T, v victim) string {
	t.Helper()
	ctx := t.Context()
	s := b.inst.Store
	out := map[string]any{}
	groups, err := s.ActorList(ctx, model.ActorGroup)
	require.NoError(t, err)
	out["actors"] = groups
	for _, g := range groups {
		list, err := s.GatheringList(ctx, &store.GatheringListParams{ActorID: g.ID})
		require.NoError(t, err)
		for _, gg := range list {
			full, err := s.GatheringGet(ctx, gg.ID)
			require.NoError(t, err)
			sessions, err := s.SessionList(ctx, gg.ID)
			require.NoError(t, err)
			rsvps, err := s.RSVPList(ctx, gg.ID)
			require.NoError(t, err)
			comments, err := s.CommentList(ctx, gg.ID)
			require.NoError(t, err)
			hides, err := s.CommentHides(ctx, gg.ID)
			require.NoError(t, err)
			out["gathering "+strconv.FormatInt(gg.ID, 10)] = []any{full, sessions, rsvps, comments, hides}
		}
		for _, state := range []model.FollowState{model.FollowPending, model.FollowAccepted} {
			f, err := s.FollowerPage(ctx, &store.FollowerListParams{ActorID: g.ID, State: state, Limit: 100})
			require.NoError(t, err)
			out["followers "+g.Handle+" "+string(state)] = f
		}
		co, err := s.CoHostedList(ctx, g.ID)
		require.NoError(t, err)
		out["cohosted "+g.Handle] = co
		n, err := s.OutboxCount(ctx, g.ID)
		require.NoError(t, err)
		out["outbox "+g.Handle] = n
	}
	blocks, err := s.ActorBlockList(ctx)
	require.NoError(t, err)
	domains, err := s.DomainBlockListDated(ctx)
	require.NoError(t, err)
	users, err := s.UserList(ctx)
	require.NoError(t, err)
	memberships, err := s.MembershipList(ctx, 0)
	require.NoError(t, err)
	settings, err := b.inst.App.InstanceSettings(ctx)
	require.NoError(t, err)
	reports, err := s.ReportList(ctx, 100)
	require.NoError(t, err)
	out["blocks"], out["domains"], out["users"], out["memberships"], out["settings"] = blocks, domains, users, memberships, settings
	out["reports"] = reports
	audit, err := s.AuditList(ctx, &store.AuditListParams{Limit: 1000})
	require.NoError(t, err)
	out["audit"] = audit
	for _, uri := range []string{b.inst.App.URLs().Gathering(v.gathering), b.inst.App.URLs().Session(v.session)} {
		_, err := s.TombstoneGet(ctx, uri)
		out["tombstone "+uri] = err == nil
	}
	jobs, err := s.JobCounts(ctx)
	require.NoError(t, err)
	total := 0
	for _, n := range jobs {
		total += n
	}
	out["jobs ever queued"] = total
	data, err := json.MarshalIndent(out, "", " ")
	require.NoError(t, err)
	return string(data)
}

// TestPeoplePageSetsCoops: an admin ticks the co-op accounts an organiser
// organises for, and the organiser's admin follows at once.
func TestPeoplePageSetsCoops(t *testing.T) {
	t.Parallel()
	b := setup(t, "sqlite")
	rival, err := b.inst.App.CreateActor(t.Context(), "rival", "Rival co-op")
	require.NoError(t, err)
	b.user(t, "ada", model.RoleAdmin)
	grace := b.organiserOf(t, "grace")

	organiser := b.browser(t)
	organiser.signIn("grace")
	res := organiser.get("/admin")
	require.Contains(t, text(res.Doc), "You organise for no co-op account yet")
	require.Empty(t, findAll(res.Doc, "section"), "no co-op account shown")

	admin := b.browser(t)
	admin.signIn("ada")
	action := "/admin/users/" + strconv.FormatInt(grace.ID, 10) + "/coops"
	res = admin.get("/admin/users")
	require.Equal(t, http.StatusOK, res.Status)
	var form *html.Node
	for _, f := range findAll(res.Doc, "form") {
		if attr(f, "action") == action {
			form = f
		}
	}
	require.NotNil(t, form, "a form of grace's co-op accounts")
	boxes := findAll(form, "input")
	require.Len(t, boxes, 2, "one box per co-op account")
	for _, box := range boxes {
		require.Equal(t, "checkbox", attr(box, "type"))
		require.Empty(t, attr(box, "checked"))
	}

	res = admin.post(action, url.Values{"coop": {strconv.FormatInt(rival.ID, 10)}})
	require.Equal(t, http.StatusSeeOther, res.Status, res.Body)
	require.Equal(t, "/admin/users?coops-saved=grace", res.location())
	res = admin.get(res.location())
	require.Contains(t, text(res.Doc), "Saved the co-op accounts grace organises for.")

	res = organiser.get("/admin")
	require.NotNil(t, byID(res.Doc, "coop-rival"))
	require.Nil(t, byID(res.Doc, "coop-events"), "only what was ticked")
	require.Equal(t, http.StatusForbidden, organiser.get("/admin/moderation").Status, "blocks are for organisers of every co-op account")
	require.NotContains(t, organiser.get("/admin/followers").Body, "/admin/moderation")
	require.Equal(t, http.StatusForbidden, organiser.post(action, url.Values{"coop": {"1"}}).Status, "organisers do not hand out accounts")

	res = admin.post(action, url.Values{"coop": {"x"}})
	require.Equal(t, http.StatusBadRequest, res.Status)
	res = admin.post(action, url.Values{})
	require.Equal(t, http.StatusSeeOther, res.Status, "unticking every box leaves them none")
	require.Contains(t, text(organiser.get("/admin").Doc), "You organise for no co-op account yet")
}

package admin_test

import (
	"encoding/csv"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"golang.org/x/net/html"

	"github.com/gather-coop/gather/internal/app"
	"github.com/gather-coop/gather/internal/model"
)

// signupsFixture is a published gathering open to day-of sign-up, with a
// one-place workshop: Alice has the place, Bob (signed up at the venue)
// waits for it, and Carol is coming to the gathering itself.
type signupsFixture struct {
	gid, sid int64
	alice    model.RemoteActor
}

func seedSignups(t *testing.T, b *testBundle) signupsFixture {
	t.Helper()
	ctx := t.Context()
	dayOf := true
	in := app.GatheringInput{Title: "Network day", Timezone: "Europe/London",
		StartsAt: "2030-03-20T10:00", EndsAt: "2030-03-20T17:00",
		Venue:       &app.VenueInput{Name: "Co-op workspace", Locality: "London", Country: "GB"},
		DayOfSignup: &dayOf}
	ref, err := b.inst.App.CreateGathering(ctx, "events", &in, true)
	require.NoError(t, err)
	one := 1
	s, err := b.inst.App.AddSession(ctx, ref.ID, &app.SessionInput{Title: "Workshop", Kind: "workshop",
		StartsAt: "2030-03-20T11:00", EndsAt: "2030-03-20T12:00", Capacity: &one})
	require.NoError(t, err)
	person := func(name string) model.RemoteActor {
		uri := "https://127.0.0.1:1/users/" + strings.ToLower(name)
		p, err := b.inst.Store.RemoteActorUpsert(ctx, &model.RemoteActor{URI: uri, Host: "127.0.0.1:1", Domain: "127.0.0.1",
			Username: strings.ToLower(name), Name: name, Inbox: uri + "/inbox", KeyID: uri + "#key", PublicKeyPEM: "x", FetchedAt: time.Now()})
		require.NoError(t, err)
		return p
	}
	alice, carol := person("Alice"), person("Carol")
	_, err = b.inst.App.RSVP(ctx, app.RSVPRequest{GatheringID: ref.ID, SessionID: &s.ID, Person: &alice,
		Intent: app.IntentGoing, Channel: model.ChannelReply, ActivityURI: alice.URI + "/notes/1"})
	require.NoError(t, err)
	out, err := b.inst.App.SignUpAtVenue(ctx, s.ID, "=Bob", "bob's phone")
	require.NoError(t, err)
	require.Equal(t, model.RSVPWaitlisted, out.RSVP.Status)
	_, err = b.inst.App.RSVP(ctx, app.RSVPRequest{GatheringID: ref.ID, Person: &carol,
		Intent: app.IntentGoing, Channel: model.ChannelPoll, ActivityURI: carol.URI + "/votes/1"})
	require.NoError(t, err)
	return signupsFixture{gid: ref.ID, sid: s.ID, alice: alice}
}

func TestSignupsPage(t *testing.T) {
	t.Parallel()
	b := setup(t, "sqlite")
	b.user(t, "ada", model.RoleOrganiser)
	f := seedSignups(t, b)
	br := b.browser(t)
	br.signIn("ada")
	path := "/admin/gatherings/" + strconv.FormatInt(f.gid, 10) + "/signups"
	session := "session-" + strconv.FormatInt(f.sid, 10)

	// The dashboard and the editor link here.
	require.Contains(t, br.get("/admin").Body, `href="`+path+`"`)
	require.Contains(t, br.get("/admin/gatherings/"+strconv.FormatInt(f.gid, 10)).Body, `href="`+path+`"`)

	res := br.get(path)
	require.Equal(t, http.StatusOK, res.Status, res.Body)
	ws := byID(res.Doc, session)
	require.NotNil(t, ws, "the workshop's section")
	wsText := text(ws)
	require.Contains(t, wsText, "1 going 0 maybe 1 waitlisted 0 not going")
	require.Contains(t, wsText, "1 of 1 places taken")
	meter := byID(res.Doc, session+"-places")
	require.Equal(t, "meter", meter.Data)
	require.Equal(t, "1", attr(meter, "max"))
	require.Equal(t, "1", attr(meter, "value"))
	rows := findAll(findAll(ws, "tbody")[0], "tr")
	require.Len(t, rows, 2)
	require.Contains(t, text(rows[0]), "Alice @alice@127.0.0.1:1 Going Reply")
	require.Equal(t, f.alice.URI, attr(findAll(rows[0], "a")[0], "href"), "the handle links to the profile")
	require.Contains(t, text(rows[1]), "=Bob Unverified")
	require.Contains(t, text(rows[1]), "Waitlisted, 1st in line At the venue")
	whole := text(byID(res.Doc, "gathering"))
	require.Contains(t, whole, "3 going", "a session place, even a waiting one, counts at the gathering")
	for _, name := range []string{"Alice", "=Bob", "Carol"} {
		require.Contains(t, whole, name)
	}

	// The CSV has everyone, formulas defused.
	csvRes := br.get(path + ".csv")
	require.Equal(t, http.StatusOK, csvRes.Status)
	require.Equal(t, "text/csv; charset=utf-8", csvRes.Header.Get("Content-Type"))
	records, err := csv.NewReader(strings.NewReader(csvRes.Body)).ReadAll()
	require.NoError(t, err)
	require.Len(t, records, 6, "a header, three at the gathering, two at the workshop")
	require.Equal(t, []string{"event", "event_id", "ap_id", "status", "name", "handle", "verified", "channel", "updated_at"}, records[0])
	require.Contains(t, csvRes.Body, "'=Bob")

	// Removing Alice gives Bob her place.
	remove := findAll(rows[0], "form")[0]
	action := attr(remove, "action")
	require.Equal(t, http.StatusForbidden, br.post(action, url.Values{}, "Sec-Fetch-Site", "cross-site").Status,
		"another site cannot remove anyone")
	res = br.post(action, url.Values{})
	require.Equal(t, http.StatusSeeOther, res.Status, res.Body)
	require.Equal(t, path+"?removed", res.location())
	res = br.get(res.location())
	require.Contains(t, text(res.Doc), "The answer is removed")
	ws = byID(res.Doc, session)
	rows = findAll(findAll(ws, "tbody")[0], "tr")
	require.Len(t, rows, 1, "Alice's answer is gone")
	require.Contains(t, text(rows[0]), "=Bob Unverified")
	require.Contains(t, text(rows[0]), "Going At the venue")
	require.Contains(t, text(ws), "1 of 1 places taken")

	// No such answer: 404.
	require.Equal(t, http.StatusNotFound, br.post(path+"/999999/remove", url.Values{}).Status)
}

func TestSignupsDayOf(t *testing.T) {
	t.Parallel()
	b := setup(t, "sqlite")
	b.user(t, "ada", model.RoleOrganiser)
	f := seedSignups(t, b)
	br := b.browser(t)
	br.signIn("ada")
	path := "/admin/gatherings/" + strconv.FormatInt(f.gid, 10) + "/signups"
	dayOfAction := path + "/day-of"

	// On: each session has its code, of its public page.
	res := br.get(path)
	imgs := findAll(byID(res.Doc, "day-of"), "img")
	require.Len(t, imgs, 1)
	require.Equal(t, "/admin/sessions/"+strconv.FormatInt(f.sid, 10)+"/qr.png", attr(imgs[0], "src"))
	require.Contains(t, attr(imgs[0], "alt"), b.inst.App.URLs().Session(f.sid))
	png := br.get(attr(imgs[0], "src"))
	require.Equal(t, http.StatusOK, png.Status)
	require.Equal(t, "image/png", png.Header.Get("Content-Type"))
	require.True(t, strings.HasPrefix(png.Body, "\x89PNG\r\n\x1a\n"))
	require.Equal(t, http.StatusNotFound, br.get("/admin/sessions/999999/qr.png").Status)

	toggle := func(doc *html.Node, value string) response {
		t.Helper()
		v := formValues(t, doc, dayOfAction)
		v.Set("day_of_signup", value)
		return br.post(dayOfAction, v)
	}
	res = toggle(res.Doc, "off")
	require.Equal(t, http.StatusSeeOther, res.Status, res.Body)
	require.Equal(t, path+"?day-of-off#day-of", res.location())
	out, err := b.inst.App.GatheringOutput(t.Context(), f.gid)
	require.NoError(t, err)
	require.False(t, *out.DayOfSignup)
	res = br.get(path)
	require.Empty(t, findAll(byID(res.Doc, "day-of"), "img"), "no codes while closed")

	// A form opened before someone else's change changes nothing.
	stale := res.Doc
	res = toggle(res.Doc, "on")
	require.Equal(t, http.StatusSeeOther, res.Status, res.Body)
	out, err = b.inst.App.GatheringOutput(t.Context(), f.gid)
	require.NoError(t, err)
	require.True(t, *out.DayOfSignup)
	res = toggle(stale, "off")
	require.Equal(t, path+"?stale", res.location())
	out, err = b.inst.App.GatheringOutput(t.Context(), f.gid)
	require.NoError(t, err)
	require.True(t, *out.DayOfSignup)
}

// TestSignupsPromoteAndComments: an organiser gives the next in line a
// place past the capacity, and each comment says which event it is on.
func TestSignupsPromoteAndComments(t *testing.T) {
	t.Parallel()
	b := setup(t, "sqlite")
	b.user(t, "ada", model.RoleOrganiser)
	f := seedSignups(t, b)
	ctx := t.Context()
	require.NoError(t, b.inst.Store.CommentSave(ctx, &model.Comment{GatheringID: f.gid, SessionID: &f.sid, RemoteActorID: f.alice.ID,
		NoteURI: f.alice.URI + "/notes/2", ContentHTML: "<p>Is there a hearing loop?</p>", CreatedAt: time.Now()}))
	require.NoError(t, b.inst.Store.CommentSave(ctx, &model.Comment{GatheringID: f.gid, RemoteActorID: f.alice.ID,
		NoteURI: f.alice.URI + "/notes/3", ContentHTML: "<p>Where is lunch?</p>", CreatedAt: time.Now()}))
	br := b.browser(t)
	br.signIn("ada")
	path := "/admin/gatherings/" + strconv.FormatInt(f.gid, 10) + "/signups"
	session := "session-" + strconv.FormatInt(f.sid, 10)

	res := br.get(path)
	page := text(res.Doc)
	require.Contains(t, page, "on Workshop")
	require.Contains(t, page, "Is there a hearing loop?")
	require.Contains(t, page, "on the gathering itself")
	require.Contains(t, res.Body, `href="#`+session+`"`, "a comment links to its session's answers")

	rows := findAll(findAll(byID(res.Doc, session), "tbody")[0], "tr")
	require.Len(t, rows, 2)
	require.Len(t, findAll(rows[0], "form"), 1, "someone going has no place to be given")
	forms := findAll(rows[1], "form")
	require.Len(t, forms, 2, "=Bob waits: give a place, or remove")
	require.Contains(t, text(forms[0]), "Give a place to =Bob")
	promote := attr(forms[0], "action")
	res = br.post(promote, url.Values{})
	require.Equal(t, http.StatusSeeOther, res.Status, res.Body)
	require.Equal(t, path+"?promoted", res.location())
	res = br.get(res.location())
	ws := text(byID(res.Doc, session))
	require.Contains(t, ws, "2 going 0 maybe 0 waitlisted")
	require.Contains(t, ws, "2 going for 1 place: 1 over")
	require.Equal(t, "1", attr(byID(res.Doc, session+"-places"), "value"), "the bar stops at its end")

	// The same form sent again (a second tab, a double click) changes nothing.
	res = br.post(promote, url.Values{})
	require.Equal(t, path+"?not-waiting", res.location())
	require.Contains(t, text(br.get(res.location()).Doc), "no longer on the waitlist")
}

// TestSignupsPageShowsDoubleBooking: someone with places in two sessions
// at the same time is marked on both rows, naming the other session.
func TestSignupsPageShowsDoubleBooking(t *testing.T) {
	t.Parallel()
	b := setup(t, "sqlite")
	b.user(t, "ada", model.RoleOrganiser)
	f := seedSignups(t, b)
	ctx := t.Context()
	talk, err := b.inst.App.AddSession(ctx, f.gid, &app.SessionInput{Title: "Talk", Kind: "talk",
		StartsAt: "2030-03-20T11:30", EndsAt: "2030-03-20T12:30"})
	require.NoError(t, err)
	_, err = b.inst.App.RSVP(ctx, app.RSVPRequest{GatheringID: f.gid, SessionID: &talk.ID, Person: &f.alice,
		Intent: app.IntentGoing, Channel: model.ChannelReply, ActivityURI: f.alice.URI + "/notes/2"})
	require.NoError(t, err)
	br := b.browser(t)
	br.signIn("ada")
	res := br.get("/admin/gatherings/" + strconv.FormatInt(f.gid, 10) + "/signups")
	require.Equal(t, http.StatusOK, res.Status, res.Body)
	ws := text(byID(res.Doc, "session-"+strconv.FormatInt(f.sid, 10)))
	require.Contains(t, ws, "Going Double booked: also at the same time in Talk")
	require.NotContains(t, ws, "=Bob Unverified Waitlisted, 1st in line Double", "bob holds nothing else")
	require.Contains(t, text(byID(res.Doc, "session-"+strconv.FormatInt(talk.ID, 10))), "Double booked: also at the same time in Workshop")
}

package admin_test

import (
	"net/http"
	"net/url"
	"strconv"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/internal/app"
	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/web/browsertest"
)

// moveFixture is the example gathering with two workshops side by side
// on its first morning.
func moveFixture(t *testing.T, b *testBundle) (gathering, pricing, clinic int64) { //nolint:unparam // the clinic is what a move collides with
	t.Helper()
	in := &app.GatheringInput{}
	exampleInput(in)
	ref, err := b.inst.App.CreateGathering(t.Context(), "events", in, false)
	require.NoError(t, err)
	add := func(title, start, end, room string) int64 {
		s, err := b.inst.App.AddSession(t.Context(), ref.ID, &app.SessionInput{
			Title: title, Kind: "workshop", StartsAt: start, EndsAt: end, Room: &room})
		require.NoError(t, err)
		return s.ID
	}
	return ref.ID, add("Pricing", "2027-03-27T10:30", "2027-03-27T12:00", "Main room"),
		add("Estimating clinic", "2027-03-27T10:30", "2027-03-27T11:00", "Small room")
}

// sessionOf reads a session back as the API gives it.
func sessionOf(t *testing.T, b *testBundle, gathering, session int64) app.SessionOutput {
	t.Helper()
	out, err := b.inst.App.GatheringOutput(t.Context(), gathering)
	require.NoError(t, err)
	for _, s := range out.Sessions {
		if s.ID == session {
			return s
		}
	}
	t.Fatalf("no session %d", session)
	return app.SessionOutput{}
}

// TestMoveSession is what dropping a session on a free slot sends: the
// room and start change, the length stays; a move into a taken room is
// refused with the reason on the schedule; a stale one changes nothing.
func TestMoveSession(t *testing.T) {
	t.Parallel()
	b := setup(t, "sqlite")
	b.user(t, "grace", model.RoleOrganiser)
	gid, pricing, _ := moveFixture(t, b)
	br := b.browser(t)
	br.signIn("grace")
	schedule := "/admin/gatherings/" + strconv.FormatInt(gid, 10) + "/schedule"
	move := "/admin/sessions/" + strconv.FormatInt(pricing, 10) + "/move"

	res := br.post(move, url.Values{"version": {"1"}, "room": {"Small room"}, "starts_at": {"2027-03-27T14:00"}})
	require.Equal(t, http.StatusSeeOther, res.Status, res.Body)
	require.Equal(t, schedule+"?moved", res.location())
	require.Contains(t, text(br.get(res.location()).Doc), "The session is moved.")
	s := sessionOf(t, b, gid, pricing)
	require.Equal(t, "Small room", *s.Room)
	require.Equal(t, "2027-03-27T14:00:00", s.StartsAt)
	require.Equal(t, "2027-03-27T15:30:00", s.EndsAt, "an hour and a half still")

	// Onto the clinic's room and time: refused, saying why.
	res = br.post(move, url.Values{"version": {"2"}, "room": {"Small room"}, "starts_at": {"2027-03-27T10:00"}})
	require.Equal(t, http.StatusBadRequest, res.Status)
	require.Contains(t, text(res.Doc), "Pricing was not moved:")
	require.Equal(t, 2, sessionOf(t, b, gid, pricing).Version, "nothing changed")

	// A page older than someone else's change moves nothing.
	res = br.post(move, url.Values{"version": {"1"}, "room": {"Main room"}, "starts_at": {"2027-03-27T10:30"}})
	require.Equal(t, schedule+"?stale", res.location())
	require.Equal(t, http.StatusForbidden, br.post(move, url.Values{"version": {"2"}, "room": {"Main room"},
		"starts_at": {"2027-03-27T10:30"}}, "Sec-Fetch-Site", "cross-site").Status, "another site cannot move sessions")
}

// TestBrowserDragSessionToFreeSlot drags a session onto a free cell of
// the grid with the page's own script, which moves it there.
func TestBrowserDragSessionToFreeSlot(t *testing.T) {
	t.Parallel()
	ctx := browsertest.Start(t)
	b := setup(t, "sqlite")
	b.user(t, "grace", model.RoleOrganiser)
	gid, pricing, _ := moveFixture(t, b)
	next := "/admin/gatherings/" + strconv.FormatInt(gid, 10) + "/schedule"
	require.NoError(t, chromedp.Do(browsertest.Within(t, ctx),
		chromedp.EmulateViewport(1280, 900),
		chromedp.Navigate(b.base+"/admin/sign-in?next="+url.QueryEscape(next)),
		chromedp.SendKeys("#username", "grace"),
		chromedp.SendKeys("#password", password("grace")+"\r"),
		chromedp.WaitVisible(`[data-move-url]`),
	))
	require.True(t, browsertest.Evaluate[bool](t, ctx, `document.querySelector("[data-move-url]").draggable`),
		"the script makes sessions draggable")
	// A real mouse drag is native to the browser; the same events, with a
	// shared DataTransfer, exercise the script.
	require.True(t, browsertest.Evaluate[bool](t, ctx, `(() => {
		const from = [...document.querySelectorAll("[data-move-url]")].find(p => p.textContent.includes("Pricing"));
		const to = document.querySelector('td[data-room="Lobby and kitchen"][data-start="2027-03-27T14:00"]');
		const dt = new DataTransfer();
		from.dispatchEvent(new DragEvent("dragstart", {bubbles: true, dataTransfer: dt}));
		to.dispatchEvent(new DragEvent("dragover", {bubbles: true, cancelable: true, dataTransfer: dt}));
		to.dispatchEvent(new DragEvent("drop", {bubbles: true, cancelable: true, dataTransfer: dt}));
		return true;
	})()`))
	require.NoError(t, chromedp.Do(browsertest.Within(t, ctx), chromedp.WaitVisible(`p.notice`)))
	require.Contains(t, browsertest.Evaluate[string](t, ctx, `location.search`), "moved")
	s := sessionOf(t, b, gid, pricing)
	require.Equal(t, "Lobby and kitchen", *s.Room)
	require.Equal(t, "2027-03-27T14:00:00", s.StartsAt)
	browsertest.Screenshot(t, ctx, "admin-schedule-after-drag.png")
}

// TestMoveSessionWhileAFacilitatorsServerIsDown: a session keeps its
// facilitators as saved when their server cannot be reached, so it can
// still be moved; a new handle whose server is down is saved, with a
// warning, to be looked up again later.
func TestMoveSessionWhileAFacilitatorsServerIsDown(t *testing.T) {
	t.Parallel()
	b := setup(t, "sqlite")
	b.user(t, "grace", model.RoleOrganiser)
	gid, pricing, _ := moveFixture(t, b)
	_, s, err := b.inst.App.SessionDetail(t.Context(), pricing)
	require.NoError(t, err)
	ana := model.Facilitator{Name: "Ana", Handle: "@ana@127.0.0.1:1", ActorURI: "http://127.0.0.1:1/users/ana"}
	s.Facilitators = []model.Facilitator{ana}
	_, err = b.inst.Store.SessionUpdate(t.Context(), &s, s.Version)
	require.NoError(t, err)
	br := b.browser(t)
	br.signIn("grace")

	version := strconv.Itoa(sessionOf(t, b, gid, pricing).Version)
	res := br.post("/admin/sessions/"+strconv.FormatInt(pricing, 10)+"/move",
		url.Values{"version": {version}, "room": {"Lobby and kitchen"}, "starts_at": {"2027-03-27T14:00"}})
	require.Equal(t, http.StatusSeeOther, res.Status, res.Body)
	_, s, err = b.inst.App.SessionDetail(t.Context(), pricing)
	require.NoError(t, err)
	require.Equal(t, []model.Facilitator{ana}, s.Facilitators, "the saved copy stands")

	in := sessionOf(t, b, gid, pricing).SessionInput
	in.Facilitators = append(in.Facilitators, "@bo@127.0.0.1:1")
	ref, err := b.inst.App.SaveSession(t.Context(), pricing, &in, 0)
	require.NoError(t, err, "a new handle whose server is down is saved unconfirmed")
	require.Len(t, ref.Warnings, 1)
	require.Equal(t, "@bo@127.0.0.1:1", ref.Warnings[0].Handle)
}

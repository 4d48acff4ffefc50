package admin_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/federation/fedtest"
	"github.com/gather-coop/gather/federation/httpsig"
	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/web/browsertest"
)

// TestBrowserCreateAndPublishByKeyboard is issue 7's acceptance test. A
// follower on a fake Mastodon follows the co-op; then an organiser, with
// the keyboard alone, signs in, types the shared example gathering into
// the editor (its zone, times, venue, three rooms and two tracks), adds
// its first four sessions from the schedule builder's Add links and
// publishes it. The follower receives the Event; two replies saying
// "going" then show on the sign-ups page. Screenshots of the editor, the
// schedule builder and the sign-ups page are saved as artifacts
// (e2e-*.png), and axe-core checks those pages at two widths.
func TestBrowserCreateAndPublishByKeyboard(t *testing.T) {
	t.Parallel()
	ctx := browsertest.Start(t)
	axe, axeMissing := browsertest.AxeScript()
	b := setup(t, "sqlite")
	b.user(t, "ada", model.RoleAdmin)
	e := &e2e{t: t, k: &keyboard{t: t, ctx: ctx}, b: b, fed: startFakeFediverse(t, b), ex: readSharedExample(t),
		typed: map[string]sharedSession{}}

	e.signIn("ada")
	e.createGathering()
	browsertest.Screenshot(t, ctx, "e2e-editor.png")
	for _, s := range e.ex.Sessions[:4] {
		e.addSession(s)
	}
	e.checkSessions()
	browsertest.Screenshot(t, ctx, "e2e-schedule.png")
	e.publish()
	e.checkFederated()
	e.replyAndCheckSignups()
	browsertest.Screenshot(t, ctx, "e2e-signups.png")

	for _, width := range []int64{1280, 390} {
		for _, path := range []string{e.editor, e.editor + "/schedule", e.editor + "/signups"} {
			browsertest.CheckAccessibility(t, ctx, axe, b.base+path, width)
		}
	}
	if axeMissing != "" {
		t.Skip(axeMissing)
	}
}

// e2e is the acceptance test's state as it goes.
type e2e struct {
	t   *testing.T
	k   *keyboard
	b   *testBundle
	fed *fakeFediverse
	ex  sharedExample
	// id and editor are the gathering's, once created.
	id     int64
	editor string
	// typed are the sessions added, by title, as they were typed.
	typed map[string]sharedSession
}

// signIn signs in as username from the first admin page, and lands on the
// dashboard.
func (e *e2e) signIn(username string) {
	e.t.Helper()
	require.NoError(e.t, chromedp.Do(browsertest.Within(e.t, e.k.ctx), chromedp.EmulateViewport(1280, 900),
		chromedp.Navigate(e.b.base+"/admin"), chromedp.WaitVisible("#username")))
	e.k.fill("#username", username)
	e.k.fill("#password", password(username))
	e.k.press(kb.Enter)
	e.k.arrive(`nav[aria-label="Admin"]`)
	require.Equal(e.t, "/admin", e.k.location())
}

// createGathering opens the editor from the dashboard's "New gathering",
// types the example in, saves it as a draft, and checks what was kept.
func (e *e2e) createGathering() {
	t, k, ex, v := e.t, e.k, e.ex, e.ex.Venue
	t.Helper()
	k.follow(`a[href^="/admin/gatherings/new"]`, "#title")
	about := [][2]string{{"title", ex.Title}, {"summary", ex.Summary}, {"description", ex.Description},
		{"timezone", ex.Timezone}}
	where := [][2]string{{"venue.name", v.Name}, {"venue.street_address", v.StreetAddress}, {"venue.locality", v.Locality},
		{"venue.postal_code", v.PostalCode}, {"venue.country", v.Country},
		{"venue.latitude", formatCoord(v.Latitude)}, {"venue.longitude", formatCoord(v.Longitude)}}
	require.Len(t, ex.Rooms, 3, "the example's rooms fill the new editor's three empty rows")
	for i, r := range ex.Rooms {
		where = append(where, [2]string{fmt.Sprintf("rooms[%d].name", i), r.Name},
			[2]string{fmt.Sprintf("rooms[%d].capacity", i), strconv.Itoa(r.Capacity)})
	}
	for _, f := range about {
		k.fill(byIDSel(f[0]), f[1])
	}
	k.fillDateTime("#starts_at", ex.StartsAt)
	k.fillDateTime("#ends_at", ex.EndsAt)
	for _, f := range where {
		k.fill(byIDSel(f[0]), f[1])
	}
	k.fillLines("#tracks", ex.Tracks)
	require.True(t, browsertest.Evaluate[bool](t, k.ctx, `document.getElementById("rsvp_poll").checked`), "an RSVP poll by default")
	k.follow(`form.editor button[type="submit"]`, "p.notice")
	require.Contains(t, k.text("p.notice"), "Saved.")
	e.editor = k.location()
	require.Regexp(t, `^/admin/gatherings/\d+$`, e.editor)
	var err error
	e.id, err = strconv.ParseInt(strings.TrimPrefix(e.editor, "/admin/gatherings/"), 10, 64)
	require.NoError(t, err)

	// What was typed was kept.
	kept := append(append(about, where...), [2]string{"starts_at", inputValue(ex.StartsAt)},
		[2]string{"ends_at", inputValue(ex.EndsAt)}, [2]string{"tracks", strings.Join(ex.Tracks, "\n")})
	for _, f := range kept {
		require.Equal(t, f[1], k.value(byIDSel(f[0])), "%s after saving", f[0])
	}
}

// addSession adds s from its free slot in the schedule builder, and goes
// back to the builder.
func (e *e2e) addSession(s sharedSession) {
	t, k := e.t, e.k
	t.Helper()
	if k.location() != e.editor+"/schedule" {
		k.follow(`a[href$="/schedule"]`, "table.schedule-grid")
	}
	k.follow(addLinkSel(e.id, s.Room, s.StartsAt), byIDSel("session.title"))
	require.Equal(t, inputValue(s.StartsAt), k.value(byIDSel("session.starts_at")), "the slot's time is filled in")
	require.Equal(t, s.Room, k.value(byIDSel("session.room")), "the slot's room is chosen")
	k.fill(byIDSel("session.title"), s.Title)
	k.choose(byIDSel("session.kind"), s.Kind)
	k.fillDateTime(byIDSel("session.ends_at"), s.EndsAt)
	if s.Track != "" {
		k.choose(byIDSel("session.track"), s.Track)
	}
	if len(s.Facilitators) > 0 {
		s.Facilitators = e.fed.facilitators(s.Facilitators)
		k.fillLines(byIDSel("session.facilitators"), s.Facilitators)
	}
	if s.Description != "" {
		k.fill(byIDSel("session.description"), s.Description)
	}
	k.follow(`form.editor button[type="submit"]`, "p.notice")
	require.Contains(t, k.text("p.notice"), "The session is added.", s.Title)
	require.Equal(t, e.editor+"/schedule", k.location(), "back to the grid it was added from")
	e.typed[s.Title] = s
}

// checkSessions checks that the sessions were saved as typed, and that
// the grid shows each in its room's column, over its rows.
func (e *e2e) checkSessions() {
	t := e.t
	t.Helper()
	out, err := e.b.inst.App.GatheringOutput(t.Context(), e.id)
	require.NoError(t, err)
	require.Len(t, out.Sessions, len(e.typed))
	for _, got := range out.Sessions {
		s := e.typed[got.Title]
		require.Equal(t, []string{s.Kind, s.Room, s.Track, s.Description},
			[]string{got.Kind, derefOrEmpty(got.Room), derefOrEmpty(got.Track), got.Description}, s.Title)
		require.Equal(t, s.Facilitators, got.Facilitators, "%s: the handles are looked up and kept", s.Title)
	}
	require.Positive(t, handlesIn(e.typed), "a facilitator is given by a fediverse handle")

	cells := browsertest.Evaluate[map[string]gridPlace](t, e.k.ctx, whereInGrid)
	for title, s := range e.typed {
		place, ok := cells[title]
		require.True(t, ok, "%q is in the grid: %v", title, cells)
		require.Equal(t, gridPlace{Room: s.Room, From: clockOf(s.StartsAt), Last: lastGridRow(s.EndsAt),
			When: clockOf(s.StartsAt) + "–" + clockOf(s.EndsAt)}, place, title)
	}
}

// publish goes back to the editor and publishes, reading on the way what
// the confirmation says will federate.
func (e *e2e) publish() {
	t, k := e.t, e.k
	t.Helper()
	k.follow(`main a[href="`+e.editor+`"]`, "#title")
	k.follow(`a[href$="/publish"]`, "p.federates")
	require.Contains(t, k.text("p.federates"), fmt.Sprintf("Followers on other servers (1) will receive this gathering "+
		"and its RSVP poll, with its schedule of %d sessions", len(e.typed)))
	k.follow(`main form button[type="submit"]`, "p.notice")
	require.Contains(t, k.text("p.notice"), "Published")
	require.Equal(t, e.editor, k.location())
}

// checkFederated waits for the follower's Create of the Event and checks
// it; the facilitators, mentioned, receive it too.
func (e *e2e) checkFederated() {
	t := e.t
	t.Helper()
	apID := e.b.inst.App.URLs().Gathering(e.id)
	created := func(d fedtest.Delivery) bool {
		return d.Activity != nil && d.Activity.Type == "Create" && d.Activity.Object.ID == apID
	}
	create := e.fed.masto.WaitForDelivery(t, created, fedWait)
	require.True(t, create.Verified, "signed: %v", create.VerifyErr)
	requireFederatedEvent(t, e.ex, create, e.typed)
	e.fed.others.WaitForDelivery(t, created, fedWait)
}

// replyAndCheckSignups has alice reply "going" to the gathering and bob
// to its workshop (the example's second session), and checks the sign-ups page, opened from the editor,
// shows them (bob at the gathering as well as the workshop).
func (e *e2e) replyAndCheckSignups() {
	t, k := e.t, e.k
	t.Helper()
	out, err := e.b.inst.App.GatheringOutput(t.Context(), e.id)
	require.NoError(t, err)
	urls := e.b.inst.App.URLs()
	gathering, workshop := urls.Gathering(e.id), ""
	for _, s := range out.Sessions {
		if s.Title == e.ex.Sessions[1].Title {
			workshop = urls.Session(s.ID)
		}
	}
	require.NotEmpty(t, workshop)
	e.fed.reply(t, e.fed.alice, gathering, "going")
	e.fed.reply(t, e.fed.bob, workshop, "I'm going!")
	eventually(t, "both replies are sign-ups", func() bool {
		list, err := e.b.inst.App.ListRSVPs(t.Context(), e.id)
		require.NoError(t, err)
		going := map[string]bool{}
		for _, r := range list {
			going[r.APID+" "+r.Person.ID] = r.Status == string(model.RSVPGoing)
		}
		return going[gathering+" "+e.fed.alice.ID] && going[workshop+" "+e.fed.bob.ID]
	})

	k.follow(`main a[href$="/signups"]`, "section#gathering")
	whole := k.text("section#gathering")
	// bob's workshop place counts him in for the gathering too.
	for _, want := range []string{"2 going", "alice", e.fed.alice.Handle, "bob", "Going", "Reply"} {
		require.Contains(t, whole, want)
	}
	section := browsertest.Evaluate[string](t, k.ctx, fmt.Sprintf(`[...document.querySelectorAll("section.event-signups")].
	  find(s => s.querySelector("h2").textContent.startsWith(%q)).id`, e.ex.Sessions[1].Title))
	session := k.text("section#" + section)
	seats := 0
	for _, r := range e.ex.Rooms {
		if r.Name == e.ex.Sessions[1].Room {
			seats = r.Capacity
		}
	}
	places := fmt.Sprintf("1 of %d places taken", seats) // the room's seats
	for _, want := range []string{"1 going", places, "bob", e.fed.bob.Handle, "Going"} {
		require.Contains(t, session, want)
	}
}

// fedWait bounds how long the fediverse may take: jobs deliver and
// process.
const fedWait = 30 * time.Second

// sharedExample is what the test types in of testdata/gathering.json.
type sharedExample struct {
	Title, Summary, Description, Timezone string
	StartsAt                              string `json:"starts_at"`
	EndsAt                                string `json:"ends_at"`
	Venue                                 struct {
		Name          string
		StreetAddress string `json:"street_address"`
		Locality      string
		PostalCode    string `json:"postal_code"`
		Country       string
		Latitude      float64
		Longitude     float64
	}
	Rooms []struct {
		Name     string
		Capacity int
	}
	Tracks   []string
	Sessions []sharedSession
}

// sharedSession is one of the example's sessions.
type sharedSession struct {
	Title, Kind, Description string
	Room, Track              string
	StartsAt                 string `json:"starts_at"`
	EndsAt                   string `json:"ends_at"`
	Facilitators             []string
}

// readSharedExample reads the example gathering whose facilitators include
// fediverse handles (the repository's testdata/gathering.json), moved on by whole
// years while it would be over within a week, so that it still takes
// sign-ups.
func readSharedExample(t *testing.T) sharedExample {
	t.Helper()
	data, err := os.ReadFile("../../../testdata/gathering.json")
	require.NoError(t, err)
	var ex sharedExample
	require.NoError(t, json.Unmarshal(data, &ex))
	require.GreaterOrEqual(t, len(ex.Sessions), 4)
	start, err := time.Parse(exampleLayout, ex.StartsAt)
	require.NoError(t, err)
	years := 0
	for !start.AddDate(years, 0, 0).After(time.Now().AddDate(0, 0, 7)) {
		years++
	}
	later := func(s *string) {
		tm, err := time.Parse(exampleLayout, *s)
		require.NoError(t, err)
		*s = tm.AddDate(years, 0, 0).Format(exampleLayout)
	}
	later(&ex.StartsAt)
	later(&ex.EndsAt)
	for i := range ex.Sessions {
		later(&ex.Sessions[i].StartsAt)
		later(&ex.Sessions[i].EndsAt)
	}
	return ex
}

// exampleLayout is how the example and the app write a local time.
const exampleLayout = "2006-01-02T15:04:05"

// inputValue is an example time as a datetime-local input holds it.
func inputValue(s string) string { return s[:len("2006-01-02T15:04")] }

// clockOf is an example time's hour and minute, "10:30".
func clockOf(s string) string { return s[len("2006-01-02T") : len("2006-01-02T")+5] }

// lastGridRow is the label of the grid's last half-hour row before end.
func lastGridRow(end string) string {
	tm, _ := time.Parse(exampleLayout, end)
	return tm.Add(-30 * time.Minute).Format("15:04")
}

func derefOrEmpty(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

func formatCoord(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// byIDSel selects the element whose id is id, dots and brackets and all.
func byIDSel(id string) string { return fmt.Sprintf(`[id=%q]`, id) }

// addLinkSel selects the grid's Add link for room at start.
func addLinkSel(gathering int64, room, start string) string {
	return fmt.Sprintf(`a[href^="/admin/gatherings/%d/sessions/new?from=schedule&room=%s&starts_at=%s&"]`,
		gathering, url.QueryEscape(room), url.QueryEscape(inputValue(start)))
}

// gridPlace is where a session shows in the schedule grid: the column's
// room, the labels of its first and last rows, and its times as written.
type gridPlace struct {
	Room string `json:"room"`
	From string `json:"from"`
	Last string `json:"last"`
	When string `json:"when"`
}

// whereInGrid reads where each session is drawn: the column heading
// above its cell and the row headings beside its top and bottom edges.
const whereInGrid = `(() => {
  const out = {}, near = (a, b) => Math.abs(a - b) < 1;
  for (const table of document.querySelectorAll("table.schedule-grid")) {
    const heads = [...table.querySelectorAll("thead th")], rows = [...table.querySelectorAll("tbody th")];
    for (const cell of table.querySelectorAll("td.grid-session")) {
      const box = cell.getBoundingClientRect();
      for (const p of cell.querySelectorAll("p")) {
        const head = heads.find(h => near(h.getBoundingClientRect().left, box.left));
        const first = rows.find(r => near(r.getBoundingClientRect().top, box.top));
        const last = rows.find(r => near(r.getBoundingClientRect().bottom, box.bottom));
        out[p.querySelector("a").textContent] = {room: head ? head.textContent : "", from: first ? first.textContent : "",
          last: last ? last.textContent : "", when: p.querySelector(".grid-when").textContent};
      }
    }
  }
  return out;
})()`

// requireFederatedEvent checks the Event the follower received: the
// example's title, zone, venue and start, a sub-event per session typed
// (each served with its room in its place's name), and a mention per
// facilitator given by handle.
func requireFederatedEvent(t *testing.T, ex sharedExample, d fedtest.Delivery, typed map[string]sharedSession) {
	t.Helper()
	var event struct {
		Type      string `json:"type"`
		Name      string `json:"name"`
		Timezone  string `json:"timezone"`
		StartTime string `json:"startTime"`
		Location  struct {
			Type    string `json:"type"`
			Name    string `json:"name"`
			Address struct {
				StreetAddress string `json:"streetAddress"`
				PostalCode    string `json:"postalCode"`
			} `json:"address"`
			Latitude float64 `json:"latitude"`
		} `json:"location"`
		SubEvent []string `json:"subEvent"`
		Tag      []struct {
			Type string `json:"type"`
		} `json:"tag"`
	}
	require.NoError(t, json.Unmarshal(d.Activity.Object.Raw, &event))
	require.Equal(t, "Event", event.Type)
	require.Equal(t, ex.Title, event.Name)
	require.Equal(t, ex.Timezone, event.Timezone)
	start, err := time.ParseInLocation(exampleLayout, ex.StartsAt, mustZone(t, ex.Timezone))
	require.NoError(t, err)
	sent, err := time.Parse(time.RFC3339, event.StartTime)
	require.NoError(t, err)
	require.True(t, start.Equal(sent), "starts %s, not %s", start, sent)
	require.Equal(t, "Place", event.Location.Type)
	require.Equal(t, ex.Venue.Name, event.Location.Name)
	require.Equal(t, ex.Venue.StreetAddress, event.Location.Address.StreetAddress)
	require.Equal(t, ex.Venue.PostalCode, event.Location.Address.PostalCode)
	require.InDelta(t, ex.Venue.Latitude, event.Location.Latitude, 1e-9)
	mentions := 0
	for _, tag := range event.Tag {
		if tag.Type == "Mention" {
			mentions++
		}
	}
	require.Equal(t, handlesIn(typed), mentions, "each facilitator given by handle is mentioned")

	require.Len(t, event.SubEvent, len(typed))
	rooms := map[string]string{}
	for _, uri := range event.SubEvent {
		var session struct {
			Name     string `json:"name"`
			Location struct {
				Name string `json:"name"`
			} `json:"location"`
		}
		getActivityJSON(t, uri, &session)
		rooms[session.Name] = session.Location.Name
	}
	for title, s := range typed {
		require.Equal(t, s.Room+" · "+ex.Venue.Name, rooms[title], "the place of %q names its room", title)
	}
}

// handlesIn counts the facilitators of sessions given by handle.
func handlesIn(sessions map[string]sharedSession) int {
	n := 0
	for _, s := range sessions {
		for _, f := range s.Facilitators {
			if strings.HasPrefix(f, "@") {
				n++
			}
		}
	}
	return n
}

func mustZone(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	require.NoError(t, err)
	return loc
}

func getActivityJSON(t *testing.T, uri string, v any) {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, uri, nil)
	require.NoError(t, err)
	req.Header.Set("Accept", "application/activity+json")
	res, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer res.Body.Close()
	require.Equal(t, http.StatusOK, res.StatusCode, uri)
	require.NoError(t, json.NewDecoder(res.Body).Decode(v), uri)
}

// fakeFediverse is the world outside: a Mastodon where alice follows the
// co-op and bob does not, and another co-op's server where facilitators
// have their accounts.
type fakeFediverse struct {
	masto, others *fedtest.Server
	alice, bob    *fedtest.Actor
	coop, handle  string // the co-op's actor id and handle
	inbox         string
}

// startFakeFediverse starts the fakes, and has alice follow the co-op and
// get its Accept.
func startFakeFediverse(t *testing.T, b *testBundle) *fakeFediverse {
	t.Helper()
	key, err := httpsig.GenerateKey() // one key for both fakes: quicker
	require.NoError(t, err)
	f := &fakeFediverse{masto: fedtest.NewServer(t, fedtest.Mastodon, fedtest.WithKey(key)),
		others: fedtest.NewServer(t, fedtest.Mastodon, fedtest.WithKey(key)),
		coop:   b.base + "/actors/events", handle: "@events@" + b.inst.App.URLs().Host(), inbox: b.base + "/inbox"}
	f.alice, f.bob = f.masto.AddActor("alice"), f.masto.AddActor("bob")
	follow, err := f.alice.Follow(t.Context(), f.coop, f.inbox)
	require.NoError(t, err)
	require.Equal(t, http.StatusAccepted, follow.Status, string(follow.Body))
	accept := f.masto.WaitForDelivery(t, fedtest.OfType("Accept"), fedWait)
	require.True(t, accept.Verified, "%v", accept.VerifyErr)
	n, err := b.inst.App.FollowerCount(t.Context(), "events")
	require.NoError(t, err)
	require.Equal(t, 1, n, "alice follows the co-op")
	return f
}

// facilitators are the example's facilitators as the test types them:
// names as they are, and handles moved to the fake co-op server, whose
// accounts answer WebFinger (the example's co-ops cannot be reached).
func (f *fakeFediverse) facilitators(entries []string) []string {
	out := make([]string, len(entries))
	for i, e := range entries {
		out[i] = e
		if handle, ok := strings.CutPrefix(e, "@"); ok {
			user, _, _ := strings.Cut(handle, "@")
			if f.others.Actor(user) == nil {
				f.others.AddActor(user)
			}
			out[i] = "@" + user + "@" + f.others.Host()
		}
	}
	return out
}

// reply has who answer the event eventID with text, mentioning the co-op,
// as a Mastodon user does.
func (f *fakeFediverse) reply(t *testing.T, who *fedtest.Actor, eventID, text string) {
	t.Helper()
	res, err := who.Post(t.Context(), f.inbox, who.Reply(eventID, f.coop, f.handle, text, fedtest.Public))
	require.NoError(t, err)
	require.Equal(t, http.StatusAccepted, res.Status, string(res.Body))
}

// eventually polls cond until it holds, for what jobs do.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(fedWait)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting until %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// keyboard drives the page as someone without a mouse: Tab to move, keys
// to type, Enter to follow and submit. Scripts only read the page.
type keyboard struct {
	t   *testing.T
	ctx context.Context
}

// maxTabs bounds the Tab presses to reach an element: the editor is long.
const maxTabs = 150

// press types keys into whatever has the focus.
func (k *keyboard) press(keys string, opts ...chromedp.KeyOption) {
	k.t.Helper()
	require.NoError(k.t, chromedp.Do(browsertest.Within(k.t, k.ctx), chromedp.KeyEvent(keys, opts...)))
}

// focusAt is the element with the focus, whether it is the one sought,
// and how its focus shows.
type focusAt struct {
	Match   bool   `json:"match"`
	ID      string `json:"id"`
	Tag     string `json:"tag"`
	Outline string `json:"outline"`
	// Inner is set when the focus is on a part of the element that the
	// browser draws itself, such as a date input's calendar button: the
	// browser draws its ring, which the page's styles cannot show.
	Inner bool `json:"inner"`
}

const focusOn = `((sel) => { const e = document.activeElement, s = getComputedStyle(e);
  return {match: e.matches(sel), id: e.id, tag: e.tagName.toLowerCase(), outline: s.outlineStyle + " " + s.outlineWidth,
    inner: e !== document.body && !e.matches(":focus")}; })`

// tabTo presses Tab until the element matching selector has the focus.
// Everywhere on the way the focus must be seen: the page's focus ring is
// on every element Tab stops at.
func (k *keyboard) tabTo(selector string) {
	k.t.Helper()
	var path []string
	for range maxTabs {
		k.press(kb.Tab)
		f := browsertest.Evaluate[focusAt](k.t, k.ctx, fmt.Sprintf("%s(%q)", focusOn, selector))
		path = append(path, f.Tag+"#"+f.ID)
		if f.Tag != "body" && !f.Inner {
			require.False(k.t, strings.HasPrefix(f.Outline, "none") || strings.HasSuffix(f.Outline, " 0px"),
				"the focus on %s#%s can be seen (outline %s), on the way to %s on %s", f.Tag, f.ID, f.Outline, selector, k.location())
		}
		if f.Match {
			require.False(k.t, f.Inner, "the focus is on %s itself", selector)
			return
		}
	}
	k.t.Fatalf("Tab never reached %s; it went %v", selector, path)
}

// fill tabs to the input or text area selector and types text in it.
func (k *keyboard) fill(selector, text string) {
	k.t.Helper()
	k.tabTo(selector)
	k.press(text)
	require.Equal(k.t, text, k.value(selector), "typed into %s", selector)
}

// fillLines tabs to the text area selector and types lines into it, with
// Enter between them.
func (k *keyboard) fillLines(selector string, lines []string) {
	k.t.Helper()
	k.tabTo(selector)
	for i, line := range lines {
		if i > 0 {
			k.press(kb.Enter)
		}
		k.press(line)
	}
	require.Equal(k.t, strings.Join(lines, "\n"), k.value(selector), "typed into %s", selector)
}

// fillDateTime tabs to the datetime-local input selector and types value
// ("2027-03-27T10:30:00") into its fields, in the order and clock the
// browser's language shows them: month, day and year, then the hour, the
// minute and, on a 12-hour clock, AM or PM. The year field takes more
// than four digits, so the right arrow moves on from it.
func (k *keyboard) fillDateTime(selector, value string) {
	k.t.Helper()
	tm, err := time.Parse(exampleLayout, value)
	require.NoError(k.t, err)
	fields := browsertest.Evaluate[[]string](k.t, k.ctx, `new Intl.DateTimeFormat(navigator.language, {year: "numeric",
	  month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit"}).formatToParts(new Date()).
	  filter(p => p.type !== "literal").map(p => p.type)`)
	twelve := false
	for _, f := range fields {
		twelve = twelve || f == "dayPeriod"
	}
	var keys strings.Builder
	for _, f := range fields {
		switch f {
		case "year":
			keys.WriteString(tm.Format("2006") + kb.ArrowRight)
		case "month":
			keys.WriteString(tm.Format("01"))
		case "day":
			keys.WriteString(tm.Format("02"))
		case "hour":
			if twelve {
				keys.WriteString(tm.Format("03"))
			} else {
				keys.WriteString(tm.Format("15"))
			}
		case "minute":
			keys.WriteString(tm.Format("04"))
		case "dayPeriod":
			keys.WriteString(tm.Format("PM")[:1])
		}
	}
	k.tabTo(selector)
	k.press(keys.String())
	require.Equal(k.t, inputValue(value), k.value(selector), "typed %q into %s (fields %v)", keys.String(), selector, fields)
}

// choose tabs to the select selector and moves through its options with
// the arrow keys to the one whose value is want. (Typing an option's first
// letters works too, but only while no key comes a second after the one
// before it: too slow a machine would pick another option.)
func (k *keyboard) choose(selector, want string) {
	k.t.Helper()
	k.tabTo(selector)
	at := browsertest.Evaluate[struct {
		Now  int `json:"now"`
		Want int `json:"want"`
	}](k.t, k.ctx, fmt.Sprintf(`((s) => ({now: s.selectedIndex,
	  want: [...s.options].findIndex(o => o.value === %q)}))(document.querySelector(%q))`, want, selector))
	require.GreaterOrEqual(k.t, at.Want, 0, "%s offers %q", selector, want)
	key := kb.ArrowDown
	if at.Want < at.Now {
		key = kb.ArrowUp
	}
	k.press(strings.Repeat(key, max(at.Want-at.Now, at.Now-at.Want)))
	require.Equal(k.t, want, k.value(selector), "chose %q in %s", want, selector)
}

// follow tabs to the link or button selector, presses Enter and waits for
// the next page's element next. It waits for the next page to be loaded
// first: a form showing its errors is left for the same form, whose
// error summary would otherwise be taken for the next page's.
func (k *keyboard) follow(selector, next string) {
	k.t.Helper()
	k.tabTo(selector)
	require.NoError(k.t, chromedp.Do(browsertest.Within(k.t, k.ctx), chromedp.Evaluate[chromedp.Void](`window.gatherLeaving = true`)))
	k.press(kb.Enter)
	deadline := time.Now().Add(20 * time.Second)
	for {
		// Errors are expected while the old page goes: its context is gone.
		left, err := chromedp.Run(browsertest.Within(k.t, k.ctx),
			chromedp.Evaluate[bool](`window.gatherLeaving === undefined && document.readyState !== "loading"`))
		if err == nil && left {
			break
		}
		require.True(k.t, time.Now().Before(deadline), "the page after %s never came (%v)", selector, err)
		time.Sleep(20 * time.Millisecond)
	}
	k.arrive(next)
}

// pageProblems are what a form's errors and an error page show first.
const pageProblems = `.error-summary, main > .wrap.narrow > p.eyebrow`

// arrive waits for the element next of the page the browser goes to, and
// fails with what the page says if it is a form's errors or an error page.
func (k *keyboard) arrive(next string) {
	k.t.Helper()
	require.NoError(k.t, chromedp.Do(browsertest.Within(k.t, k.ctx), chromedp.WaitVisible(chromedp.CSS(next+", "+pageProblems))),
		"waiting for %s", next)
	msg := browsertest.Evaluate[string](k.t, k.ctx, fmt.Sprintf(`(() => { const p = document.querySelector(%q);
	  return p && !document.querySelector(%q) ? (p.closest(".error-summary") || p.closest("main")).innerText : ""; })()`,
		pageProblems, next))
	if msg != "" {
		k.t.Fatalf("%s shows a problem instead of %s:\n%s", k.location(), next, msg)
	}
}

func (k *keyboard) value(selector string) string {
	k.t.Helper()
	return browsertest.Evaluate[string](k.t, k.ctx, fmt.Sprintf(`document.querySelector(%q).value`, selector))
}

func (k *keyboard) text(selector string) string {
	k.t.Helper()
	return browsertest.Evaluate[string](k.t, k.ctx, fmt.Sprintf(`document.querySelector(%q).innerText`, selector))
}

func (k *keyboard) location() string {
	k.t.Helper()
	return browsertest.Evaluate[string](k.t, k.ctx, `location.pathname`)
}

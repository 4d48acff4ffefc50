package pages_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"golang.org/x/net/html"

	"github.com/gather-coop/gather/internal/config"
	"github.com/gather-coop/gather/internal/server/servertest"
)

// testClock is a clock a test sets: it runs on as time does from where
// it was last set, so that the instance's jobs keep moving. The pages,
// the app and the jobs all keep time by it.
type testClock struct {
	mu     sync.Mutex
	offset time.Duration
}

func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return time.Now().Add(c.offset)
}

// Set moves the clock to t.
func (c *testClock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.offset = time.Until(t)
}

// setupClock starts an instance on db whose clock the test sets.
func setupClock(t *testing.T, db string) (*testBundle, *testClock) {
	t.Helper()
	clock := &testClock{}
	inst := servertest.Start(t, db, func(c *config.Config) { c.Now = clock.Now })
	return &testBundle{inst: inst, base: inst.Base}, clock
}

// london is the example gathering's zone.
var london = func() *time.Location {
	loc, err := time.LoadLocation("Europe/London")
	if err != nil {
		panic(err)
	}
	return loc
}()

// boardLine is one room's line of the board, as read from the page.
type boardLine struct {
	Room, Now, Next, Done string
	SignUp                string // the address written under the QR code
	QRs                   int
}

// boardLines reads the board's lines in order.
func boardLines(t *testing.T, p page) []boardLine {
	t.Helper()
	require.Equal(t, http.StatusOK, p.Status, p.Body)
	var out []boardLine
	for _, li := range find(p.Doc, withClass("li", "room")) {
		l := boardLine{Room: text(find(li, tag("h2"))[0])}
		for _, n := range find(li, withClass("div", "slot-now")) {
			l.Now = text(n)
		}
		for _, n := range find(li, withClass("div", "slot-next")) {
			l.Next = text(n)
		}
		for _, n := range find(li, withClass("p", "room-done")) {
			l.Done = text(n)
		}
		for _, n := range find(li, withClass("span", "signup-url")) {
			l.SignUp = text(n)
		}
		l.QRs = len(find(li, tag("svg")))
		out = append(out, l)
	}
	return out
}

// withClass matches the elements of that name with class among theirs.
func withClass(element, class string) func(*html.Node) bool {
	return func(n *html.Node) bool { return n.Data == element && hasClass(n, class) }
}

func rooms(lines []boardLine) []string {
	var out []string
	for _, l := range lines {
		out = append(out, l.Room)
	}
	return out
}

// TestNowBoard: the lobby screen of the example gathering, on both
// databases, at 10:45 on the first day, after sign-ups, on the second
// day, before it and after it.
func TestNowBoard(t *testing.T) {
	t.Parallel()
	for _, db := range servertest.Databases {
		t.Run(db, func(t *testing.T) {
			t.Parallel()
			b, clock := setupClock(t, db)
			clock.Set(time.Date(2027, 3, 27, 10, 45, 0, 0, london))
			in := exampleInput(t)
			yes := true
			in.DayOfSignup = &yes
			ref, err := b.inst.App.CreateGathering(t.Context(), "events", &in, true)
			require.NoError(t, err)
			path := fmt.Sprintf("/gatherings/%d/now", ref.ID)
			small := sessionNamed(t, ref, in, "Using big tech platforms: a fine balance")
			pricing := sessionNamed(t, ref, in, "Pricing, estimating and post-project support")

			p := b.get(t, path)
			lines := boardLines(t, p)
			require.Equal(t, []string{"Main room", "Small room", "Lobby and kitchen", "Elsewhere"}, rooms(lines),
				"the rooms in the gathering's order, and the pub, which has none")
			require.Contains(t, text(p.Doc), "Saturday 27 March 10:45 GMT")

			main := lines[0]
			require.Equal(t, "Now How we're really doing Sam from Coop B 40 seats left until 12:00", main.Now)
			require.Equal(t, "Next Pricing, estimating and post-project support Ade from Coop C 40 seats left at 13:00", main.Next)
			require.Equal(t, pricing.URL+"#signup", main.SignUp, "the code leads to where people sign up for what is next")
			require.Equal(t, 1, main.QRs)
			require.Equal(t, "Now Using big tech platforms: a fine balance A visiting researcher 15 seats left until 12:00", lines[1].Now)
			require.Equal(t, "Next Open-source tools for co-ops: a walkthrough Kai from Coop D 15 seats left at 13:00", lines[1].Next)
			require.Equal(t, "Now Free", lines[2].Now, "the welcome ended at 10:30")
			require.Equal(t, "Next Lunch 30 seats left at 12:00", lines[2].Next)
			require.Equal(t, "Next To the pub at 17:00", lines[3].Next, "no count for a session without a capacity")

			refresh := find(p.Doc, func(n *html.Node) bool {
				v, _ := attr(n, "http-equiv")
				return n.Data == "meta" && v == "refresh"
			})
			require.Len(t, refresh, 1)
			content, _ := attr(refresh[0], "content")
			require.Equal(t, "30", content)
			require.Empty(t, find(p.Doc, tag("script")), "the screen refreshes itself without JavaScript")
			maxAge, err := strconv.Atoi(strings.TrimPrefix(p.Header.Get("Cache-Control"), "public, max-age="))
			require.NoError(t, err, p.Header.Get("Cache-Control"))
			require.LessOrEqual(t, maxAge, 30)

			// Someone scans the code by the Small room and signs up there;
			// the next refresh shows one seat fewer, and a full room says so.
			signUp := b.post(t, fmt.Sprintf("/sessions/%d/signup", small.ID), url.Values{"name": {"Robin"}})
			require.Equal(t, http.StatusOK, signUp.Status, signUp.Body)
			require.Contains(t, boardLines(t, b.get(t, path))[1].Now, "14 seats left")
			for i := range 14 {
				_, err := b.inst.App.SignUpAtVenue(t.Context(), small.ID, fmt.Sprintf("Guest %d", i), fmt.Sprintf("%032d", i))
				require.NoError(t, err)
			}
			require.Equal(t, "Now Using big tech platforms: a fine balance A visiting researcher Full until 12:00",
				boardLines(t, b.get(t, path))[1].Now)

			// Late on the first day nothing is left; the board says when
			// things resume.
			clock.Set(time.Date(2027, 3, 27, 22, 0, 0, 0, london))
			p = b.get(t, path)
			for _, l := range boardLines(t, p) {
				require.Equal(t, "Nothing more here today.", l.Done, l.Room)
			}
			require.Contains(t, text(p.Doc), "Back Sunday 28 March at 10:00.")

			// The second day, the clocks gone forward: its one workshop is next.
			clock.Set(time.Date(2027, 3, 28, 9, 30, 0, 0, london))
			p = b.get(t, path)
			lines = boardLines(t, p)
			require.Contains(t, text(p.Doc), "Sunday 28 March 09:30 BST")
			require.Equal(t, []string{"Main room", "Small room", "Lobby and kitchen"}, rooms(lines), "nothing happens elsewhere on day 2")
			require.Equal(t, "Nothing more here today.", lines[0].Done)
			require.Equal(t, "Next Pre-mortems: imagining a project's failure before it starts 15 seats left at 10:00", lines[1].Next)
			require.Equal(t, "Nothing more here today.", lines[2].Done)

			// The evening before, the first day's first sessions are next.
			clock.Set(time.Date(2027, 3, 26, 18, 0, 0, 0, london))
			p = b.get(t, path)
			lines = boardLines(t, p)
			require.Contains(t, text(p.Doc), "Starts Saturday 27 March at 10:00. First up:")
			require.Equal(t, "Now Free", lines[0].Now)
			require.Equal(t, "Next How we're really doing Sam from Coop B 40 seats left at 10:30", lines[0].Next)
			require.Equal(t, "Next Welcome and session sign-ups 30 seats left at 10:00", lines[2].Next)

			// Once it has ended, that is all.
			clock.Set(time.Date(2027, 3, 28, 12, 30, 0, 0, london))
			p = b.get(t, path)
			require.Equal(t, http.StatusOK, p.Status)
			require.Empty(t, boardLines(t, p))
			require.Contains(t, text(p.Doc), "That’s all: Tech co-op network gathering is over.")
		})
	}
}

// TestNowBoardMissing: the board of a draft or of an unknown gathering is
// not found, of a deleted one gone, as the gathering page; a cancelled
// one says so.
func TestNowBoardMissing(t *testing.T) {
	t.Parallel()
	b := setup(t)
	draft := b.create(t, false, nil)
	deleted := b.create(t, true, nil)
	require.NoError(t, b.inst.App.DeleteGathering(t.Context(), deleted.ID))
	cancelled := b.create(t, true, nil)
	_, err := b.inst.App.CancelGathering(t.Context(), cancelled.ID)
	require.NoError(t, err)

	for path, want := range map[string]int{
		fmt.Sprintf("/gatherings/%d/now", draft.ID):   http.StatusNotFound,
		"/gatherings/999999/now":                      http.StatusNotFound,
		"/gatherings/nope/now":                        http.StatusNotFound,
		fmt.Sprintf("/gatherings/%d/now", deleted.ID): http.StatusGone,
	} {
		require.Equal(t, want, b.get(t, path).Status, path)
	}
	p := b.get(t, fmt.Sprintf("/gatherings/%d/now", cancelled.ID))
	require.Equal(t, http.StatusOK, p.Status)
	require.Contains(t, text(p.Doc), "This gathering is cancelled.")
	require.Empty(t, boardLines(t, p))
}

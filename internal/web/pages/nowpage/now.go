// Package nowpage serves a gathering's now-and-next board
// (/gatherings/{id}/now): the page for the screen in the venue's lobby.
// Per room, what is on now and what is next, with seats left, in type
// readable from across the room; it refreshes itself every 30 seconds
// without JavaScript, so it moves on to the next session, and the next
// day, by itself. Each room's line carries a QR code to the session page
// where people sign up. The board is a page of its own, not drawn in
// pageui's frame: a lobby screen has no use for the site's header and
// footer. The router (internal/web/pages) mounts it.
package nowpage

import (
	"embed"
	"html/template"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gather-coop/gather/internal/app"
	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/web/pages/pageui"
)

//go:embed templates/now.html
var templateFS embed.FS

var board = template.Must(template.New("now.html").Funcs(template.FuncMap{"asset": pageui.AssetPath}).ParseFS(templateFS, "templates/now.html"))

// Path is the board's route.
const Path = "/gatherings/{id}/now"

// refreshSeconds is how often the screen reloads the board. Cache-Control
// keeps a copy for less than that, so each reload sees the seats move.
const refreshSeconds = 30

// Handler serves the board. Its methods are http.HandlerFuncs.
type Handler struct {
	pageui.Base
	cache pageui.PageCache
}

// New returns the board's handler on base.
func New(base pageui.Base) *Handler { return &Handler{Base: base} }

// boardView is the board.
type boardView struct {
	Title      string // the gathering's
	URL        string // the gathering page
	Host       string
	Refresh    int
	Clock      string // "10:45"
	ClockISO   string
	Day        string // "Saturday 27 March"
	Zone       string // "GMT"
	Before     bool   // the gathering has not started
	Starts     string // "Saturday 27 March at 10:00", before it starts
	Over       bool
	Cancelled  bool
	Rooms      []roomView
	Later      string // "Sunday 28 March at 10:00", when today holds nothing more
	OtherPages string // the co-op's page, for "that's all"
	CoopName   string
}

// roomView is one line of the board.
type roomView struct {
	Name      string
	Now, Next *slotView
	// SignUp is the session people can sign up for from here: the next
	// one, else the one on now.
	SignUp *signUpView
}

// slotView is a session as the board shows it.
type slotView struct {
	Title        string
	Facilitators string
	Starts, Ends string // "10:30"
	StartISO     string
	EndISO       string
	Seats        string // "12 seats left", "Full"; "" without a capacity
	Full         bool
}

// signUpView is a room's QR code and the address it holds.
type signUpView struct {
	Title string
	URL   string
	QR    template.HTML
}

// Now serves the board of a published or cancelled gathering: 404 for a
// draft or an unknown one, 410 once deleted, as the gathering page.
func (h *Handler) Now(w http.ResponseWriter, r *http.Request) {
	id, ok := pageui.IDParam(r)
	if !ok {
		h.NotFound(w, r)
		return
	}
	now := h.Clock()
	stamp, wall := h.App.ChangeStamp(), time.Now()
	// The board changes with the minute as well as with the data.
	key := strconv.FormatInt(id, 10) + "@" + strconv.FormatInt(now.Unix()/60, 10)
	body, ok := h.cache.Get(key, stamp, wall)
	if !ok {
		v, err := h.view(r, id, now)
		if err != nil {
			h.Fail(w, r, err)
			return
		}
		var buf strings.Builder
		if err := board.Execute(&buf, v); err != nil {
			h.Fail(w, r, err)
			return
		}
		body = []byte(buf.String())
		h.cache.Put(key, body, stamp, wall)
	}
	w.Header().Set("Cache-Control", "public, max-age="+strconv.Itoa(refreshSeconds/2))
	pageui.WritePage(w, r, http.StatusOK, body)
}

// view reads the gathering and the seats taken, and lays the board out.
func (h *Handler) view(r *http.Request, id int64, now time.Time) (boardView, error) {
	d, err := h.App.PublicGathering(r.Context(), id)
	if err != nil {
		return boardView{}, err
	}
	g, loc := d.Gathering, pageui.Zone(d.Gathering)
	p := planBoard(g, d.Sessions, now, loc)
	going, err := h.App.PublicGoing(r.Context(), id, p.shownSessions())
	if err != nil {
		return boardView{}, err
	}
	urls := h.App.URLs()
	local := now.In(loc)
	v := boardView{
		Title: g.Title, URL: urls.Gathering(id), Host: urls.Host(), Refresh: refreshSeconds,
		Clock: local.Format("15:04"), ClockISO: local.Format(pageui.ISOLayout), Zone: pageui.Abbr(local),
		Over: p.Phase == phaseOver, Cancelled: p.Phase == phaseCancelled,
		OtherPages: urls.Profile(d.Actor.Handle), CoopName: d.Actor.Name,
	}
	if p.Phase != phaseOn {
		return v, nil
	}
	v.Day = p.Day.Format("Monday 2 January")
	if now.Before(g.StartsAt) {
		v.Before, v.Starts = true, at(g.StartsAt.In(loc))
	}
	if p.Later != nil {
		v.Later = at(p.Later.StartsAt.In(loc))
	}
	for _, rp := range p.Rooms {
		rv := roomView{Name: rp.Name, Now: slot(g, rp.Now, going, loc), Next: slot(g, rp.Next, going, loc)}
		if s := signUpFor(rp); s != nil {
			if rv.SignUp, err = h.signUp(g, s); err != nil {
				return boardView{}, err
			}
		}
		v.Rooms = append(v.Rooms, rv)
	}
	return v, nil
}

// signUpFor is the session a room's QR code leads to: the next one, which
// people sign up for ahead, else the one under way.
func signUpFor(rp roomPlan) *model.Session {
	if rp.Next != nil {
		return rp.Next
	}
	return rp.Now
}

// signUp is the QR code of s's page, at its sign-up form when the
// gathering takes sign-ups at the door, else at how to RSVP from the
// fediverse.
func (h *Handler) signUp(g model.Gathering, s *model.Session) (*signUpView, error) {
	u := h.App.URLs().Session(s.ID) + "#rsvp"
	if g.DayOfSignup {
		u = h.App.URLs().Session(s.ID) + "#signup"
	}
	code, err := qrSVG(u, "QR code: sign up for "+s.Title)
	if err != nil {
		return nil, err
	}
	return &signUpView{Title: s.Title, URL: u, QR: code}, nil
}

// slot dresses s for the board; nil stays nil.
func slot(g model.Gathering, s *model.Session, going map[int64]int, loc *time.Location) *slotView {
	if s == nil {
		return nil
	}
	start, end := s.StartsAt.In(loc), s.EndsAt.In(loc)
	v := &slotView{Title: s.Title, Starts: start.Format("15:04"), Ends: end.Format("15:04"),
		StartISO: start.Format(pageui.ISOLayout), EndISO: end.Format(pageui.ISOLayout)}
	names := make([]string, 0, len(s.Facilitators))
	for _, f := range s.Facilitators {
		names = append(names, f.Label())
	}
	v.Facilitators = strings.Join(names, ", ")
	if c := app.CapacityOf(g, *s); c != nil {
		v.Seats, v.Full = seatsLeft(*c - going[s.ID])
	}
	return v
}

// seatsLeft says how many places are free; none is "Full".
func seatsLeft(n int) (string, bool) {
	switch {
	case n <= 0:
		return "Full", true
	case n == 1:
		return "1 seat left", false
	}
	return strconv.Itoa(n) + " seats left", false
}

// at is a moment as "Saturday 27 March at 10:00".
func at(t time.Time) string { return t.Format("Monday 2 January") + " at " + t.Format("15:04") }

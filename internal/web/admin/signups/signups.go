package signups

import (
	"cmp"
	"context"
	"errors"
	"html/template"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/gather-coop/gather/internal/app"
	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/web/admin/ui"
)

// The sign-ups page: who answered, for the gathering itself and each of
// its sessions, with counts against capacity, a button to take an answer
// off, the comments, the CSV export, and the day-of sign-up switch with
// its printable QR codes.

// signupsView is the sign-ups page.
type signupsView struct {
	ui.Layout
	GatheringTitle string
	GatheringURL   string
	Zone           string
	Notice         string
	CSVURL         string
	// Closed is set when the gathering takes no answers (a draft,
	// cancelled, over): nothing can be removed.
	Closed   bool
	Events   []eventSignups
	Comments []commentRow
	DayOf    dayOfView
}

// eventSignups is the gathering itself or one session, with its answers.
type eventSignups struct {
	Anchor     string // the section's id
	Title      string
	When       string
	Going      int
	Maybe      int
	Waitlisted int
	NotGoing   int
	// Capacity is the places there are; 0 when there is no limit.
	Capacity int
	Places   string // "12 of 40 places taken"
	People   []personRow
}

// personRow is one answer in an event's table.
type personRow struct {
	Name       string
	Handle     string
	ProfileURL string // the person's actor id when it is an https URL
	Unverified bool
	Status     string // as people read it
	Channel    string
	When       string // updated, in the gathering's zone
	WhenISO    string
	RemoveURL  string
	// PromoteURL gives a waitlisted person a place now; "" otherwise.
	PromoteURL string
	// Who names the person for the Remove button's accessible name.
	Who string
	// Clashes names the person's other sessions at the same time (a
	// double booking), "" for none.
	Clashes string
	order   int // sorting: going, maybe, waitlisted (in line), not going
}

// commentRow is a reply that said nothing about coming.
type commentRow struct {
	// On is the event replied to, and its section's anchor on the page.
	On, OnAnchor string
	Name         string
	Handle       string
	ProfileURL   string
	HTML         template.HTML // sanitised by app
	When         string
	WhenISO      string
	ID           int64
	// Hidden says who hid it and when; "" while shown. HideURL hides
	// it, or shows it again when hidden.
	Hidden    string
	HideURL   string
	ReportURL string
}

// dayOfView is the day-of sign-up switch and, when on, the printable
// codes per session.
type dayOfView struct {
	On       bool
	Action   string
	Version  int
	Sessions []dayOfSession
}

type dayOfSession struct {
	Title string
	When  string
	URL   string
	QRURL string
}

var signupNotices = []struct{ key, msg string }{
	{"removed", "The answer is removed; if someone was waiting, they have the place now."},
	{"promoted", "They have a place now, and have been told so."},
	{"not-waiting", "Nothing changed: that answer was no longer on the waitlist. Here is the list as it is now."},
	{"closed", "Nothing was removed: the gathering takes no answers any more."},
	{"day-of-on", "Sign-up at the venue is open: print the codes below and put them up."},
	{"day-of-off", "Sign-up at the venue is closed."},
	{"comment-hidden", "The comment is hidden. Any answer its author gave stands: remove that above if need be."},
	{"comment-shown", "The comment is shown again."},
	{"stale", "Someone else changed this gathering just now, so nothing was changed: look again and try once more."},
}

// SignupsPage shows a gathering's sign-ups (GET /admin/gatherings/{id}/signups).
func (h *Handler) SignupsPage(w http.ResponseWriter, r *http.Request) {
	id, ok := h.PathID(w, r)
	if !ok {
		return
	}
	ctx := r.Context()
	su, err := h.App.Signups(ctx, id)
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	d, rsvps, comments := su.GatheringDetail, su.RSVPs, su.Comments
	g := d.Gathering
	loc, err := time.LoadLocation(g.Timezone)
	if err != nil {
		loc = time.UTC
	}
	v := signupsView{Layout: h.Page(r, "Sign-ups: "+g.Title, "gatherings"), GatheringTitle: g.Title,
		GatheringURL: ui.GatheringPath(id), Zone: g.Timezone, CSVURL: ui.SignupsPath(id) + ".csv",
		Closed: g.Status != model.StatusPublished || !g.EndsAt.After(time.Now())}
	for _, n := range signupNotices {
		if r.URL.Query().Has(n.key) {
			v.Notice = n.msg
		}
	}

	sessions := slices.Clone(d.Sessions)
	slices.SortStableFunc(sessions, func(a, b model.Session) int {
		return cmp.Or(a.StartsAt.Compare(b.StartsAt), cmp.Compare(a.ID, b.ID))
	})
	// Answers by event: the gathering itself, or one of its sessions, as
	// the answer's APID names it.
	u := h.App.URLs()
	type event struct {
		kind app.EventKind
		id   int64
	}
	byEvent := map[event][]app.RSVPView{}
	for _, rv := range rsvps {
		kind, eid, _ := u.EventOf(rv.APID)
		byEvent[event{kind, eid}] = append(byEvent[event{kind, eid}], rv)
	}
	v.Events = append(v.Events, h.eventSignups(r, g, nil, byEvent[event{app.KindGathering, id}], loc, v.Closed))
	for i := range sessions {
		s := &sessions[i]
		v.Events = append(v.Events, h.eventSignups(r, g, s, byEvent[event{app.KindSession, s.ID}], loc, v.Closed))
	}
	anchors := map[int64]string{}
	for _, s := range sessions {
		anchors[s.ID] = "session-" + strconv.FormatInt(s.ID, 10)
	}
	for _, c := range comments {
		on, anchor := c.Title, "gathering"
		if kind, _, _ := u.EventOf(c.APID); kind != app.KindGathering {
			anchor = anchors[c.EventID]
		} else {
			on = "the gathering itself"
		}
		v.Comments = append(v.Comments, commentRow{On: on, OnAnchor: anchor, Name: c.Person.Name, Handle: c.Person.Handle, ProfileURL: profileURL(c.Person),
			HTML: template.HTML(c.HTML), When: c.CreatedAt.In(loc).Format("Mon 2 Jan, 15:04"), // #nosec G203 -- sanitised by app.Signups
			WhenISO: c.CreatedAt.UTC().Format(time.RFC3339), ID: c.ID,
			HideURL:   ui.GatheringPath(id) + "/comments/" + strconv.FormatInt(c.ID, 10) + "/hide",
			ReportURL: ui.ReportAccountURL(d.Actor.Handle, c.Person.ID, c.NoteID)})
		if c.Hidden != nil {
			last := &v.Comments[len(v.Comments)-1]
			last.Hidden = "Hidden by " + c.Hidden.By + ", " + c.Hidden.At.In(loc).Format("Mon 2 Jan, 15:04")
			last.HideURL = strings.TrimSuffix(last.HideURL, "/hide") + "/unhide"
		}
	}

	v.DayOf = dayOfView{On: g.DayOfSignup, Action: ui.SignupsPath(id) + "/day-of", Version: g.Version}
	if g.DayOfSignup {
		for _, s := range sessions {
			v.DayOf.Sessions = append(v.DayOf.Sessions, dayOfSession{Title: s.Title,
				When: spanIn(s.StartsAt, s.EndsAt, loc), URL: u.Session(s.ID), QRURL: sessionQRPath(s.ID)})
		}
	}
	h.Render(w, r, http.StatusOK, "signups", v)
}

// eventSignups is the section of the gathering itself (s nil) or of the
// session s.
func (h *Handler) eventSignups(r *http.Request, g model.Gathering, s *model.Session, rsvps []app.RSVPView,
	loc *time.Location, closed bool) eventSignups {
	e := eventSignups{Anchor: "gathering", Title: "The gathering itself", When: spanIn(g.StartsAt, g.EndsAt, loc)}
	if s != nil {
		e.Anchor, e.Title, e.When = "session-"+strconv.FormatInt(s.ID, 10), s.Title, spanIn(s.StartsAt, s.EndsAt, loc)
		if c := app.CapacityOf(g, *s); c != nil && *c > 0 {
			e.Capacity = *c
		}
	}
	for _, rv := range rsvps {
		row := personRow{Name: rv.Person.Name, Handle: rv.Person.Handle, ProfileURL: profileURL(rv.Person),
			Unverified: !rv.Person.Verified, Channel: channelLabel(rv.Channel),
			When: rv.UpdatedAt.In(loc).Format("Mon 2 Jan, 15:04"), WhenISO: rv.UpdatedAt.UTC().Format(time.RFC3339)}
		row.Who = cmp.Or(rv.Person.Name, rv.Person.Handle, "this person")
		if !closed {
			row.RemoveURL = ui.SignupsPath(g.ID) + "/" + strconv.FormatInt(rv.ID, 10) + "/remove"
		}
		switch model.RSVPStatus(rv.Status) {
		case model.RSVPGoing:
			e.Going++
			row.Status, row.order = "Going", 0
		case model.RSVPMaybe:
			e.Maybe++
			row.Status, row.order = "Maybe", 1
		case model.RSVPWaitlisted:
			e.Waitlisted++
			place := rv.WaitlistPlace
			row.Status, row.order = "Waitlisted", 2+place
			if place > 0 {
				row.Status = "Waitlisted, " + ordinal(place) + " in line"
			}
			if !closed {
				row.PromoteURL = ui.SignupsPath(g.ID) + "/" + strconv.FormatInt(rv.ID, 10) + "/promote"
			}
		default:
			e.NotGoing++
			row.Status, row.order = "Not going", 1<<30
		}
		row.Clashes = clashLine(rv.Clashes)
		e.People = append(e.People, row)
	}
	slices.SortStableFunc(e.People, func(a, b personRow) int { return cmp.Compare(a.order, b.order) })
	switch {
	case e.Capacity > 0 && e.Going > e.Capacity:
		// Organisers can give places past the capacity; say so plainly.
		e.Places = strconv.Itoa(e.Going) + " going for " + ui.Plural(e.Capacity, "place", "places") + ": " +
			strconv.Itoa(e.Going-e.Capacity) + " over"
	case e.Capacity > 0:
		e.Places = strconv.Itoa(e.Going) + " of " + strconv.Itoa(e.Capacity) + " places taken"
	default:
		e.Places = ui.Plural(e.Going, "person", "people") + " going; no limit on places"
	}
	return e
}

// clashLine is "Double booked: also at the same time in Lunch talk", or "".
func clashLine(clashes []app.ClashRef) string {
	if len(clashes) == 0 {
		return ""
	}
	titles := make([]string, len(clashes))
	for i, c := range clashes {
		titles[i] = c.Title
	}
	return "Double booked: also at the same time in " + strings.Join(titles, ", ")
}

// Meter is the bar's value: never past its end, which a meter cannot show.
func (e eventSignups) Meter() int { return min(e.Going, e.Capacity) }

// profileURL is where a person's handle links: their actor id, when it
// is a web address.
func profileURL(p app.PersonView) string {
	if strings.HasPrefix(p.ID, "https://") {
		return p.ID
	}
	return ""
}

func channelLabel(c string) string {
	switch model.RSVPChannel(c) {
	case model.ChannelReply:
		return "Reply"
	case model.ChannelPoll:
		return "Poll vote"
	case model.ChannelJoin:
		return "Join"
	case model.ChannelAccept:
		return "Accept"
	case model.ChannelWeb:
		return "At the venue"
	}
	return c
}

// ordinal is 1st, 2nd, 3rd, 4th… 11th, 12th, 13th, 21st.
func ordinal(n int) string {
	suffix := "th"
	if n%100 < 11 || n%100 > 13 {
		switch n % 10 {
		case 1:
			suffix = "st"
		case 2:
			suffix = "nd"
		case 3:
			suffix = "rd"
		}
	}
	return strconv.Itoa(n) + suffix
}

// spanIn says start to end in loc, as "Sat 27 Mar, 10:30–12:00".
func spanIn(start, end time.Time, loc *time.Location) string {
	s, e := start.In(loc), end.In(loc)
	if s.YearDay() == e.YearDay() && s.Year() == e.Year() {
		return s.Format("Mon 2 Jan, 15:04") + "–" + e.Format("15:04")
	}
	return s.Format("Mon 2 Jan, 15:04") + " – " + e.Format("Mon 2 Jan, 15:04")
}

// RemoveSignup takes an answer off (POST
// /admin/gatherings/{id}/signups/{rsvp}/remove) and goes back to the page.
func (h *Handler) RemoveSignup(w http.ResponseWriter, r *http.Request) {
	h.changeSignup(w, r, h.App.RemoveRSVP, "removed")
}

// PromoteSignup gives a waitlisted person a place now (POST
// /admin/gatherings/{id}/signups/{rsvp}/promote), past the capacity if
// need be, and goes back to the page.
func (h *Handler) PromoteSignup(w http.ResponseWriter, r *http.Request) {
	h.changeSignup(w, r, h.App.PromoteRSVP, "promoted")
}

// changeSignup does change to the answer the URL names and goes back to
// the sign-ups page, saying what happened.
func (h *Handler) changeSignup(w http.ResponseWriter, r *http.Request,
	change func(ctx context.Context, gatheringID, rsvpID int64) error, done string) {
	id, ok := h.PathID(w, r)
	if !ok {
		return
	}
	rsvp, err := strconv.ParseInt(chi.URLParam(r, "rsvp"), 10, 64)
	if err != nil || rsvp < 1 {
		h.Fail(w, r, ui.ErrNotFound)
		return
	}
	err = change(r.Context(), id, rsvp)
	switch {
	case errors.Is(err, app.ErrNoSignups):
		http.Redirect(w, r, ui.SignupsPath(id)+"?closed", http.StatusSeeOther)
	case errors.Is(err, app.ErrNotWaiting):
		http.Redirect(w, r, ui.SignupsPath(id)+"?not-waiting", http.StatusSeeOther)
	case err != nil:
		h.Fail(w, r, err)
	default:
		http.Redirect(w, r, ui.SignupsPath(id)+"?"+done, http.StatusSeeOther)
	}
}

// SetDayOf switches day-of sign-up on or off (POST
// /admin/gatherings/{id}/signups/day-of, day_of_signup=on|off, version).
func (h *Handler) SetDayOf(w http.ResponseWriter, r *http.Request) {
	out, ok := h.GatheringOutput(w, r)
	if !ok || !h.ParseForm(w, r) {
		return
	}
	version, err := strconv.Atoi(r.PostForm.Get("version"))
	on := r.PostForm.Get("day_of_signup")
	if err != nil || version < 1 || (on != "on" && on != "off") {
		h.Fail(w, r, ui.ErrBadForm)
		return
	}
	in := out.GatheringInput
	in.Sessions = nil
	dayOf := on == "on"
	in.DayOfSignup = &dayOf
	_, err = h.App.SaveGathering(r.Context(), out.ID, &in, version)
	switch {
	case errors.Is(err, app.ErrStale):
		http.Redirect(w, r, ui.SignupsPath(out.ID)+"?stale", http.StatusSeeOther)
	case err != nil:
		h.Fail(w, r, err)
	default:
		http.Redirect(w, r, ui.SignupsPath(out.ID)+"?day-of-"+on+"#day-of", http.StatusSeeOther)
	}
}

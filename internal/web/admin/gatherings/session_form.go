package gatherings

import (
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/gather-coop/gather/internal/app"
	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/web/admin/ui"
)

// sessionForm is a session's form as typed. Its inputs are named
// session.title and so on, so that they differ from the gathering's on
// the editor's page.
type sessionForm struct {
	Title, Description, Kind string
	StartsAt, EndsAt         string
	Room, Track, Capacity    string
	Facilitators             string // one per line
	Announce                 bool
}

func readSessionForm(v url.Values) sessionForm {
	get := func(name string) string { return v.Get("session." + name) }
	return sessionForm{
		Title: get("title"), Description: get("description"), Kind: get("kind"),
		StartsAt: get("starts_at"), EndsAt: get("ends_at"), Room: get("room"), Track: get("track"),
		Capacity: get("capacity"), Facilitators: get("facilitators"), Announce: v.Has("session.announce"),
	}
}

// input turns the form into what app.AddSession and SaveSession take.
func (s sessionForm) input() (*app.SessionInput, error) {
	room, track := strings.TrimSpace(s.Room), strings.TrimSpace(s.Track)
	in := &app.SessionInput{
		Title: s.Title, Description: s.Description, Kind: s.Kind, StartsAt: s.StartsAt, EndsAt: s.EndsAt,
		Room: &room, Track: &track, Facilitators: lines(s.Facilitators), Announce: s.Announce,
	}
	var err error
	if in.Capacity, err = optionalInt("session.capacity", s.Capacity); err != nil {
		return nil, err
	}
	return in, nil
}

func sessionFormFrom(in app.SessionInput) sessionForm {
	s := sessionForm{Title: in.Title, Description: in.Description, Kind: in.Kind,
		StartsAt: datetimeLocal(in.StartsAt), EndsAt: datetimeLocal(in.EndsAt), Capacity: formatInt(in.Capacity),
		Facilitators: strings.Join(in.Facilitators, "\n"), Announce: in.Announce}
	if in.Room != nil {
		s.Room = *in.Room
	}
	if in.Track != nil {
		s.Track = *in.Track
	}
	return s
}

// newSessionForm is the form to add a session to g: an hour from the
// gathering's start, unless q (the schedule grid's link) says otherwise.
func newSessionForm(g app.GatheringOutput, q url.Values) sessionForm {
	s := sessionForm{Kind: string(model.KindWorkshop), StartsAt: datetimeLocal(g.StartsAt), Room: q.Get("room")}
	if start := q.Get("starts_at"); start != "" {
		s.StartsAt = start
	}
	if t, err := time.Parse(localLayout, s.StartsAt); err == nil {
		s.EndsAt = t.Add(time.Hour).Format(localLayout)
	}
	if end := q.Get("ends_at"); end != "" {
		s.EndsAt = end
	}
	return s
}

var kindLabels = map[model.SessionKind]string{
	model.KindWorkshop: "Workshop", model.KindTalk: "Talk", model.KindLightningTalks: "Lightning talks",
	model.KindOpenSpace: "Open space", model.KindMeal: "Meal", model.KindSocial: "Social", model.KindOther: "Other",
}

// form lays the session out as inputs, offering g's rooms and tracks.
func (s sessionForm) form(g app.GatheringOutput, action, submit string, hidden ...ui.Hidden) *ui.Form {
	var kinds []ui.Option
	for _, k := range model.SessionKinds {
		kinds = append(kinds, ui.Option{Value: string(k), Label: kindLabels[k], Selected: string(k) == s.Kind})
	}
	rooms := []ui.Option{{Value: "", Label: "No room"}}
	for _, r := range g.Rooms {
		label := r.Name
		if r.Capacity != nil {
			label = fmt.Sprintf("%s (%d seats)", r.Name, *r.Capacity)
		}
		rooms = append(rooms, ui.Option{Value: r.Name, Label: label, Selected: strings.EqualFold(r.Name, s.Room)})
	}
	tracks := []ui.Option{{Value: "", Label: "No track"}}
	for _, t := range g.Tracks {
		tracks = append(tracks, ui.Option{Value: t, Label: t, Selected: strings.EqualFold(t, s.Track)})
	}
	zone := "In " + strings.ReplaceAll(g.Timezone, "_", " ") + " time, during the gathering."
	return &ui.Form{Action: action, Submit: submit, Hidden: hidden, Fields: []*ui.Field{
		{Name: "session.title", Label: "Title", Type: "text", Value: s.Title},
		{Name: "session.kind", Label: "Kind", Type: "select", Options: kinds},
		{Name: "session.starts_at", Label: "Starts", Type: "datetime-local", Value: s.StartsAt, Hint: zone},
		{Name: "session.ends_at", Label: "Ends", Type: "datetime-local", Value: s.EndsAt},
		{Name: "session.room", Label: "Room", Type: "select", Options: rooms},
		{Name: "session.track", Label: "Track", Type: "select", Options: tracks},
		{Name: "session.capacity", Label: "Places", Type: "text", Value: s.Capacity, Verbatim: true,
			Hint: "Empty to use the room’s seats."},
		{Name: "session.facilitators", Label: "Facilitators", Type: "textarea", Rows: 3, Value: s.Facilitators,
			Hint: "One per line: a name, or a fediverse handle such as @sam@coop.example."},
		{Name: "session.description", Label: "Description", Type: "textarea", Rows: 5, Value: s.Description,
			Hint: "Optional. Markdown."},
		{Name: "session.announce", Label: "Announce this session to followers on its own", Type: "checkbox",
			Value: ui.Checkbox(s.Announce), Hint: "Otherwise it is listed in the gathering’s schedule only."},
	}}
}

// placeSession shows err on a session's form f.
func placeSession(f *ui.Form, err error) bool {
	return ui.PlaceErrors(f, err, func(field string) string {
		field = strings.TrimPrefix(field, "session.")
		if strings.HasPrefix(field, "facilitators[") {
			field = "facilitators" // one textarea holds them all, a line each
		}
		return "session." + field
	})
}

// sessionRow is a session in the editor's list.
type sessionRow struct {
	ID      int64
	Title   string
	When    string
	Room    string
	EditURL string
}

// sessionRows lists out's sessions for the editor.
func sessionRows(out app.GatheringOutput) []sessionRow {
	rows := make([]sessionRow, 0, len(out.Sessions))
	for _, s := range out.Sessions {
		row := sessionRow{ID: s.ID, Title: s.Title, When: when(s.StartsAt, s.EndsAt), EditURL: ui.SessionPath(s.ID)}
		if s.Room != nil {
			row.Room = *s.Room
		}
		rows = append(rows, row)
	}
	return rows
}

// when says a span given in app's local times, such as "Sat 27 Mar,
// 10:30–12:00".
func when(start, end string) string {
	const layout = "2006-01-02T15:04:05"
	s, err1 := time.Parse(layout, start)
	e, err2 := time.Parse(layout, end)
	if err1 != nil || err2 != nil {
		return start + " – " + end
	}
	if s.YearDay() == e.YearDay() && s.Year() == e.Year() {
		return s.Format("Mon 2 Jan, 15:04") + "–" + e.Format("15:04")
	}
	return s.Format("Mon 2 Jan, 15:04") + " – " + e.Format("Mon 2 Jan, 15:04")
}

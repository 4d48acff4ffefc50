// Package input reads what organisers and scripts write about a gathering
// (the API's JSON, the import file, the admin forms' fields) and checks
// it: every mistake named by its field, in words fit to show the person,
// and the model's gathering and sessions filled in when there are none.
// It is pure: no store, no clock, no HTTP.
//
// What belongs here: a new field organisers may set, and what makes it
// wrong. Whether they may set it, and what saving it means, is package
// app's.
package input

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gather-coop/gather/internal/app/apperr"
	"github.com/gather-coop/gather/internal/model"
)

// GatheringInput is a gathering as organisers and scripts write it: the
// body of POST /api/v1/gatherings and the file `gather admin import` reads
// (see examples/gathering.json). Times without an offset are local to
// Timezone; times with one are taken as given.
type GatheringInput struct {
	Title       string         `json:"title"`
	Summary     string         `json:"summary"`
	Description string         `json:"description"`
	Timezone    string         `json:"timezone"`
	StartsAt    string         `json:"starts_at"`
	EndsAt      string         `json:"ends_at"`
	Venue       *VenueInput    `json:"venue"`
	OnlineURL   *string        `json:"online_url"`
	Category    string         `json:"category"`
	Tags        []string       `json:"tags"`
	Rooms       []RoomInput    `json:"rooms"`
	Tracks      []string       `json:"tracks"`
	Sessions    []SessionInput `json:"sessions"`
	RSVPPoll    *bool          `json:"rsvp_poll"`
	DayOfSignup *bool          `json:"day_of_signup"`
	// Reminders are how long before it starts those going are reminded,
	// e.g. ["24h", "15m"] (see Reminders); nil leaves them as they are,
	// empty is the default. An occurrence of a series follows its
	// series'.
	Reminders *[]string `json:"reminders,omitempty"`
	// SlotPolls says whether each time slot with two or more sessions
	// taking sign-ups gets a poll post of its own ("10:30 — which will you
	// join?"); nil leaves it as it is, on for a new gathering.
	SlotPolls *bool `json:"slot_polls,omitempty"`
	// MyDay is the local time of day ("08:30") each person with a place
	// in a day's sessions is sent their day, or "off" (see MyDay); nil
	// leaves it as it is, 08:00 for a new gathering.
	MyDay *string `json:"my_day,omitempty"`
	// CoHosts are the other co-ops hosting it with us, by fediverse
	// handle (@events@example.org) or the address of their account; each
	// is looked up, credited among the Event's organizers and sent it.
	// nil leaves them as they are; empty names none.
	CoHosts *[]string `json:"co_hosts,omitempty"`
}

// VenueInput is where a gathering happens in person.
type VenueInput struct {
	Name          string   `json:"name"`
	StreetAddress string   `json:"street_address"`
	Locality      string   `json:"locality"`
	PostalCode    string   `json:"postal_code"`
	Region        string   `json:"region"`
	Country       string   `json:"country"`
	Latitude      *float64 `json:"latitude"`
	Longitude     *float64 `json:"longitude"`
}

// RoomInput is a room and how many it seats (nil: no limit).
type RoomInput struct {
	Name     string `json:"name"`
	Capacity *int   `json:"capacity"`
}

// SessionInput is one session. Room and Track name one of the gathering's.
type SessionInput struct {
	Title        string   `json:"title"`
	Description  string   `json:"description"`
	Kind         string   `json:"kind"`
	StartsAt     string   `json:"starts_at"`
	EndsAt       string   `json:"ends_at"`
	Room         *string  `json:"room"`
	Track        *string  `json:"track"`
	Capacity     *int     `json:"capacity"`
	Facilitators []string `json:"facilitators"`
	Announce     bool     `json:"announce"`
}

// DecodeStrict reads JSON into v, ignoring keys that start with "_"
// (comments) at any depth and refusing any other unknown key with a
// ValidationError naming it.
func DecodeStrict(data []byte, v any) error {
	var raw any
	if err := json.Unmarshal(data, &raw); err != nil {
		return apperr.Invalid("", "not valid JSON: %s", jsonProblem(err))
	}
	clean, err := json.Marshal(dropComments(raw))
	if err != nil {
		return apperr.Invalid("", "not valid JSON")
	}
	dec := json.NewDecoder(bytes.NewReader(clean))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		if name, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
			return apperr.Invalid(strings.Trim(name, `"`), "unknown field")
		}
		var typeErr *json.UnmarshalTypeError
		if errors.As(err, &typeErr) {
			return apperr.Invalid(typeErr.Field, "should be a %s", jsonKind(typeErr.Type.Kind().String()))
		}
		return apperr.Invalid("", "not the expected shape: %s", jsonProblem(err))
	}
	return nil
}

func dropComments(v any) any {
	switch t := v.(type) {
	case map[string]any:
		for k, child := range t {
			if strings.HasPrefix(k, "_") {
				delete(t, k)
				continue
			}
			t[k] = dropComments(child)
		}
	case []any:
		for i := range t {
			t[i] = dropComments(t[i])
		}
	}
	return v
}

func jsonProblem(err error) string {
	return strings.TrimPrefix(err.Error(), "json: ")
}

func jsonKind(goKind string) string {
	switch goKind {
	case "string":
		return "string"
	case "int", "int64", "float64":
		return "number"
	case "bool":
		return "true or false"
	case "slice":
		return "list"
	case "ptr", "struct", "map":
		return "object"
	}
	return goKind
}

// Text limits.
const (
	maxTitle       = 200
	maxSummary     = 300
	maxDescription = 20000
	MaxName        = 200
)

// parseLocalTime reads "2027-03-27T10:00:00" (local to loc) or an RFC 3339
// time with an offset, to the second.
func parseLocalTime(field, s string, loc *time.Location) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, apperr.Invalid(field, "is required")
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t.UTC().Truncate(time.Second), nil
	}
	for _, layout := range []string{"2006-01-02T15:04:05", "2006-01-02T15:04", "2006-01-02 15:04"} {
		if t, err := time.ParseInLocation(layout, s, loc); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, apperr.Invalid(field, "%q is not a date and time such as 2027-03-27T10:00", s)
}

func CheckText(field, value string, required bool, limit int) error {
	if required && strings.TrimSpace(value) == "" {
		return apperr.Invalid(field, "is required")
	}
	if utf8.RuneCountInString(value) > limit {
		return apperr.Invalid(field, "is too long: at most %d characters", limit)
	}
	return nil
}

func CheckURL(field, raw string) error {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return apperr.Invalid(field, "%q is not a web address starting with https://", raw)
	}
	return nil
}

// categories are Mobilizon's category ids, which other servers show.
var categories = map[string]bool{
	"ARTS": true, "BOOK_CLUBS": true, "BUSINESS": true, "CAUSES": true, "COMEDY": true, "CRAFTS": true,
	"FOOD_DRINK": true, "HEALTH": true, "MUSIC": true, "AUTO_BOAT_AIR": true, "COMMUNITY": true, "FAMILY_EDUCATION": true,
	"FASHION_BEAUTY": true, "FILM_MEDIA": true, "GAMES": true, "LANGUAGE_CULTURE": true, "LEARNING": true,
	"LGBTQ": true, "MOVEMENTS_POLITICS": true, "NETWORKING": true, "PARTY": true, "PERFORMING_VISUAL_ARTS": true,
	"PETS": true, "PHOTOGRAPHY": true, "OUTDOORS_ADVENTURE": true, "SPIRITUALITY_RELIGION_BELIEFS": true,
	"SCIENCE_TECH": true, "SPORTS": true, "THEATRE": true, "MEETING": true,
}

// Gathering validates in and fills g's own fields, rooms and
// tracks. It leaves status, versions and timestamps to the caller.
func Gathering(in *GatheringInput, g *model.Gathering) error {
	// Every mistake is reported at once, joined, so that a form can show
	// each next to its field; the API names the first.
	var errs []error
	add := func(err error) {
		if err != nil {
			errs = append(errs, err)
		}
	}
	add(CheckText("title", in.Title, true, maxTitle))
	add(CheckText("summary", in.Summary, false, maxSummary))
	if strings.Count(strings.TrimSpace(in.Summary), "\n") > 1 {
		add(apperr.Invalid("summary", "keep it to one or two lines: it is what Mastodon shows under the title"))
	}
	add(CheckText("description", in.Description, false, maxDescription))
	var loc *time.Location
	if strings.TrimSpace(in.Timezone) == "" {
		add(apperr.Invalid("timezone", "is required, e.g. Europe/London"))
	} else if l, err := time.LoadLocation(in.Timezone); err != nil || in.Timezone == "Local" {
		add(apperr.Invalid("timezone", "%q is not a time zone name such as Europe/London", in.Timezone))
	} else {
		loc = l
	}
	var start, end time.Time
	if loc != nil {
		var errStart, errEnd error
		start, errStart = parseLocalTime("starts_at", in.StartsAt, loc)
		end, errEnd = parseLocalTime("ends_at", in.EndsAt, loc)
		add(errStart)
		add(errEnd)
		if errStart == nil && errEnd == nil && !end.After(start) {
			add(apperr.Invalid("ends_at", "must be after starts_at"))
		}
	}
	g.Title, g.Summary, g.Description = strings.TrimSpace(in.Title), strings.TrimSpace(in.Summary), in.Description
	g.Timezone, g.StartsAt, g.EndsAt = in.Timezone, start, end

	g.Venue = model.Venue{}
	venueOK := true
	if in.Venue != nil {
		var err error
		g.Venue, err = venueFromInput(in.Venue)
		add(err)
		venueOK = err == nil
	}
	g.OnlineURL = ""
	if in.OnlineURL != nil && strings.TrimSpace(*in.OnlineURL) != "" {
		g.OnlineURL = strings.TrimSpace(*in.OnlineURL)
		add(CheckURL("online_url", g.OnlineURL))
	}
	if venueOK && g.Venue.IsZero() && g.OnlineURL == "" {
		add(apperr.Invalid("venue", "give a venue, an online_url, or both"))
	}
	g.Category = strings.ToUpper(strings.TrimSpace(in.Category))
	if g.Category == "" {
		g.Category = "MEETING"
	}
	if !categories[g.Category] {
		add(apperr.Invalid("category", "%q is not a category such as MEETING, LEARNING or BUSINESS", in.Category))
	}
	var err error
	g.Tags, err = tagsFromInput(in.Tags)
	add(err)
	if in.RSVPPoll != nil {
		g.RSVPPoll = *in.RSVPPoll
	}
	if in.DayOfSignup != nil {
		g.DayOfSignup = *in.DayOfSignup
	}
	g.Rooms, err = roomsFromInput(in.Rooms)
	add(err)
	g.Tracks, err = tracksFromInput(in.Tracks)
	add(err)
	return errors.Join(errs...)
}

func venueFromInput(in *VenueInput) (model.Venue, error) {
	v := model.Venue{
		Name: strings.TrimSpace(in.Name), StreetAddress: strings.TrimSpace(in.StreetAddress),
		Locality: strings.TrimSpace(in.Locality), PostalCode: strings.TrimSpace(in.PostalCode),
		Region: strings.TrimSpace(in.Region), Country: strings.TrimSpace(in.Country),
		Latitude: in.Latitude, Longitude: in.Longitude,
	}
	var errs []error
	for _, f := range []struct{ field, value string }{{"venue.name", v.Name}, {"venue.street_address", v.StreetAddress},
		{"venue.locality", v.Locality}, {"venue.postal_code", v.PostalCode}, {"venue.region", v.Region}, {"venue.country", v.Country}} {
		if err := CheckText(f.field, f.value, false, MaxName); err != nil {
			errs = append(errs, err)
		}
	}
	if !v.IsZero() && v.Name == "" {
		errs = append(errs, apperr.Invalid("venue.name", "is required when there is a venue"))
	}
	if (v.Latitude == nil) != (v.Longitude == nil) {
		errs = append(errs, apperr.Invalid("venue.latitude", "give both latitude and longitude, or neither"))
	}
	if v.Latitude != nil && (*v.Latitude < -90 || *v.Latitude > 90) {
		errs = append(errs, apperr.Invalid("venue.latitude", "must be between -90 and 90"))
	}
	if v.Longitude != nil && (*v.Longitude < -180 || *v.Longitude > 180) {
		errs = append(errs, apperr.Invalid("venue.longitude", "must be between -180 and 180"))
	}
	return v, errors.Join(errs...)
}

func tagsFromInput(in []string) ([]string, error) {
	var out []string
	seen := map[string]bool{}
	for i, t := range in {
		t = strings.TrimPrefix(strings.TrimSpace(t), "#")
		if t == "" || strings.ContainsAny(t, " \t\n#,") || utf8.RuneCountInString(t) > 50 {
			return nil, apperr.Invalid(fmt.Sprintf("tags[%d]", i), "a tag is one word without spaces, e.g. coops")
		}
		if !seen[strings.ToLower(t)] {
			seen[strings.ToLower(t)] = true
			out = append(out, t)
		}
	}
	return out, nil
}

func roomsFromInput(in []RoomInput) ([]model.Room, error) {
	out := make([]model.Room, 0, len(in))
	seen := map[string]bool{}
	var errs []error
	for i, r := range in {
		field := fmt.Sprintf("rooms[%d]", i)
		name := strings.TrimSpace(r.Name)
		if err := CheckText(field+".name", name, true, MaxName); err != nil {
			errs = append(errs, err)
		} else if seen[strings.ToLower(name)] {
			errs = append(errs, apperr.Invalid(field+".name", "two rooms are called %q", name))
		}
		seen[strings.ToLower(name)] = true
		if r.Capacity != nil && *r.Capacity < 1 {
			errs = append(errs, apperr.Invalid(field+".capacity", "must be at least 1 (leave it out for no limit)"))
		}
		out = append(out, model.Room{Name: name, Capacity: r.Capacity})
	}
	return out, errors.Join(errs...)
}

func tracksFromInput(in []string) ([]model.Track, error) {
	out := make([]model.Track, 0, len(in))
	seen := map[string]bool{}
	var errs []error
	for i, name := range in {
		name = strings.TrimSpace(name)
		if err := CheckText(fmt.Sprintf("tracks[%d]", i), name, true, MaxName); err != nil {
			errs = append(errs, err)
		} else if seen[strings.ToLower(name)] {
			errs = append(errs, apperr.Invalid(fmt.Sprintf("tracks[%d]", i), "two tracks are called %q", name))
		}
		seen[strings.ToLower(name)] = true
		out = append(out, model.Track{Name: name})
	}
	return out, errors.Join(errs...)
}

// Session validates in against its gathering g (whose rooms and
// tracks must carry their ids) and fills s, facilitators excepted.
func Session(field string, in *SessionInput, g *model.Gathering, s *model.Session) error {
	var errs []error
	add := func(err error) {
		if err != nil {
			errs = append(errs, err)
		}
	}
	add(CheckText(field+".title", in.Title, true, maxTitle))
	add(CheckText(field+".description", in.Description, false, maxDescription))
	kind := model.SessionKind(strings.TrimSpace(in.Kind))
	if kind == "" {
		kind = model.KindOther
	}
	if !validKind(kind) {
		add(apperr.Invalid(field+".kind", "%q is not one of workshop, talk, lightning_talks, open_space, meal, social, other", in.Kind))
	}
	loc, err := time.LoadLocation(g.Timezone)
	if err != nil {
		return apperr.Invalid("timezone", "%q is not a time zone", g.Timezone)
	}
	start, errStart := parseLocalTime(field+".starts_at", in.StartsAt, loc)
	end, errEnd := parseLocalTime(field+".ends_at", in.EndsAt, loc)
	add(errStart)
	add(errEnd)
	switch {
	case errStart != nil || errEnd != nil:
	case !end.After(start):
		add(apperr.Invalid(field+".ends_at", "must be after starts_at"))
	case start.Before(g.StartsAt) || end.After(g.EndsAt):
		add(apperr.Invalid(field+".starts_at", "the session must fall within the gathering (%s to %s)",
			g.StartsAt.In(loc).Format("Mon 2 Jan 15:04"), g.EndsAt.In(loc).Format("Mon 2 Jan 15:04")))
	}
	s.Title, s.Description, s.Kind = strings.TrimSpace(in.Title), in.Description, kind
	s.StartsAt, s.EndsAt, s.Announce = start, end, in.Announce
	s.RoomID, s.TrackID = nil, nil
	if in.Room != nil && strings.TrimSpace(*in.Room) != "" {
		if room, ok := FindRoom(g.Rooms, *in.Room); ok {
			s.RoomID = &room.ID
		} else {
			add(apperr.Invalid(field+".room", "%q is not one of the gathering's rooms", *in.Room))
		}
	}
	if in.Track != nil && strings.TrimSpace(*in.Track) != "" {
		if track, ok := findTrack(g.Tracks, *in.Track); ok {
			s.TrackID = &track.ID
		} else {
			add(apperr.Invalid(field+".track", "%q is not one of the gathering's tracks", *in.Track))
		}
	}
	if in.Capacity != nil && *in.Capacity < 1 {
		add(apperr.Invalid(field+".capacity", "must be at least 1 (leave it out to use the room's)"))
	}
	s.Capacity = in.Capacity
	if len(in.Facilitators) > 20 {
		add(apperr.Invalid(field+".facilitators", "at most 20"))
	}
	return errors.Join(errs...)
}

func validKind(k model.SessionKind) bool {
	for _, known := range model.SessionKinds {
		if k == known {
			return true
		}
	}
	return false
}

func FindRoom(rooms []model.Room, name string) (model.Room, bool) {
	for _, r := range rooms {
		if strings.EqualFold(r.Name, strings.TrimSpace(name)) {
			return r, true
		}
	}
	return model.Room{}, false
}

func findTrack(tracks []model.Track, name string) (model.Track, bool) {
	for _, t := range tracks {
		if strings.EqualFold(t.Name, strings.TrimSpace(name)) {
			return t, true
		}
	}
	return model.Track{}, false
}

// CheckRoomClashes refuses two sessions in one room at once.
func CheckRoomClashes(sessions []model.Session, fieldOf func(i int) string, roomName func(id int64) string) error {
	for i, a := range sessions {
		if a.RoomID == nil {
			continue
		}
		for j := range i {
			b := sessions[j]
			if b.RoomID != nil && *b.RoomID == *a.RoomID && a.StartsAt.Before(b.EndsAt) && b.StartsAt.Before(a.EndsAt) {
				return apperr.Invalid(fieldOf(i)+".room", "%s already holds %q then", roomName(*a.RoomID), b.Title)
			}
		}
	}
	return nil
}

// Categories returns the category ids a gathering may have (Mobilizon's,
// such as MEETING or LEARNING), sorted, for forms to offer.
func Categories() []string {
	out := make([]string, 0, len(categories))
	for c := range categories {
		out = append(out, c)
	}
	sort.Strings(out)
	return out
}

package gatherings

import (
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"github.com/gather-coop/gather/internal/app"
	"github.com/gather-coop/gather/internal/web/admin/ui"
)

// gatheringForm is the gathering editor's form as typed: strings, so that
// whatever was typed, even a capacity of "lots", is shown again.
type gatheringForm struct {
	Title, Summary, Description string
	Timezone, StartsAt, EndsAt  string
	Venue                       venueForm
	OnlineURL                   string
	Category, Tags              string
	Rooms                       []roomForm
	Tracks                      string // one per line
	CoHosts                     string // one handle a line
	RSVPPoll, DayOfSignup       bool
	SlotPolls                   bool
	Reminders                   string // "24h 15m"
	MyDay                       string // "08:00", or "off"
	// myDayGiven says the form had the field: one posted without it
	// (an older page) leaves the time as it is.
	myDayGiven bool
}

type venueForm struct {
	Name, StreetAddress, Locality, PostalCode, Region, Country string
	Latitude, Longitude                                        string
}

type roomForm struct{ Name, Capacity string }

// spareRooms is how many empty room rows the editor offers to add more.
const spareRooms = 3

// localLayout is how a datetime-local input writes a time.
const localLayout = "2006-01-02T15:04"

// readGatheringForm reads the editor's form. Room rows left blank are
// dropped, so that the rooms' indexes are those app's errors name.
func readGatheringForm(v url.Values) gatheringForm {
	get := func(name string) string { return v.Get(name) }
	g := gatheringForm{
		Title: get("title"), Summary: get("summary"), Description: get("description"),
		Timezone: strings.TrimSpace(get("timezone")), StartsAt: get("starts_at"), EndsAt: get("ends_at"),
		Venue: venueForm{Name: get("venue.name"), StreetAddress: get("venue.street_address"), Locality: get("venue.locality"),
			PostalCode: get("venue.postal_code"), Region: get("venue.region"), Country: get("venue.country"),
			Latitude: get("venue.latitude"), Longitude: get("venue.longitude")},
		OnlineURL: get("online_url"), Category: get("category"), Tags: get("tags"), Tracks: get("tracks"), CoHosts: get("co_hosts"),
		RSVPPoll: v.Has("rsvp_poll"), DayOfSignup: v.Has("day_of_signup"), SlotPolls: v.Has("slot_polls"), Reminders: get("reminders"),
		MyDay: get("my_day"), myDayGiven: v.Has("my_day"),
	}
	for i := 0; i < 200; i++ {
		name, capacity := fmt.Sprintf("rooms[%d].name", i), fmt.Sprintf("rooms[%d].capacity", i)
		if !v.Has(name) && !v.Has(capacity) {
			break
		}
		r := roomForm{Name: v.Get(name), Capacity: v.Get(capacity)}
		if strings.TrimSpace(r.Name) != "" || strings.TrimSpace(r.Capacity) != "" {
			g.Rooms = append(g.Rooms, r)
		}
	}
	return g
}

// input turns the form into what app.CreateGathering and SaveGathering
// take. Only numbers that are not numbers fail here; app checks the rest.
func (g gatheringForm) input() (*app.GatheringInput, error) {
	online := strings.TrimSpace(g.OnlineURL)
	rsvp, dayOf, slots := g.RSVPPoll, g.DayOfSignup, g.SlotPolls
	in := &app.GatheringInput{
		Title: g.Title, Summary: g.Summary, Description: g.Description,
		Timezone: g.Timezone, StartsAt: g.StartsAt, EndsAt: g.EndsAt,
		Venue: &app.VenueInput{Name: g.Venue.Name, StreetAddress: g.Venue.StreetAddress, Locality: g.Venue.Locality,
			PostalCode: g.Venue.PostalCode, Region: g.Venue.Region, Country: g.Venue.Country},
		OnlineURL: &online, Category: g.Category, Tags: strings.Fields(strings.ReplaceAll(g.Tags, ",", " ")),
		Tracks: lines(g.Tracks), RSVPPoll: &rsvp, DayOfSignup: &dayOf, SlotPolls: &slots,
		CoHosts: ptr(nonNil(lines(g.CoHosts))),
		Rooms:   []app.RoomInput{},
	}
	reminders := strings.Fields(strings.ReplaceAll(g.Reminders, ",", " "))
	in.Reminders = &reminders
	if g.myDayGiven {
		myDay := g.MyDay
		in.MyDay = &myDay
	}
	// Numbers that are not numbers are all reported together; the app's
	// rules are checked once they are.
	var errs []error
	var err error
	if in.Venue.Latitude, err = optionalFloat("venue.latitude", g.Venue.Latitude); err != nil {
		errs = append(errs, err)
	}
	if in.Venue.Longitude, err = optionalFloat("venue.longitude", g.Venue.Longitude); err != nil {
		errs = append(errs, err)
	}
	for i, r := range g.Rooms {
		room := app.RoomInput{Name: r.Name}
		if room.Capacity, err = optionalInt(fmt.Sprintf("rooms[%d].capacity", i), r.Capacity); err != nil {
			errs = append(errs, err)
		}
		in.Rooms = append(in.Rooms, room)
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return in, nil
}

// gatheringFormFrom fills the form with a saved gathering.
func gatheringFormFrom(in app.GatheringInput) gatheringForm {
	g := gatheringForm{
		Title: in.Title, Summary: in.Summary, Description: in.Description, Timezone: in.Timezone,
		StartsAt: datetimeLocal(in.StartsAt), EndsAt: datetimeLocal(in.EndsAt),
		Category: in.Category, Tags: strings.Join(in.Tags, " "), Tracks: strings.Join(in.Tracks, "\n"),
		RSVPPoll: in.RSVPPoll != nil && *in.RSVPPoll, DayOfSignup: in.DayOfSignup != nil && *in.DayOfSignup,
		SlotPolls: in.SlotPolls == nil || *in.SlotPolls, // on unless turned off
	}
	if in.CoHosts != nil {
		g.CoHosts = strings.Join(*in.CoHosts, "\n")
	}
	if v := in.Venue; v != nil {
		g.Venue = venueForm{Name: v.Name, StreetAddress: v.StreetAddress, Locality: v.Locality, PostalCode: v.PostalCode,
			Region: v.Region, Country: v.Country, Latitude: formatFloat(v.Latitude), Longitude: formatFloat(v.Longitude)}
	}
	if in.OnlineURL != nil {
		g.OnlineURL = *in.OnlineURL
	}
	if in.Reminders != nil {
		g.Reminders = strings.Join(*in.Reminders, " ")
	}
	g.MyDay = app.DefaultMyDay
	if in.MyDay != nil {
		g.MyDay = *in.MyDay
	}
	for _, r := range in.Rooms {
		g.Rooms = append(g.Rooms, roomForm{Name: r.Name, Capacity: formatInt(r.Capacity)})
	}
	return g
}

// datetimeLocal drops the seconds of app's "2027-03-27T10:00:00" when
// they are zero, as a datetime-local input writes it.
func datetimeLocal(s string) string {
	if len(s) == len(localLayout)+3 && strings.HasSuffix(s, ":00") {
		return s[:len(localLayout)]
	}
	return s
}

// lines splits a textarea into its non-blank lines, trimmed.
func lines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

func optionalInt(field, s string) (*int, error) {
	if s = strings.TrimSpace(s); s == "" {
		return nil, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		return nil, &app.ValidationError{Field: field, Msg: fmt.Sprintf("%q is not a whole number such as 20", s)}
	}
	return &n, nil
}

func optionalFloat(field, s string) (*float64, error) {
	if s = strings.TrimSpace(s); s == "" {
		return nil, nil
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return nil, &app.ValidationError{Field: field, Msg: fmt.Sprintf("%q is not a number such as 51.5362", s)}
	}
	return &f, nil
}

func formatInt(n *int) string {
	if n == nil {
		return ""
	}
	return strconv.Itoa(*n)
}

func formatFloat(f *float64) string {
	if f == nil {
		return ""
	}
	return strconv.FormatFloat(*f, 'f', -1, 64)
}

// placeGathering shows err on the editor's form f if it is a person's
// mistake, next to the input it is about, and reports whether it was.
func placeGathering(f *ui.Form, err error) bool { return ui.PlaceErrors(f, err, inputFor) }

// inputFor is the input of the editor that app's field name is about.
func inputFor(field string) string {
	switch {
	case field == "venue":
		return "venue.name"
	case strings.HasPrefix(field, "tracks["):
		return "tracks"
	case strings.HasPrefix(field, "co_hosts"):
		return "co_hosts"
	case strings.HasPrefix(field, "tags["):
		return "tags"
	case strings.HasPrefix(field, "reminders["):
		return "reminders"
	}
	return field
}

// categoryLabels say Mobilizon's category ids in words.
var categoryLabels = map[string]string{
	"ARTS": "Arts", "AUTO_BOAT_AIR": "Auto, boat and air", "BOOK_CLUBS": "Book clubs", "BUSINESS": "Business",
	"CAUSES": "Causes", "COMEDY": "Comedy", "COMMUNITY": "Community", "CRAFTS": "Crafts",
	"FAMILY_EDUCATION": "Family and education", "FASHION_BEAUTY": "Fashion and beauty", "FILM_MEDIA": "Film and media",
	"FOOD_DRINK": "Food and drink", "GAMES": "Games", "HEALTH": "Health", "LANGUAGE_CULTURE": "Language and culture",
	"LEARNING": "Learning", "LGBTQ": "LGBTQ+", "MEETING": "Meeting", "MOVEMENTS_POLITICS": "Movements and politics",
	"MUSIC": "Music", "NETWORKING": "Networking", "OUTDOORS_ADVENTURE": "Outdoors and adventure", "PARTY": "Party",
	"PERFORMING_VISUAL_ARTS": "Performing and visual arts", "PETS": "Pets", "PHOTOGRAPHY": "Photography",
	"SCIENCE_TECH": "Science and tech", "SPIRITUALITY_RELIGION_BELIEFS": "Spirituality, religion and beliefs",
	"SPORTS": "Sports", "THEATRE": "Theatre",
}

func categoryOptions(selected string) []ui.Option {
	selected = strings.ToUpper(strings.TrimSpace(selected))
	if selected == "" {
		selected = "MEETING"
	}
	var out []ui.Option
	for _, c := range app.Categories() {
		label := categoryLabels[c]
		if label == "" {
			label = c
		}
		out = append(out, ui.Option{Value: c, Label: label, Selected: c == selected})
	}
	return out
}

// roomRow is one room's inputs in the editor.
type roomRow struct {
	N              int // from 1, for the legend
	Name, Capacity *ui.Field
}

// form lays the gathering out as the editor's inputs, with spare room
// rows to add more.
func (g gatheringForm) form(action, submit string, hidden ...ui.Hidden) (*ui.Form, []roomRow) {
	f := &ui.Form{Action: action, Submit: submit, Hidden: hidden, Fields: []*ui.Field{
		{Name: "title", Label: "Title", Type: "text", Value: g.Title},
		{Name: "summary", Label: "Summary", Type: "textarea", Rows: 2, Value: g.Summary,
			Hint: "One or two lines: Mastodon shows them under the title."},
		{Name: "description", Label: "Description", Type: "textarea", Rows: 10, Value: g.Description,
			Hint: "Markdown: **bold**, *italics*, [a link](https://example.org), lists with - at the start of a line."},
		{Name: "category", Label: "Category", Type: "select", Options: categoryOptions(g.Category)},
		{Name: "tags", Label: "Tags", Type: "text", Value: g.Tags, Verbatim: true,
			Hint: "Optional. Words without #, separated by spaces, such as coops tech."},
		{Name: "timezone", Label: "Time zone", Type: "text", Value: g.Timezone, Options: ui.ZoneOptions(), Verbatim: true,
			Hint: "Pick one from the list, or type another, such as Europe/Vienna."},
		{Name: "starts_at", Label: "Starts", Type: "datetime-local", Value: g.StartsAt, Hint: "In the time zone above."},
		{Name: "ends_at", Label: "Ends", Type: "datetime-local", Value: g.EndsAt, Hint: "In the time zone above."},
		{Name: "venue.name", Label: "Venue", Type: "text", Value: g.Venue.Name,
			Hint: "Where people meet in person. Leave the venue empty for an online-only gathering."},
		{Name: "venue.street_address", Label: "Street address", Type: "text", Value: g.Venue.StreetAddress},
		{Name: "venue.locality", Label: "Town or city", Type: "text", Value: g.Venue.Locality},
		{Name: "venue.postal_code", Label: "Postcode", Type: "text", Value: g.Venue.PostalCode},
		{Name: "venue.region", Label: "Region", Type: "text", Value: g.Venue.Region},
		{Name: "venue.country", Label: "Country", Type: "text", Value: g.Venue.Country, Hint: "Two letters, such as GB."},
		{Name: "venue.latitude", Label: "Latitude", Type: "text", Value: g.Venue.Latitude, Verbatim: true,
			Hint: "Optional, for the map: such as 51.5362."},
		{Name: "venue.longitude", Label: "Longitude", Type: "text", Value: g.Venue.Longitude, Verbatim: true,
			Hint: "Optional: such as -0.1033."},
		{Name: "online_url", Label: "Online link", Type: "url", Value: g.OnlineURL, Verbatim: true,
			Hint: "Where people join online, starting with https://. Leave it empty if there is none."},
		{Name: "reminders", Label: "Reminders", Type: "text", Value: g.Reminders, Verbatim: true,
			Hint: "How long before it starts those going are reminded, separated by spaces, such as 24h 15m (or 2d, 1h30m). " +
				"Empty for the default: a day and a quarter of an hour before an online gathering, a day before one in person. " +
				"An occurrence of a series is reminded as its series is."},
		{Name: "my_day", Label: "Send each person their day at", Type: "text", Value: g.MyDay, Verbatim: true,
			Hint: "On the morning of each day, everyone with a place in that day's sessions gets a direct note listing theirs, " +
				"with times and rooms. A time of day in the time zone above, such as 08:30, or off to send none."},
		{Name: "tracks", Label: "Tracks", Type: "textarea", Rows: 3, Value: g.Tracks,
			Hint: "Optional themes that run through the gathering, one per line."},
		{Name: "co_hosts", Label: "Co-hosts", Type: "textarea", Rows: 2, Value: g.CoHosts, Verbatim: true,
			Hint: "Other co-ops hosting it with you, one fediverse handle a line, such as @events@partner.example. " +
				"They are credited as organisers, sent the gathering and told; a Gather co-op lists it as co-hosted."},
		{Name: "rsvp_poll", Label: "Publish an RSVP poll with the gathering", Type: "checkbox", Value: ui.Checkbox(g.RSVPPoll),
			Hint: "Followers can answer going, maybe or not going from Mastodon."},
		{Name: "slot_polls", Label: "Publish a sign-up poll for each time slot", Type: "checkbox", Value: ui.Checkbox(g.SlotPolls),
			Hint: "Where two or more sessions with places run at the same time, followers pick one from Mastodon, and are signed up for it."},
		{Name: "day_of_signup", Label: "Let people sign up at the door", Type: "checkbox", Value: ui.Checkbox(g.DayOfSignup),
			Hint: "On the day, people at the venue can sign up for sessions with just their name."},
	}}
	rooms := make([]roomRow, 0, len(g.Rooms)+spareRooms)
	for i := range len(g.Rooms) + spareRooms {
		var r roomForm
		if i < len(g.Rooms) {
			r = g.Rooms[i]
		}
		row := roomRow{N: i + 1,
			Name: &ui.Field{Name: fmt.Sprintf("rooms[%d].name", i), Label: "Name", Type: "text", Value: r.Name},
			Capacity: &ui.Field{Name: fmt.Sprintf("rooms[%d].capacity", i), Label: "Seats", Type: "text", Value: r.Capacity,
				Verbatim: true, Hint: "Empty for no limit."}}
		f.Fields = append(f.Fields, row.Name, row.Capacity)
		rooms = append(rooms, row)
	}
	return f, rooms
}

func ptr[T any](v T) *T { return &v }

// nonNil is list, or an empty list for none: the co-hosts field sent
// empty names none, where nil would leave them as they were.
func nonNil(list []string) []string {
	if list == nil {
		return []string{}
	}
	return list
}

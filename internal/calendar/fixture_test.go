package calendar_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/internal/calendar"
	"github.com/gather-coop/gather/internal/model"
)

const testHost = "coop.example"

var (
	testNow   = time.Date(2027, time.March, 1, 12, 0, 0, 0, time.UTC)
	testActor = model.Actor{ID: 1, Handle: "events", Kind: model.ActorGroup, Name: "Coop A"}
	testLinks = calendar.Links{
		GatheringURL: func(id int64) string { return fmt.Sprintf("https://coop.example/gatherings/%d", id) },
		SessionURL:   func(id int64) string { return fmt.Sprintf("https://coop.example/sessions/%d", id) },
		EventID: func(kind string, id int64) string {
			return fmt.Sprintf("https://coop.example/events/%s/%d", kind, id)
		},
	}
)

func ptr[T any](v T) *T { return &v }

// local is the UTC instant of a wall-clock time in zone, as the API stores
// "2027-03-28T10:00:00" with "timezone": "Europe/London".
func local(t *testing.T, zone, value string) time.Time {
	t.Helper()
	loc, err := time.LoadLocation(zone)
	require.NoError(t, err)
	at, err := time.ParseInLocation("2006-01-02T15:04", value, loc)
	require.NoError(t, err)
	return at.UTC()
}

// exampleEntry is testdata/gathering.json as the store would load
// it: Europe/London, 27–28 March 2027, across the night the clocks go
// forward. Room ids are 1–3, track ids 1–2, session ids 101–111.
func exampleEntry(t *testing.T) calendar.Entry {
	t.Helper()
	const zone = "Europe/London"
	at := func(v string) time.Time { return local(t, zone, v) }
	created := time.Date(2027, time.January, 5, 9, 0, 0, 0, time.UTC)
	updated := time.Date(2027, time.February, 10, 16, 30, 0, 0, time.UTC)
	g := model.Gathering{
		ID:          12,
		ActorID:     1,
		Title:       "Tech co-op network gathering",
		Summary:     "A day of honest business talk, big-tech ethics, show and tell, and the pub.",
		Description: "Two themes run side by side: **Business development** (how we're really doing, pricing, estimating, client support) and **Big tech and alternative platforms** (the ethics of our tools, open-source tools for co-ops, from services to products). Sign up for the sessions you mean to attend when you arrive: the small room seats 15. Lunch is catered; afterwards we head to the pub.",
		Timezone:    zone,
		StartsAt:    at("2027-03-27T10:00"),
		EndsAt:      at("2027-03-28T12:00"),
		Venue: model.Venue{
			Name: "Co-op workspace", StreetAddress: "1 Example Road", Locality: "London",
			PostalCode: "N1 0AA", Country: "GB", Latitude: ptr(51.5362), Longitude: ptr(-0.1033),
		},
		Category:    "MEETING",
		Tags:        []string{"coops", "tech"},
		Status:      model.StatusPublished,
		Version:     7,
		PublishedAt: ptr(updated),
		CreatedAt:   created,
		UpdatedAt:   updated,
		Rooms: []model.Room{
			{ID: 1, Name: "Main room", Capacity: ptr(40)},
			{ID: 2, Name: "Small room", Capacity: ptr(15)},
			{ID: 3, Name: "Lobby and kitchen", Capacity: ptr(30)},
		},
		Tracks: []model.Track{{ID: 1, Name: "Business development"}, {ID: 2, Name: "Big tech and alternative platforms"}},
	}
	type row struct {
		title, kind, start, end string
		room, track             int64
		facilitators            []string
		description             string
	}
	rows := []row{
		{"Welcome and session sign-ups", "other", "2027-03-27T10:00", "2027-03-27T10:30", 3, 0, nil, ""},
		{"How we're really doing", "workshop", "2027-03-27T10:30", "2027-03-27T12:00", 1, 1, []string{"@workshops@coop-b.example"}, "Finances, burnout, changing client expectations, winning work: an honest round."},
		{"Using big tech platforms: a fine balance", "workshop", "2027-03-27T10:30", "2027-03-27T12:00", 2, 2, []string{"A visiting researcher"}, ""},
		{"Lunch", "meal", "2027-03-27T12:00", "2027-03-27T13:00", 3, 0, nil, "Catered by a Caribbean kitchen round the corner."},
		{"Pricing, estimating and post-project support", "workshop", "2027-03-27T13:00", "2027-03-27T14:30", 1, 1, []string{"@hello@coop-c.example"}, ""},
		{"Open-source tools for co-ops: a walkthrough", "talk", "2027-03-27T13:00", "2027-03-27T14:00", 2, 2, []string{"@sysadmin@coop-d.example"}, ""},
		{"From services to products: capital, control and co-op values", "talk", "2027-03-27T14:00", "2027-03-27T15:00", 2, 2, []string{"@studio@coop-e.example"}, ""},
		{"Show and tell: 3-minute lightning talks on client work", "lightning_talks", "2027-03-27T15:30", "2027-03-27T16:30", 1, 0, nil, ""},
		{"Open space: community tech projects", "open_space", "2027-03-27T15:30", "2027-03-27T16:30", 2, 0, nil, ""},
		{"To the pub", "social", "2027-03-27T17:00", "2027-03-27T21:00", 0, 0, nil, "Off-site, round the corner. No sign-up needed."},
		{"Pre-mortems: imagining a project's failure before it starts", "workshop", "2027-03-28T10:00", "2027-03-28T12:00", 2, 1, nil, "The clocks go forward overnight: this starts at 10:00 British Summer Time."},
	}
	sessions := make([]model.Session, 0, len(rows))
	for i, r := range rows {
		s := model.Session{
			ID: int64(101 + i), GatheringID: g.ID, Title: r.title, Description: r.description,
			Kind: model.SessionKind(r.kind), StartsAt: at(r.start), EndsAt: at(r.end),
			Version: 1 + i%3, CreatedAt: created, UpdatedAt: updated.Add(time.Duration(i) * time.Minute),
		}
		if r.room != 0 {
			s.RoomID = ptr(r.room)
		}
		if r.track != 0 {
			s.TrackID = ptr(r.track)
		}
		for _, f := range r.facilitators {
			if f[0] == '@' {
				s.Facilitators = append(s.Facilitators, model.Facilitator{Handle: f})
			} else {
				s.Facilitators = append(s.Facilitators, model.Facilitator{Name: f})
			}
		}
		sessions = append(sessions, s)
	}
	return calendar.Entry{Gathering: g, Sessions: sessions}
}

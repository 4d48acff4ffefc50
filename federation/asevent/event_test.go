package asevent_test

import (
	"encoding/json"
	"maps"
	"math"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/go-fed/activity/streams/vocab"
	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/federation"
	"github.com/gather-coop/gather/federation/asevent"
)

// session is a 15-seat workshop of the gathering, the morning after the
// clocks go forward, led by a facilitator on GoToSocial.
func session(t testing.TB) asevent.Event {
	loc := london(t)
	place := workspace()
	place.Name = "Room 2 · Co-op workspace"
	return asevent.Event{
		ID:              sessionID,
		URL:             "https://coop.example/g/spring-gathering/s/5",
		AttributedTo:    us,
		Followers:       usFol,
		Name:            "Workshop: keeping a worker co-op's books",
		DescriptionHTML: `<p>Bring a laptop.</p>`,
		Start:           time.Date(2027, 3, 28, 10, 0, 0, 0, loc),
		End:             time.Date(2027, 3, 28, 11, 30, 0, 0, loc),
		TimeZone:        loc,
		Place:           place,
		Hashtags:        []federation.Hashtag{{Name: "CoopFinance", Href: "https://coop.example/tags/coopfinance"}},
		Mentions:        []federation.Mention{aliceMention},
		Capacity:        15,
		Going:           3,
		AttendeesURL:    sessionID + "/attendees",
		Organizers:      []string{us, alice},
		Category:        "LEARNING",
		SuperEvent:      gatheringID,
		Published:       published(),
		Updated:         published().Add(48 * time.Hour),
	}
}

// online is an evening clinic held online only.
func online(t testing.TB) asevent.Event {
	loc := london(t)
	return asevent.Event{
		ID:           "https://coop.example/events/3",
		URL:          "https://coop.example/g/finance-clinic",
		AttributedTo: us,
		Followers:    usFol,
		Name:         "Co-op finance clinic",
		Start:        time.Date(2027, 5, 12, 18, 0, 0, 0, loc),
		End:          time.Date(2027, 5, 12, 19, 0, 0, 0, loc),
		TimeZone:     loc,
		Virtual:      &asevent.VirtualLocation{Name: "Jitsi room", URL: "https://meet.example/coop-finance-clinic"},
		AttendeesURL: "https://coop.example/events/3/attendees",
		Category:     "BUSINESS",
		Icon:         &federation.Image{URL: "https://coop.example/media/clinic.png", MediaType: "image/png"},
		Image:        &federation.Image{URL: "https://coop.example/media/clinic-poster.jpg", MediaType: "image/jpeg"},
		Published:    published(),
	}
}

// cancelled is a cancelled picnic at a place with whole-number
// coordinates, invitation only, in New York.
func cancelled(t testing.TB) asevent.Event {
	loc, err := time.LoadLocation("America/New_York")
	require.NoError(t, err)
	return asevent.Event{
		ID:           "https://coop.example/events/4",
		URL:          "https://coop.example/g/picnic",
		AttributedTo: us,
		Name:         "Members' picnic",
		Start:        time.Date(2027, 7, 4, 12, 0, 0, 0, loc),
		End:          time.Date(2027, 7, 4, 16, 0, 0, 0, loc),
		TimeZone:     loc,
		Place: &asevent.Place{
			Name:    "Meadow <by the river> & pond",
			Address: &asevent.PostalAddress{Locality: "Springfield", Country: "US"},
			Geo:     &asevent.GeoPoint{Latitude: 40, Longitude: 0},
		},
		JoinMode:  asevent.JoinInvite,
		Status:    asevent.EventCancelled,
		Category:  "FOOD_DRINK",
		Published: published(),
		Updated:   published().Add(30 * 24 * time.Hour),
	}
}

func TestEventJSONGolden(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		event  func(testing.TB) asevent.Event
		golden string
	}{
		{"gathering in person", gathering, "event-gathering.json"},
		{"session with capacity", session, "event-session.json"},
		{"online only", online, "event-online.json"},
		{"cancelled", cancelled, "event-cancelled.json"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e := tt.event(t)
			got, err := asevent.EventJSON(e)
			require.NoError(t, err)
			requireGolden(t, tt.golden, got)
			requireDeclaredTerms(t, got)
			requireEventShape(t, got)

			viaMarshal, err := json.Marshal(e)
			require.NoError(t, err)
			require.JSONEq(t, string(got), string(viaMarshal))

			typed, ok := goFedType(t, got).(vocab.ActivityStreamsEvent)
			require.True(t, ok, "go-fed should resolve an Event")
			require.Equal(t, e.ID, typed.GetJSONLDId().Get().String())
			require.True(t, typed.GetActivityStreamsStartTime().IsXMLSchemaDateTime())
			require.True(t, e.Start.Equal(typed.GetActivityStreamsStartTime().Get()))
			require.True(t, e.End.Equal(typed.GetActivityStreamsEndTime().Get()))

			create, err := federation.Create(e.ID+"/create", us, got, federation.Audience{To: []string{federation.Public}, CC: []string{usFol}})
			require.NoError(t, err)
			goFedType(t, create)
			act, err := federation.DecodeActivity(create)
			require.NoError(t, err)
			require.Equal(t, "Event", act.Object.Type)
			require.Equal(t, e.ID, act.Object.ID)
			require.JSONEq(t, string(got), string(act.Object.Raw))
		})
	}
}

var offsetTime = regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|[+-]\d\d:\d\d)$`)

// requireEventShape checks what receivers trip over: one location object,
// attachment and tag always lists, coordinates written as floats, times to
// the second with an offset.
func requireEventShape(t *testing.T, doc []byte) {
	t.Helper()
	var m map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(doc, &m))
	require.True(t, strings.HasPrefix(string(m["location"]), "{"), "location must be one object, not a list: %s", m["location"])
	require.True(t, strings.HasPrefix(string(m["attachment"]), "["), "attachment must be a list")
	require.True(t, strings.HasPrefix(string(m["tag"]), "["), "tag must be a list")
	require.True(t, strings.HasPrefix(string(m["to"]), "["))
	require.True(t, strings.HasPrefix(string(m["cc"]), "["))
	for _, key := range []string{"startTime", "endTime", "published", "updated"} {
		if raw, ok := m[key]; ok {
			var s string
			require.NoError(t, json.Unmarshal(raw, &s))
			require.Regexp(t, offsetTime, s, key)
		}
	}
	var loc map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(m["location"], &loc))
	for _, key := range []string{"latitude", "longitude"} {
		if raw, ok := loc[key]; ok {
			require.Contains(t, string(raw), ".", "%s %s must be written as a float", key, raw)
		}
	}
	require.Contains(t, m, "participantCount")
	require.Equal(t, `false`, string(m["anonymousParticipationEnabled"]))
	require.Equal(t, `true`, string(m["commentsEnabled"]))
}

func TestEventTimesInTheEventsZone(t *testing.T) {
	t.Parallel()
	doc, err := asevent.EventJSON(session(t))
	require.NoError(t, err)
	var m map[string]any
	require.NoError(t, json.Unmarshal(doc, &m))
	// The clocks go forward in London at 01:00 UTC on 28 March 2027.
	require.Equal(t, "2027-03-28T10:00:00+01:00", m["startTime"])
	require.Equal(t, "2027-03-28T11:30:00+01:00", m["endTime"])
	require.Equal(t, "Europe/London", m["timezone"])
	require.Equal(t, "2027-01-15T09:30:00Z", m["published"])

	doc, err = asevent.EventJSON(gathering(t))
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(doc, &m))
	require.Equal(t, "2027-03-27T10:00:00Z", m["startTime"], "GMT is written as Z")
	require.Equal(t, "2027-03-28T17:00:00+01:00", m["endTime"])

	// A time given in another zone is written in the event's.
	e := session(t)
	e.Start = time.Date(2027, 3, 28, 9, 0, 0, 999, time.UTC)
	doc, err = asevent.EventJSON(e)
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(doc, &m))
	require.Equal(t, "2027-03-28T10:00:00+01:00", m["startTime"])
}

func TestEventLocationAndAttachment(t *testing.T) {
	t.Parallel()
	hybrid := gathering(t)
	hybrid.OnlineURL, hybrid.Image = "https://meet.example/spring", nil
	doc, err := asevent.EventJSON(hybrid)
	require.NoError(t, err)
	requireEventShape(t, doc)
	var m struct {
		Location   map[string]any   `json:"location"`
		Attachment []map[string]any `json:"attachment"`
		IsOnline   bool             `json:"isOnline"`
		Summary    string           `json:"summary"`
	}
	require.NoError(t, json.Unmarshal(doc, &m))
	require.Equal(t, "Place", m.Location["type"])
	require.NotContains(t, m.Location["address"], "url", "a hybrid event's place is a place: Gancio would take it for online only")
	require.True(t, m.IsOnline)
	require.Empty(t, m.Attachment, "no picture, so no Link either: Gancio would fetch a first Link as the picture")

	// With a picture: the picture first, then Mobilizon's online link.
	hybrid.Image = &federation.Image{URL: "https://coop.example/media/spring.png", MediaType: "image/png"}
	doc, err = asevent.EventJSON(hybrid)
	require.NoError(t, err)
	m.Attachment = nil
	require.NoError(t, json.Unmarshal(doc, &m))
	require.Equal(t, []map[string]any{
		{"type": "Document", "mediaType": "image/png", "url": "https://coop.example/media/spring.png", "name": hybrid.Name},
		{"type": "Link", "href": "https://meet.example/spring", "mediaType": "text/html", "name": asevent.OnlineLinkName},
	}, m.Attachment)
	require.Contains(t, m.Summary, "Co-op workspace, London and online")

	doc, err = asevent.EventJSON(gathering(t))
	require.NoError(t, err)
	require.Contains(t, string(doc), `"attachment":[{"type":"Document","mediaType":"image/jpeg","url":"https://coop.example/media/spring.jpg",`)
	require.Contains(t, string(doc), `"isOnline":false`)
	require.Contains(t, string(doc), `"latitude":51.5362,"longitude":-0.1033`)

	doc, err = asevent.EventJSON(cancelled(t))
	require.NoError(t, err)
	require.Contains(t, string(doc), `"latitude":40.0,"longitude":0.0`)

	doc, err = asevent.EventJSON(online(t))
	require.NoError(t, err)
	require.Contains(t, string(doc), `"location":{"type":"VirtualLocation","name":"Jitsi room","url":"https://meet.example/coop-finance-clinic",`+
		`"address":{"type":"VirtualLocation","url":"https://meet.example/coop-finance-clinic"}}`)
	require.Contains(t, string(doc), `"isOnline":true`)
}

func TestCoordinatesStayFloats(t *testing.T) {
	t.Parallel()
	for _, f := range []float64{51, -0.1033, 0, -180, 90, 1e-7, 12.5, 51.536200000000001, -33.86882} {
		e := gathering(t)
		e.Place.Geo = &asevent.GeoPoint{Latitude: max(min(f, 90), -90), Longitude: f}
		doc, err := asevent.EventJSON(e)
		require.NoError(t, err)
		var m struct {
			Location struct {
				Latitude, Longitude json.RawMessage
			} `json:"location"`
		}
		require.NoError(t, json.Unmarshal(doc, &m))
		for _, raw := range []json.RawMessage{m.Location.Latitude, m.Location.Longitude} {
			require.Contains(t, string(raw), ".", "%v written as %s", f, raw)
			require.NotContains(t, string(raw), "e", "%v written as %s", f, raw)
		}
		var back float64
		require.NoError(t, json.Unmarshal(m.Location.Longitude, &back))
		require.Equal(t, f, back, "the longitude must read back exactly")
	}
}

func TestEventStatusAndCapacity(t *testing.T) {
	t.Parallel()
	tests := []struct {
		status          asevent.EventStatus
		ical, fep       string
		summaryContains string
	}{
		{"", "CONFIRMED", "EventScheduled", "Reply 'going' to RSVP"},
		{asevent.EventScheduled, "CONFIRMED", "EventScheduled", "Sun 28 Mar 2027, 10:00–11:30 BST"},
		{asevent.EventTentative, "TENTATIVE", "EventTentative", "To be confirmed: Workshop: keeping"},
		{asevent.EventCancelled, "CANCELLED", "EventCancelled", "Cancelled: Workshop: keeping"},
		{asevent.EventPostponed, "TENTATIVE", "EventPostponed", "Postponed: Workshop: keeping"},
		{asevent.EventRescheduled, "CONFIRMED", "EventRescheduled", "New time: Workshop: keeping"},
		{asevent.EventMovedOnline, "CONFIRMED", "EventMovedOnline", "Moved online: Workshop: keeping"},
	}
	for _, tt := range tests {
		t.Run(string(tt.status), func(t *testing.T) {
			t.Parallel()
			e := session(t)
			e.Status = tt.status
			doc, err := asevent.EventJSON(e)
			require.NoError(t, err)
			var m map[string]any
			require.NoError(t, json.Unmarshal(doc, &m))
			require.Equal(t, tt.ical, m["ical:status"])
			require.Equal(t, tt.fep, m["eventStatus"])
			require.Contains(t, m["summary"], tt.summaryContains)
		})
	}

	e := session(t)
	e.Going = 17 // more than fit: the room shrank
	doc, err := asevent.EventJSON(e)
	require.NoError(t, err)
	require.Contains(t, string(doc), `"maximumAttendeeCapacity":15,"remainingAttendeeCapacity":0,"participantCount":17`)

	e.Capacity = 0
	doc, err = asevent.EventJSON(e)
	require.NoError(t, err)
	m := rawFields(t, doc)
	require.NotContains(t, slices.Collect(maps.Keys(m)), "maximumAttendeeCapacity")
	require.NotContains(t, slices.Collect(maps.Keys(m)), "remainingAttendeeCapacity")
	require.Equal(t, "17", string(m["participantCount"]))
}

func TestEventSummary(t *testing.T) {
	t.Parallel()
	require.Equal(t,
		"Tech co-op network gathering · Sat 27 Mar 2027 10:00 GMT – Sun 28 Mar 2027 17:00 BST · Co-op workspace, London · Reply 'going' to RSVP",
		asevent.EventSummary(gathering(t)))
	require.Equal(t,
		"Workshop: keeping a worker co-op's books · Sun 28 Mar 2027, 10:00–11:30 BST · Room 2 · Co-op workspace, London · Reply 'going' to RSVP",
		asevent.EventSummary(session(t)))
	require.Equal(t, "Co-op finance clinic · Wed 12 May 2027, 18:00–19:00 BST · Online · Reply 'going' to RSVP", asevent.EventSummary(online(t)))
	require.Equal(t, "Cancelled: Members' picnic · Sun 4 Jul 2027, 12:00–16:00 EDT · Meadow <by the river> & pond, Springfield",
		asevent.EventSummary(cancelled(t)))
	require.Equal(t, "Sun 4 Jul 2027, 12:00–16:00 EDT · Meadow <by the river> & pond, Springfield",
		asevent.EventWhenWhere(cancelled(t)), "the time and place alone, for polls and notes")

	e := gathering(t)
	e.End = time.Date(2027, 3, 27, 17, 0, 0, 0, e.TimeZone)
	e.JoinMode = asevent.JoinRestricted
	require.Equal(t, "Tech co-op network gathering · Sat 27 Mar 2027, 10:00–17:00 GMT · Co-op workspace, London · Reply 'going' to ask for a place",
		asevent.EventSummary(e))

	istanbul, err := time.LoadLocation("Europe/Istanbul")
	require.NoError(t, err)
	e.TimeZone = istanbul
	e.Place.Address = nil
	e.JoinMode = asevent.JoinNone
	require.Equal(t, "Tech co-op network gathering · Sat 27 Mar 2027, 13:00–20:00 UTC+03 · Co-op workspace", asevent.EventSummary(e))

	// A long title: the sign-up hint goes first, then the title is cut,
	// but the time and place stay whole.
	e = gathering(t)
	e.Name = strings.Repeat("Very long title ", 15) + "\nwith a line break"
	line := asevent.EventSummary(e)
	require.LessOrEqual(t, len([]rune(line)), asevent.MaxSummaryLength)
	require.NotContains(t, line, "Reply 'going'")
	require.NotContains(t, line, "\n")
	require.True(t, strings.HasSuffix(line, "… · Sat 27 Mar 2027 10:00 GMT – Sun 28 Mar 2027 17:00 BST · Co-op workspace, London"), line)
	_, err = asevent.EventJSON(e)
	require.NoError(t, err)

	// A summary given by the caller is written as it is, escaped for HTML.
	e = cancelled(t)
	doc, err := asevent.EventJSON(e)
	require.NoError(t, err)
	var m map[string]string
	_ = json.Unmarshal(doc, &m)
	require.Equal(t, "Cancelled: Members' picnic · Sun 4 Jul 2027, 12:00–16:00 EDT · Meadow &lt;by the river&gt; &amp; pond, Springfield", m["summary"])

	e.Summary = "Sorry: the picnic is off.\nSee you in August."
	doc, err = asevent.EventJSON(e)
	require.NoError(t, err)
	_ = json.Unmarshal(doc, &m)
	require.Equal(t, e.Summary, m["summary"])
}

func TestEventOrganizersAndTags(t *testing.T) {
	t.Parallel()
	doc, err := asevent.EventJSON(gathering(t))
	require.NoError(t, err)
	m := rawFields(t, doc)
	require.JSONEq(t, `{"type":"Collection","totalItems":1,"items":["`+us+`"]}`, string(m["organizers"]),
		"without organizers the co-op organises alone")
	require.JSONEq(t, `{"id":"`+gatheringID+`/attendees","type":"Collection","totalItems":12}`, string(m["attendees"]))
	require.JSONEq(t, `[{"type":"Hashtag","href":"https://coop.example/tags/coopfinance","name":"#CoopFinance"},
		{"type":"Hashtag","href":"https://coop.example/tags/cooptech","name":"#CoopTech"}]`, string(m["tag"]))
	require.JSONEq(t, `["`+sessionID+`","`+gatheringID+`/sessions/6"]`, string(m["subEvent"]))

	e := session(t)
	doc, err = asevent.EventJSON(e)
	require.NoError(t, err)
	m = rawFields(t, doc)
	require.JSONEq(t, `{"type":"Collection","totalItems":2,"items":["`+us+`","`+alice+`"]}`, string(m["organizers"]))
	require.JSONEq(t, `"`+gatheringID+`"`, string(m["superEvent"]))
	require.NotContains(t, slices.Collect(maps.Keys(m)), "subEvent")
	require.NotContains(t, slices.Collect(maps.Keys(m)), "replies")

	e.Organizers = []string{} // organisers withheld, as FEP-8a8e allows
	doc, err = asevent.EventJSON(e)
	require.NoError(t, err)
	m = rawFields(t, doc)
	require.JSONEq(t, `{"type":"Collection","totalItems":0}`, string(m["organizers"]))
}

// TestEventCoHostsInCC: a co-host credited among the organizers is
// addressed in cc after the followers, so its server is sent the Event.
func TestEventCoHostsInCC(t *testing.T) {
	t.Parallel()
	e := gathering(t)
	e.Organizers, e.CC = []string{us, alice}, []string{alice}
	doc, err := asevent.EventJSON(e)
	require.NoError(t, err)
	m := rawFields(t, doc)
	require.JSONEq(t, `["`+usFol+`","`+alice+`"]`, string(m["cc"]))
	require.JSONEq(t, `{"type":"Collection","totalItems":2,"items":["`+us+`","`+alice+`"]}`, string(m["organizers"]))
}

func TestEventJSONRefusesBadEvents(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		change func(*asevent.Event)
		want   string
	}{
		{"no id", func(e *asevent.Event) { e.ID = "" }, `id ""`},
		{"no name", func(e *asevent.Event) { e.Name = "  " }, "missing name"},
		{"no url", func(e *asevent.Event) { e.URL = "" }, `url ""`},
		{"no author", func(e *asevent.Event) { e.AttributedTo = "/actors/events" }, "attributedTo"},
		{"no zone", func(e *asevent.Event) { e.TimeZone = nil }, "missing time zone"},
		{"local zone", func(e *asevent.Event) { e.TimeZone = time.Local }, "not an IANA zone name"},
		{"no start", func(e *asevent.Event) { e.Start = time.Time{} }, "missing start"},
		{"end before start", func(e *asevent.Event) { e.End = e.Start.Add(-time.Hour) }, "is not after start"},
		{"end at start", func(e *asevent.Event) { e.End = e.Start.Add(time.Millisecond) }, "is not after start"},
		{"zero published", func(e *asevent.Event) { e.Published = time.Time{} }, "published is not set"},
		{"updated before published", func(e *asevent.Event) { e.Updated = e.Published.Add(-time.Second) }, "updated 2027-01-15T09:29:59Z is before published"},
		{"picture without an image type", func(e *asevent.Event) {
			e.Image = &federation.Image{URL: "https://coop.example/media/x", MediaType: "text/html"}
		}, "is not image/*"},
		{"two locations", func(e *asevent.Event) {
			e.Virtual = &asevent.VirtualLocation{URL: "https://meet.example/x"}
		}, "two locations"},
		{"no location", func(e *asevent.Event) { e.Place = nil }, "missing location"},
		{"place without name", func(e *asevent.Event) { e.Place.Name = "" }, "place has no name"},
		{"latitude out of range", func(e *asevent.Event) { e.Place.Geo.Latitude = 91 }, "out of range"},
		{"longitude not a number", func(e *asevent.Event) { e.Place.Geo.Longitude = math.NaN() }, "out of range"},
		{"virtual without url", func(e *asevent.Event) {
			e.Place, e.Virtual = nil, &asevent.VirtualLocation{Name: "Jitsi"}
		}, "virtual location url"},
		{"two online links", func(e *asevent.Event) {
			e.Place, e.Virtual, e.OnlineURL = nil, &asevent.VirtualLocation{URL: "https://meet.example/a"}, "https://meet.example/b"
		}, "two online links"},
		{"bad online url", func(e *asevent.Event) { e.OnlineURL = "meet.example/a" }, "online url"},
		{"negative capacity", func(e *asevent.Event) { e.Capacity = -1 }, "negative capacity"},
		{"unknown join mode", func(e *asevent.Event) { e.JoinMode = "open" }, `unknown join mode "open"`},
		{"unknown status", func(e *asevent.Event) { e.Status = "Done" }, `unknown status "Done"`},
		{"lower-case category", func(e *asevent.Event) { e.Category = "meeting" }, "upper-case id"},
		{"own super event", func(e *asevent.Event) { e.SuperEvent = e.ID }, "superEvent is the event itself"},
		{"relative sub event", func(e *asevent.Event) { e.SubEvents = []string{"/events/9"} }, "subEvent"},
		{"relative organizer", func(e *asevent.Event) { e.Organizers = []string{"alice"} }, "organizers"},
		{"relative cc", func(e *asevent.Event) { e.CC = []string{"alice"} }, "cc"},
		{"hashtag with space", func(e *asevent.Event) { e.Hashtags[0].Name = "co op" }, "white space"},
		{"hashtag without href", func(e *asevent.Event) { e.Hashtags[0].Href = "" }, "href"},
		{"mention without host", func(e *asevent.Event) { e.Mentions = []federation.Mention{{Href: alice, Name: "@alice"}} }, "not a handle"},
		{"long summary", func(e *asevent.Event) { e.Summary = strings.Repeat("x", asevent.MaxSummaryLength+1) }, "characters long"},
		{"three-line summary", func(e *asevent.Event) { e.Summary = "a\nb\nc" }, "more than two lines"},
		{"image without url", func(e *asevent.Event) { e.Icon = &federation.Image{} }, "image url"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e := gathering(t)
			tt.change(&e)
			_, err := asevent.EventJSON(e)
			require.ErrorContains(t, err, tt.want)
			require.ErrorContains(t, err, "encode event")
		})
	}
}

func TestCreateRefusesBadObjects(t *testing.T) {
	t.Parallel()
	_, err := federation.Create("https://coop.example/c/1", us, json.RawMessage(`"https://coop.example/events/2"`), federation.Audience{})
	require.ErrorContains(t, err, "not a JSON object")
	_, err = federation.Create("https://coop.example/c/1", "", json.RawMessage(`{"id":"https://coop.example/events/2"}`), federation.Audience{})
	require.ErrorContains(t, err, `actor ""`)
}

// rawFields decodes a document's top-level fields, leaving values raw.
func rawFields(t *testing.T, doc []byte) map[string]json.RawMessage {
	t.Helper()
	var m map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(doc, &m))
	return m
}

// TestEventContentSaysEachThingOnce: GoToSocial shows summary as the
// content warning and content behind it, so content must not open with
// the summary's line again; the online link is in the content, since
// neither GoToSocial nor Mastodon shows a Link attachment.
func TestEventContentSaysEachThingOnce(t *testing.T) {
	t.Parallel()
	hybrid := gathering(t)
	hybrid.OnlineURL = "https://meet.example/spring"
	for name, e := range map[string]asevent.Event{
		"gathering": gathering(t), "session": session(t), "online": online(t), "hybrid": hybrid, "cancelled": cancelled(t),
	} {
		doc, err := asevent.EventJSON(e)
		require.NoError(t, err, name)
		var m map[string]string
		_ = json.Unmarshal(doc, &m)
		require.NotContains(t, m["content"], asevent.EventWhen(e), "%s: the date line is in summary only", name)
		require.NotContains(t, m["content"], "Reply &#39;going&#39;", name)
		require.NotContains(t, m["content"], "Reply 'going'", name)
		require.NotEmpty(t, m["content"], name)
	}
	doc, err := asevent.EventJSON(hybrid)
	require.NoError(t, err)
	var m map[string]string
	_ = json.Unmarshal(doc, &m)
	require.Equal(t, `<p>Two days of workshops &amp; talks for worker co-ops.</p>`+
		`<p>Join online: <a href="https://meet.example/spring">https://meet.example/spring</a></p>`, m["content"])

	doc, err = asevent.EventJSON(cancelled(t))
	require.NoError(t, err)
	_ = json.Unmarshal(doc, &m)
	require.Equal(t, "Cancelled: Members' picnic", m["name"], "servers that ignore ical:status show the name")
	require.True(t, strings.HasPrefix(m["summary"], "Cancelled: "))
}

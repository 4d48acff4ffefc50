package federation_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/federation"
	"github.com/gather-coop/gather/federation/asevent"
)

// This file reads what we send the way Gancio 1.21 does, as
// testdata/gancio/README.md records it (observed against a running
// Gancio; the reasons are in its server/federation/), so that a shape
// Gancio cannot take fails here rather than as a 500 in its logs.

// errGancio500 is Gancio failing on what we sent: it answers 500 and
// keeps its old copy, and every retry of ours fails the same way.
var errGancio500 = errors.New("gancio: 500")

// readGancio returns the body of a capture in the repository's
// testdata/gancio.
func readGancio(t *testing.T, name string) []byte {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("..", "testdata", "gancio", name))
	require.NoError(t, err)
	var capture struct {
		Body json.RawMessage `json:"body"`
	}
	require.NoError(t, json.Unmarshal(raw, &capture))
	if capture.Body != nil {
		return capture.Body
	}
	return raw
}

// gancioDeletes is the id of the event Gancio removes on receiving a
// Delete: it handles an embedded object (a Tombstone, or the Event
// itself) and fails on a bare id.
func gancioDeletes(body []byte) (string, error) {
	var act struct {
		Object json.RawMessage `json:"object"`
	}
	if err := json.Unmarshal(body, &act); err != nil {
		return "", err
	}
	var object struct {
		ID         string `json:"id"`
		Type       string `json:"type"`
		FormerType string `json:"formerType"`
	}
	if json.Unmarshal(act.Object, &object) != nil || object.ID == "" {
		return "", errGancio500
	}
	if object.Type != "Event" && !(object.Type == "Tombstone" && object.FormerType == "Event") {
		return "", errGancio500
	}
	return object.ID, nil
}

func TestGancioTakesOurDelete(t *testing.T) {
	t.Parallel()
	// The mimic takes what Gancio itself sends.
	id, err := gancioDeletes(readGancio(t, "gancio-sent-delete-event.json"))
	require.NoError(t, err)
	require.Equal(t, "https://gancio.test/federation/m/1", id)

	ours, err := federation.Delete("https://coop.example/activities/9", us, federation.Tombstone{
		ID: "https://coop.example/gatherings/2", FormerType: "Event", Deleted: time.Date(2027, 2, 1, 12, 0, 0, 0, time.UTC),
	}, federation.Audience{To: []string{federation.Public}, CC: []string{usFol}})
	require.NoError(t, err)
	id, err = gancioDeletes(ours)
	require.NoError(t, err, string(ours))
	require.Equal(t, "https://coop.example/gatherings/2", id)

	// Mastodon and GoToSocial read the embedded object's id as the one
	// deleted, as our own inbox does.
	act, err := federation.DecodeActivity(ours)
	require.NoError(t, err)
	require.Equal(t, "https://coop.example/gatherings/2", act.Object.ID)
	require.Equal(t, "Tombstone", act.Object.Type)
	goFedType(t, ours)
}

// gancioEvent is what Gancio keeps of an Event it receives.
type gancioEvent struct {
	Place   string   // the place's name: "online" for an online-only event
	Online  []string // the links to join online
	Picture string   // the url it downloads as the event's picture
}

// gancioReads reads an Event as Gancio does on a Create (update false) or
// an Update:
//   - it requires a location, and takes a lone object as a list of one;
//     the place is the first location with an address that has no url
//     (else the first without address.url), the online links are the
//     address.url of each location: never VirtualLocation.url nor an
//     attachment;
//   - on a Create, the picture is the first attachment whose mediaType
//     holds "image" and that has a url (an attachment without mediaType
//     breaks it); on an Update, it downloads attachment[0].url whatever
//     attachment[0] is, and fails unless it is an image.
func gancioReads(doc []byte, update bool) (gancioEvent, error) {
	var e struct {
		Location   json.RawMessage `json:"location"`
		Attachment []struct {
			Type      string  `json:"type"`
			MediaType *string `json:"mediaType"`
			URL       string  `json:"url"`
		} `json:"attachment"`
	}
	if err := json.Unmarshal(doc, &e); err != nil {
		return gancioEvent{}, err
	}
	type location struct {
		Name    string          `json:"name"`
		Address json.RawMessage `json:"address"`
	}
	var locations []location
	if json.Unmarshal(e.Location, &locations) != nil {
		var one location
		if json.Unmarshal(e.Location, &one) != nil {
			return gancioEvent{}, errGancio500
		}
		locations = []location{one}
	}
	addressURL := func(l location) string {
		var a struct {
			URL string `json:"url"`
		}
		_ = json.Unmarshal(l.Address, &a)
		return a.URL
	}
	var got gancioEvent
	var place *location
	for i, l := range locations {
		if url := addressURL(l); url != "" {
			got.Online = append(got.Online, url)
		} else if place == nil || (place.Address == nil && l.Address != nil) {
			place = &locations[i]
		}
	}
	switch {
	case place != nil:
		got.Place = place.Name
	case len(got.Online) > 0:
		got.Place = "online"
	default:
		return gancioEvent{}, errGancio500
	}
	isImage := func(mediaType *string) bool { return mediaType != nil && strings.Contains(*mediaType, "image") }
	if update {
		if len(e.Attachment) > 0 {
			first := e.Attachment[0]
			if first.URL == "" || !isImage(first.MediaType) {
				return gancioEvent{}, errGancio500
			}
			got.Picture = first.URL
		}
		return got, nil
	}
	for _, a := range e.Attachment {
		if a.MediaType == nil {
			return gancioEvent{}, errGancio500
		}
		if isImage(a.MediaType) && a.URL != "" {
			got.Picture = a.URL
			break
		}
	}
	return got, nil
}

// mobilizonOnlineAddress is where Mobilizon finds an event's online link:
// the first attachment that is a text/html Link named "Website". It fails
// on a location that is a list.
func mobilizonOnlineAddress(doc []byte) (string, error) {
	var e struct {
		Location   json.RawMessage `json:"location"`
		Attachment []struct {
			Type, Href, MediaType, Name string
		} `json:"attachment"`
	}
	if err := json.Unmarshal(doc, &e); err != nil {
		return "", err
	}
	if bytes.HasPrefix(bytes.TrimSpace(e.Location), []byte("[")) {
		return "", errors.New("mobilizon: location is a list")
	}
	for _, a := range e.Attachment {
		if a.Type == "Link" && a.MediaType == "text/html" && a.Name == asevent.OnlineLinkName {
			return a.Href, nil
		}
	}
	return "", nil
}

func TestGancioMimicReadsItsOwnEvents(t *testing.T) {
	t.Parallel()
	got, err := gancioReads(readGancio(t, "event-object-with-image.json"), true)
	require.NoError(t, err)
	require.Equal(t, gancioEvent{Place: "Casa del Popolo", Picture: "https://gancio.test/media/1d6c0daabf99b61da41c5830c48a89f2.jpg"}, got)
	got, err = gancioReads(readGancio(t, "event-object.json"), false)
	require.NoError(t, err)
	require.NotEmpty(t, got.Place)
}

// TestGancioGetsThePictureAndTheLink: for an in-person, an online-only
// and a hybrid event, with and without a picture, Gancio takes our Create
// and our Update, with the picture and the place right and, online-only,
// the link; Mobilizon finds the link whenever a picture lets it be sent.
func TestGancioGetsThePictureAndTheLink(t *testing.T) {
	t.Parallel()
	const link = "https://meet.example/spring"
	poster := &federation.Image{URL: "https://coop.example/media/spring.png", MediaType: "image/png"}
	inPerson := func(t *testing.T) asevent.Event { return gathering(t) }
	onlineOnly := func(t *testing.T) asevent.Event {
		e := gathering(t)
		e.Place, e.Virtual = nil, &asevent.VirtualLocation{URL: link}
		return e
	}
	hybrid := func(t *testing.T) asevent.Event {
		e := gathering(t)
		e.OnlineURL = link
		return e
	}
	tests := []struct {
		name      string
		event     func(*testing.T) asevent.Event
		picture   *federation.Image
		place     string
		online    []string
		mobilizon string
	}{
		{"in person, with a picture", inPerson, poster, "Co-op workspace", nil, ""},
		{"in person, no picture", inPerson, nil, "Co-op workspace", nil, ""},
		{"online only, with a picture", onlineOnly, poster, "online", []string{link}, link},
		{"online only, no picture", onlineOnly, nil, "online", []string{link}, ""},
		// Gancio reads a hybrid event's place; its link only from the text.
		{"hybrid, with a picture", hybrid, poster, "Co-op workspace", nil, link},
		{"hybrid, no picture", hybrid, nil, "Co-op workspace", nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e := tt.event(t)
			e.Image = tt.picture
			doc, err := asevent.EventJSON(e)
			require.NoError(t, err)
			want := gancioEvent{Place: tt.place, Online: tt.online}
			if tt.picture != nil {
				want.Picture = tt.picture.URL
			}
			for _, update := range []bool{false, true} {
				got, err := gancioReads(doc, update)
				require.NoError(t, err, "update %v: %s", update, doc)
				require.Equal(t, want, got, "update %v", update)
			}
			online, err := mobilizonOnlineAddress(doc)
			require.NoError(t, err)
			require.Equal(t, tt.mobilizon, online)
		})
	}
}

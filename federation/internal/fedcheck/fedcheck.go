// Package fedcheck holds what the tests of federation and its
// sub-packages share: golden files, the go-fed cross-check, the check that
// every term we write is declared, and the fixtures (our actor, Alice on
// GoToSocial, the spring gathering). Only tests import it.
package fedcheck

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/go-fed/activity/streams"
	"github.com/go-fed/activity/streams/vocab"
	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/federation"
	"github.com/gather-coop/gather/federation/asevent"
)

// The actors the fixtures name.
const (
	Us          = "https://coop.example/actors/events"
	UsFollowers = "https://coop.example/actors/events/followers"
	Alice       = "https://gts.test/users/alice"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// RequireGolden compares got, indented, with testdata/name; with -update it
// rewrites the file first.
func RequireGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	var buf bytes.Buffer
	require.NoError(t, json.Indent(&buf, got, "", "  "))
	buf.WriteByte('\n')
	path := filepath.Join("testdata", name)
	if *update {
		require.NoError(t, os.WriteFile(path, buf.Bytes(), 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "golden file missing: run go test -update")
	require.Equal(t, string(want), buf.String())
}

// GoFedType resolves a document with go-fed, as a receiver using go-fed
// would: proof that the document is ActivityStreams go-fed understands.
func GoFedType(t *testing.T, doc []byte) vocab.Type {
	t.Helper()
	var m map[string]any
	require.NoError(t, json.Unmarshal(doc, &m))
	typ, err := streams.ToType(context.Background(), m)
	require.NoError(t, err)
	return typ
}

// asCoreTerms are the terms the ActivityStreams context itself defines
// (https://www.w3.org/ns/activitystreams): JSON-LD keywords, properties and
// types. A key or type in our output must be one of these or declared in
// federation.ContextJSON.
var asCoreTerms = strings.Fields(`
	@context @id @type id type
	actor attachment attributedTo audience bcc bto cc context current first
	generator icon image inReplyTo instrument last location items oneOf anyOf
	closed origin next object prev preview result replies tag target to url
	accuracy altitude content contentMap name nameMap duration endTime height
	href hreflang partOf latitude longitude mediaType published radius rel
	startIndex startTime summary summaryMap totalItems units updated width
	subject relationship describes formerType deleted orderedItems
	inbox outbox following followers liked likes shares streams
	preferredUsername endpoints sharedInbox

	Object Link Mention Activity IntransitiveActivity Collection
	OrderedCollection CollectionPage OrderedCollectionPage
	Accept TentativeAccept Add Arrive Create Delete Follow Ignore Join Leave
	Like Offer Invite Reject TentativeReject Remove Undo Update View Listen
	Read Move Travel Announce Block Flag Dislike Question
	Application Group Organization Person Service
	Article Audio Document Event Image Note Page Place Profile Relationship
	Tombstone Video`)

// securityTerms are the terms of https://w3id.org/security/v1 that Gather
// writes.
var securityTerms = []string{"publicKey", "owner", "publicKeyPem"}

// DeclaredTerms returns the terms a document may use: ActivityStreams
// core, the security terms, and what federation.ContextJSON declares.
func DeclaredTerms(t *testing.T) map[string]bool {
	t.Helper()
	var ctx []json.RawMessage
	require.NoError(t, json.Unmarshal(federation.Context(), &ctx))
	var defs map[string]any
	require.NoError(t, json.Unmarshal(ctx[len(ctx)-1], &defs))
	terms := make(map[string]bool)
	for _, term := range slices.Concat(asCoreTerms, securityTerms) {
		terms[term] = true
	}
	for term := range defs {
		terms[term] = true
	}
	return terms
}

// UndeclaredTerms walks a document and lists each key, and each "type"
// value, that terms does not know, with its path. A compact IRI
// ("ical:status") counts when its prefix is known. "@context" is skipped.
func UndeclaredTerms(terms map[string]bool, doc []byte) ([]string, error) {
	known := func(term string) bool {
		if terms[term] {
			return true
		}
		prefix, rest, ok := strings.Cut(term, ":")
		return ok && !strings.HasPrefix(rest, "//") && terms[prefix]
	}
	var v any
	if err := json.Unmarshal(doc, &v); err != nil {
		return nil, err
	}
	var bad []string
	var walk func(path string, v any)
	walk = func(path string, v any) {
		switch v := v.(type) {
		case map[string]any:
			for key, val := range v {
				if key == "@context" {
					continue
				}
				if !known(key) {
					bad = append(bad, path+"."+key)
				}
				if s, ok := val.(string); ok && key == "type" && !known(s) {
					bad = append(bad, path+".type="+s)
				}
				walk(path+"."+key, val)
			}
		case []any:
			for _, e := range v {
				walk(path+"[]", e)
			}
		}
	}
	walk("$", v)
	slices.Sort(bad)
	return bad, nil
}

// RequireDeclaredTerms fails when a document uses a key or a type that is
// neither ActivityStreams core nor declared in our @context.
func RequireDeclaredTerms(t *testing.T, doc []byte) {
	t.Helper()
	bad, err := UndeclaredTerms(DeclaredTerms(t), doc)
	require.NoError(t, err)
	require.Empty(t, bad, "terms neither in ActivityStreams nor declared in federation.ContextJSON")
}

// The fixture events' IRIs.
const (
	GatheringID = "https://coop.example/events/2"
	SessionID   = "https://coop.example/events/2/sessions/5"
)

// London is Europe/London, where the fixture events happen.
func London(t testing.TB) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("Europe/London")
	require.NoError(t, err)
	return loc
}

// Published is when the fixtures were published.
func Published() time.Time { return time.Date(2027, 1, 15, 9, 30, 0, 500, time.UTC) }

// Workspace is the co-op workspace the gathering happens in.
func Workspace() *asevent.Place {
	return &asevent.Place{
		Name: "Co-op workspace",
		Address: &asevent.PostalAddress{
			StreetAddress: "12 Example Street",
			Locality:      "London",
			PostalCode:    "N1 8XX",
			Region:        "England",
			Country:       "GB",
		},
		Geo: &asevent.GeoPoint{Latitude: 51.5362, Longitude: -0.1033},
	}
}

// AliceMention tags Alice.
var AliceMention = federation.Mention{Href: Alice, Name: "@alice@gts.test", ProfileURL: "https://gts.test/@alice"}

// Gathering is a two-day Gathering in London across the change to summer
// time, with two tracks and two sessions.
func Gathering(t testing.TB) asevent.Event {
	loc := London(t)
	return asevent.Event{
		ID:              GatheringID,
		URL:             "https://coop.example/g/spring-gathering",
		AttributedTo:    Us,
		Followers:       UsFollowers,
		Name:            "Tech co-op network gathering",
		DescriptionHTML: `<p>Two days of workshops &amp; talks for worker co-ops.</p>`,
		Start:           time.Date(2027, 3, 27, 10, 0, 0, 0, loc),
		End:             time.Date(2027, 3, 28, 17, 0, 0, 0, loc),
		TimeZone:        loc,
		Place:           Workspace(),
		Hashtags: []federation.Hashtag{
			{Name: "CoopFinance", Href: "https://coop.example/tags/coopfinance"},
			{Name: "#CoopTech", Href: "https://coop.example/tags/cooptech"},
		},
		Going:        12,
		AttendeesURL: GatheringID + "/attendees",
		Category:     "NETWORKING",
		RepliesURL:   GatheringID + "/replies",
		RepliesFirst: GatheringID + "/replies?page=1",
		SubEvents:    []string{SessionID, GatheringID + "/sessions/6"},
		Image:        &federation.Image{URL: "https://coop.example/media/spring.jpg", MediaType: "image/jpeg"},
		Published:    Published(),
	}
}

// RSVPPoll is the gathering's RSVP poll with 12 going, 3 maybe and 1 not.
func RSVPPoll(t testing.TB) asevent.Question {
	g := Gathering(t)
	return asevent.Question{
		ID:           GatheringID + "/poll",
		AttributedTo: Us,
		URL:          g.URL,
		Followers:    UsFollowers,
		Text:         "Coming to the spring gathering? Sat 27 Mar 2027 10:00 GMT – Sun 28 Mar 2027 17:00 BST.",
		Link:         &federation.Link{Href: g.URL, Text: g.Name},
		Options:      asevent.RSVPPollOptions(12, 3, 1),
		EndTime:      g.Start,
		Context:      GatheringID,
		Published:    Published(),
		Updated:      Published().Add(36 * time.Hour),
	}
}

package federation_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/go-fed/activity/streams/vocab"
	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/federation"
)

const (
	us       = "https://coop.example/actors/events"
	usFol    = "https://coop.example/actors/events/followers"
	peerCoop = "https://coop-b.example/actors/events"
)

func gtsFollow(t *testing.T) *federation.Activity {
	t.Helper()
	follow, err := federation.DecodeActivity(readTestdata(t, "gotosocial/follow.json"))
	require.NoError(t, err)
	return follow
}

func TestBuildersGolden(t *testing.T) {
	t.Parallel()
	event := json.RawMessage(`{"id":"https://coop.example/events/2","type":"Event","name":"Spring gathering","startTime":"2027-03-27T10:00:00Z","published":"2027-01-15T09:30:00Z"}`)
	ourFollow := json.RawMessage(`{"id":"https://coop.example/follows/7","type":"Follow","actor":"https://coop.example/actors/events","object":"https://coop-b.example/actors/events"}`)
	publicAudience := federation.Audience{To: []string{federation.Public}, CC: []string{usFol}}
	tests := []struct {
		name   string
		build  func(t *testing.T) ([]byte, error)
		golden string
	}{
		{"Accept of a GoToSocial Follow", func(t *testing.T) ([]byte, error) {
			return federation.Accept("https://coop.example/accepts/1", us, gtsFollow(t))
		}, "accept-follow.json"},
		{"Reject of a GoToSocial Follow", func(t *testing.T) ([]byte, error) {
			return federation.Reject("https://coop.example/rejects/1", us, gtsFollow(t))
		}, "reject-follow.json"},
		{"Follow of another co-op", func(*testing.T) ([]byte, error) {
			return federation.Follow("https://coop.example/follows/7", us, peerCoop)
		}, "follow.json"},
		{"Undo of our Follow", func(*testing.T) ([]byte, error) {
			return federation.Undo("https://coop.example/follows/7/undo", us, ourFollow, federation.Audience{To: []string{peerCoop}})
		}, "undo-follow.json"},
		{"Update of an event", func(*testing.T) ([]byte, error) {
			return federation.Update("https://coop.example/events/2/updates/3", us, event, publicAudience)
		}, "update-event.json"},
		{"Delete of an event", func(*testing.T) ([]byte, error) {
			return federation.Delete("https://coop.example/events/2/delete", us, federation.Tombstone{
				ID: "https://coop.example/events/2", FormerType: "Event", Deleted: time.Date(2027, 2, 1, 12, 0, 0, 0, time.UTC)}, publicAudience)
		}, "delete-event.json"},
		{"Announce of a partner's event", func(*testing.T) ([]byte, error) {
			return federation.Announce("https://coop.example/activities/9", us, "https://coop-b.example/events/4",
				time.Date(2027, 2, 3, 9, 0, 0, 0, time.UTC), federation.Audience{To: []string{federation.Public}, CC: []string{usFol, peerCoop}})
		}, "announce-event.json"},
		{"Undo of that Announce", func(*testing.T) ([]byte, error) {
			announce := json.RawMessage(`{"id":"https://coop.example/activities/9","type":"Announce","actor":"https://coop.example/actors/events","object":"https://coop-b.example/events/4"}`)
			return federation.Undo("https://coop.example/activities/10", us, announce, federation.Audience{To: []string{federation.Public}, CC: []string{usFol, peerCoop}})
		}, "undo-announce.json"},
		{"followers collection", func(*testing.T) ([]byte, error) {
			return federation.OrderedCollection(usFol, 2, usFol+"?page=1")
		}, "collection-followers.json"},
		{"empty outbox", func(*testing.T) ([]byte, error) {
			return federation.OrderedCollection(us+"/outbox", 0, "")
		}, "collection-outbox-empty.json"},
		{"followers page of IRIs", func(*testing.T) ([]byte, error) {
			return federation.OrderedCollectionPage(usFol+"?page=1", usFol, []string{alice, peerCoop}, "", "")
		}, "page-followers.json"},
		{"outbox page of activities", func(*testing.T) ([]byte, error) {
			create := json.RawMessage(`{"id":"https://coop.example/events/2/create","type":"Create","actor":"https://coop.example/actors/events","object":"https://coop.example/events/2"}`)
			return federation.OrderedCollectionPage(us+"/outbox?page=2", us+"/outbox", []json.RawMessage{create}, us+"/outbox?page=3", us+"/outbox?page=1")
		}, "page-outbox.json"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := tt.build(t)
			require.NoError(t, err)
			requireGolden(t, tt.golden, got)
			goFedType(t, got) // every document must be ActivityStreams go-fed reads
		})
	}
}

func TestAcceptEmbedsTheFollow(t *testing.T) {
	t.Parallel()
	follow := gtsFollow(t)
	doc, err := federation.Accept("https://coop.example/accepts/1", us, follow)
	require.NoError(t, err)

	accept, err := federation.DecodeActivity(doc)
	require.NoError(t, err)
	require.Equal(t, []string{follow.Actor}, accept.To)
	require.Empty(t, accept.CC)
	embedded, err := accept.Object.Activity()
	require.NoError(t, err)
	require.Equal(t, follow.ID, embedded.ID)
	require.Equal(t, "Follow", embedded.Type)
	require.Equal(t, follow.Actor, embedded.Actor)
	require.Equal(t, follow.Object.ID, embedded.Object.ID)

	typed, ok := goFedType(t, doc).(vocab.ActivityStreamsAccept)
	require.True(t, ok)
	obj := typed.GetActivityStreamsObject()
	require.Equal(t, 1, obj.Len())
	require.True(t, obj.At(0).IsActivityStreamsFollow(), "go-fed should see the embedded Follow")
	require.Equal(t, follow.ID, obj.At(0).GetActivityStreamsFollow().GetJSONLDId().Get().String())
}

func TestBuildersAlwaysWriteAddressingAsArrays(t *testing.T) {
	t.Parallel()
	doc, err := federation.Delete("https://coop.example/d/1", us, federation.Tombstone{ID: "https://coop.example/events/2", FormerType: "Event"}, federation.Audience{})
	require.NoError(t, err)
	require.Contains(t, string(doc), `"to":[],"cc":[]`)

	doc, err = federation.Follow("https://coop.example/f/1", us, peerCoop)
	require.NoError(t, err)
	require.Contains(t, string(doc), `"to":["`+peerCoop+`"],"cc":[]`)

	doc, err = federation.OrderedCollectionPage[string](usFol+"?page=1", usFol, nil, "", "")
	require.NoError(t, err)
	require.Contains(t, string(doc), `"orderedItems":[]`)
}

func TestBuildersRefuseBadInput(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		build func() ([]byte, error)
		want  string
	}{
		{"Accept of nothing", func() ([]byte, error) { return federation.Accept("https://coop.example/a/1", us, nil) }, "nothing to answer"},
		{"Accept of a follow without object", func() ([]byte, error) {
			return federation.Accept("https://coop.example/a/1", us, &federation.Activity{ID: "https://x.example/1", Type: "Follow", Actor: "https://x.example/u"})
		}, "object id"},
		{"Accept with relative id", func() ([]byte, error) {
			return federation.Accept("/a/1", us, &federation.Activity{ID: "https://x.example/1", Type: "Follow", Actor: "https://x.example/u", Object: federation.ObjectRef{ID: us}})
		}, `id "/a/1"`},
		{"Follow without actor", func() ([]byte, error) { return federation.Follow("https://coop.example/f/1", "", peerCoop) }, `actor ""`},
		{"Follow of nothing", func() ([]byte, error) { return federation.Follow("https://coop.example/f/1", us, "") }, `object ""`},
		{"Undo of a string", func() ([]byte, error) {
			return federation.Undo("https://coop.example/u/1", us, json.RawMessage(`"https://coop.example/f/1"`), federation.Audience{})
		}, "not a JSON object"},
		{"Update of broken JSON", func() ([]byte, error) {
			return federation.Update("https://coop.example/u/1", us, json.RawMessage(`{"id":`), federation.Audience{})
		}, "not a JSON object"},
		{"Delete of a relative IRI", func() ([]byte, error) {
			return federation.Delete("https://coop.example/d/1", us, federation.Tombstone{ID: "/events/2", FormerType: "Event"}, federation.Audience{})
		}, `object "/events/2"`},
		{"Delete without former type", func() ([]byte, error) {
			return federation.Delete("https://coop.example/d/1", us, federation.Tombstone{ID: "https://coop.example/events/2"}, federation.Audience{})
		}, "former type"},
		{"Announce of a relative IRI", func() ([]byte, error) {
			return federation.Announce("https://coop.example/a/1", us, "/events/2", time.Now(), federation.Audience{})
		}, `object "/events/2"`},
		{"Announce without a time", func() ([]byte, error) {
			return federation.Announce("https://coop.example/a/1", us, "https://coop-b.example/events/4", time.Time{}, federation.Audience{})
		}, "needs the time"},
		{"collection with negative total", func() ([]byte, error) { return federation.OrderedCollection(usFol, -1, "") }, "negative"},
		{"page without partOf", func() ([]byte, error) {
			return federation.OrderedCollectionPage(usFol+"?page=1", "", []string{}, "", "")
		}, `partOf ""`},
		{"page with broken raw item", func() ([]byte, error) {
			return federation.OrderedCollectionPage(usFol+"?page=1", usFol, []json.RawMessage{json.RawMessage(`{`)}, "", "")
		}, "build OrderedCollectionPage"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := tt.build()
			require.ErrorContains(t, err, tt.want)
		})
	}
}

func TestContextDeclaresEveryTerm(t *testing.T) {
	t.Parallel()
	var ctx []any
	require.NoError(t, json.Unmarshal(federation.Context(), &ctx))
	require.Len(t, ctx, 3)
	require.Equal(t, federation.ActivityStreamsNS, ctx[0])
	require.Equal(t, "https://w3id.org/security/v1", ctx[1])
	terms, ok := ctx[2].(map[string]any)
	require.True(t, ok)
	for _, term := range []string{
		"manuallyApprovesFollowers", "sensitive", "toot", "discoverable", "indexable", "Hashtag",
		"schema", "PropertyValue", "value", "mz", "ical", "timezone", "joinMode", "participantCount",
		"isOnline", "maximumAttendeeCapacity", "remainingAttendeeCapacity", "eventStatus", "superEvent",
		"subEvent", "organizers", "attendees", "address", "PostalAddress", "streetAddress",
		"addressLocality", "postalCode", "addressRegion", "addressCountry", "VirtualLocation", "category",
		"anonymousParticipationEnabled", "repliesModerationOption", "pt", "commentsEnabled",
	} {
		require.Contains(t, terms, term)
	}
	// Every compact IRI uses a prefix the context declares.
	for term, def := range terms {
		id, _ := def.(string)
		if m, ok := def.(map[string]any); ok {
			id, _ = m["@id"].(string)
		}
		require.NotEmpty(t, id, term)
		if prefix, _, ok := cutPrefix(id); ok {
			_, declared := terms[prefix]
			require.True(t, declared || prefix == "as", "term %s uses undeclared prefix %s", term, prefix)
		}
	}
}

// cutPrefix splits a compact IRI such as "toot:discoverable"; a full IRI
// (with "://") is not one.
func cutPrefix(iri string) (string, string, bool) {
	for i := 0; i < len(iri); i++ {
		if iri[i] == ':' {
			if len(iri) > i+2 && iri[i+1:i+3] == "//" {
				return "", "", false
			}
			return iri[:i], iri[i+1:], true
		}
	}
	return "", "", false
}

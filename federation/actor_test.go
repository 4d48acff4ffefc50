package federation_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/go-fed/activity/streams/vocab"
	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/federation"
)

func coopActor() federation.Actor {
	return federation.Actor{
		ID:                "https://coop.example/actors/events",
		Type:              "Group",
		PreferredUsername: "events",
		Name:              "Riverside Co-op events",
		SummaryHTML:       `<p>Gatherings of the Riverside workers' co-op &amp; friends.</p>`,
		URL:               "https://coop.example/@events",
		Inbox:             "https://coop.example/actors/events/inbox",
		Outbox:            "https://coop.example/actors/events/outbox",
		Followers:         "https://coop.example/actors/events/followers",
		Following:         "https://coop.example/actors/events/following",
		Featured:          "https://coop.example/actors/events/featured",
		SharedInbox:       "https://coop.example/inbox",
		PublicKeyID:       "https://coop.example/actors/events#main-key",
		PublicKeyPEM:      testKeyPEM,
		Icon:              &federation.Image{URL: "https://coop.example/media/avatar.png", MediaType: "image/png"},
		Image:             &federation.Image{URL: "https://coop.example/media/header.jpg", MediaType: "image/jpeg"},
		Discoverable:      true,
		Indexable:         true,
		Published:         time.Date(2027, 1, 15, 9, 30, 0, 123, time.FixedZone("CET", 3600)),
		Links: []federation.PropertyValue{
			{Name: "Website", ValueHTML: `<a href="https://coop.example" rel="me nofollow noopener noreferrer" target="_blank">coop.example</a>`},
			{Name: "Calendar", ValueHTML: `<a href="https://coop.example/calendar.ics">calendar.ics</a>`},
		},
	}
}

func TestActorJSONGolden(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		actor  federation.Actor
		golden string
	}{
		{"co-op group", coopActor(), "actor-group.json"},
		{"instance application, minimal", federation.Actor{
			ID:                        "https://coop.example/actor",
			Type:                      "Application",
			PreferredUsername:         "coop.example",
			Inbox:                     "https://coop.example/actor/inbox",
			PublicKeyID:               "https://coop.example/actor#main-key",
			PublicKeyPEM:              testKeyPEM,
			ManuallyApprovesFollowers: true,
		}, "actor-application.json"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := federation.ActorJSON(tt.actor)
			require.NoError(t, err)
			requireGolden(t, tt.golden, got)

			viaMarshal, err := json.Marshal(tt.actor)
			require.NoError(t, err)
			require.JSONEq(t, string(got), string(viaMarshal))
		})
	}
}

func TestActorJSONArraysAndContext(t *testing.T) {
	t.Parallel()
	a := coopActor()
	a.Links = a.Links[:1]
	got, err := federation.ActorJSON(a)
	require.NoError(t, err)

	var m map[string]any
	require.NoError(t, json.Unmarshal(got, &m))
	require.IsType(t, []any{}, m["attachment"], "a single profile field must still be a list")
	require.Len(t, m["attachment"], 1)
	require.JSONEq(t, federation.ContextJSON, string(mustMarshal(t, m["@context"])))
	require.Equal(t, false, m["manuallyApprovesFollowers"])
	require.Equal(t, "2027-01-15T08:30:00Z", m["published"])

	a.Links = nil
	got, err = federation.ActorJSON(a)
	require.NoError(t, err)
	require.Contains(t, string(got), `"attachment":[]`)
}

func TestActorJSONReadByGoFed(t *testing.T) {
	t.Parallel()
	a := coopActor()
	doc, err := federation.ActorJSON(a)
	require.NoError(t, err)

	group, ok := goFedType(t, doc).(vocab.ActivityStreamsGroup)
	require.True(t, ok, "go-fed should resolve a Group")
	require.Equal(t, a.ID, group.GetJSONLDId().Get().String())
	require.Equal(t, a.PreferredUsername, group.GetActivityStreamsPreferredUsername().GetXMLSchemaString())
	require.Equal(t, a.Inbox, group.GetActivityStreamsInbox().GetIRI().String())
	require.True(t, group.GetTootDiscoverable().Get())

	keys := group.GetW3IDSecurityV1PublicKey()
	require.Equal(t, 1, keys.Len())
	key := keys.At(0).Get()
	require.Equal(t, a.PublicKeyID, key.GetJSONLDId().Get().String())
	require.Equal(t, a.ID, key.GetW3IDSecurityV1Owner().Get().String())
	require.Equal(t, a.PublicKeyPEM, key.GetW3IDSecurityV1PublicKeyPem().Get())

	published := group.GetActivityStreamsPublished()
	require.True(t, published.IsXMLSchemaDateTime())
	require.True(t, a.Published.Truncate(time.Second).Equal(published.Get()))

	// go-fed has no setters or getters for these: they stay unknown.
	unknown := group.GetUnknownProperties()
	require.Contains(t, unknown, "manuallyApprovesFollowers")
	require.Contains(t, unknown, "endpoints")
	require.Contains(t, unknown, "indexable")
}

func TestActorJSONReadByParseActor(t *testing.T) {
	t.Parallel()
	a := coopActor()
	doc, err := federation.ActorJSON(a)
	require.NoError(t, err)

	got, err := federation.ParseActor(doc)
	require.NoError(t, err)
	require.Equal(t, federation.RemoteActor{
		ID:                a.ID,
		Type:              a.Type,
		PreferredUsername: a.PreferredUsername,
		Name:              a.Name,
		URL:               a.URL,
		IconURL:           a.Icon.URL,
		Inbox:             a.Inbox,
		SharedInbox:       a.SharedInbox,
		Outbox:            a.Outbox,
		Followers:         a.Followers,
		Following:         a.Following,
		PublicKeys:        []federation.PublicKey{{ID: a.PublicKeyID, Owner: a.ID, PEM: a.PublicKeyPEM}},
	}, got)

	keyID, owner, pem, err := federation.ParseKeyDocument(doc)
	require.NoError(t, err)
	require.Equal(t, []string{a.PublicKeyID, a.ID, a.PublicKeyPEM}, []string{keyID, owner, pem})
}

func TestActorJSONRefusesIncompleteActors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		change func(*federation.Actor)
		want   string
	}{
		{"no id", func(a *federation.Actor) { a.ID = "" }, "id"},
		{"relative id", func(a *federation.Actor) { a.ID = "/actors/events" }, "id"},
		{"no type", func(a *federation.Actor) { a.Type = "" }, "type"},
		{"no username", func(a *federation.Actor) { a.PreferredUsername = "" }, "preferredUsername"},
		{"no inbox", func(a *federation.Actor) { a.Inbox = "" }, "inbox"},
		{"no key", func(a *federation.Actor) { a.PublicKeyPEM = "" }, "public key"},
		{"bad outbox", func(a *federation.Actor) { a.Outbox = "outbox" }, "outbox"},
		{"bad shared inbox", func(a *federation.Actor) { a.SharedInbox = "ftp://coop.example/inbox" }, "sharedInbox"},
		{"icon without url", func(a *federation.Actor) { a.Icon = &federation.Image{MediaType: "image/png"} }, "image url"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			a := coopActor()
			tt.change(&a)
			_, err := federation.ActorJSON(a)
			require.ErrorContains(t, err, tt.want)
			_, err = json.Marshal(a)
			require.ErrorContains(t, err, tt.want)
		})
	}
}

func mustMarshal(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return b
}

package federation_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/federation"
)

const aliceKeyID = "https://gts.test/users/alice/main-key"

func TestParseActorGoToSocial(t *testing.T) {
	t.Parallel()
	got, err := federation.ParseActor(readTestdata(t, "gotosocial/actor-alice.json"))
	require.NoError(t, err)
	require.Len(t, got.PublicKeys, 1)
	require.True(t, strings.HasPrefix(got.PublicKeys[0].PEM, "-----BEGIN PUBLIC KEY-----\n"))
	got.PublicKeys[0].PEM = ""
	require.Equal(t, federation.RemoteActor{
		ID:                alice,
		Type:              "Person",
		PreferredUsername: "alice",
		Name:              "alice",
		URL:               "https://gts.test/@alice",
		Inbox:             "https://gts.test/users/alice/inbox",
		Outbox:            "https://gts.test/users/alice/outbox",
		Followers:         aliceFol,
		Following:         "https://gts.test/users/alice/following",
		PublicKeys:        []federation.PublicKey{{ID: aliceKeyID, Owner: alice}},
	}, got)

	key, ok := got.Key(aliceKeyID)
	require.True(t, ok)
	require.Equal(t, alice, key.Owner)
	_, ok = got.Key(alice + "#main-key")
	require.False(t, ok)
}

func TestParseActorShapes(t *testing.T) {
	t.Parallel()
	const head = `"id":"https://m.example/users/bob","type":"Person","inbox":"https://m.example/users/bob/inbox"`
	tests := []struct {
		name  string
		doc   string
		check func(t *testing.T, a federation.RemoteActor)
	}{
		{"shared inbox", `{` + head + `,"endpoints":{"sharedInbox":"https://m.example/inbox"}}`, func(t *testing.T, a federation.RemoteActor) {
			require.Equal(t, "https://m.example/inbox", a.SharedInbox)
		}},
		{"shared inbox that is no URL is dropped", `{` + head + `,"endpoints":{"sharedInbox":"inbox"}}`, func(t *testing.T, a federation.RemoteActor) {
			require.Empty(t, a.SharedInbox)
		}},
		{"url as Link object", `{` + head + `,"url":{"type":"Link","href":"https://m.example/@bob","mediaType":"text/html"}}`, func(t *testing.T, a federation.RemoteActor) {
			require.Equal(t, "https://m.example/@bob", a.URL)
		}},
		{"url list prefers text/html", `{` + head + `,"url":["https://m.example/bob.json",{"type":"Link","href":"https://m.example/@bob","mediaType":"text/html"}]}`, func(t *testing.T, a federation.RemoteActor) {
			require.Equal(t, "https://m.example/@bob", a.URL)
		}},
		{"url list without html takes the first", `{` + head + `,"url":[{"href":"https://m.example/a"},"https://m.example/b"]}`, func(t *testing.T, a federation.RemoteActor) {
			require.Equal(t, "https://m.example/a", a.URL)
		}},
		{"icon url as Link", `{` + head + `,"icon":{"type":"Image","url":{"type":"Link","href":"https://m.example/a.png"}}}`, func(t *testing.T, a federation.RemoteActor) {
			require.Equal(t, "https://m.example/a.png", a.IconURL)
		}},
		{"icon list", `{` + head + `,"icon":[{"type":"Image","url":"https://m.example/a.png"},{"type":"Image","url":"https://m.example/b.png"}]}`, func(t *testing.T, a federation.RemoteActor) {
			require.Equal(t, "https://m.example/a.png", a.IconURL)
		}},
		{"type as list", `{"id":"https://m.example/g","type":["Group"],"inbox":"https://m.example/g/inbox"}`, func(t *testing.T, a federation.RemoteActor) {
			require.Equal(t, "Group", a.Type)
		}},
		{"several keys, one not its own", `{` + head + `,"publicKey":[
			{"id":"https://m.example/users/bob#main-key","owner":"https://m.example/users/bob","publicKeyPem":"A"},
			{"id":"https://m.example/users/carol#main-key","owner":"https://m.example/users/carol","publicKeyPem":"B"},
			{"id":"https://m.example/users/bob#ed25519","publicKeyPem":"C"},
			{"id":"https://m.example/users/bob#empty","owner":"https://m.example/users/bob"}]}`, func(t *testing.T, a federation.RemoteActor) {
			require.Equal(t, []federation.PublicKey{
				{ID: "https://m.example/users/bob#main-key", Owner: "https://m.example/users/bob", PEM: "A"},
				{ID: "https://m.example/users/bob#ed25519", Owner: "https://m.example/users/bob", PEM: "C"},
			}, a.PublicKeys)
		}},
		{"no key", `{` + head + `}`, func(t *testing.T, a federation.RemoteActor) {
			require.Empty(t, a.PublicKeys)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			a, err := federation.ParseActor([]byte(tt.doc))
			require.NoError(t, err)
			tt.check(t, a)
		})
	}
}

func TestParseActorErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		doc  string
		want string
	}{
		{"not JSON", `<html>`, "not a JSON object"},
		{"no id", `{"type":"Person","inbox":"https://m.example/i"}`, `id ""`},
		{"not an actor", `{"id":"https://m.example/n/1","type":"Note","inbox":"https://m.example/i"}`, `type "Note"`},
		{"no inbox", `{"id":"https://m.example/u","type":"Person"}`, `inbox ""`},
		{"key stub is no actor", string(readTestdata(t, "gotosocial/actor-alice-key-stub.json")), `inbox ""`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := federation.ParseActor([]byte(tt.doc))
			require.ErrorIs(t, err, federation.ErrMalformed)
			require.ErrorContains(t, err, tt.want)
		})
	}
}

func TestParseKeyDocument(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name           string
		doc            string
		keyID, owner   string
		pem, wantError string
	}{
		{name: "GoToSocial actor", doc: string(readTestdata(t, "gotosocial/actor-alice.json")), keyID: aliceKeyID, owner: alice},
		{name: "GoToSocial key stub", doc: string(readTestdata(t, "gotosocial/actor-alice-key-stub.json")), keyID: aliceKeyID, owner: alice},
		{
			name:  "bare key document",
			doc:   `{"@context":"https://w3id.org/security/v1","id":"https://m.example/keys/1","type":"Key","owner":"https://m.example/users/bob","publicKeyPem":"PEM"}`,
			keyID: "https://m.example/keys/1", owner: "https://m.example/users/bob", pem: "PEM",
		},
		{
			name:  "stub whose id is the key's",
			doc:   `{"id":"https://m.example/users/bob/main-key","publicKey":{"id":"https://m.example/users/bob/main-key","owner":"https://m.example/users/bob","publicKeyPem":"PEM"}}`,
			keyID: "https://m.example/users/bob/main-key", owner: "https://m.example/users/bob", pem: "PEM",
		},
		{
			name:  "key list, first usable wins",
			doc:   `{"id":"https://m.example/users/bob","type":"Person","publicKey":[{"id":"https://m.example/users/bob#k0"},{"id":"https://m.example/users/bob#k1","publicKeyPem":"PEM"}]}`,
			keyID: "https://m.example/users/bob#k1", owner: "https://m.example/users/bob", pem: "PEM",
		},
		{
			name:      "owner on another origin",
			doc:       `{"id":"https://evil.example/k","owner":"https://m.example/users/bob","publicKeyPem":"PEM"}`,
			wantError: "another origin",
		},
		{
			name:      "stub claiming another origin's actor",
			doc:       `{"id":"https://evil.example/u","publicKey":{"id":"https://evil.example/u#k","owner":"https://m.example/users/bob","publicKeyPem":"PEM"}}`,
			wantError: "another origin",
		},
		{name: "no pem", doc: `{"id":"https://m.example/k","owner":"https://m.example/u"}`, wantError: "missing publicKeyPem"},
		{name: "no owner", doc: `{"id":"https://m.example/k","publicKeyPem":"PEM"}`, wantError: `owner ""`},
		{name: "relative key id", doc: `{"id":"/k","owner":"https://m.example/u","publicKeyPem":"PEM"}`, wantError: `key id "/k"`},
		{name: "empty publicKey list", doc: `{"id":"https://m.example/u","type":"Person","publicKey":[]}`, wantError: "no usable publicKey"},
		{name: "not an object", doc: `"https://m.example/k"`, wantError: "not a JSON object"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			keyID, owner, pem, err := federation.ParseKeyDocument([]byte(tt.doc))
			if tt.wantError != "" {
				require.ErrorIs(t, err, federation.ErrMalformed)
				require.ErrorContains(t, err, tt.wantError)
				return
			}
			require.NoError(t, err)
			require.Equal(t, tt.keyID, keyID)
			require.Equal(t, tt.owner, owner)
			if tt.pem != "" {
				require.Equal(t, tt.pem, pem)
			} else {
				require.Contains(t, pem, "BEGIN PUBLIC KEY")
			}
		})
	}
}

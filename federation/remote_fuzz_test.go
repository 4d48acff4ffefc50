package federation_test

import (
	"net/url"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/federation"
)

func requireHTTPURL(t *testing.T, s, what string) {
	t.Helper()
	u, err := url.Parse(s)
	require.NoError(t, err, what)
	require.Contains(t, []string{"http", "https"}, u.Scheme, what)
	require.NotEmpty(t, u.Host, what)
}

// FuzzParseActor: whatever another server answers for an actor, ParseActor
// returns an error wrapping ErrMalformed or an actor whose id and inboxes
// are http(s) URLs and whose keys are its own. Seeds: the actors GoToSocial
// and Gancio served, ours, and broken shapes (testdata/fuzz/FuzzParseActor).
func FuzzParseActor(f *testing.F) {
	f.Add([]byte(`{"id":"https://a.example/u","type":"Person","inbox":"https://a.example/u/inbox"}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		a, err := federation.ParseActor(body)
		if err != nil {
			require.ErrorIs(t, err, federation.ErrMalformed)
			return
		}
		requireHTTPURL(t, a.ID, "id")
		requireHTTPURL(t, a.Inbox, "inbox")
		if a.SharedInbox != "" {
			requireHTTPURL(t, a.SharedInbox, "sharedInbox")
		}
		require.NotEmpty(t, a.Type)
		for _, k := range a.PublicKeys {
			require.Equal(t, a.ID, k.Owner)
			require.NotEmpty(t, k.ID)
			require.NotEmpty(t, k.PEM)
			got, ok := a.Key(k.ID)
			require.True(t, ok)
			require.Equal(t, k.ID, got.ID)
		}
	})
}

// FuzzParseKeyDocument: whatever a keyId URL answers, the key returned
// has an http(s) id on its owner's origin and a PEM; anything else is an
// error wrapping ErrMalformed.
func FuzzParseKeyDocument(f *testing.F) {
	f.Add([]byte(`{"id":"https://a.example/u#k","owner":"https://a.example/u","publicKeyPem":"x"}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		id, owner, pem, err := federation.ParseKeyDocument(body)
		if err != nil {
			require.ErrorIs(t, err, federation.ErrMalformed)
			return
		}
		requireHTTPURL(t, id, "key id")
		requireHTTPURL(t, owner, "owner")
		require.True(t, federation.SameOrigin(id, owner))
		require.NotEmpty(t, pem)
	})
}

// FuzzCheckOrigins: for any activity that decodes, CheckOrigins either
// refuses it with ErrForeignID or the activity's id is on its actor's
// origin, as is every embedded object's id that names its author.
func FuzzCheckOrigins(f *testing.F) {
	f.Add([]byte(`{"id":"https://a.example/1","type":"Create","actor":"https://a.example/u","object":{"id":"https://b.example/n","type":"Note","attributedTo":"https://a.example/u"}}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		a, err := federation.DecodeActivity(body)
		if err != nil {
			return
		}
		if err := a.CheckOrigins(); err != nil {
			require.ErrorIs(t, err, federation.ErrForeignID)
			return
		}
		require.True(t, federation.SameOrigin(a.ID, a.Actor), "id %q actor %q", a.ID, a.Actor)
	})
}

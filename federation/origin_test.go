package federation_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/federation"
)

// TestCheckOriginsAcceptsRealTraffic: every activity GoToSocial and Gancio
// really sent names itself on its own server, embedded objects included
// (Gancio's Accept embeds the Follow it accepts, which is ours).
func TestCheckOriginsAcceptsRealTraffic(t *testing.T) {
	t.Parallel()
	var bodies = map[string][]byte{}
	gts, err := filepath.Glob("testdata/gotosocial/*.json")
	require.NoError(t, err)
	for _, p := range gts {
		if !strings.Contains(p, "actor-") {
			bodies[p] = readFile(t, p)
		}
	}
	gancio, err := filepath.Glob("../testdata/gancio/gancio-sent-*.json")
	require.NoError(t, err)
	for _, p := range gancio {
		var capture struct {
			Body json.RawMessage `json:"body"`
		}
		require.NoError(t, json.Unmarshal(readFile(t, p), &capture))
		if capture.Body[0] == '{' {
			bodies[p] = capture.Body
		}
	}
	require.GreaterOrEqual(t, len(bodies), 15)
	for p, body := range bodies {
		act, err := federation.DecodeActivity(body)
		require.NoError(t, err, p)
		require.NoError(t, act.CheckOrigins(), p)
	}
}

func readFile(t *testing.T, p string) []byte {
	t.Helper()
	b, err := os.ReadFile(p)
	require.NoError(t, err)
	return b
}

func TestCheckOriginsRefusesForeignIDs(t *testing.T) {
	t.Parallel()
	const (
		mallory = "https://evil.example/users/mallory"
		bob     = "https://bob.example/users/bob"
	)
	for name, tc := range map[string]struct {
		doc    map[string]any
		refuse bool
	}{
		"a Like named with bob's reply's id": {doc: map[string]any{"id": bob + "/statuses/1/activity", "type": "Like", "actor": mallory,
			"object": "https://us.example/gatherings/1"}, refuse: true},
		"same host, other port": {doc: map[string]any{"id": "https://evil.example:8443/1", "type": "Like", "actor": mallory,
			"object": "https://us.example/gatherings/1"}, refuse: true},
		"same host, other scheme": {doc: map[string]any{"id": "http://evil.example/1", "type": "Like", "actor": mallory,
			"object": "https://us.example/gatherings/1"}, refuse: true},
		"explicit default port, capital host": {doc: map[string]any{"id": "https://EVIL.example:443/1", "type": "Like", "actor": mallory,
			"object": "https://us.example/gatherings/1"}},
		"a Create of a note named with bob's note's id": {doc: map[string]any{"id": mallory + "/1", "type": "Create", "actor": mallory,
			"object": map[string]any{"id": bob + "/statuses/1", "type": "Note", "attributedTo": mallory}}, refuse: true},
		"one vote of several named on bob's server": {doc: map[string]any{"id": mallory + "/1", "type": "Create", "actor": mallory,
			"object": []any{map[string]any{"id": mallory + "/2", "type": "Note", "attributedTo": mallory},
				map[string]any{"id": bob + "/3", "type": "Note", "attributedTo": mallory}}}, refuse: true},
		"an Undo of a Follow named on bob's server": {doc: map[string]any{"id": mallory + "/1", "type": "Undo", "actor": mallory,
			"object": map[string]any{"id": bob + "/follows/1", "type": "Follow", "actor": mallory}}, refuse: true},
		"a Delete of bob's note as a Tombstone": {doc: map[string]any{"id": mallory + "/1", "type": "Delete", "actor": mallory,
			"object": map[string]any{"id": bob + "/statuses/1", "type": "Tombstone"}}, refuse: true},
		"an Announce of bob's note, embedded": {doc: map[string]any{"id": mallory + "/1", "type": "Announce", "actor": mallory,
			"object": map[string]any{"id": bob + "/statuses/1", "type": "Note", "attributedTo": bob}}},
		"an Accept of our Follow": {doc: map[string]any{"id": mallory + "/1", "type": "Accept", "actor": mallory,
			"object": map[string]any{"id": "https://us.example/activities/9", "type": "Follow", "actor": "https://us.example/actors/events"}}},
		"a Friendica Accept of our Event, embedded without its author": {doc: map[string]any{"id": mallory + "/1", "type": "Accept", "actor": mallory,
			"object": map[string]any{"id": "https://us.example/gatherings/1", "type": "Event"}}},
		"an object without an id": {doc: map[string]any{"id": mallory + "/1", "type": "Create", "actor": mallory,
			"object": map[string]any{"type": "Note", "attributedTo": mallory}}},
	} {
		t.Run(name, func(t *testing.T) {
			body, err := json.Marshal(tc.doc)
			require.NoError(t, err)
			act, err := federation.DecodeActivity(body)
			require.NoError(t, err)
			err = act.CheckOrigins()
			if !tc.refuse {
				require.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, federation.ErrForeignID)
			require.NotContains(t, err.Error(), "\n")
		})
	}
}

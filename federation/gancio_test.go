package federation_test

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/federation"
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

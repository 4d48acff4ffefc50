package federation_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/federation"
	"github.com/gather-coop/gather/federation/asevent"
)

// TestUpdatedOnlyOnceEdited: GoToSocial shows "(edited)" on any object
// that has an "updated", so an Event, poll or note as first published
// carries none, even when the caller sets Updated to the same second as
// Published; a real edit, later, carries it.
func TestUpdatedOnlyOnceEdited(t *testing.T) {
	t.Parallel()
	encoders := map[string]func(published, updated time.Time) ([]byte, error){
		"Event": func(p, u time.Time) ([]byte, error) {
			e := gathering(t)
			e.Published, e.Updated = p, u
			return asevent.EventJSON(e)
		},
		"Question": func(p, u time.Time) ([]byte, error) {
			q := rsvpPoll(t)
			q.Published, q.Updated = p, u
			return asevent.QuestionJSON(q)
		},
		"Note": func(p, u time.Time) ([]byte, error) {
			n := announcement()
			n.Published, n.Updated = p, u
			return federation.NoteJSON(n)
		},
	}
	at := time.Date(2027, 1, 15, 9, 30, 0, 0, time.UTC)
	for name, encode := range encoders {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			for what, updated := range map[string]time.Time{
				"none": {}, "the same time": at, "the same second": at.Add(400 * time.Millisecond),
			} {
				doc, err := encode(at, updated)
				require.NoError(t, err)
				var m map[string]any
				require.NoError(t, json.Unmarshal(doc, &m))
				require.NotContains(t, m, "updated", "updated at %s: no edit yet", what)
				require.Equal(t, at, parseTime(t, m["published"]))
			}
			doc, err := encode(at, at.Add(time.Second))
			require.NoError(t, err)
			var m map[string]any
			require.NoError(t, json.Unmarshal(doc, &m))
			require.Equal(t, at.Add(time.Second), parseTime(t, m["updated"]), "an edit a second later shows")
		})
	}
}

// parseTime reads an RFC 3339 time from a decoded document: Notes write
// milliseconds, Events and Questions whole seconds.
func parseTime(t *testing.T, v any) time.Time {
	t.Helper()
	s, ok := v.(string)
	require.True(t, ok, "a time is a string: %v", v)
	tm, err := time.Parse(time.RFC3339Nano, s)
	require.NoError(t, err)
	return tm
}

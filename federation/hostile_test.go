package federation_test

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/federation"
)

// TestDeeplyNestedLinksAreCheap: an actor or a note whose icon or url nests
// {"url": {"url": …}} 9,900 deep (80 kB, within JSON's depth limit) used to
// cost 13 s of parsing, each level decoding everything below it again. Now
// only the first levels are read; the bound is loose for a loaded machine.
func TestDeeplyNestedLinksAreCheap(t *testing.T) {
	t.Parallel()
	const depth = 9900
	nested := strings.Repeat(`{"url":`, depth) + `"https://a.example/deep"` + strings.Repeat(`}`, depth)
	actor := `{"id":"https://a.example/u","type":"Person","inbox":"https://a.example/i","icon":` + nested + `,"url":` + nested + `}`
	note := `{"id":"https://a.example/n","type":"Note","attributedTo":"https://a.example/u","url":` + nested + `}`

	start := time.Now()
	a, err := federation.ParseActor([]byte(actor))
	require.NoError(t, err)
	require.Empty(t, a.IconURL, "too deep to be a real icon")
	_, err = federation.ParseNote([]byte(note))
	require.NoError(t, err)
	require.Less(t, time.Since(start), 2*time.Second)

	shallow := `{"id":"https://a.example/u","type":"Person","inbox":"https://a.example/i",` +
		`"icon":{"type":"Image","url":{"type":"Link","href":"https://a.example/icon.png"}}}`
	a, err = federation.ParseActor([]byte(shallow))
	require.NoError(t, err)
	require.Equal(t, "https://a.example/icon.png", a.IconURL, "an Image whose url is a Link is still read")
}
